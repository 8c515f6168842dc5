#!/usr/bin/python3
"""Reference classification metrics from Debian's scikit-learn (python3-sklearn) for @descent/stats.

Writes packages/metrics/src/__fixtures__/classification.json: several label/prediction pairs (10 classes, 3 classes,
a class never predicted, a constant prediction) with sklearn's confusion_matrix, accuracy_score and
matthews_corrcoef. Tests read the JSON; they never run Python.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix, matthews_corrcoef

rng = np.random.default_rng(11)
cases = []
for name, n, k, noise in [("ten classes", 500, 10, 0.3), ("three classes", 60, 3, 0.5), ("binary", 40, 2, 0.2)]:
    y = rng.integers(0, k, n)
    p = np.where(rng.random(n) < noise, rng.integers(0, k, n), y)
    cases.append((name, k, y, p))
y = rng.integers(0, 4, 50)
p = np.where(y == 3, 0, y)  # class 3 is never predicted
cases.append(("a class never predicted", 4, y, p))
cases.append(("constant prediction", 3, rng.integers(0, 3, 30), np.zeros(30, dtype=int)))

out = {"generator": "scripts/sklearn-classification-fixtures.py", "sklearn": sklearn.__version__, "cases": []}
for name, k, y, p in cases:
    out["cases"].append({
        "name": name,
        "classes": k,
        "true": y.tolist(),
        "pred": p.tolist(),
        "confusion": confusion_matrix(y, p, labels=list(range(k))).tolist(),
        "accuracy": accuracy_score(y, p),
        "mcc": matthews_corrcoef(y, p),
    })
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "metrics", "src", "__fixtures__", "classification.json")
with open(path + ".tmp", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
os.replace(path + ".tmp", path)
print("wrote", os.path.relpath(path))
