# restart.sh: the steps of the case tests/cli/er-features/feed-restart (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
sh ../feed-equals-batch/make-feed.sh "$t/feed.csv" || exit 1
# a bad bill (period 2015-13) as row 20: rejected once in the counts of every run
awk 'NR == 21 { print "bills,,,,,,,,,2400,A1,,,,,,B0,2015-13,4000,2015-07-20,2015-07-18,,,,,,,,,,,,,,,,,," } { print }' \
	"$t/feed.csv" > "$t/bad.csv" && mv "$t/bad.csv" "$t/feed.csv"
echo "$(($(wc -l < "$t/feed.csv") - 1)) feed rows"
for by in account enterprise; do
	rm -rf "$t/R" "$t/D"
	er-features --stream --by $by --state "$t/R" "$t/feed.csv" > "$t/ref" 2> "$t/ref.err"
	echo "$by: uninterrupted run exit $?"
	: > "$t/parts"
	for n in 1 40 120 200; do
		head -n $((n + 1)) "$t/feed.csv" | er-features --quiet --stream --by $by --state "$t/D" \
			--resend-rows 5 2>> "$t/parts.err" | tail -n +2 >> "$t/parts"
	done
	er-features --stream --by $by --state "$t/D" --resend-rows 5 "$t/feed.csv" > "$t/last" 2> "$t/last.err"
	echo "$by: last restarted run exit $?"
	tail -n +2 "$t/last" >> "$t/parts"
	awk '!seen[$0]++' "$t/parts" > "$t/union"
	tail -n +2 "$t/ref" > "$t/want"
	echo "$by: $(wc -l < "$t/want") rows uninterrupted, $(($(wc -l < "$t/parts") - $(wc -l < "$t/union"))) resent"
	cmp "$t/union" "$t/want" && echo "$by: the restarted runs equal the uninterrupted run"
	# the last run's summaries count the whole feed, as the uninterrupted run's (the bad bill
	# among them, said by the run that applied it)
	grep 'rows read' "$t/ref.err" > "$t/ref.sum"
	grep 'rows read' "$t/last.err" > "$t/last.sum"
	diff "$t/ref.sum" "$t/last.sum" && echo "$by: the last run's counts equal the uninterrupted run's:" &&
		sed 's/^/  /' "$t/last.sum"
	echo "$by: the bad bill said $(grep -c '2015-13' "$t/parts.err") times by the stopped runs, $(grep -c '2015-13' "$t/last.err") by the last"
	rm -f "$t/parts.err"
done
