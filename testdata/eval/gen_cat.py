# Generates the categorical CSI test files of this folder (feat-cat-*.csv) and their expected
# CSI (cat-expected.csv), computed here independently of er with the standard formula: each
# category a bin, missing values one more, a bin empty on one side counting as half a row
# there, a bin empty on both left out. Plain python3; run once, the tests only read its files.
import math
import random

rng = random.Random(1617)

# industry: shares move (manufacturing falls, retail rises), "mining" only in the baseline,
# "data centre" only in the current file, some missing on both sides; region: stable
base_ind = {"manufacturing": 0.45, "retail": 0.20, "catering": 0.15, "mining": 0.10, "": 0.10}
cur_ind = {"manufacturing": 0.25, "retail": 0.40, "catering": 0.15, "data centre": 0.12, "": 0.08}
regions = {"north": 0.5, "south": 0.3, "west": 0.2}


def draw(shares):
    u, acc = rng.random(), 0.0
    for k, p in shares.items():
        acc += p
        if u < acc:
            return k
    return k


def rows(n, ind):
    return [(draw(ind), draw(regions)) for _ in range(n)]


def csi(base, cur):
    cats = sorted(set(base) | set(cur))
    nb, nc = len(base), len(cur)
    e = [base.count(c) for c in cats]
    a = [cur.count(c) for c in cats]
    e = [x if x > 0 else 0.5 for x in e]
    a = [x if x > 0 else 0.5 for x in a]
    te, ta = sum(e), sum(a)
    return sum((y / ta - x / te) * math.log((y / ta) / (x / te)) for x, y in zip(e, a))


b = rows(800, base_ind)
c = rows(600, cur_ind)
for path, rs, p in (("feat-cat-base.csv", b, "B"), ("feat-cat-cur.csv", c, "C")):
    with open(path, "w") as f:
        f.write("id,info.industry,info.region\n")
        for i, (ind, reg) in enumerate(rs):
            f.write(f"{p}{i:05d},{ind},{reg}\n")
with open("cat-expected.csv", "w") as f:
    f.write("metric,value\n")
    f.write(f"info.industry,{csi([r[0] for r in b], [r[0] for r in c])!r}\n")
    f.write(f"info.region,{csi([r[1] for r in b], [r[1] for r in c])!r}\n")
