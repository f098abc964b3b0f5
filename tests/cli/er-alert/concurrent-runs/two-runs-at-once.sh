# two-runs-at-once.sh: the steps of the case tests/cli/er-alert/concurrent-runs (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cp a.csv b.csv "$t" && cd "$t" || exit 1
touch gate
ER_ALERT_TEST_STALL=gate er-alert --quiet --date 2024-07-01 --state st a.csv > a.out 2> a.err &
a=$!
i=0
while [ $i -lt 100 ] && ! grep -q stalled a.err 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
er-alert --quiet --date 2024-07-01 --state st b.csv > b.out 2> b.err &
b=$!
rm gate
wait $a
echo "run a: exit $?"
wait $b
echo "run b: exit $?"
sed 's/writing .*/writing (temporary file)/' a.err
cat b.err
echo "# entities in the state"
sed '1,2d;$d' st | cut -d, -f1,2 | sort
echo "temporary files left: $(ls -A | grep -c '\.tmp$')"
echo "# a third run finds run b's alerts: B1's is a repeat"
er-alert --quiet --all --date 2024-07-02 --state st b.csv | cut -d, -f1,2,10
