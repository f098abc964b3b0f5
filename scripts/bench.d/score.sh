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
# The issue's case: a scorecard on 30 numeric indicators, 1,000,000 rows of 30 values each
# (generated: the label depends on the first 10 columns), all 30 kept in the scorecard.
s30=$BENCH_TMP/score-30x1m.csv
if [ ! -s "$s30" ]; then
	awk 'BEGIN { srand(3); printf "id,label"; for (j = 1; j <= 30; j++) printf ",c%d", j; print ""
		for (i = 1; i <= 1000000; i++) {
			z = 0; line = ""
			for (j = 1; j <= 30; j++) { v = rand() * 100; if (j <= 10) z += (v - 50) / 100; line = line "," sprintf("%.3f", v) }
			printf "R%d,%d%s\n", i, (rand() < 1 / (1 + exp(-(z - 1.5)))), line
		} }' > "$s30"
fi
head -200001 "$s30" > "$BENCH_TMP/score-30-train.csv"
er-train --quiet --method scorecard --min-iv 0 --max-corr 1 -o "$BENCH_TMP/score-30.model" "$BENCH_TMP/score-30-train.csv"
nf=$(grep -c '^feature	' "$BENCH_TMP/score-30.model")
bench_run "er-score 30" er-score --quiet -m "$BENCH_TMP/score-30.model" "$s30"
echo "er-score (scorecard, $nf numeric indicators): 1000000 rows in $BEST s: $(echo "1000000 / $BEST" | bc) rows/s"
