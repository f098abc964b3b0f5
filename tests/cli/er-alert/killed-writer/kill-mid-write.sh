# kill-mid-write.sh: the steps of the case tests/cli/er-alert/killed-writer (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
er-alert --quiet --date 2024-07-01 --state st "$TESTDATA/verify/scores.csv" > /dev/null
echo "first run: exit $?"
cp st st.before
touch gate
ER_ALERT_TEST_STALL=gate er-alert --quiet --date 2024-07-20 --state st "$TESTDATA/verify/scores-next.csv" > /dev/null 2> stall.err &
pid=$!
i=0
while [ $i -lt 50 ] && ! grep -q stalled stall.err 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
sed 's/writing .*/writing (temporary file)/' stall.err
echo "temporary files: $(ls -A | grep -c '^\.st\.......\.tmp$')"
{ kill -9 $pid; wait $pid; echo "killed: exit $?"; } 2>/dev/null
cmp st st.before && echo "old state intact"
er-alert --quiet --date 2024-07-20 --state st "$TESTDATA/verify/scores-next.csv" | cut -d, -f1,2,10
echo "next run: exit $?"
echo "temporary files left: $(ls -A | grep -c '^\.st\.......\.tmp$')"
