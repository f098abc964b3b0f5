# legacy-partitions.sh: the steps of the case tests/cli/pipeline/partitioned-legacy-codes (what they show: see its cmd).
set -e
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
sh ./real-exports.sh 17 150 400 "$t"
echo "legacy organization codes: $(tail -n +2 "$t/utf8/accounts.csv" | cut -d, -f2 | grep -c '^........-.$')"
echo "15-digit registration numbers: $(tail -n +2 "$t/utf8/accounts.csv" | cut -d, -f2 | grep -c '^...............$')"
echo "accounts without a code: $(tail -n +2 "$t/utf8/accounts.csv" | cut -d, -f2 | grep -c '^$')"
echo "exports GBK with CRLF: $(grep -c "$(printf '\r')\$" "$t/raw/accounts.csv") CRLF lines, $(iconv -f UTF-8 -t UTF-8 "$t/raw/accounts.csv" > /dev/null 2>&1 && echo UTF-8 || echo not UTF-8)"
er-features --by enterprise --asof 2024-06-30 --accounts "$t/accounts.csv" --bills "$t/bills.csv" \
	--inspections "$t/inspections.csv" --events "$t/events.csv" --loans "$t/loans.csv" --quiet \
	"$t/readings.csv" > "$t/single.csv"
sh "$TESTDATA/../scripts/parallel-features.sh" -w "$t/work" -j 2 -I --ids=keep -I --encoding=gbk 3 "$t/raw" \
	--by enterprise --asof 2024-06-30 --loans "$t/loans.csv" --output-csv --quiet > "$t/parallel.csv" 2> "$t/parallel.err" ||
	{ echo "parallel-features.sh: exit $?"; cat "$t/parallel.err"; }
echo "single process: $(tail -n +2 "$t/single.csv" | wc -l) enterprises"
col=$(head -1 "$t/single.csv" | tr ',' '\n' | grep -nx 'usage.industry_growth_dev' | cut -d: -f1)
echo "rows with usage.industry_growth_dev: $(tail -n +2 "$t/single.csv" | cut -d, -f"$col" | grep -c .)"
if cmp -s "$t/single.csv" "$t/parallel.csv"; then
	echo "3 partitions concatenated = single process, row for row"
else
	echo "partitions differ from the single process:"
	diff "$t/single.csv" "$t/parallel.csv" | head -6 | cut -c1-150
fi
