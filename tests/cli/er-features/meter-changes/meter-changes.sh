# meter-changes.sh: the steps of the case tests/cli/er-features/meter-changes (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
awk 'BEGIN { print "account_id,date,days,kwh,meter_id"
	for (d = 1; d <= 182; d++) {
		# day d of 2024 (a leap year): month and day by the month lengths
		m = 1; dd = d; split("31 29 31 30 31 30", len, " ")
		while (dd > len[m]) { dd -= len[m]; m++ }
		printf "A1,2024-%02d-%02d,1,10,%s\n", m, dd, (m < 3 || (m == 3 && dd <= 10)) ? "M1" : "M2"
	}
	for (m = 1; m <= 6; m++) { printf "A2,2024-%02d-05,30,300,E1\n", m; printf "A2,2024-%02d-20,30,200,E2\n", m }
	print "A3,2023-05-31,31,100,OLD"; print "A3,2024-06-30,30,100,NEW"
	print "A4,2024-06-30,30,100," }' > "$t/r.csv"
er-features --asof 2024-06-30 "$t/r.csv" > "$t/out"
echo "exit $?"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	{ print $1 "," $(c["usage.kwh_sum_12m"]) "," $(c["usage.meters_12m"]) "," $(c["usage.meter_changes_12m"]) "," $(c["usage.peak_share_90d"]) }' "$t/out"
