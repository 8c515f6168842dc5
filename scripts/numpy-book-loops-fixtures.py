#!/usr/bin/python3
"""Reference trajectories of chapter 11's 1D/2D experiments, computed with NumPy, for @descent/surfaces' tests.

Run with Debian's NumPy (python3-numpy): `pnpm fixtures:numpy`. It writes
packages/surfaces/src/__fixtures__/numpy-book-loops.json. Everything here is written from the chapter's equations
(chapter spec §1-3), not from the TypeScript: the functions and their gradients (eq. 11.2, 11.4, the bowl and the
canyon), gradient descent (eq. 11.1) with the simultaneous update and with gd_multiple.py's x-then-y order, momentum
(eq. 11.5), Nesterov (eq. 11.6) with the full look-ahead and with gd_nesterov.py's one-axis-at-a-time look-ahead, and
the two minima of eq. 11.4 found by Newton's method on the hand-derived gradient and Hessian. Every trajectory is
stored whole (start first, then one point per step); tests compare the TypeScript loops with it point by point.

Before writing, the script checks its own loops against the numbers the book prints (spec §3), so that a mistake in
this reference cannot pass silently.
"""
import json
import os

import numpy as np


# ---- the functions of spec §2, each with its gradient -------------------------------------------------------------

def parabola_grad(p):
    return np.array([12.0 * p[0] - 12.0])


def bowl_grad(p):
    return np.array([12.0 * p[0] - 12.0, 18.0 * p[1] - 14.0])


def canyon_grad(p):
    return np.array([12.0 * p[0] - 12.0, 80.0 * p[1] - 30.0])


# eq. 11.4: f = -2 exp(-((x+1)^2 + (y-1)^2)/2) - exp(-((x-1)^2 + (y+1)^2)/2), a sum of two terms -a exp(-|p - c|^2 / 2).
GAUSSIANS = [(2.0, np.array([-1.0, 1.0])), (1.0, np.array([1.0, -1.0]))]


def gaussians_value(p):
    return sum(-a * np.exp(-0.5 * np.sum((p - c) ** 2)) for a, c in GAUSSIANS)


def gaussians_grad(p):
    # d/dp of -a exp(-|p-c|^2/2) is a (p - c) exp(-|p-c|^2/2).
    return sum(a * (p - c) * np.exp(-0.5 * np.sum((p - c) ** 2)) for a, c in GAUSSIANS)


def gaussians_hessian(p):
    # d/dp of a (p - c) E is a E (I - (p - c)(p - c)^T).
    h = np.zeros((2, 2))
    for a, c in GAUSSIANS:
        d = p - c
        h += a * np.exp(-0.5 * np.sum(d ** 2)) * (np.eye(2) - np.outer(d, d))
    return h


# ---- the update rules of spec §1 and the book's two quirks of spec §3 ---------------------------------------------

def gradient_descent(grad, start, eta, steps, order="simultaneous"):
    """Eq. 11.1: x <- x - eta grad f(x). 'x-then-y' is gd_multiple.py: x moves first, df/dy is taken at the new x."""
    p = np.array(start, dtype=np.float64)
    out = [p.copy()]
    for _ in range(steps):
        if order == "x-then-y":
            p[0] = p[0] - eta * grad(p)[0]
            p[1] = p[1] - eta * grad(p)[1]
        else:
            p = p - eta * grad(p)
        out.append(p.copy())
    return out


def momentum(grad, start, eta, mu, steps):
    """Eq. 11.5: v <- mu v - eta grad f(x); x <- x + v; v0 = 0."""
    p = np.array(start, dtype=np.float64)
    v = np.zeros_like(p)
    out = [p.copy()]
    for _ in range(steps):
        v = mu * v - eta * grad(p)
        p = p + v
        out.append(p.copy())
    return out


def nesterov(grad, start, eta, mu, steps, look_ahead="full"):
    """Eq. 11.6: v <- mu v - eta grad f(x + mu v); x <- x + v. 'per-axis' is gd_nesterov.py: df/dx at
    (x + mu vx, y), df/dy at (x, y + mu vy)."""
    p = np.array(start, dtype=np.float64)
    v = np.zeros_like(p)
    out = [p.copy()]
    for _ in range(steps):
        if look_ahead == "full":
            g = grad(p + mu * v)
        else:
            g = np.array([grad(p + mu * v * np.eye(len(p))[k])[k] for k in range(len(p))])
        v = mu * v - eta * g
        p = p + v
        out.append(p.copy())
    return out


def newton_minimum(start):
    p = np.array(start, dtype=np.float64)
    for _ in range(50):
        p = p - np.linalg.solve(gaussians_hessian(p), gaussians_grad(p))
    return p


