# The live pipe er-features --stream | er-score --line-buffered | er-alert --all --line-buffered:
# latency from a reading written to the feed to its line out of er-alert, at 10,000 readings
# per second for STREAM_SECONDS seconds (default 60), and each process's RSS and CPU time.
# The model: er-train on a small er-synth portfolio (as tests/cli/pipeline/live-feed).
sl=$BENCH_TMP/stream-latency
if [ ! -s "$sl/model.txt" ]; then
	mkdir -p "$sl"
	er-synth --seed 21 --enterprises 60 --days 400 --end 2024-07-01 --headers zh --out "$sl/raw" --quiet
	for k in accounts bills inspections events loans labels readings; do
		er-ingest --kind $k --ids keep --quiet "$sl/raw/$k.csv" > "$sl/$k.csv"
	done
	er-features --by enterprise --accounts "$sl/accounts.csv" --bills "$sl/bills.csv" \
		--inspections "$sl/inspections.csv" --events "$sl/events.csv" --loans "$sl/loans.csv" \
		--asof-from loans --quiet "$sl/readings.csv" > "$sl/features.csv"
	er-train --labels "$sl/labels.csv" --quiet -o "$sl/model.txt" "$sl/features.csv" 2> /dev/null || [ $? -eq 1 ]
fi
"$top/scripts/stream-latency" -m "$sl/model.txt" --bin "$BUILD/bin" --rate 10000 --seconds "${STREAM_SECONDS:-60}"
