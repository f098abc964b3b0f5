# load-shape.sh: the steps of the case tests/cli/er-features/interval-load-shape (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
awk 'BEGIN { print "account_id,date,kwh,meter_id,time"
	for (a = 1; a <= 2; a++) for (i = 0; i < 96; i++) {
		if (a == 2 && i == 40) continue
		h = int(i / 4); k = (h >= 8 && h < 11) || (h >= 18 && h < 23) ? 2 : (h >= 23 || h < 7) ? 0.5 : 1
		printf "A%d,2024-06-30,%s,M%d,%02d:%02d\n", a, k, a, h, i % 4 * 15 }
	print "A3,2024-06-29,100,M3,"; print "A3,2024-06-30,120,M3," }' > "$t/r.csv"
cols=id,usage.kwh_sum_12m,usage.peak_share_90d,usage.flat_share_90d,usage.valley_share_90d,usage.night_share_90d,usage.max_demand_kw_90d,usage.load_factor_90d,usage.meters_12m
sel() { awk -F, -v want="$cols" 'NR == 1 { n = split(want, w, ","); for (i = 1; i <= NF; i++) c[$i] = i }
	{ s = $(c[w[1]]); for (k = 2; k <= n; k++) s = s "," $(c[w[k]]); print s }' "$1"; }
er-features --asof 2024-06-30 "$t/r.csv" > "$t/out"
echo "exit $?"
sel "$t/out"
echo "# --tou peak=08:30-09:00: A1's 08:30 and 08:45 quarter hours, 2 kWh each, are all its peak (4 of 112)"
er-features --quiet --asof 2024-06-30 --tou 'peak=08:30-09:00' "$t/r.csv" > "$t/out"
sel "$t/out" | head -2
echo "# hourly readings: a 60-minute interval 08:00-09:00 of 6 kWh split in half, 6 kW"
printf 'account_id,date,kwh,time\nH1,2024-06-30,6,08:00\nH1,2024-06-30,2,09:00\n' > "$t/h.csv"
er-features --quiet --asof 2024-06-30 --tou 'peak=08:30-09:00' "$t/h.csv" > "$t/out"
sel "$t/out"
echo "# --stream: the last row of each account equals the batch row"
er-features --quiet --stream --asof 2024-06-30 "$t/r.csv" | awk -F, 'NR > 1 { last[$1] = $0 } END { for (k in last) print last[k] }' | sort > "$t/s"
er-features --quiet --asof 2024-06-30 "$t/r.csv" | tail -n +2 | sort > "$t/b"
cmp "$t/s" "$t/b" && echo same
