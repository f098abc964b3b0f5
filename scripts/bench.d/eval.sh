# er-eval: 1,000,000 scored rows (generated, in id order as er-score writes them) judged against
# an er-ingest style labels file; the goal is under 2 s with CSV out and under 4 s with every
# table and --html. Also the same rows shuffled (every id looked up in hash tables) and a
# challenger beside them (DeLong's test and the swap set).
n=${EVAL_ROWS:-1000000}
sc=$BENCH_TMP/eval-scores-$n.csv
if [ ! -s "$sc" ]; then
	awk -v n="$n" -v dir="$BENCH_TMP" 'BEGIN { srand(16)
		lab = dir "/eval-labels-" n ".csv"; ch = dir "/eval-challenger-" n ".csv"
		print "id,score,pd,grade"; print "id,label" > lab; print "id,score,pd,grade" > ch
		for (i = 1; i <= n; i++) {
			x = rand() * 6 - 4; pd = 1 / (1 + exp(-x)); y = rand() < 1 / (1 + exp(-(x * 0.9)))
			g = pd < 0.05 ? "A" : pd < 0.1 ? "B" : pd < 0.2 ? "C" : "D"
			id = sprintf("E%08d", i)
			printf "%s,%.2f,%.6f,%s\n", id, 600 - 50 * x, pd, g
			print id "," y > lab
			q = pd * (0.7 + 0.6 * rand()); if (q > 1) q = 1
			printf "%s,%.2f,%.6f,%s\n", id, 600 - 50 * log(q / (1 - q + 1e-9)), q, g > ch
		} }' > "$sc"
	(head -1 "$sc"; tail -n +2 "$sc" | shuf --random-source="$sc") > "$BENCH_TMP/eval-shuffled-$n.csv"
fi
lab=$BENCH_TMP/eval-labels-$n.csv
bench_run "er-eval" er-eval --quiet --labels "$lab" "$sc"
echo "er-eval, $n rows, CSV out: $BEST s, $RSS kB peak RSS (goal < 2 s)"
bench_run "er-eval tables" er-eval --quiet --labels "$lab" --deciles "$BENCH_TMP/eval-d.csv" \
	--calibration "$BENCH_TMP/eval-c.csv" --grades "$BENCH_TMP/eval-g.csv" --html "$BENCH_TMP/eval.html" "$sc"
echo "er-eval, $n rows, every table and --html: $BEST s, $RSS kB peak RSS (goal < 4 s)"
bench_run "er-eval shuffled" er-eval --quiet --labels "$lab" "$BENCH_TMP/eval-shuffled-$n.csv"
echo "er-eval, $n rows in random id order: $BEST s"
bench_run "er-eval compare" er-eval --quiet --labels "$lab" --compare "$BENCH_TMP/eval-challenger-$n.csv" \
	--cutoff 0.2 "$sc"
echo "er-eval, $n rows with --compare and --cutoff: $BEST s"
