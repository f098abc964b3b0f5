# fifos.sh: the steps of the case tests/cli/er-features/feed-fifos (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
mkfifo readings events
# waits up to 5 s for a line matching $1 in out, polling
await() {
	i=0
	while [ $i -lt 100 ] && ! grep -q "$1" out; do sleep 0.05; i=$((i + 1)); done
	if grep -q "$1" out; then echo "$2: written, FIFOs still open"; else echo "$2: not written within 5 s"; fi
}
er-features --stream --events events readings > out 2> err &
pid=$!
exec 3> readings
printf 'account_id,date,kwh\nA1,2024-06-01,10\n' >&3
exec 4> events
await '^A1,2024-06-01,' "the reading"
printf 'account_id,event_id,date,type\nA1,E1,2024-06-02,disconnect_arrears\n' >&4
await '^A1,2024-06-02,' "the event"
printf 'A1,2024-06-03,12\nA2,2024-06-03,5\n' >&3
await '^A2,2024-06-03,' "the next readings"
exec 3>&- 4>&-
wait $pid
echo "exit $?"
cut -d, -f1,2,42 out
cat err
