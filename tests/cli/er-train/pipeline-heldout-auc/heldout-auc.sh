# heldout-auc.sh: the steps of the case tests/cli/er-train/pipeline-heldout-auc (what they show: see its cmd).
t=$(mktemp -d) && cd "$t" || exit 3
er-synth --seed 11 --enterprises 1500 --monthly --months 30 --out raw --quiet
for k in accounts bills inspections events loans labels; do er-ingest --kind $k --ids keep --quiet raw/$k.csv > $k.csv || echo "er-ingest $k: exit $?"; done
er-synth --seed 11 --enterprises 1500 --monthly --months 30 --table readings --quiet | er-ingest --kind readings --quiet |
	er-features --by enterprise --accounts accounts.csv --bills bills.csv --inspections inspections.csv --events events.csv --loans loans.csv --asof-from loans --quiet |
	awk 'NR == 1 { print > "train.csv"; print > "held.csv"; next } { print > (NR % 3 ? "train.csv" : "held.csv") }'
er-screen --quiet --labels labels.csv --bins bins.csv --selected selected.txt train.csv > screen.csv; echo "er-screen: exit $?, $(wc -l < selected.txt) indicators selected"
er-train --quiet --labels labels.csv --bins bins.csv --selected selected.txt --folds 3 --trees 100 -o model.txt train.csv; echo "er-train: exit $?"
er-score -m model.txt --quiet held.csv > scores.csv; echo "er-score: exit $?, $(($(wc -l < scores.csv) - 1)) rows scored"
awk -F, 'NR == FNR { if (FNR > 1) y[$1] = $2; next } FNR == 1 { for (k = 1; k <= NF; k++) if ($k == "pd") c = k; next } $1 in y { print $c "," y[$1] }' labels.csv scores.csv |
	sort -t, -k1,1g | awk -F, '{ p[NR] = $1; y[NR] = $2 } END {
		n = NR; i = 1; nb = 0; rs = 0
		while (i <= n) { j = i; while (j < n && p[j + 1] == p[i]) j++
			r = (i + j) / 2; for (k = i; k <= j; k++) if (y[k] == 1) { rs += r; nb++ }; i = j + 1 }
		auc = (rs - nb * (nb + 1) / 2) / (nb * (n - nb))
		printf "held out: %d labelled rows, %d bad, auc %s 0.65\n", n, nb, (auc >= 0.65 ? ">=" : "< (" auc ") below") }'
cd / && rm -rf "$t"
