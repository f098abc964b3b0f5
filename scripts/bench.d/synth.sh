# synth.sh: er-synth's speed, a fragment sourced by scripts/bench with $BUILD (the build
# directory) and $BENCH_TMP (a scratch directory) set. Generates about 10 million daily
# readings (11,600 enterprises x 730 days) to a file and prints one line:
#   er-synth: 10001234 readings in 2.31 s (4.33 M rows/s)
synth_out="$BENCH_TMP/synth-readings.csv"
synth_t0=$(date +%s.%N)
"$BUILD/bin/er-synth" --seed 1 --enterprises 11600 --days 730 --table readings --quiet > "$synth_out"
synth_rc=$?
synth_t1=$(date +%s.%N)
if [ "$synth_rc" -ne 0 ]; then
	echo "er-synth: failed (exit $synth_rc)"
else
	synth_rows=$(($(wc -l < "$synth_out") - 1))
	awk -v n="$synth_rows" -v a="$synth_t0" -v b="$synth_t1" \
		'BEGIN { s = b - a; printf "er-synth: %d readings in %.2f s (%.2f M rows/s)\n", n, s, n / s / 1e6 }'
fi
rm -f "$synth_out"
