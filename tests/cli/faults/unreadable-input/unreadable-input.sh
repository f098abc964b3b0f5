# unreadable-input.sh: the steps of the case tests/cli/faults/unreadable-input (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
D=$TESTDATA/decide
mkdir "$t/dir"
: > "$t/gone" && ln -s "$t/gone" "$t/link" && rm "$t/gone"
sh ../../lib/taiwan-model.sh "$t/m" || exit 1
run() {
	"$@" > /dev/null 2> "$t/err"
	echo "exit $?: $(sed "s|$t/||g; s|$TESTDATA/||g" "$t/err" | head -1)"
}
for bad in nosuch dir link; do
	f=$t/$bad
	echo "# $bad"
	run er-ingest --kind readings "$f"
	run er-features --asof 2016-06-30 "$f"
	run er-features --asof 2016-06-30 --bills "$f" "$TESTDATA/features/readings.csv"
	run er-screen --label creditability "$f"
	run er-screen --label creditability --baseline "$f" "$TESTDATA/germancredit.csv"
	run er-train --id ID --label default.payment.next.month "$f"
	run er-train --id ID --label default.payment.next.month --bins "$f" "$TESTDATA/taiwan/train-2k.csv"
	run er-score -m "$f" "$TESTDATA/taiwan/test-1k.csv"
	run er-score -m "$t/m" "$f"
	run er-verify "$f"
	run er-verify -r "$f" "$TESTDATA/verify/features.csv"
	run er-alert --date 2024-07-01 "$f"
	run er-alert --date 2024-07-01 --policy "$f" "$TESTDATA/verify/scores.csv"
	run er-profile --asof 2024-06-30 "$f"
	run er-profile --asof 2024-06-30 --policy "$f" "$D/subjects.csv"
	run er-decide --profiles "$f" --products "$D/products.csv" --registry "$D/registry.csv" --asof 2024-06-30 "$D/apps.csv"
	run er-decide --profiles "$D/profiles.csv" --products "$D/products.csv" --registry "$D/registry.csv" --asof 2024-06-30 "$f"
done
echo "# state file that is a directory"
run er-alert --date 2024-07-01 --state "$t/dir" "$TESTDATA/verify/scores.csv"
