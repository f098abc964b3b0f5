# er-score throughput: 1,000,000 rows (the Taiwan test rows repeated) through a scorecard on
# all 23 indicators and through 300 trees, one core.
tw=$top/testdata/taiwan
rows=$BENCH_TMP/score-1m.csv
if [ ! -s "$rows" ]; then
	head -1 "$tw/test.csv" > "$rows"
	i=0
	while [ $i -lt 111 ]; do tail -n +2 "$tw/test.csv"; i=$((i + 1)); done | head -1000000 >> "$rows"
fi
n=$(($(wc -l < "$rows") - 1))
awk -F, 'NR == 1 { for (k = 2; k < NF; k++) print $k }' "$tw/test.csv" > "$BENCH_TMP/all-23.txt"
er-train --quiet --id ID --label default.payment.next.month --method scorecard \
	--selected "$BENCH_TMP/all-23.txt" -o "$BENCH_TMP/score-sc.model" "$tw/train.csv"
er-train --quiet --id ID --label default.payment.next.month --method gbdt --trees 300 \
	-o "$BENCH_TMP/score-gb.model" "$tw/train.csv"
for kind in sc gb; do
	for detail in "" --no-reasons; do
		bench_run "er-score $kind" er-score --quiet $detail -m "$BENCH_TMP/score-$kind.model" "$rows"
		echo "er-score ($kind${detail:+ $detail}): $n rows in $BEST s: $(echo "$n / $BEST" | bc) rows/s, $(echo "scale=3; $BEST * 1000000 / $n" | bc) us/row"
	done
done
