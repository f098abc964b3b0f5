# stream-vs-batch.sh: the steps of the case tests/cli/er-features/stream-equals-batch (what they show: see its cmd).
d=$TESTDATA/features
t=$(mktemp -d)
er-features --quiet --stream --asof 2016-06-30 --accounts "$d/accounts.csv" --bills "$d/bills.csv" --events "$d/events.csv" --agg kwh:mean,max "$d/readings.csv" > "$t/stream"
er-features --quiet --asof 2016-06-30 --accounts "$d/accounts.csv" --bills "$d/bills.csv" --events "$d/events.csv" --agg kwh:mean,max "$d/readings.csv" > "$t/batch"
awk -F, 'NR > 1 { last[$1] = $0 } END { for (k in last) print last[k] }' "$t/stream" | sort > "$t/s"
tail -n +2 "$t/batch" | cut -d, -f1-17,19- | sort > "$t/b"
cut -d, -f1-17,19- "$t/s" > "$t/s2"
cmp "$t/s2" "$t/b" && echo "fixed as-of: same"
wc -l < "$t/stream"
grep '^A2,' "$d/readings.csv" > "$t/a2"
{ echo account_id,date,days,kwh,meter_status; cat "$t/a2"; } > "$t/a2.csv"
er-features --quiet --stream --agg kwh:sum --agg-window 3m "$t/a2.csv" | tail -n 1 > "$t/s"
er-features --quiet --asof 2016-07-10 --agg kwh:sum --agg-window 3m "$t/a2.csv" | tail -n 1 > "$t/b"
cmp "$t/s" "$t/b" && echo "moving as-of: same"
rm -r "$t"
