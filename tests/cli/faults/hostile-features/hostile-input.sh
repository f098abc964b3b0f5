# hostile-input.sh: the steps of the case tests/cli/faults/hostile-features (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cp in "$t/in" && cd "$t" || exit 1
er-features --asof 2024-06-30 --agg x:sum,max,mode < in | cut -d, -f1-5,9,71-
echo "exit $?"
er-features --quiet --asof 2024-06-30 --safe-csv < in | cut -d, -f1,2
echo "# --stream"
er-features --quiet --asof 2024-06-30 --stream < in | cut -d, -f1-4
echo "# by enterprise, Chinese in every field of the accounts"
printf 'account_id,uscc,name,legal_rep,legal_rep_id,phone,address,industry,contract_kva,open_date,status\nA1,统一代码,某某公司,张三,身份证,电话,文三路,制造,二百,二〇一〇年,正常\n' > acc
er-features --asof 2024-06-30 --by enterprise --accounts acc < in | cut -d, -f1-4
echo "exit $?"
echo "# 10,000 columns"
awk 'BEGIN { printf "account_id,date,kwh"; for (i = 4; i <= 10000; i++) printf ",x%d", i; print "";
	for (r = 1; r <= 3; r++) { printf "A%d,2024-01-0%d,%d", r, r, r; for (i = 4; i <= 10000; i++) printf ",中"; print "" } }' |
  er-features --asof 2024-06-30 | cut -d, -f1-4
echo "# a 1,000,000-character id and kwh"
{ printf 'account_id,date,kwh\n'; head -c 1000000 /dev/zero | tr '\0' k; printf ',2024-01-01,1\nA2,2024-01-01,'; head -c 1000000 /dev/zero | tr '\0' 9; printf '\n'; } |
  er-features --asof 2024-06-30 | cut -c1-20
