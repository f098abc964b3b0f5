# live-alerts.sh: the steps of the case tests/cli/er-alert/live (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
mkfifo in
er-alert --line-buffered --quiet --date 2024-07-01 --state st in > out &
pid=$!
exec 3> in
printf 'id,score,pd,grade\nL1,700,0.01,A\nL2,480,0.4,D\n' >&3
i=0
while [ $i -lt 10 ] && ! grep -q '^L2,red' out; do sleep 0.1; i=$((i + 1)); done
if grep -q '^L2,red' out; then echo "alert written within a second, input still open"; else echo "no alert within a second"; fi
i=0
while [ $i -lt 10 ] && ! grep -q '^L2,red' st 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
grep -q '^L2,red' st && echo "state saved with it, input still open"
printf 'L3,530,0.2,C\n' >&3
exec 3>&-
wait $pid
echo "exit $?"
cat out
