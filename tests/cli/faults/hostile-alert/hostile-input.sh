# hostile-input.sh: the steps of the case tests/cli/faults/hostile-alert (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cp in "$t/in" && cd "$t" || exit 1
er-alert --all --date 2024-07-01 --state st < in
echo "exit $?"
printf 'id,score,pd,grade\nE3,-1e308,0.1,D\n中文,1e308,0.1,A\n' | er-alert --all --safe-csv --date 2024-07-02 --state st
echo "exit $?"
grep -ac . st
er-alert --quiet --safe-csv --date 2024-07-01 < in | grep -a cmd
echo "# 10,000 columns"
awk 'BEGIN { printf "id,score,pd,grade"; for (i = 5; i <= 10000; i++) printf ",x%d", i; print "";
	for (r = 1; r <= 3; r++) { printf "E%d,%d,0.1,%s", r, 400 + 100 * r, r == 1 ? "D" : "A"; for (i = 5; i <= 10000; i++) printf ",中"; print "" } }' > wide
er-alert --date 2024-07-01 wide
echo "exit $?"
echo "# a 1,000,000-character id and score"
{ printf 'id,score,pd,grade\nE1,'; head -c 1000000 /dev/zero | tr '\0' 7; printf ',0.1,A\n'; head -c 1000000 /dev/zero | tr '\0' k; printf ',500,0.3,D\n'; } |
  er-alert --date 2024-07-01 | cut -c1-30
