# hostile-input.sh: the steps of the case tests/cli/faults/hostile-ingest (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
echo "# NaN, inf, 1e308, -0, huge numbers, invalid UTF-8, a NUL byte, formulas, Chinese"
er-ingest --kind readings --rejects "$t/rej" < in
echo "exit $?"
cut -d, -f1-5 "$t/rej"
echo "# --safe-csv"
er-ingest --kind readings --quiet --safe-csv < in | grep -v '^A1'
echo "# TSV out"
er-ingest --kind readings --quiet --output-tsv < in | grep -v '^A1'
echo "# 10,000 columns, kept"
awk 'BEGIN { printf "account_id,date,kwh"; for (i = 4; i <= 10000; i++) printf ",x%d", i; print "";
	for (r = 1; r <= 3; r++) { printf "A%d,2024-01-0%d,%d", r, r, r; for (i = 4; i <= 10000; i++) printf ",中%d", i; print "" } }' > "$t/wide"
er-ingest --kind readings --keep-extra "$t/wide" > "$t/out"
echo "exit $?, $(head -1 "$t/out" | tr , '\n' | wc -l) columns, $(wc -l < "$t/out") lines, last field $(tail -1 "$t/out" | awk -F, '{ print $NF }')"
er-ingest --kind readings "$t/wide" | wc -l
echo "# 1,000,000-character fields: an account id (kept) and a number (rejected, message cut)"
{ printf 'account_id,date,kwh\n'; head -c 1000000 /dev/zero | tr '\0' k; printf ',2024-01-01,1\nA2,2024-01-01,'; head -c 1000000 /dev/zero | tr '\0' 9; printf '\n'; } > "$t/long"
(cd "$t" && er-ingest --kind readings long > out)
echo "exit $?, $(wc -c < "$t/out") bytes"
echo "# Chinese in every field"
printf '户号,户名,统一社会信用代码,法定代表人,联系电话,用电地址,行业,合同容量,立户日期,状态\n一号,某某公司,九一三五,张三,一三八,文三路,制造,二百,二〇一〇年,正常\n' |
  er-ingest --kind accounts
echo "exit $?"
