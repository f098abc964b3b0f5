# run.sh: the steps of the case tests/cli/er-features/restart-kill9 (what they show: see its cmd).
. ../../lib/killed-run.sh
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
# 5 accounts, 30 months: each month's kWh low (an alert) or high (clear) in a pattern per account
awk 'BEGIN { print "account_id,date,days,kwh"
	for (m = 0; m < 30; m++) for (a = 1; a <= 5; a++)
		printf "A%d,%d-%02d-28,28,%d\n", a, 2022 + int(m / 12), m % 12 + 1, (m * a + a) % 5 < 2 ? 20 : 200 }' > feed.csv
awk 'BEGIN { print "id,label,custom.kwh_max"
	for (i = 0; i < 400; i++) { k = i % 2 ? 20 + i % 30 : 150 + i % 100; printf "r%d,%d,%d\n", i, (k < 100) != (i % 10 == 0), k } }' > train.csv
er-train --quiet --trees 5 --folds 2 -o model.txt train.csv || exit 1
# the threshold halfway between the scores of a low and a high month, clear of the policy's
# 5-point dead band whatever the model's scaling
score() { printf 'id,custom.kwh_max\nx,%s\n' "$1" | er-score --quiet -m model.txt | awk -F, 'NR == 2 { print $2 }'; }
th=$(awk -v a="$(score 20)" -v b="$(score 200)" 'BEGIN { printf "%d", (a + b) / 2 }')
printf 'level,condition,reason\norange,score<%s,score below the line\n' "$th" > policy.csv
cat > pipe.sh <<'END'
# pipe STATE1 STATE2: the pipe of the test on standard input
pipe() {
	er-features --quiet --stream --agg kwh:max --agg-window 1m --state "$1" --checkpoint-rows 7 --checkpoint-ms 0 |
		er-score --quiet --line-buffered -m model.txt |
		er-alert --quiet --policy policy.csv --date 2024-07-01 --line-buffered --state "$2"
}
END
. ./pipe.sh
mkdir -m 700 R D
pipe R/f R/alerts < feed.csv > ref.out
# alerts of rows 1..N in the uninterrupted run: how many lines a run fed N rows writes
upto() { awk -F, -v n="$1" 'NR > 1 && $NF <= n' ref.out | wc -l; }
run=0
for n in 3 10 14 80; do
	run=$((run + 1))
	# a restarted run writes only the alerts after what the last one passed on (and
	# duplicates): the distinct lines of every run so far are what rows 1..N give
	want=$(upto "$n")
	killed_run "$n" $run "pipe D/f D/alerts" \
		'[ "$(cat part*.out | grep -v "^id," | sort -u | wc -l)" -ge "$want" ]' || :
done
pipe D/f D/alerts < feed.csv > last.out
cat part*.out last.out | grep -v '^id,' | awk '!seen[$0]++' > union
tail -n +2 ref.out > want
echo "$(wc -l < want) alert lines uninterrupted, $(grep -c ",cleared," want) cleared after the hysteresis held them"
cmp union want && echo "union of the killed runs equals the uninterrupted run"
