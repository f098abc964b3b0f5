# truncated-files.sh: the steps of the case tests/cli/faults/truncated-files (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
er-train --quiet --id ID --label default.payment.next.month --method scorecard -o m "$TESTDATA/taiwan/train-2k.csv" || exit 1
er-alert --quiet --date 2024-07-01 --state st "$TESTDATA/verify/scores.csv" > /dev/null || exit 1
size=$(wc -c < m)
for cut in 0 1 100 $((size / 2)) $((size - 18)) $((size - 1)); do
	head -c $cut m > m.cut
	er-score -m m.cut "$TESTDATA/taiwan/test-1k.csv" > out 2> err
	rc=$?
	case $cut in 0|1|100) what="$cut bytes" ;; $((size / 2))) what="half" ;;
	$((size - 18))) what="all but the checksum" ;; *) what="all but the last byte" ;; esac
	echo "model cut to $what: exit $rc, $(wc -l < out) rows: $(cat err)"
done
size=$(wc -c < st)
for cut in 0 20 $((size / 2)) $((size - 1)); do
	head -c $cut st > st.cut
	cp st.cut st.before
	er-alert --date 2024-07-02 --state st.cut "$TESTDATA/verify/scores.csv" > out 2> err
	echo "state cut to $cut of its bytes: exit $?, $(wc -l < out) rows: $(cat err)"
	cmp -s st.cut st.before && echo "state file left as it was"
done
