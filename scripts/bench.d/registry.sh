# er-registry: 1,000,000 status rows (random subjects, every status, times of day) imported
# into a new SQLite registry (target: under 10 s), then exported (target: under 3 s).
# A fragment sourced by scripts/bench.
reg_in=$BENCH_TMP/registry-1m.csv
[ -s "$reg_in" ] || awk 'BEGIN { srand(7); split("applying active closed defaulted", S, " ")
	print "subject_id,status,platform_grade,monthly_repayment,updated_at"
	for (i = 0; i < 1000000; i++) {
		s = S[1 + int(rand() * 4)]
		g = s == "applying" ? substr("ABCD", 1 + int(rand() * 4), 1) : ""
		m = s == "closed" || s == "defaulted" ? "" : int(rand() * 5000)
		printf "9131%07d,%s,%s,%s,2024-%02d-%02d %02d:%02d:00\n", int(rand() * 1e7), s, g, m,
			1 + int(rand() * 12), 1 + int(rand() * 28), int(rand() * 24), int(rand() * 60)
	} }' > "$reg_in"
reg_db=$BENCH_TMP/registry.db
bench_run er-registry-import sh -c "rm -f '$reg_db' '$reg_db-wal' '$reg_db-shm' &&
	er-registry --db '$reg_db' --quiet init && er-registry --db '$reg_db' --quiet import --platform bench '$reg_in'"
echo "er-registry: 1000000 status rows imported into SQLite in $BEST s, peak RSS $((RSS / 1024)) MB"
reg_rows=$(($(er-registry --db "$reg_db" --quiet export | wc -l) - 1))
bench_run er-registry-export er-registry --db "$reg_db" --quiet export
echo "er-registry: $reg_rows status rows exported in $BEST s, peak RSS $((RSS / 1024)) MB"
rm -f "$reg_db" "$reg_db-wal" "$reg_db-shm"
