# run-twice.sh: the steps of the case tests/cli/er-alert/two-runs (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
er-verify --summary --quiet --no-fail-status "$TESTDATA/verify/features.csv" > "$t/checks.csv"
cd "$t" || exit 1
echo "# run 1: every alert is new"
er-alert --date 2024-07-01 --state st --history hist "$TESTDATA/verify/scores.csv" checks.csv
echo "exit $?"
echo "# run 2, nine days later: score drops escalate, repeats are suppressed"
er-alert --date 2024-07-10 --state st --history hist "$TESTDATA/verify/scores-next.csv" checks.csv
echo "exit $?"
echo "# run 3, after the 30-day cool-down, with --all"
er-alert --all --date 2024-08-15 --state st --history hist "$TESTDATA/verify/scores-next.csv" checks.csv
echo "exit $?"
echo "# history"
cat hist
echo "# modes"
ls -l st hist | cut -c1-10
echo "# state"
cat st
