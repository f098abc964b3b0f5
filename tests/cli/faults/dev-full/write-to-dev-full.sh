# write-to-dev-full.sh: the steps of the case tests/cli/faults/dev-full (what they show: see its cmd).
. ../../lib/tool-fixture.sh
run() {
	"$@" > /dev/full 2> "$t/err"
	echo "$1: exit $? $(head -1 "$t/err")"
}
# a side output on the full disk, standard output kept
side() {
	"$@" > /dev/null 2> "$t/err"
	echo "$1: exit $? $(grep full "$t/err")"
}
for tool in er-alert er-decide er-features er-ingest er-profile er-registry er-score er-screen er-synth er-train er-verify; do
	run $tool --help
done
run er-synth --seed 1 --enterprises 2 --table accounts --quiet
run er-ingest --kind readings --quiet "$TESTDATA/features/readings.csv"
run er-features --quiet --asof 2016-06-30 "$TESTDATA/features/readings.csv"
run er-features --list
run er-screen --quiet --label creditability "$TESTDATA/germancredit.csv"
run er-train --quiet --id ID --label default.payment.next.month --method scorecard "$TESTDATA/taiwan/train-2k.csv"
run er-score -m "$t/m" "$TESTDATA/taiwan/test-1k.csv"
run er-verify --quiet --no-fail-status "$TESTDATA/verify/features.csv"
run er-verify --print-rules
run er-alert --quiet --date 2024-07-01 "$TESTDATA/verify/scores.csv"
run er-alert --print-policy
run er-profile --quiet --asof 2024-06-30 "$D/subjects.csv"
run er-profile --print-policy
run er-decide --quiet --profiles "$D/profiles.csv" --products "$D/products.csv" --registry "$D/registry.csv" --asof 2024-06-30 "$D/apps.csv"
run er-decide --print-policy
run er-registry --db "$t/reg.db" products export
echo "# side outputs"
side er-ingest --kind accounts --quiet --rejects /dev/full "$TESTDATA/features/accounts.csv"
side er-screen --quiet --label creditability --bins /dev/full "$TESTDATA/germancredit.csv"
side er-screen --quiet --label creditability --selected /dev/full "$TESTDATA/germancredit.csv"
side er-screen --quiet --label creditability --html /dev/full "$TESTDATA/germancredit.csv"
side er-train --quiet --id ID --label default.payment.next.month --method scorecard -o /dev/full "$TESTDATA/taiwan/train-2k.csv"
side er-alert --quiet --date 2024-07-01 --history /dev/full "$TESTDATA/verify/scores.csv"
echo "# an output file that cannot be created (a directory)"
mkdir "$t/dir"
dir() {
	"$@" > /dev/null 2> "$t/err"
	echo "$1: exit $? $(sed "s|$t/||g" "$t/err" | grep dir)"
}
dir er-ingest --kind readings --quiet --rejects "$t/dir" "$TESTDATA/features/readings.csv"
dir er-screen --quiet --label creditability --bins "$t/dir" "$TESTDATA/germancredit.csv"
dir er-screen --quiet --label creditability --html "$t/dir" "$TESTDATA/germancredit.csv"
dir er-train --quiet --id ID --label default.payment.next.month --method scorecard -o "$t/dir" "$TESTDATA/taiwan/train-2k.csv"
dir er-alert --quiet --date 2024-07-01 --history "$t/dir" "$TESTDATA/verify/scores.csv"
dir er-alert --quiet --date 2024-07-01 --state "$t/dir" "$TESTDATA/verify/scores.csv"
