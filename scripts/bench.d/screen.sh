# er-screen: 50 numeric indicators x 1,000,000 labelled rows with the default method
# (monotonic optimal binning, correlation check), side by side with DuckDB (one thread)
# scanning the same file once: SELECT count(*), avg(c1), ..., avg(c50).
f=$BENCH_TMP/screen-50x1m.csv
if [ ! -s "$f" ]; then
	# c1..c10 carry the signal (a logistic label), c11..c50 are noise; every fifth column is
	# an integer 0..999, the others have three decimals
	awk -v n=1000000 -v seed=42 'BEGIN {
		srand(seed)
		printf "id,label"
		for (j = 1; j <= 50; j++) printf ",c%d", j
		printf "\n"
		for (i = 1; i <= n; i++) {
			z = 0; line = ""
			for (j = 1; j <= 50; j++) {
				v = rand()
				if (j <= 10) z += (j % 2 ? v : -v) * 0.8
				line = line "," (j % 5 == 0 ? int(v * 1000) : sprintf("%.3f", v * 100))
			}
			p = 1 / (1 + exp(-z * 1.5 + 1.4))
			printf "e%d,%d%s\n", i, rand() < p, line
		}
	}' > "$f.tmp" && mv "$f.tmp" "$f"
fi
mb=$(echo "scale=1; $(stat -L -c %s "$f") / 1000000" | bc)
bench_run er-screen er-screen --quiet "$f"
screen_best=$BEST
echo "er-screen: 50 indicators x 1000000 rows, $mb MB CSV in $BEST s: $(echo "scale=1; $mb / $BEST" | bc) MB/s, peak RSS $((RSS / 1024)) MB (the numbers as doubles: 400 MB)"
if [ -f "$YARDSTICKS/duckdb-sql" ] && command -v node > /dev/null; then
	cols=$(seq -s, 1 50 | sed 's/\([0-9][0-9]*\)/avg(c\1)/g')
	duck_run /dev/null "SELECT count(*), $cols FROM read_csv('$f')"
	duck_best=$DUCK_BEST
	duck_rss=$DUCK_RSS
	if [ -n "$duck_best" ]; then
		echo "duckdb (1 thread, scan with 50 averages): $duck_best s, peak RSS $((duck_rss / 1024)) MB"
		echo "ratio er-screen/duckdb time: $(echo "scale=2; $screen_best / $duck_best" | bc) (goal: at most 3)"
	fi
else
	echo "er-screen: duckdb yardstick not available, side-by-side skipped"
fi
