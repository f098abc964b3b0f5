# interval.sh: the steps of the case tests/cli/er-features/asof-last-interval (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
# every day from 2023-03-01 to 2024-06-30 (A1) or 2024-05-15 (A2), a month m of year y having n[m] days
awk 'BEGIN { print "account_id,date,kwh,meter_id,time"; split("31 28 31 30 31 30 31 31 30 31 30 31", n, " ")
	for (a = 1; a <= 2; a++)
		for (y = 2023; y <= 2024; y++)
			for (m = y == 2023 ? 3 : 1; m <= (y == 2023 ? 12 : 6); m++)
				for (d = 1; d <= n[m] + (y == 2024 && m == 2); d++) {
					if (a == 2 && y == 2024 && (m == 6 || m == 5 && d > 15)) continue
					for (h = 0; h < 24; h++)
						printf "A%d,%d-%02d-%02d,%s,M%d,%02d:00\n", a, y, m, d, (h >= 23 || h < 7) ? m / 4 + a : 2 + h % 3, a, h
				}
	print "A3,2024-07-20,120,M3," }' > "$t/r.csv"
{ head -n 1 "$t/r.csv"; tail -n +2 "$t/r.csv" | tac; } > "$t/rev.csv"
cols=id,asof,usage.peak_share_90d,usage.valley_share_90d,usage.night_share_90d,usage.max_demand_kw_90d,usage.load_factor_90d,usage.valley_shift_yoy,usage.kwh_sum_12m
sel() { awk -F, -v want="$cols" 'NR == 1 { n = split(want, w, ","); for (i = 1; i <= NF; i++) c[$i] = i }
	{ s = $(c[w[1]]); for (k = 2; k <= n; k++) s = s "," $(c[w[k]]); print s }' "$1"; }
for f in r rev; do
	er-features --quiet --asof last "$t/$f.csv" > "$t/last"
	er-features --quiet --asof 2024-07-20 "$t/$f.csv" > "$t/date"
	cmp -s "$t/last" "$t/date" && echo "$f.csv: as --asof 2024-07-20"
done
sel "$t/last"
