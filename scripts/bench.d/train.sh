# er-train on the Taiwan credit-default split (testdata/taiwan, 20,952 train / 9,048 test rows):
# test AUC of each method (and of the scorecard on every indicator, without er-screen's
# selection) and the whole er-train process's CPU time at the defaults (gbdt: eta 0.05, depth
# 5, subsample and colsample 0.8, one thread, trees by early stopping in three folds, pd
# calibrated on the folds' scores), side by side with XGBoost 1.7's fit of 400 trees with the
# same parameters (Debian's python3-xgboost, hist, one thread) on the same split, and the
# ratio of the two.
tw=$top/testdata/taiwan
# test_ece MODEL: expected calibration error of er-score's pd on the test rows (10 bins of
# equal count by pd) and the bad rate per grade.
test_ece() {
	er-score --quiet --no-reasons -m "$1" "$tw/test.csv" | cut -d, -f3,4 | tail -n +2 > "$BENCH_TMP/tw-pdg"
	awk -F, 'NR > 1 { print $NF }' "$tw/test.csv" | paste -d, "$BENCH_TMP/tw-pdg" - | sort -t, -k1,1g |
		awk -F, '{ p[NR] = $1; y[NR] = $3; g = $2; n[g]++; b[g] += $3 } END {
			N = NR; e = 0
			for (k = 0; k < 10; k++) { s = int(k * N / 10) + 1; t = int((k + 1) * N / 10); sp = 0; sy = 0
				for (i = s; i <= t; i++) { sp += p[i]; sy += y[i] }
				if (t >= s) e += (t - s + 1) / N * (sp - sy < 0 ? sy - sp : sp - sy) / (t - s + 1) }
			printf "ece %.4f, bad rate by grade", e
			for (g = 65; g <= 68; g++) { c = sprintf("%c", g); printf " %s %.1f%%", c, n[c] ? 100 * b[c] / n[c] : 0 }
			print "" }'
}
# test_auc MODEL: AUC of er-score's pd on the test rows (ties count one half).
test_auc() {
	er-score --quiet --no-reasons -m "$1" "$tw/test.csv" | cut -d, -f3 | tail -n +2 > "$BENCH_TMP/tw-pd"
	awk -F, 'NR > 1 { print $NF }' "$tw/test.csv" | paste -d, "$BENCH_TMP/tw-pd" - | sort -t, -k1,1g |
		awk -F, '{ p[NR] = $1; y[NR] = $2 } END {
			n = NR; i = 1; nb = 0; rs = 0
			while (i <= n) { j = i; while (j < n && p[j + 1] == p[i]) j++
				r = (i + j) / 2; for (k = i; k <= j; k++) if (y[k] == 1) { rs += r; nb++ }
				i = j + 1 }
			ng = n - nb; printf "%.4f\n", (rs - nb * (nb + 1) / 2) / (nb * ng) }'
}
bench_run "er-train scorecard, every indicator" er-train --quiet --id ID --label default.payment.next.month \
	--method scorecard --min-iv 0 --max-corr 1 -o "$BENCH_TMP/tw-scorecard-all.model" "$tw/train.csv"
echo "er-train --method scorecard --min-iv 0 --max-corr 1: $BEST s (whole process, best of 3), test auc $(test_auc "$BENCH_TMP/tw-scorecard-all.model")"
for method in scorecard gbdt ensemble; do
	bench_run "er-train $method" er-train --quiet --id ID --label default.payment.next.month \
		--method "$method" -o "$BENCH_TMP/tw-$method.model" "$tw/train.csv"
	echo "er-train --method $method: $CPU s CPU (whole process, best of 3), test auc $(test_auc "$BENCH_TMP/tw-$method.model"), $(test_ece "$BENCH_TMP/tw-$method.model")"
	eval "train_$method=$CPU"
done
# what the trees' choices cost: every indicator, and the expected directions as constraints
for opts in "--all-indicators" "--directions $tw/directions.csv" "--trees 400 --all-indicators"; do
	# shellcheck disable=SC2086 # OPTS are words
	er-train --quiet --id ID --label default.payment.next.month --method gbdt $opts \
		-o "$BENCH_TMP/tw-gbdt-opts.model" "$tw/train.csv"
	echo "er-train --method gbdt $opts: test auc $(test_auc "$BENCH_TMP/tw-gbdt-opts.model")"
done
if /usr/bin/python3 -c 'import xgboost, numpy' 2> /dev/null; then
	(/usr/bin/python3 - "$tw/train.csv" "$tw/test.csv" <<'PY'
import csv, sys, time
import numpy as np, xgboost as xgb
def load(p):
    with open(p) as f:
        r = csv.reader(f); next(r); a = np.array([[float(v) for v in row] for row in r], dtype=np.float32)
    return a[:, 1:-1], a[:, -1]
def auc(y, p):
    o = np.argsort(p, kind="mergesort"); ps = p[o]; r = np.empty(len(p)); i = 0
    while i < len(ps):
        j = i
        while j + 1 < len(ps) and ps[j + 1] == ps[i]: j += 1
        r[o[i:j + 1]] = (i + j + 2) / 2.0; i = j + 1
    nb = y.sum(); return (r[y == 1].sum() - nb * (nb + 1) / 2) / (nb * (len(y) - nb))
X, y = load(sys.argv[1]); Xt, yt = load(sys.argv[2])
best = None
for _ in range(3):
    t = time.process_time()
    b = xgb.train({"objective": "binary:logistic", "eta": 0.05, "max_depth": 5, "subsample": 0.8,
                   "colsample_bytree": 0.8, "tree_method": "hist", "nthread": 1},
                  xgb.DMatrix(X, label=y, missing=np.nan, nthread=1), 400)
    t = time.process_time() - t
    best = t if best is None or t < best else best
print("xgboost 1.7 fit (DMatrix + 400 rounds, best of 3): %.3f s CPU, test auc %.4f" % (best, auc(yt, b.predict(xgb.DMatrix(Xt)))))
PY
	) | tee "$BENCH_TMP/tw-xgb.out"
	xgb_cpu=$(sed -n 's/.*best of 3): \([0-9.]*\) s CPU.*/\1/p' "$BENCH_TMP/tw-xgb.out")
	[ -z "$xgb_cpu" ] || echo "er-train gbdt / xgboost fit: $(echo "$train_gbdt $xgb_cpu" | awk '{ printf "%.2f", $1 / $2 }')x (must hold: 1.1x); ensemble / gbdt: $(echo "$train_ensemble $train_gbdt" | awk '{ printf "%.2f", $1 / $2 }')x (must hold: 6x)"
else
	echo "xgboost comparison skipped: python3-xgboost is not installed (apt-get install python3-xgboost)"
fi
