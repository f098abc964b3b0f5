# hostile-input.sh: the steps of the case tests/cli/faults/hostile-verify (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
er-verify -r rules.csv < in
echo "exit $?"
er-verify --quiet -r rules.csv --summary --safe-csv --no-fail-status < in
echo "exit $?"
echo "# 10,000 columns"
awk 'BEGIN { printf "id"; for (i = 2; i <= 10000; i++) printf ",x%d", i; print "";
	for (r = 1; r <= 3; r++) { printf "E%d", r; for (i = 2; i <= 10000; i++) printf ",%d", r; print "" } }' > "$t/wide"
printf 'rule,indicator,condition,severity,message\nlast,x10000,>=2,warn,m\n' > "$t/rules"
er-verify -r "$t/rules" --summary "$t/wide"
echo "exit $?"
echo "# a 1,000,000-character value and id"
{ printf 'id,x,s\nE1,'; head -c 1000000 /dev/zero | tr '\0' 7; printf ',a\n'; head -c 1000000 /dev/zero | tr '\0' k; printf ',2,b\n'; } |
  er-verify -r rules.csv --summary | cut -c1-30
