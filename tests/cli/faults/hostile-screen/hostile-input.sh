# hostile-input.sh: the steps of the case tests/cli/faults/hostile-screen (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cp in "$t/in" && cd "$t" || exit 1
er-screen --label label --method unique --no-corr --bins bins < in | cut -d, -f1-8
echo "exit $?"
cut -d, -f1-4,8-10 bins
er-screen --quiet --label label --method quantile --categorical b --safe-csv --bins bins < in | cut -d, -f1,3,6
echo "exit $?"
cut -d, -f1-4 bins | grep -av '^b,categorical,category,x'
echo "# 10,000 columns"
awk 'BEGIN { printf "label"; for (i = 2; i <= 10000; i++) printf ",x%d", i; print "";
	for (r = 1; r <= 40; r++) { printf "%d", r % 2; for (i = 2; i <= 10000; i++) printf ",%d", (r * i) % 7; print "" } }' > wide
er-screen --quiet --label label --no-corr wide > out
echo "exit $?, $(wc -l < out) lines"
echo "# a 1,000,000-character value"
{ printf 'x,label\n'; head -c 1000000 /dev/zero | tr '\0' 7; printf ',1\n1,0\n2,1\n3,0\n'; } | er-screen --label label | cut -d, -f1-7
