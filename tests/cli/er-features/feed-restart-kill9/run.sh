# run.sh: the steps of the case tests/cli/er-features/feed-restart-kill9 (what they show: see its cmd).
. ../../lib/killed-run.sh
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
sh ../feed-equals-batch/make-feed.sh "$t/feed.csv" || exit 1
cd "$t" || exit 1
# a bad bill (period 2015-13) as row 20 and a bad reading (day 32) as row 30
awk 'NR == 21 { print "bills,,,,,,,,,2400,A1,,,,,,B0,2015-13,4000,2015-07-20,2015-07-18,,,,,,,,,,,,,,,,,," }
	NR == 31 { print "readings,,,,,,,,,,A1,,,,,,,,3000,,,,,,,,2015-01-32,,,,,,,,,,,31,N" } { print }' \
	feed.csv > bad.csv && mv bad.csv feed.csv
# the rows after which the pipe is killed: the theft inspection and the disconnection for
# arrears (side-table rows whose alerts the wait below sees through), and two rows between
# checkpoints (every 7 feed rows), after the bad rows' checkpoint
theft=$(($(grep -n '^inspections,.*,theft,' feed.csv | head -n 1 | cut -d: -f1) - 1))
disc=$(($(grep -n ',disconnect_arrears,' feed.csv | cut -d: -f1) - 1))
echo "$(($(wc -l < feed.csv) - 1)) feed rows; killed after rows $theft (theft), 40, 109 and $disc (disconnection)"
# a model on the 12-month mean kWh, and a policy raising alerts on side-table features
awk 'BEGIN { print "id,label,usage.kwh_mean_12m"
	for (i = 0; i < 400; i++) { k = i % 2 ? 20 + i % 60 : 1000 + i % 3000; printf "r%d,%d,%d\n", i, (k < 100) != (i % 10 == 0), k } }' > train.csv
er-train --quiet --trees 5 --folds 2 -o model.txt train.csv || exit 1
printf '%s\n' level,condition,reason 'red,insp.theft_count_36m>=1,theft found' \
	'orange,pay.disconnections_12m>=1,disconnected for arrears' 'yellow,score<400,score below 400' > policy.csv
cat > pipe.sh <<'END'
# pipe BY STATE ALERTS ERR: the pipe of the test on standard input, er-features' messages to ERR
pipe() {
	er-features --stream --by "$1" --state "$2" --checkpoint-rows 7 --checkpoint-ms 0 --resend-rows 5 2> "$4" |
		er-score --quiet --line-buffered -m model.txt --keep insp.theft_count_36m,pay.disconnections_12m |
		er-alert --quiet --policy policy.csv --date 2024-07-01 --line-buffered --state "$3"
}
END
. ./pipe.sh
# the rows of the feed the checkpoint has applied
ckrows() { sed -n 's/^rows,\([0-9]*\),.*/\1/p' D/f/features.ckpt 2> /dev/null || echo 0; }
for by in account enterprise; do
	rm -rf R D part* && mkdir -m 700 R D
	pipe $by R/f R/alerts ref.err < feed.csv > ref.out
	# alerts of rows 1..N in the uninterrupted run: how many lines a run fed N rows writes
	upto() { awk -F, -v n="$1" 'NR > 1 && $NF <= n' ref.out | wc -l; }
	run=0
	for n in $theft 40 109 $disc; do
		run=$((run + 1))
		# the distinct alert lines of every run so far are what rows 1..N give, and the last
		# checkpoint a run fed N rows writes (every 7 rows) is written
		want=$(upto "$n")
		killed_run "$n" $run "pipe $by D/f D/alerts part$run.err" \
			'[ "$(cat part*.out | grep -v "^id," | sort -u | wc -l)" -ge "$want" ] && [ "$(ckrows)" -ge $((n - 7)) ]' ||
			echo "$by: row $n not reached"
		echo "$by: killed after row $n, the checkpoint of row $(ckrows) written"
	done
	pipe $by D/f D/alerts last.err < feed.csv > last.out
	cat part*.out last.out | grep -v '^id,' | awk '!seen[$0]++' > union
	tail -n +2 ref.out > want
	echo "$by: $(wc -l < want) alert lines uninterrupted: $(grep -c ',theft found' want) theft, $(grep -c 'disconnected' want) disconnection"
	cmp union want && echo "$by: the union of the killed runs equals the uninterrupted run"
	grep 'rows read' ref.err > ref.sum
	grep 'rows read' last.err > last.sum
	diff ref.sum last.sum && echo "$by: the last run's counts equal the uninterrupted run's:" && sed 's/^/  /' last.sum
	for bad in 2015-13 2015-01-32; do
		echo "$by: $bad said $(cat part*.err last.err | grep -c "'$bad'") times over all runs, $(grep -c "'$bad'" ref.err) uninterrupted"
	done
done
