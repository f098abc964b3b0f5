# closed-pipe.sh: the steps of the case tests/cli/faults/closed-pipe (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
D=$TESTDATA/decide
er-synth --seed 2 --enterprises 200 --out "$t/p" --quiet || exit 1
er-ingest --kind readings --quiet "$t/p/readings.csv" > "$t/r.csv" || exit 1
er-features --quiet --asof 2024-06-30 "$t/r.csv" > "$t/f.csv" || exit 1
sh ../../lib/taiwan-model.sh "$t/m" || exit 1
er-score -m "$t/m" --quiet "$TESTDATA/taiwan/test.csv" > "$t/s.csv" || exit 1
er-registry --db "$t/reg.db" init > /dev/null 2>&1 || exit 1
run() {
	{ "$@" 2> "$t/err"; echo $? > "$t/rc"; } | head -1 > /dev/null
	rc=$(cat "$t/rc")
	case $rc in
	0|141) [ -s "$t/err" ] && echo "$1: exit $rc, but: $(head -1 "$t/err")" || echo "$1: quiet" ;;
	*) echo "$1: exit $rc: $(head -1 "$t/err")" ;;
	esac
}
for tool in er-alert er-decide er-features er-ingest er-profile er-registry er-score er-screen er-synth er-train er-verify; do
	run $tool --help
done
run er-synth --seed 1 --enterprises 100 --table readings
run er-ingest --kind readings "$t/p/readings.csv"
run er-features --asof 2024-06-30 --stream "$t/r.csv"
run er-features --list
run er-screen --quiet --label default.payment.next.month "$TESTDATA/taiwan/train-2k.csv"
run er-train --quiet --id ID --label default.payment.next.month --method scorecard "$TESTDATA/taiwan/train-2k.csv"
run er-score -m "$t/m" "$TESTDATA/taiwan/test.csv"
run er-verify --no-fail-status "$t/f.csv"
run er-verify --print-rules
run er-alert --id ID --all --date 2024-07-01 "$t/s.csv"
run er-profile --quiet --asof 2024-06-30 "$D/subjects.csv"
run er-decide --quiet --profiles "$D/profiles.csv" --products "$D/products.csv" --registry "$D/registry.csv" --asof 2024-06-30 "$D/apps.csv"
run er-registry --quiet --db "$t/reg.db" products export
