# concurrent-imports.sh: the steps of the case tests/cli/er-registry/concurrent (what they show: see its cmd).
. ../lib.sh
# Two imports of the same keys at once: the second waits for the first, then applies its
# newer rows; no update is lost and every change is in the history.
reg --quiet init
awk 'BEGIN { print "subject_id,status,platform_grade,monthly_repayment,updated_at"
	for (i = 1; i <= 500; i++) printf "c%03d,active,,%d,2024-05-01\n", i, i }' > early.csv
awk 'BEGIN { print "subject_id,status,platform_grade,monthly_repayment,updated_at"
	for (i = 1; i <= 500; i++) printf "c%03d,closed,,,2024-06-01 10:00\n", i }' > late.csv
mkfifo feed
er-registry --db "$DB" import --platform p feed 2> first.err &
first=$!
exec 3> feed
head -250 early.csv >&3
sleep 1
# 3>&-: the second writer must not hold the pipe of the first open
er-registry --db "$DB" import --platform p late.csv 2> second.err 3>&- &
second=$!
sleep 1
tail -n +251 early.csv >&3
exec 3>&-
wait $first
echo "first exit $?"
cat first.err
wait $second
echo "second exit $?"
cat second.err
reg --quiet export | tail -n +2 | cut -d, -f3 | sort | uniq -c
reg history c250
