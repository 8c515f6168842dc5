#!/usr/bin/python3
"""Reference statistics from Debian's SciPy and NumPy (python3-scipy) for @descent/stats.

Writes packages/stats/src/__fixtures__/scipy-stats.json. Samples: the book's 22 + 22 MCC files, unequal sizes, ties,
small samples where Mann-Whitney is exact, a skewed sample for the normal test. For each pair: ttest_ind (Student
and Welch, three alternatives), mannwhitneyu (three alternatives, auto and asymptotic, exact where allowed); for
each sample: mean, var/std (ddof 0 and 1), sem, median, quantiles, histogram (bin count and edges), skewtest,
kurtosistest, normaltest (n >= 8). Tests read the JSON; they never run Python.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
BOOK = os.path.join(HERE, "..", "fixtures", "book")
rng = np.random.default_rng(1107)

book_w = np.load(os.path.join(BOOK, "fmnist_w_momentum_runs.npy"))
book_no = np.load(os.path.join(BOOK, "fmnist_no_momentum_runs.npy"))

samples = {
    "book momentum": book_w,
    "book no momentum": book_no,
    "normal 30": rng.normal(0.5, 2.0, 30),
    "normal 17": rng.normal(1.0, 1.0, 17),
    "ties 25": rng.integers(0, 6, 25).astype(float),
    "ties 19": rng.integers(1, 7, 19).astype(float),
    "small 5": rng.normal(0, 1, 5),
    "small 7": rng.normal(0.8, 1, 7),
    "skewed 100": rng.exponential(1.0, 100),
    "constant-ish 12": np.array([3.0] * 11 + [3.5]),
}
pairs = [
    ("book momentum", "book no momentum"),
    ("normal 30", "normal 17"),
    ("ties 25", "ties 19"),
    ("small 5", "small 7"),
    ("small 7", "normal 17"),
]


def num(x):
    x = float(x)
    return x


out = {"generator": "scripts/scipy-stats-fixtures.py", "scipy": scipy.__version__, "numpy": np.__version__, "samples": {}, "pairs": []}
for name, x in samples.items():
    entry = {
        "values": x.tolist(),
        "mean": num(np.mean(x)),
        "var0": num(np.var(x)),
        "var1": num(np.var(x, ddof=1)),
        "std1": num(np.std(x, ddof=1)),
        "sem": num(stats.sem(x)),
        "median": num(np.median(x)),
        "quantiles": {str(q): num(np.quantile(x, q)) for q in (0, 0.1, 0.25, 0.5, 0.9, 1)},
    }
    counts, edges = np.histogram(x, bins=5)
    entry["histogram5"] = {"counts": counts.tolist(), "edges": edges.tolist()}
    fixed = np.linspace(np.min(x) - 0.1, np.max(x) + 0.3, 4)
    counts, edges = np.histogram(x, bins=fixed)
    entry["histogramEdges"] = {"counts": counts.tolist(), "edges": edges.tolist()}
    if len(x) >= 8:
        s = stats.skewtest(x)
        k = stats.kurtosistest(x)
        n = stats.normaltest(x)
        entry["skewtest"] = {"statistic": num(s.statistic), "p": num(s.pvalue)}
        entry["kurtosistest"] = {"statistic": num(k.statistic), "p": num(k.pvalue)}
        entry["normaltest"] = {"statistic": num(n.statistic), "p": num(n.pvalue)}
    out["samples"][name] = entry

for a, b in pairs:
    x, y = samples[a], samples[b]
    entry = {"a": a, "b": b, "ttest": {}, "welch": {}, "mannwhitney": {}}
    for alt in ("two-sided", "less", "greater"):
        t = stats.ttest_ind(x, y, alternative=alt)
        w = stats.ttest_ind(x, y, equal_var=False, alternative=alt)
        entry["ttest"][alt] = {"t": num(t.statistic), "p": num(t.pvalue)}
        entry["welch"][alt] = {"t": num(w.statistic), "p": num(w.pvalue)}
        for method in ("auto", "asymptotic", "exact"):
            has_ties = len(np.unique(np.concatenate([x, y]))) < len(x) + len(y)
            if method == "exact" and (has_ties or len(x) * len(y) > 400):
                continue
            m = stats.mannwhitneyu(x, y, alternative=alt, method=method)
            entry["mannwhitney"][f"{alt} {method}"] = {"U": num(m.statistic), "p": num(m.pvalue)}
    out["pairs"].append(entry)

path = os.path.join(HERE, "..", "packages", "stats", "src", "__fixtures__", "scipy-stats.json")
with open(path + ".tmp", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
os.replace(path + ".tmp", path)
print("wrote", os.path.relpath(path))
