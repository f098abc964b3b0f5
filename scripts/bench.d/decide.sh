# er-decide: 1,000,000 applications (one applicant each, a tenth through a beneficiary) with a
# profile, an er-verify --summary check and an er-score row per subject and a registry CSV of
# loans elsewhere; the goal is under 5 s. A fragment sourced by scripts/bench; the inputs are
# made by scripts/gen-decide.
dn=${DECIDE_APPS:-1000000}
dd=$BENCH_TMP/decide-$dn
[ -s "$dd/apps.csv" ] || sh "$top/scripts/gen-decide" "$dn" "$dd"
bench_run er-decide-checks-scores er-decide --quiet --asof 2024-06-30 --profiles "$dd/profiles.csv" \
	--products "$dd/products.csv" --registry "$dd/registry.csv" --checks "$dd/checks.csv" \
	--scores "$dd/scores.csv" "$dd/apps.csv"
echo "er-decide: $dn applications with --checks and --scores in $BEST s, peak RSS $((RSS / 1024)) MB (goal < 5 s)"
