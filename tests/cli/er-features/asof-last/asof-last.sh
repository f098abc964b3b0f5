# asof-last.sh: the steps of the case tests/cli/er-features/asof-last (what they show: see its cmd).
d=$TESTDATA/features
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
for k in bills inspections events loans; do cp "$d/$k.csv" "$t/$k.csv"; done
# RUN NAME ASOF [READINGS]: er-features over the tables in $t as of ASOF into $t/NAME.out
run() {
	er-features --quiet --asof "$2" --by enterprise --accounts "$d/accounts.csv" --loans "$t/loans.csv" \
		--bills "$t/bills.csv" --inspections "$t/inspections.csv" --events "$t/events.csv" \
		--agg meter_status:mode,count=N,recency --agg tariff:mode,distinct --agg-window 3m \
		${3:-"$d/readings.csv"} > "$t/$1.out"
}
# SAME WHAT: --asof last against --asof D, D the asof column of the first row it wrote
same() {
	run last last
	D=$(sed -n '2{s/^[^,]*,//;s/,.*//;p;q;}' "$t/last.out")
	run date "$D"
	if cmp -s "$t/last.out" "$t/date.out"; then echo "$1: as of $D, as --asof $D"; else echo "$1: differs from --asof $D"; fi
}
same "latest in the readings"
cat "$t/last.out"
run early 2016-08-30
cmp -s "$t/last.out" "$t/early.out" || echo "--asof 2016-08-30 differs"
echo A1,B9,2016-09,5000,3000,2016-10-20,2016-10-18,,,现金,大工业 >> "$t/bills.csv"
same "latest in the bills"
echo A2,C9,2016-10-03,violation,,,100,open, >> "$t/inspections.csv"
same "latest in the inspections"
echo A6,E9,2016-11-04,suspend,,,2016-11-20 >> "$t/events.csv"
same "latest in the events"
echo L5,91440300MA5F00000X,戊有限公司,钱七,13700000000,,2016-12-05,,100000 >> "$t/loans.csv"
same "latest in the loans"
er-features --quiet --asof last --accounts "$d/accounts.csv" --bills "$t/bills.csv" < "$d/readings.csv" > "$t/pipe.out"
er-features --quiet --asof 2016-09-30 --accounts "$d/accounts.csv" --bills "$t/bills.csv" "$d/readings.csv" > "$t/file.out"
cmp -s "$t/pipe.out" "$t/file.out" && echo "readings from a pipe: as --asof 2016-09-30"
