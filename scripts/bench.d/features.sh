# er-features: all indicators of 10 million daily readings as of 2016-09-26, side by side
# with DuckDB (one thread) computing the five core usage indicators of features-core.sql.
f=$(readings_10m)
mb=$(echo "scale=1; $(stat -L -c %s "$f") / 1000000" | bc)
bench_run er-features er-features --quiet --asof 2016-09-26 "$f"
feat_best=$BEST
echo "er-features: 10000000 readings, $mb MB CSV in $BEST s: $(echo "scale=1; $mb / $BEST" | bc) MB/s, peak RSS $((RSS / 1024)) MB"
if [ -f "$YARDSTICKS/duckdb-sql" ] && [ -f "$YARDSTICKS/features-core.sql" ] && command -v node > /dev/null; then
	# The reference month of 2016-09-26 is 2016-08 (the as-of date is not a month end).
	sql=$(sed -e "s#:FILE:#$f#g" -e "s#:REF:#2016-08-01#g" "$YARDSTICKS/features-core.sql")
	duck_run "$BENCH_TMP/features-duck.csv" "$sql"
	duck_best=$DUCK_BEST
	duck_rss=$DUCK_RSS
	if [ -n "$duck_best" ]; then
		echo "duckdb (1 thread, 5 core indicators): $duck_best s, peak RSS $((duck_rss / 1024)) MB"
		echo "ratio er-features/duckdb time: $(echo "scale=2; $feat_best / $duck_best" | bc)"
		er-features --quiet --asof 2016-09-26 "$f" > "$BENCH_TMP/features-er.csv"
		awk -F, '
			NR == FNR { if (FNR > 1) for (k = 2; k <= 6; k++) duck[$1, k] = $k; next }
			FNR == 1 { for (k = 1; k <= NF; k++) col[$k] = k; next }
			{
				split("kwh_mean_12m zero_months_12m growth_12m cv_12m recent_ratio_3m", name, " ")
				for (k = 2; k <= 6; k++) {
					a = duck[$1, k]; b = $(col["usage." name[k - 1]]); n++
					if (a == "" || b == "") { if (a != b) bad++; continue }
					d = a - b; if (d < 0) d = -d
					m = a < 0 ? -a : a; mb = b < 0 ? -b : b; if (mb > m) m = mb
					if (d > 1e-9 * m) bad++
				}
			}
			END { printf "er-features vs duckdb: %d values of 5 core indicators compared, %d differ by more than 1e-9 relative\n", n, bad + 0 }
		' "$BENCH_TMP/features-duck.csv" "$BENCH_TMP/features-er.csv"
	fi
else
	echo "er-features: duckdb yardstick not available, side-by-side skipped"
fi
