# enterprise-partitions.sh: the steps of the case tests/cli/pipeline/partitioned-enterprise (what they show: see its cmd).
set -e
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
er-synth --seed 11 --enterprises 150 --days 400 --end 2024-06-30 --headers zh --out "$t/raw" --quiet
for k in accounts bills inspections events readings; do
	er-ingest --kind $k --ids keep --quiet "$t/raw/$k.csv" > "$t/$k.csv"
done
er-features --by enterprise --asof 2024-06-30 --accounts "$t/accounts.csv" --bills "$t/bills.csv" \
	--inspections "$t/inspections.csv" --events "$t/events.csv" --quiet "$t/readings.csv" > "$t/single.csv"
sh "$TESTDATA/../scripts/parallel-features.sh" -w "$t/work" -j 2 -I --ids=keep 3 "$t/raw" \
	--by enterprise --asof 2024-06-30 --output-csv --quiet > "$t/parallel.csv" 2> "$t/parallel.err"
echo "parallel-features.sh --by enterprise: exit 0"
for k in 0 1 2; do
	echo "partition $k: $(tail -n +2 "$t/work/$k/features.out" | wc -l) enterprises"
done
echo "single process: $(tail -n +2 "$t/single.csv" | wc -l) enterprises"
col=$(head -1 "$t/single.csv" | tr ',' '\n' | grep -nx 'info.accounts_count' | cut -d: -f1)
echo "enterprises with more than one account: $(tail -n +2 "$t/single.csv" | cut -d, -f"$col" | grep -cv '^1$')"
col=$(head -1 "$t/single.csv" | tr ',' '\n' | grep -nx 'usage.industry_growth_dev' | cut -d: -f1)
echo "rows with usage.industry_growth_dev: $(tail -n +2 "$t/single.csv" | cut -d, -f"$col" | grep -c .)"
if cmp -s "$t/single.csv" "$t/parallel.csv"; then
	echo "3 partitions concatenated = single process, row for row"
else
	diff "$t/single.csv" "$t/parallel.csv" | head -5 | cut -c1-200
fi
