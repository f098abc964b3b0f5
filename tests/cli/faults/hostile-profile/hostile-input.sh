# hostile-input.sh: the steps of the case tests/cli/faults/hostile-profile (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cp in "$t/in" && cd "$t" || exit 1
er-profile --asof 2024-06-30 < in
echo "exit $?"
er-profile --quiet --asof 2024-06-30 --safe-csv < in 2> /dev/null | grep -a cmd
echo "# 10,000 columns"
awk 'BEGIN { printf "subject_id,id_number,phone,name,monthly_income"; for (i = 6; i <= 10000; i++) printf ",x%d", i; print "";
	for (r = 1; r <= 2; r++) { printf "P%d,110101198001010010,13800138000,张伟,%d", r, 1000 * r; for (i = 6; i <= 10000; i++) printf ",中"; print "" } }' > wide
er-profile --asof 2024-06-30 wide | cut -d, -f1-4,8
echo "exit $?"
echo "# a 1,000,000-character name and income"
{ printf 'subject_id,id_number,phone,name,monthly_income\nP1,110101198001010010,13800138000,'; head -c 1000000 /dev/zero | tr '\0' k; printf ',100\nP2,110101198001010010,13800138000,x,'; head -c 1000000 /dev/zero | tr '\0' 9; printf '\n'; } |
  er-profile --asof 2024-06-30 | cut -d, -f1-4,8
