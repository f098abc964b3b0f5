# feed-vs-batch.sh: the steps of the case tests/cli/er-features/feed-equals-batch (what they show: see its cmd).
d=$TESTDATA/features
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
sh ./make-feed.sh "$t/feed.csv" || exit 1
for by in account enterprise; do
	er-features --quiet --stream --by $by "$t/feed.csv" > "$t/stream"
	echo "$by: $(($(wc -l < "$t/stream") - 1)) rows streamed"
	awk -F, 'NR > 1 { last[$1] = $0 } END { for (k in last) print last[k] }' "$t/stream" | sort > "$t/last"
	same=0 n=0
	while IFS=, read -r id asof rest; do
		n=$((n + 1))
		er-features --quiet --by $by --asof "$asof" --loans "$d/loans.csv" --accounts "$d/accounts.csv" \
			--bills "$d/bills.csv" --inspections "$d/inspections.csv" --events "$d/events.csv" \
			"$d/readings.csv" | grep "^$id," | cut -d, -f1-17,19- > "$t/b"
		# usage.industry_growth_dev (field 18) is a batch's alone: it compares every entity
		grep "^$id," "$t/last" | cut -d, -f1-17,19- > "$t/s"
		if cmp -s "$t/s" "$t/b"; then same=$((same + 1)); else echo "$id as of $asof differs"; fi
	done < "$t/last"
	echo "$by: $same of $n entities equal the batch as of their last date"
done
