# live-feed.sh: the steps of the case tests/cli/pipeline/live-feed (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
# a model of a small er-synth portfolio (the policy below reads two kept indicators)
er-synth --seed 21 --enterprises 60 --days 400 --end 2024-07-01 --headers zh --out raw --quiet
for k in accounts bills inspections events loans labels readings; do
	er-ingest --kind $k --ids keep --quiet raw/$k.csv > $k.csv
done
er-features --by enterprise --accounts accounts.csv --bills bills.csv --inspections inspections.csv \
	--events events.csv --loans loans.csv --asof-from loans --quiet readings.csv > features.csv
er-train --labels labels.csv --quiet -o model.txt features.csv 2> /dev/null || [ $? -eq 1 ] || exit 1
printf 'level,condition,reason\nred,insp.theft_count_36m>=1,theft found\nred,pay.disconnections_12m>=1,disconnected for arrears\n' > policy.csv
# the feed grows as a log does; tail -F follows it
: > feed.csv
mkfifo tailed
tail -F feed.csv > tailed 2> /dev/null &
tailpid=$!
er-features --stream --quiet < tailed |
	er-score -m model.txt --keep asof,insp.theft_count_36m,pay.disconnections_12m --line-buffered --quiet |
	er-alert --policy policy.csv --all --line-buffered --quiet > alerts &
# waits up to 10 s for a line matching $1 in alerts (with $2, for $2 such lines), polling
await() {
	i=0
	while [ $i -lt 200 ] && [ "$(grep -c "$1" alerts)" -lt "${2:-1}" ]; do sleep 0.05; i=$((i + 1)); done
	[ "$(grep -c "$1" alerts)" -ge "${2:-1}" ] || echo "no line '$1' within 10 s"
}
add() { printf '%s\n' "$@" >> feed.csv; }
# fields 1, 2, 7 and 10 of CSV lines: a quoted field (reasons naming several drivers) kept whole
fields() {
	awk '{ n = 0; s = $0
		while (s != "") {
			if (substr(s, 1, 1) == "\"") { match(s, /^"([^"]|"")*"/); f = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1) }
			else { k = index(s, ","); f = k ? substr(s, 1, k - 1) : s; s = k ? substr(s, k) : "" }
			v[++n] = f; if (substr(s, 1, 1) == ",") { s = substr(s, 2); if (s == "") v[++n] = "" }
		}
		print v[1] "," v[2] "," v[7] "," v[10] }' "$@"
}
add kind,account_id,date,kwh,finding,type \
	readings,K1,2024-06-01,100,, readings,K2,2024-06-01,200,, readings,K1,2024-06-02,90,,
await ',quiet,' 3
echo "three readings evaluated: $(grep -c ',red,' alerts) red alerts"
add inspections,K2,2024-06-02,,theft,
await '^K2,red'
echo "theft: $(grep '^K2,red' alerts | fields)"
add readings,K2,2024-06-03,150,, events,K1,2024-06-03,,,disconnect_arrears
await '^K1,red'
echo "disconnection: $(grep '^K1,red' alerts | fields)"
# tail ends, and with it the pipe
kill $tailpid
wait
echo "tail killed: the pipe ended"
fields alerts
