#!/usr/bin/python3
"""Edge cases of @descent/stats from Debian's SciPy and NumPy, beside scripts/scipy-stats-fixtures.py.

Writes packages/stats/src/__fixtures__/scipy-edge-cases.json: the cases mutation testing (pnpm test:mutation) found
unchecked. Histograms of a constant sample, of one bin, with values outside the edges and on interior edges;
quantiles at 0 and 1; D'Agostino's skewness test of a symmetric sample (SciPy replaces y = 0 by 1); the
kurtosis test at its smallest n; Mann-Whitney without the continuity correction and exactly with ties; the exact
null distribution of U by enumerating every arrangement (itertools, not SciPy); SciPy's rankdata with the tie term;
Hedges' g written from its definition. Tests read the JSON; they never run Python.
"""
import itertools
import json
import os

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "packages", "stats", "src", "__fixtures__", "scipy-edge-cases.json")


def floats(values):
    return [float(v) for v in values]


def histogram(x, bins):
    counts, edges = np.histogram(np.asarray(x, dtype=float), bins=bins)
    return {"x": floats(x), "bins": bins if isinstance(bins, int) else floats(bins), "counts": [int(c) for c in counts], "edges": floats(edges)}


histograms = [
    histogram([2.0, 2.0, 2.0], 4),  # all equal: NumPy widens the range to [v - 0.5, v + 0.5]
    histogram([0.3, -1.2, 4.0, 2.5], 1),
    histogram([-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0], [0.0, 1.0, 2.0]),  # outside, on the first, interior and last edge
    histogram([5.0, 1.0, 4.0, 2.0, 3.0, 3.0, 9.0], 3),
    histogram([0.5, 1.0, 1.5, 2.0], [0.0, 1.0, 1.0, 2.0]),  # a repeated edge: an empty bin
]

quantile_sample = [4.0, -2.0, 7.5, 1.0, 3.0]
quantiles = {"x": quantile_sample, "q": {str(q): float(np.quantile(quantile_sample, q)) for q in (0.0, 0.1, 0.5, 0.75, 1.0)}}

symmetric = [-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0]
skew_symmetric = stats.skewtest(symmetric)
smallest_kurtosis = [1.0, 2.5, 2.0, 7.0, 3.0]
kurtosis_n5 = stats.kurtosistest(smallest_kurtosis)
n19 = np.random.default_rng(19).normal(0, 1, 19)
n20 = np.random.default_rng(20).normal(0, 1, 20)

mw_a = [1.0, 4.0, 4.0, 6.0, 9.0, 10.0, 12.0, 3.0, 2.0, 8.0]
mw_b = [5.0, 4.0, 7.0, 11.0, 13.0, 14.0, 6.0, 15.0, 16.0]
mannwhitney = {"a": mw_a, "b": mw_b, "results": []}
for alternative in ("two-sided", "less", "greater"):
    for continuity in (True, False):
        r = stats.mannwhitneyu(mw_a, mw_b, alternative=alternative, method="asymptotic", use_continuity=continuity)
        mannwhitney["results"].append({"alternative": alternative, "method": "asymptotic", "continuity": continuity, "U": float(r.statistic), "p": float(r.pvalue)})
    # Ties and the exact method: U = 6.5 here.
    small_a, small_b = [1.0, 2.0, 5.0, 6.0], [2.0, 3.0, 4.0]
    r = stats.mannwhitneyu(small_a, small_b, alternative=alternative, method="exact")
    mannwhitney.setdefault("exactWithTies", {"a": small_a, "b": small_b, "results": []})["results"].append({"alternative": alternative, "U": float(r.statistic), "p": float(r.pvalue)})


def exact_u_sf(m, n):
    """P(U >= u) for u = 0..mn under the null, counting all C(m+n, m) placements of the first sample's ranks."""
    counts = [0] * (m * n + 1)
    for chosen in itertools.combinations(range(1, m + n + 1), m):
        counts[sum(chosen) - m * (m + 1) // 2] += 1
    total = sum(counts)
    return [sum(counts[u:]) / total for u in range(m * n + 1)]


exact_null = [{"m": m, "n": n, "sf": exact_u_sf(m, n)} for (m, n) in ((3, 4), (1, 5), (4, 4))]

rank_values = [3.0, 1.0, 3.0, 2.0, 3.0, 1.0, 7.0]
ranks = {"values": rank_values, "ranks": floats(stats.rankdata(rank_values)), "tieTerm": float(sum(t**3 - t for t in np.unique(rank_values, return_counts=True)[1]))}


def hedges_g(a, b):
    a, b = np.asarray(a), np.asarray(b)
    na, nb = len(a), len(b)
    pooled = np.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
    return float((a.mean() - b.mean()) / pooled * (1 - 3 / (4 * (na + nb) - 9)))


hedges = {"a": [2.0, 4.0, 7.0, 3.0], "b": [1.0, 0.5, 2.5, 1.5, 0.0, 1.0], "g": hedges_g([2.0, 4.0, 7.0, 3.0], [1.0, 0.5, 2.5, 1.5, 0.0, 1.0])}

ttest_small = {"a": [1.0, 3.0], "b": [2.0, 6.0], "student": float(stats.ttest_ind([1.0, 3.0], [2.0, 6.0]).pvalue), "welchDf": None}
welch = stats.ttest_ind([1.0, 3.0], [2.0, 6.0, 7.0], equal_var=False)
ttest_small["welch"] = {"b": [2.0, 6.0, 7.0], "t": float(welch.statistic), "p": float(welch.pvalue)}
va, vb = np.var([1.0, 3.0], ddof=1) / 2, np.var([2.0, 6.0, 7.0], ddof=1) / 3
ttest_small["welchDf"] = float((va + vb) ** 2 / (va**2 / 1 + vb**2 / 2))

chi2 = {str(x): float(stats.chi2.sf(x, 2)) for x in (0.0, 0.5, 3.0, 40.0)}

fixture = {
    "generator": "scripts/scipy-stats-edge-fixtures.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "histograms": histograms,
    "quantiles": quantiles,
    "skewSymmetric": {"x": symmetric, "statistic": float(skew_symmetric.statistic), "p": float(skew_symmetric.pvalue)},
    "kurtosisN5": {"x": smallest_kurtosis, "statistic": float(kurtosis_n5.statistic), "p": float(kurtosis_n5.pvalue)},
    "normalTest": [
        {"x": floats(x), "statistic": float(stats.normaltest(x).statistic), "p": float(stats.normaltest(x).pvalue)} for x in (n19, n20)
    ],
    "mannwhitney": mannwhitney,
    "exactNull": exact_null,
    "ranks": ranks,
    "hedges": hedges,
    "ttestSmall": ttest_small,
    "chiSquareSf2": chi2,
}
tmp = OUT + ".tmp"
with open(tmp, "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
os.replace(tmp, OUT)
print(f"wrote {os.path.relpath(OUT, os.path.join(HERE, '..'))}")
