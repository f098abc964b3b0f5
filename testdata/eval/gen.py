# Generates the er-eval test files of this folder and their expected values, computed here
# independently of er (scikit-learn for AUC, KS, log loss and Brier; numpy for PSI/CSI with
# ten equal-count bins of the baseline, a value equal to a cut going to the lower bin).
# Run once when the tests were written (python3 with numpy and scikit-learn); the tests only
# read the files it wrote.
import numpy as np
from sklearn.metrics import roc_auc_score, roc_curve, log_loss, brier_score_loss

rng = np.random.default_rng(2016)


def scored(n, shift):
    x = rng.normal(size=n) + shift
    pd_ = np.round(1 / (1 + np.exp(-(1.2 * x - 2.0))), 3)  # rounded: many ties
    pd_ = np.clip(pd_, 0.001, 0.999)
    y = (rng.random(n) < 1 / (1 + np.exp(-(x - 2.0)))).astype(int)
    score = np.round(600 - 50 * np.log(pd_ / (1 - pd_)), 2)
    return pd_, score, y


def write_scores(path, ids, pd_, score, y=None):
    with open(path, "w") as f:
        f.write("id,score,pd,grade" + (",label" if y is not None else "") + "\n")
        for i in range(len(ids)):
            g = "A" if pd_[i] < 0.05 else "B" if pd_[i] < 0.1 else "C" if pd_[i] < 0.2 else "D"
            f.write(f"{ids[i]},{score[i]:.2f},{pd_[i]:.3f},{g}" + (f",{y[i]}" if y is not None else "") + "\n")


def psi(base, cur):
    s = np.sort(base)
    n = len(s)
    edges = []
    for b in range(1, 10):
        e = s[(b * n) // 10 - 1]
        if (not edges or e > edges[-1]) and e < s[-1]:
            edges.append(e)
    eb = np.bincount(np.searchsorted(edges, base, side="left"), minlength=len(edges) + 1) / len(base)
    ab = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1) / len(cur)
    return float(np.sum((ab - eb) * np.log(ab / eb)))


n = 1000
pd_, score, y = scored(n, 0.0)
ids = [f"E{i:05d}" for i in range(n)]
write_scores("sk.csv", ids, pd_, score, y)
fpr, tpr, _ = roc_curve(y, pd_, drop_intermediate=False)
with open("sk-expected.csv", "w") as f:
    f.write("metric,value\n")
    f.write(f"auc,{roc_auc_score(y, pd_)!r}\n")
    f.write(f"ks,{float(np.max(tpr - fpr))!r}\n")
    f.write(f"logloss,{log_loss(y, pd_)!r}\n")
    f.write(f"brier,{brier_score_loss(y, pd_)!r}\n")

# a baseline and a shifted current population; PSI of the score (points, continuous enough)
bpd, bscore, _ = scored(2000, 0.0)
cpd, cscore, _ = scored(1500, 0.3)
write_scores("psi-base.csv", [f"B{i:05d}" for i in range(2000)], bpd, bscore)
write_scores("psi-cur.csv", [f"C{i:05d}" for i in range(1500)], cpd, cscore)
# features: two indicators, one drifting, one stable
bf = np.column_stack([rng.normal(size=2000), rng.gamma(2.0, size=2000)])
cf = np.column_stack([rng.normal(size=1500) + 0.5, rng.gamma(2.0, size=1500)])
for path, m, p in (("feat-base.csv", bf, "B"), ("feat-cur.csv", cf, "C")):
    with open(path, "w") as f:
        f.write("id,usage.drift,pay.stable\n")
        for i in range(len(m)):
            f.write(f"{p}{i:05d},{m[i, 0]:.6f},{m[i, 1]:.6f}\n")
with open("psi-expected.csv", "w") as f:
    f.write("metric,value\n")
    f.write(f"psi,{psi(bscore, cscore)!r}\n")
    f.write(f"usage.drift,{psi(np.round(bf[:, 0], 6), np.round(cf[:, 0], 6))!r}\n")
    f.write(f"pay.stable,{psi(np.round(bf[:, 1], 6), np.round(cf[:, 1], 6))!r}\n")
