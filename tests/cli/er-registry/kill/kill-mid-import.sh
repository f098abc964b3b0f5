# kill-mid-import.sh: the steps of the case tests/cli/er-registry/kill (what they show: see its cmd).
. ../lib.sh
# kill -9 in the middle of an import (65536 rows applied, more to come): the registry is
# as it was before, and usable.
reg --quiet init
reg --quiet import --platform bank-a bank-a.csv
reg --quiet export > before.csv
awk 'BEGIN { print "subject_id,status,platform_grade,monthly_repayment,updated_at"
	for (i = 1; i <= 70000; i++) printf "k%05d,active,,%d,2024-07-01\n", i, i % 5000 }' > big.csv
mkfifo feed
er-registry --db "$DB" --quiet import --platform bank-z feed &
victim=$!
exec 3> feed
head -65600 big.csv >&3
sleep 2
kill -9 $victim
wait $victim 2> /dev/null
echo "killed: exit $?"
exec 3>&-
reg --quiet export > after.csv
cmp before.csv after.csv && echo "registry as before the import"
reg import --platform bank-z big.csv && reg --quiet export | wc -l
