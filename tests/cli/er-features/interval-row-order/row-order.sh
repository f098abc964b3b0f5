# row-order.sh: the steps of the case tests/cli/er-features/interval-row-order (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
awk 'BEGIN { print "account_id,meter_id,date,time,days,kwh"
	x = 12345
	for (a = 1; a <= 3; a++) for (d = 1; d <= 30; d++) for (i = 0; i < 96; i++) {
		if (a == 2 && i % 4) continue
		# a small linear congruential generator: the same kWh with any awk
		x = (x * 1103 + 12345) % 65536
		printf "A%d,M%d,2024-06-%02d,%02d:%02d,1,%.3f\n", a, a, d, int(i / 4), i % 4 * 15, x / 65536 * 5
	}
	print "A3,M3,2024-06-30,05:01,1,2.5" }' > "$t/in.csv"
head -n 1 "$t/in.csv" > "$t/rev.csv"
tail -n +2 "$t/in.csv" | sort -r >> "$t/rev.csv"
head -n 1 "$t/in.csv" > "$t/shuf.csv"
tail -n +2 "$t/in.csv" | awk '{ x = (NR * 7919) % 6481; print x "\t" $0 }' | sort -n | cut -f 2- >> "$t/shuf.csv"
for f in in rev shuf; do
	er-features --quiet --asof 2024-06-30 "$t/$f.csv" 2>&1 >"$t/$f.out" | sed "s|$t/||"
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ printf "%s", $1
	  n = split("peak_share_90d flat_share_90d valley_share_90d night_share_90d max_demand_kw_90d load_factor_90d", k, " ")
	  for (i = 1; i <= n; i++) printf ",%.12g", $(c["usage." k[i]])
	  printf "\n" }' "$t/$f.out" > "$t/$f.cols"
done
cmp "$t/in.cols" "$t/rev.cols" && cmp "$t/in.cols" "$t/shuf.cols" && echo "same in every order"
echo "id,peak,flat,valley,night,max_demand_kw,load_factor"
cat "$t/in.cols"
