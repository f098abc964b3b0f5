# er-registry: 1,000,000 status rows (random subjects, every status, times of day) imported
# into a new SQLite registry (target: under 10 s), then exported (target: under 3 s); the
# same import with --id-key (pseudonymised subjects, target: under 10 s), and er-decide
# --registry-db --id-key deciding 100,000 applicants against it (target: under 2 s), and
# migrate --id-key of the 1,000,000-row registry of raw ids (one transaction, VACUUM included).
# The import targets are CPU seconds (user + sys, least of three): wall time on a shared
# machine measures the neighbours.
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
echo "er-registry: 1000000 status rows imported into SQLite in $BEST s ($CPU s CPU), peak RSS $((RSS / 1024)) MB"
reg_plain_cpu=$CPU
reg_rows=$(($(er-registry --db "$reg_db" --quiet export | wc -l) - 1))
bench_run er-registry-export er-registry --db "$reg_db" --quiet export
echo "er-registry: $reg_rows status rows exported in $BEST s, peak RSS $((RSS / 1024)) MB"
reg_key=$BENCH_TMP/registry.key
printf '%s' 'er-registry bench key, not secret' > "$reg_key" && chmod 600 "$reg_key"
bench_run er-registry-import-id-key sh -c "rm -f '$reg_db' '$reg_db-wal' '$reg_db-shm' &&
	er-registry --db '$reg_db' --quiet --id-key '$reg_key' init &&
	er-registry --db '$reg_db' --quiet --id-key '$reg_key' import --platform bench '$reg_in'"
echo "er-registry: 1000000 status rows imported with --id-key in $BEST s ($CPU s CPU), peak RSS $((RSS / 1024)) MB"
# what the key costs: the hashing, and the longer keys' bigger B-trees
echo "er-registry: --id-key costs $(echo "$CPU $reg_plain_cpu" | awk '{ printf "%.2f", $1 - $2 }') s CPU per 1000000 rows"
# 100,000 applications of subjects of the registry, each with a profile
awk -F, 'NR > 1 && n < 100000 && !($1 in seen) { seen[$1] = 1; n++
	print $1 ",1,1,3000,,10,0" > "'"$BENCH_TMP"'/decide-profiles.csv"
	print "a" n "," $1 ",,flat10,10000" > "'"$BENCH_TMP"'/decide-apps.csv" }' "$reg_in"
sed -i '1i subject_id,identity_ok,priority_level,max_capacity,min_capacity,completed,uncompleted' \
	"$BENCH_TMP/decide-profiles.csv"
sed -i '1i app_id,applicant_id,beneficiary_id,product,amount' "$BENCH_TMP/decide-apps.csv"
printf 'product,min_grade,min_monthly_repayment,max_amount,annual_rate,term_months\nflat10,B,500,100000,0,10\n' \
	> "$BENCH_TMP/decide-products.csv"
bench_run er-decide-registry-db er-decide --quiet --profiles "$BENCH_TMP/decide-profiles.csv" \
	--products "$BENCH_TMP/decide-products.csv" --registry-db "$reg_db" --id-key "$reg_key" \
	"$BENCH_TMP/decide-apps.csv"
echo "er-decide: 100000 applicants looked up by pseudonym in a 1000000-row registry in $BEST s, peak RSS $((RSS / 1024)) MB"
reg_raw=$BENCH_TMP/registry-raw.db
rm -f "$reg_raw" "$reg_raw-wal" "$reg_raw-shm"
er-registry --db "$reg_raw" --quiet init && er-registry --db "$reg_raw" --quiet import --platform bench "$reg_in"
bench_run er-registry-migrate sh -c "rm -f '$reg_db' '$reg_db-wal' '$reg_db-shm' && cp '$reg_raw' '$reg_db' &&
	er-registry --db '$reg_db' --quiet --id-key '$reg_key' migrate"
echo "er-registry: migrate --id-key of the 1000000-row registry of raw ids in $BEST s ($CPU s CPU), peak RSS $((RSS / 1024)) MB"
rm -f "$reg_db" "$reg_db-wal" "$reg_db-shm" "$reg_raw" "$reg_raw-wal" "$reg_raw-shm"