def listed(points):
    return [[float(v) for v in p] for p in points]


# ---- the experiments of spec §3 ------------------------------------------------------------------------------------

TABLE_11_1 = [("circle", [-1.5, 1.2], 9), ("square", [1.5, -1.8], 9), ("plus", [0.0, 0.0], 20), ("triangle", [0.7, -0.2], 20), ("star", [1.5, 1.5], 30)]
TABLE_11_2 = [([0.7, -0.2], 0.1, 0.9, 25), ([1.5, 1.5], 0.02, 0.9, 90)]

out = {
    "generator": "scripts/numpy-book-loops-fixtures.py",
    "numpy": np.__version__,
    "fig-11-1": {"start": [-0.9], "eta": 0.03, "steps": 15, "points": listed(gradient_descent(parabola_grad, [-0.9], 0.03, 15))},
    "fig-11-2": {"start": [0.75], "eta": 0.15, "steps": 14, "points": listed(gradient_descent(parabola_grad, [0.75], 0.15, 14))},
    "fig-11-3": [
        {"start": s, "eta": 0.02, "steps": 12, "points": listed(gradient_descent(bowl_grad, s, 0.02, 12))}
        for s in ([-0.5, 2.9], [1.5, -0.8], [2.7, 2.3])
    ],
    "fig-11-4": [
        {"start": s, "eta": eta, "steps": 14, "points": listed(gradient_descent(canyon_grad, s, eta, 14))}
        for s, eta in (([-0.5, 2.3], 0.02), ([2.3, 2.3], 0.01))
    ],
    "table-11-1": [
        {
            "marker": name,
            "start": s,
            "eta": 0.4,
            "steps": n,
            "xThenY": listed(gradient_descent(gaussians_grad, s, 0.4, n, "x-then-y")),
            "simultaneous": listed(gradient_descent(gaussians_grad, s, 0.4, n)),
        }
        for name, s, n in TABLE_11_1
    ],
    "fig-11-6": {"start": [0.75], "eta": 0.09, "mu": 0.8, "steps": 50, "points": listed(momentum(parabola_grad, [0.75], 0.09, 0.8, 50))},
    "table-11-2": [
        {
            "start": s,
            "eta": eta,
            "mu": mu,
            "steps": n,
            "momentum": listed(momentum(gaussians_grad, s, eta, mu, n)),
            "nesterovPerAxis": listed(nesterov(gaussians_grad, s, eta, mu, n, "per-axis")),
            "nesterovFull": listed(nesterov(gaussians_grad, s, eta, mu, n, "full")),
        }
        for s, eta, mu, n in TABLE_11_2
    ],
    "two-gaussians-minima": [],
}
for kind, start in (("global", [-1.0, 1.0]), ("local", [1.0, -1.0])):
    m = newton_minimum(start)
    out["two-gaussians-minima"].append({
        "kind": kind,
        "point": [float(v) for v in m],
        "value": float(gaussians_value(m)),
        "hessianEigenvalues": [float(v) for v in np.linalg.eigvalsh(gaussians_hessian(m))],
    })


# ---- the reference must give what the book prints (spec §3) before anything is written -----------------------------

def check(what, got, book, digits):
    if [round(v, digits) for v in got] != book:
        raise SystemExit(f"numpy-book-loops-fixtures: {what} ends at {got}, the book prints {book}")


check("fig-11-1", out["fig-11-1"]["points"][-1], [0.997648], 6)
check("fig-11-6", out["fig-11-6"]["points"][-1], [1.000215], 6)
check("gd_multiple from (1.5, -1.8)", out["table-11-1"][1]["xThenY"][-1], [0.932794, -0.933124], 6)
for row, book_momentum, book_nesterov in zip(out["table-11-2"], ([0.8807, -0.9063], [-0.9496, 0.9809]), ([0.9128, -0.9181], [-0.9718, 0.9813])):
    check(f"momentum from {row['start']}", row["momentum"][-1], book_momentum, 4)
    check(f"gd_nesterov from {row['start']}", row["nesterovPerAxis"][-1], book_nesterov, 4)
for m in out["two-gaussians-minima"]:
    if np.linalg.norm(gaussians_grad(np.array(m["point"]))) > 1e-14 or min(m["hessianEigenvalues"]) <= 0:
        raise SystemExit(f"numpy-book-loops-fixtures: Newton's method did not find a minimum: {m}")

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "surfaces", "src", "__fixtures__", "numpy-book-loops.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path + ".tmp", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
os.replace(path + ".tmp", path)
print("wrote", os.path.relpath(path))
