# fail-close.sh: the steps of the case tests/cli/faults/close-error (what they show: see its cmd).
[ -z "${ASAN_OPTIONS:-}" ] || { echo "skipped: the close-failure shim cannot be preloaded under AddressSanitizer" >&2; exit 77; }
shim=$(dirname "$(command -v er-features)")/../tests/failclose.so
[ -f "$shim" ] || { echo "no $shim (make units builds it)" >&2; exit 1; }
. ../../lib/tool-fixture.sh
run() {
	ER_FAIL_CLOSE=1 LD_PRELOAD=$shim "$@" > "$t/out" 2> "$t/err"
	echo "$1: exit $? $(cat "$t/err" | tr '\n' '|')"
}
run er-synth --seed 1 --enterprises 2 --table accounts --quiet
run er-ingest --kind readings --quiet "$TESTDATA/features/readings.csv"
run er-features --quiet --asof 2016-06-30 "$TESTDATA/features/readings.csv"
run er-screen --quiet --label creditability "$TESTDATA/germancredit.csv"
run er-train --quiet --id ID --label default.payment.next.month --method scorecard "$TESTDATA/taiwan/train-2k.csv"
run er-score --quiet -m "$t/m" "$TESTDATA/taiwan/test-1k.csv"
run er-verify --quiet --no-fail-status "$TESTDATA/verify/features.csv"
run er-alert --quiet --date 2024-07-01 "$TESTDATA/verify/scores.csv"
run er-profile --quiet --asof 2024-06-30 "$D/subjects.csv"
run er-decide --quiet --profiles "$D/profiles.csv" --products "$D/products.csv" --registry "$D/registry.csv" --asof 2024-06-30 "$D/apps.csv"
run er-registry --db "$t/reg.db" products export
