# make-feed.sh OUT: the tables of testdata/features interleaved by date into one kind feed
# OUT (merge.awk tags each row, a stable sort by date orders them); for feed-equals-batch
# and feed-restart.
d=$TESTDATA/features
here=$(dirname "$0")
tables="$d/loans.csv $d/accounts.csv $d/bills.csv $d/inspections.csv $d/events.csv $d/readings.csv"
# shellcheck disable=SC2086
awk -f "$here/merge.awk" $tables 2> "$1.body" > "$1" || exit 1
LC_ALL=C sort -s -t "$(printf '\t')" -k1,1 "$1.body" | cut -f2 >> "$1"
rm -f "$1.body"
