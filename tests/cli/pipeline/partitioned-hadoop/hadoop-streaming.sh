# hadoop-streaming.sh: the steps of the case tests/cli/pipeline/partitioned-hadoop (what they show: see its cmd).
set -e
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
hs=$TESTDATA/../scripts/hadoop-streaming.sh
er-synth --seed 12 --enterprises 120 --days 400 --end 2024-06-30 --headers zh --out "$t/raw" --quiet
for k in accounts bills inspections events readings; do
	er-ingest --kind $k --ids keep --output-tsv --quiet "$t/raw/$k.csv" > "$t/$k.tsv"
done
er-features --asof 2024-06-30 --accounts "$t/accounts.tsv" --bills "$t/bills.tsv" \
	--inspections "$t/inspections.tsv" --events "$t/events.tsv" --quiet "$t/readings.tsv" > "$t/single.tsv"
ER_PARTITIONS=3
ER_HEADER=$(head -1 "$t/raw/readings.csv")
ER_SIDE=$t/raw
ER_INGEST_OPTS=--ids=keep
ER_FEATURES_OPTS='--asof 2024-06-30 --quiet'
export ER_PARTITIONS ER_HEADER ER_SIDE ER_INGEST_OPTS ER_FEATURES_OPTS
# two splits: the first with the header, the second without
n=$(wc -l < "$t/raw/readings.csv")
head -n $((n / 2)) "$t/raw/readings.csv" > "$t/split0"
tail -n +$((n / 2 + 1)) "$t/raw/readings.csv" > "$t/split1"
sh "$hs" map < "$t/split0" > "$t/map0" 2> "$t/map.err"
sh "$hs" map < "$t/split1" > "$t/map1" 2>> "$t/map.err"
echo "map: $(cat "$t/map0" "$t/map1" | wc -l) rows out of $((n - 1)) readings, keys $(cat "$t/map0" "$t/map1" | cut -f1 | sort -u | tr '\n' ' ')"
# the shuffle: sorted by key, keys 0 and 2 to one reducer, key 1 to the other
cat "$t/map0" "$t/map1" | LC_ALL=C sort -t "$(printf '\t')" -k1,1 -s > "$t/shuffled"
grep -v '^1	' "$t/shuffled" > "$t/reduce0.in"
grep '^1	' "$t/shuffled" > "$t/reduce1.in"
sh "$hs" reduce < "$t/reduce0.in" > "$t/part-00000" 2> "$t/reduce.err"
sh "$hs" reduce < "$t/reduce1.in" > "$t/part-00001" 2>> "$t/reduce.err"
echo "reduce: $(grep -vc '^id	' "$t/part-00000") and $(grep -vc '^id	' "$t/part-00001") rows"
cat "$t/part-00000" "$t/part-00001" | sh "$hs" merge "$t/raw/accounts.csv" > "$t/merged.tsv"
echo "single process: $(tail -n +2 "$t/single.tsv" | wc -l) rows"
if cmp -s "$t/single.tsv" "$t/merged.tsv"; then
	echo "map, shuffle, reduce and merge = single process, row for row"
else
	diff "$t/single.tsv" "$t/merged.tsv" | head -5 | cut -c1-200
fi
# a reducer without its settings stops with a clear message
ER_PARTITIONS='' sh "$hs" reduce < "$t/reduce1.in" > /dev/null 2> "$t/err" || echo "no ER_PARTITIONS: exit $?: $(cat "$t/err")"
