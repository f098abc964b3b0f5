# er-train's scorecard on a synthetic stand-in for a 150,000-row consumer-credit set (the
# shape of "Give Me Some Credit": 10 numeric columns, 6-7 % bad): days-past-due counts that
# are mostly 0 and use 96 and 98 for "unknown", ratios with extreme values, and missing
# values written NA (missing by default, --na). A hash holdout of 30 % gives the test AUC, with and without the 96/98
# codes as special values (--special), and how many special bins the points table has. The
# planted log-odds are in column truth (excluded), so the data say how well a model could do.
f=$BENCH_TMP/consumer-150k.csv
if [ ! -s "$f" ]; then
	awk -v n=150000 -v seed=7 'function pois(l,  k, p, L) { L = exp(-l); k = 0; p = 1
			do { k++; p *= rand() } while (p > L); return k - 1 }
		BEGIN {
		srand(seed)
		print "id,label,truth,revolving_util,age,dpd30_59,debt_ratio,monthly_income,open_lines,dpd90,real_estate_loans,dpd60_89,dependents"
		for (i = 1; i <= n; i++) {
			z = -4.15
			u = rand() < 0.02 ? 1 + rand() * 5000 : rand() ^ 1.5 * 1.1        # extreme ratios
			z += (u > 1 ? 0.6 : 2.2 * (u < 1 ? u : 1) - 0.5)
			age = 21 + int(rand() * rand() * 70)
			z += -0.025 * (age - 45)
			r = rand(); d1 = r < 0.84 ? 0 : pois(1.2) + 1
			d2 = rand() < 0.94 ? 0 : pois(0.6) + 1
			d3 = rand() < 0.95 ? 0 : pois(0.5) + 1
			z += 0.55 * (d1 > 4 ? 4 : d1) + 0.9 * (d2 > 3 ? 3 : d2) + 1.2 * (d3 > 3 ? 3 : d3)
			unk = rand() < 0.0018                                              # 96/98: unknown
			if (unk) { c = rand() < 0.5 ? 96 : 98; d1 = c; d2 = c; d3 = c; z += 1.6 }
			inc = rand() < 0.2 ? "NA" : int(exp(8 + rand() * 1.6))
			dr = inc == "NA" ? (rand() < 0.5 ? int(rand() * 5000) : rand()) : rand() * 1.2
			if (inc != "NA") z += -0.25 * (log(inc) - 8.8)
			z += (dr > 1 && dr < 10 ? 0.3 : 0)
			ol = pois(8); z += (ol < 3 ? 0.4 : 0)
			re = pois(1); z += (re == 0 ? 0.2 : re > 3 ? 0.3 : -0.1)
			dep = rand() < 0.03 ? "NA" : pois(0.8)
			z += 0.05 * (dep == "NA" ? 0 : dep)
			p = 1 / (1 + exp(-z))
			printf "c%d,%d,%.6f,%.6f,%d,%d,%.6f,%s,%d,%d,%d,%d,%s\n", i, rand() < p, z, u, age, d1, dr, inc, ol, d3, re, d2, dep
		}
	}' > "$f.tmp" && mv "$f.tmp" "$f"
fi
awk -F, 'NR > 1 { n++; b += $2 } END { printf "consumer stand-in: %d rows, %.2f %% bad\n", n, 100 * b / n }' "$f"
for special in "" "--special 96,98"; do
	bench_run "er-train consumer $special" er-train --quiet --method scorecard --exclude truth --holdout 0.3 \
		$special -o "$BENCH_TMP/consumer.model" "$f"
	er-train --method scorecard --exclude truth --holdout 0.3 $special --points "$BENCH_TMP/consumer-points.csv" \
		-o "$BENCH_TMP/consumer.model" "$f" 2> "$BENCH_TMP/consumer.log"
	echo "er-train --method scorecard ${special:-(no --special)}: $BEST s, $(grep -E '^holdout +rows' "$BENCH_TMP/consumer.log" | sed 's/, gini.*//'), special bins: $(grep -c ',special:' "$BENCH_TMP/consumer-points.csv")"
done
