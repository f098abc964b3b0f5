# random-models-round-trip.sh: the steps of the case tests/cli/er-score/property-round-trip (what they show: see its cmd).
t=$(mktemp -d) && cd "$t" || exit 3
gen() { # SEED ROWS COLS MAXCATS
	awk -v seed="$1" -v n="$2" -v p="$3" -v maxcats="$4" 'BEGIN {
		srand(seed)
		split("a,b|q\"uote|50%|%,%|t\tab|中文 名|x\\y|plain", parts, "|")
		printf "id,label"
		for (j = 1; j <= p; j++) {
			type[j] = int(rand() * 5); if (j == 1 && maxcats > 1000) type[j] = 4
			name = parts[1 + int(rand() * 8)] "_" j
			gsub(/"/, "\"\"", name)
			printf ",\"%s\"", name
			eff[j] = rand() - 0.5
			ncat[j] = type[j] == 4 ? (j == 1 ? maxcats : 2 + int(rand() * 30)) : 0
		}
		print ""
		for (i = 0; i < n; i++) {
			bad = rand() < 0.3
			printf "r%d,%d", i, bad
			for (j = 1; j <= p; j++) {
				u = rand(); s = bad ? eff[j] : 0
				if (u < 0.05) v = ""
				else if (type[j] == 0) v = sprintf("%.6g", rand() * 100 + s * 40)
				else if (type[j] == 1) v = int(rand() * 5 + s * 3)
				else if (type[j] == 2) v = (rand() < 0.1 + (s > 0) * 0.3) ? 1 : 0
				else if (type[j] == 3) v = (rand() < 0.02) ? "1e39" : sprintf("%.3g", (rand() + s) * 1e30)
				else {
					k = int(rand() * ncat[j]); if (bad && rand() < 0.3) k = k % 3
					v = parts[1 + k % 8] k
					gsub(/"/, "\"\"", v)
					v = "\"" v "\""
				}
				printf ",%s", v
			}
			print ""
		}
	}'
}
auc() { # FILE: the AUC of column pd against the labels of t.csv
	awk -F, 'NR == FNR { if (FNR > 1) y[$1] = $2; next }
		FNR == 1 { for (k = 1; k <= NF; k++) if ($k == "pd") c = k; next } { print $c "," y[$1] }' t.csv "$1" |
	sort -t, -k1,1g | awk -F, '{ p[NR] = $1; y[NR] = $2 } END {
		n = NR; i = 1; nb = 0; rs = 0
		while (i <= n) { j = i; while (j < n && p[j + 1] == p[i]) j++
			r = (i + j) / 2; for (k = i; k <= j; k++) if (y[k] == 1) { rs += r; nb++ }; i = j + 1 }
		printf "%.4f\n", (rs - nb * (nb + 1) / 2) / (nb * (n - nb)) }'
}
one() { # SEED ROWS COLS MAXCATS METHOD
	gen "$1" "$2" "$3" "$4" > t.csv
	er-train --method "$5" --trees 8 --folds 2 --min-iv 0 --max-corr 1 -o model.txt t.csv 2> report
	rc=$?
	awk '$1 == "train" && $2 == "rows" { for (k = 1; k <= NF; k++) if ($k == "auc") { v = $(k + 1); sub(/,/, "", v); print v } }' report > want
	er-score -m model.txt --quiet t.csv > s.csv; sc=$?
	rows=$(($(wc -l < s.csv) - 1))
	got=$(auc s.csv)
	awk -v seed="$1" -v rc="$rc" -v sc="$sc" -v rows="$rows" -v n="$2" -v got="$got" -v want="$(cat want)" 'BEGIN {
		d = got - want; if (d < 0) d = -d
		printf "seed %s: er-train exit %s, er-score exit %s, %s of %s rows, auc %s\n", seed, rc, sc, rows, n,
			(want != "" && d <= 0.001) ? "as reported" : "differs: " got " scored, " want " reported" }'
}
one 1 400 12 40 ensemble
one 2 300 25 60 scorecard
one 3 500 8 10 ensemble
one 4 2000 30 200 scorecard
one 5 200 60 30 scorecard
one 6 100000 2 100000 scorecard
cd / && rm -rf "$t"
