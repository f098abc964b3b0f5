# restart.sh: the steps of the case tests/cli/er-features/feed-restart (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
sh ../feed-equals-batch/make-feed.sh "$t/feed.csv" || exit 1
echo "$(($(wc -l < "$t/feed.csv") - 1)) feed rows"
for by in account enterprise; do
	rm -rf "$t/R" "$t/D"
	er-features --quiet --stream --by $by --state "$t/R" "$t/feed.csv" > "$t/ref" || exit 1
	: > "$t/parts"
	for n in 1 40 120 200; do
		head -n $((n + 1)) "$t/feed.csv" | er-features --quiet --stream --by $by --state "$t/D" \
			--resend-rows 5 | tail -n +2 >> "$t/parts"
	done
	er-features --quiet --stream --by $by --state "$t/D" --resend-rows 5 "$t/feed.csv" | tail -n +2 >> "$t/parts"
	awk '!seen[$0]++' "$t/parts" > "$t/union"
	tail -n +2 "$t/ref" > "$t/want"
	echo "$by: $(wc -l < "$t/want") rows uninterrupted, $(($(wc -l < "$t/parts") - $(wc -l < "$t/union"))) resent"
	cmp "$t/union" "$t/want" && echo "$by: the restarted runs equal the uninterrupted run"
done
