# locked-db.sh: the steps of the case tests/cli/er-registry/locked (what they show: see its cmd).
. ../lib.sh
# A writer holds the lock (its input stalls after the header); a second writer that may
# wait only 200 ms gives up with a clear error and exit 3, and changes nothing.
reg --quiet init
mkfifo feed
er-registry --db "$DB" --quiet import --platform bank-a feed &
holder=$!
exec 3> feed
head -1 bank-a.csv >&3
sleep 1
{ reg import --platform bank-b --busy-timeout 200 bank-b.csv; echo "exit $?"; } 2>&1 | shown
tail -n +2 bank-a.csv >&3
exec 3>&-
wait $holder
echo "holder exit $?"
reg --quiet export
