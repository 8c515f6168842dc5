#!/usr/bin/python3
"""Reference results of torch.optim.LBFGS's strong Wolfe line search and of whole L-BFGS runs on non-quadratic objectives.

Run with Debian's PyTorch (python3-torch, 1.13): `/usr/bin/python3 scripts/torch-lbfgs-fixtures.py`. Writes
packages/optimizers/lbfgs/src/__fixtures__/torch-lbfgs-paths.json:

* `cubic`: torch.optim.lbfgs._cubic_interpolate on points with and without a minimum, in either order, with bounds.
* `lineSearches`: torch.optim.lbfgs._strong_wolfe from points of four objectives along -g, with several first step
  lengths and two tolerances. The script traces which lines of _strong_wolfe and _cubic_interpolate the cases run and
  prints the statements they miss: together they run acceptance at once, extrapolation, brackets closed by the Armijo
  test, by a rising loss and by a positive slope, the zoom with its move away from the lower end (the move away from
  the upper end is the one statement no case found reaches), the swap of the bracket's ends, the bracket-too-small
  exit and the 25-trial limit.
* `runs`: whole LBFGS runs (float64, most also float32) on the chained Rosenbrock function: each step's parameters,
  returned loss, closure calls, the optimizer's func_evals and n_iter after it, and (float64, short histories) the
  rest of its state; with and without the line search, a history that wraps, small max_eval, and tolerances that end
  steps early.

The objectives (the TypeScript tests compute the same formulas in the same order):
  rosenbrock(x) = sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2
  wavy(x)       = sum_i sin(3 x[i]) + 0.1 x[i]^2
  ripple(x)     = sum_i sin(10 x[i]) + x[i]^2
  linear(x)     = sum_i c[i] x[i], c = (1, -2, 0.5): no minimum, so the search extrapolates until its trial limit
"""
import json
import math
import os
import sys

import torch
from torch.optim import lbfgs as torch_lbfgs

torch.set_default_dtype(torch.float64)


def rosenbrock(x):
    f = torch.zeros((), dtype=x.dtype)
    g = torch.zeros_like(x)
    for i in range(len(x) - 1):
        a = x[i + 1] - x[i] * x[i]
        b = 1 - x[i]
        f = f + (100 * a * a + b * b)
        g[i] = g[i] + (-400 * a * x[i] - 2 * b)
        g[i + 1] = g[i + 1] + 200 * a
    return f, g


def wavy(x):
    f = torch.zeros((), dtype=x.dtype)
    g = torch.zeros_like(x)
    for i in range(len(x)):
        f = f + (torch.sin(3 * x[i]) + 0.1 * x[i] * x[i])
        g[i] = 3 * torch.cos(3 * x[i]) + 0.2 * x[i]
    return f, g


def ripple(x):
    f = torch.zeros((), dtype=x.dtype)
    g = torch.zeros_like(x)
    for i in range(len(x)):
        f = f + (torch.sin(10 * x[i]) + x[i] * x[i])
        g[i] = 10 * torch.cos(10 * x[i]) + 2 * x[i]
    return f, g


LINEAR_C = [1.0, -2.0, 0.5]


def linear(x):
    c = torch.tensor(LINEAR_C, dtype=x.dtype)
    f = torch.zeros((), dtype=x.dtype)
    for i in range(len(x)):
        f = f + c[i] * x[i]
    return f, c.clone()


OBJECTIVES = {"rosenbrock": rosenbrock, "wavy": wavy, "ripple": ripple, "linear": linear}


def cubic_cases():
    t = lambda v: torch.tensor(v, dtype=torch.float64)  # noqa: E731
    points = [
        (0.0, 1.0, -2.0, 1.0, 0.5, 1.0, None),  # a minimum between the points
        (1.0, 0.5, 1.0, 0.0, 1.0, -2.0, None),  # the same points in the other order
        (0.0, 1.0, -1.0, 2.0, 3.0, -4.0, None),  # d2^2 < 0: no minimum, the midpoint
        (0.0, 1.0, -1.0, 1.0, 0.2, -0.5, (1.01, 10.0)),  # extrapolation bounds, minimum beyond them
        (0.0, 1.0, -3.0, 1.0, 0.0, -0.1, (1.01, 10.0)),
        (0.5, 2.0, -1.0, 2.0, 1.0, 0.3, (0.6, 0.9)),  # the minimum above the upper bound
        (0.0, 0.0, 1.0, 1.0, 2.0, 3.0, None),  # rising at both ends
        (2.0, 1.0, 0.5, -1.0, 3.0, -0.25, None),
    ]
    out = []
    for x1, f1, g1, x2, f2, g2, bounds in points:
        value = torch_lbfgs._cubic_interpolate(x1, t(f1), t(g1), x2, t(f2), t(g2), bounds=bounds)
        out.append({"x1": x1, "f1": f1, "g1": g1, "x2": x2, "f2": f2, "g2": g2, "bounds": list(bounds) if bounds else None,
                    "result": float(value)})
    return out


def traced(run):
    """Runs `run()` and returns its result and the lines of torch's lbfgs.py it ran."""
    lines = set()
    path = torch_lbfgs.__file__

    def tracer(frame, event, arg):
        if frame.f_code.co_filename == path and frame.f_code.co_name in ("_strong_wolfe", "_cubic_interpolate"):
            if event == "line":
                lines.add(frame.f_lineno)
            return tracer
        return None

    sys.settrace(tracer)
    try:
        result = run()
    finally:
        sys.settrace(None)
    return result, lines


def line_search(objective, start, t, tolerance_change):
    fn = OBJECTIVES[objective]
    x = torch.tensor(start)
    f, g = fn(x)
    d = -g
    gtd = g.dot(d)

    def obj_func(x0, step, direction):
        return fn(x0 + step * direction)

    (f_new, g_new, t_new, evals), lines = traced(
        lambda: torch_lbfgs._strong_wolfe(obj_func, x, t, d, f, g, gtd, tolerance_change=tolerance_change))
    case = {"objective": objective, "start": start, "t": t, "toleranceChange": tolerance_change,
            "loss": float(f_new), "grad": g_new.tolist(), "step": float(t_new), "evaluations": int(evals)}
    return case, lines


def line_search_cases():
    starts = {
        "rosenbrock": [[-1.2, 1.0], [0.0, 0.0], [1.5, 2.0], [-0.5, 0.5, 1.5, -1.0], [1.2, 1.2]],
        "wavy": [[0.3, -1.1, 2.0], [1.0, 0.2], [-2.5, 0.7, 0.1]],
        # Found by trying starts: from these the zoom's cubic falls near an end of the bracket twice running.
        "ripple": [[-0.19], [-1.92], [1.45, 0.82], [-0.86]],
        "linear": [[0.0, 0.0, 0.0]],
    }
    candidates = []
    for objective, points in starts.items():
        for start in points:
            for t in (1e-4, 1e-2, 0.1, 1.0, 10.0, 100.0):
                for tolerance_change in (1e-9, 1.0):
                    candidates.append(line_search(objective, start, t, tolerance_change))
    # All of them are kept (they are cheap): a few already run every line, the rest vary which way each test goes.
    every = set().union(*(lines for _, lines in candidates))
    path = torch_lbfgs.__file__
    with open(path) as f:
        source = f.read().splitlines()
    body = [n for n in range(1, len(source) + 1) if n not in every and in_search(source, n)]
    print(f"line searches: {len(candidates)} run {len(every)} lines; lines of the two functions not run: {body}")
    return [case for case, _ in candidates]


def in_search(source, n):
    """Whether line n (1-based) is a statement of _cubic_interpolate or _strong_wolfe (not a comment or blank)."""
    start = next(k for k, line in enumerate(source) if line.startswith("def _cubic_interpolate"))
    end = next(k for k, line in enumerate(source) if line.startswith("class LBFGS"))
    text = source[n - 1].strip()
    return start < n - 1 < end and text != "" and not text.startswith("#") and not text.startswith("def ")


RUN_START = [-1.2, 1.0, -1.2, 1.0]
RUN_STEPS = 4
# Each run in float64, and in float32 where float32 can be compared: without the line search (bit for bit), and with it
# over a few iterations a step. Over 20-30 iterations of the line search on Rosenbrock's valley the float32 runs part
# from torch's by 1e-3 within the first step, so those are left out. (Which rounding differs is not pinned down; a
# likely one: torch's _cubic_interpolate computes in float32 once its operands are tensors, ours in float64 rounded
# once at the end; the valley amplifies any difference.)
RUN_OPTIONS = [
    ({"lr": 1, "max_iter": 5, "history_size": 3, "line_search_fn": "strong_wolfe"}, True),
    ({"lr": 1, "line_search_fn": "strong_wolfe"}, False),
    ({"lr": 1, "max_iter": 10, "max_eval": 7, "line_search_fn": "strong_wolfe"}, True),
    ({"lr": 0.05, "max_iter": 6, "history_size": 2}, True),
    ({"lr": 0.01, "max_iter": 30}, True),
    ({"lr": 1, "max_iter": 30, "tolerance_change": 1e-3, "line_search_fn": "strong_wolfe"}, False),
    ({"lr": 0.02, "max_iter": 30, "tolerance_change": 1e-3}, True),
    ({"lr": 1, "max_iter": 30, "tolerance_grad": 1e-1, "line_search_fn": "strong_wolfe"}, False),
]


def lbfgs_run(options, dtype):
    p = torch.tensor(RUN_START, dtype=dtype)
    opt = torch.optim.LBFGS([p], **options)
    steps = []
    for _ in range(RUN_STEPS):
        calls = [0]

        def closure():
            calls[0] += 1
            with torch.no_grad():
                f, g = rosenbrock(p)
                p.grad = g
                return f

        loss = opt.step(closure)
        state = opt.state[p]
        record = {"params": p.tolist(), "loss": float(loss), "funcEvals": state["func_evals"], "nIter": state["n_iter"],
                  "evaluations": calls[0]}
        if dtype == torch.float64 and "d" in state and ("history_size" in options or options.get("max_iter", 20) <= 10):
            # The memory the state dict saves, under our names (PyTorch keeps it all on the first parameter); only for
            # the runs with a short history, to keep the file small.
            record["state"] = {
                "d": state["d"].tolist(), "t": float(state["t"]), "hDiag": float(state["H_diag"]),
                "prevFlatGrad": state["prev_flat_grad"].tolist(), "prevLoss": float(state["prev_loss"]),
                "oldDirs": [v.tolist() for v in state["old_dirs"]], "oldStps": [v.tolist() for v in state["old_stps"]],
                "ro": [float(v) for v in state["ro"]],
            }
        steps.append(record)
    return steps


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {os.path.relpath(path)}")


def main():
    runs = []
    for options, with_float32 in RUN_OPTIONS:
        run = {"options": options, "float64": lbfgs_run(options, torch.float64)}
        if with_float32:
            run["float32"] = lbfgs_run(options, torch.float32)
        runs.append(run)
    for run in runs:
        for dtype in ("float64", "float32"):
            assert all(math.isfinite(v) for step in run.get(dtype, []) for v in step["params"]), (run["options"], dtype)
    fixture = {
        "generator": "scripts/torch-lbfgs-fixtures.py",
        "torch": torch.__version__,
        "objectives": {
            "rosenbrock": "sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2",
            "wavy": "sum_i sin(3 x[i]) + 0.1 x[i]^2",
            "ripple": "sum_i sin(10 x[i]) + x[i]^2",
            "linear": "sum_i c[i] x[i]",
        },
        "linearC": LINEAR_C,
        "cubic": cubic_cases(),
        "lineSearches": line_search_cases(),
        "runStart": RUN_START,
        "runs": runs,
    }
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "optimizers", "lbfgs")
    write_json(os.path.join(root, "src", "__fixtures__", "torch-lbfgs-paths.json"), fixture)


if __name__ == "__main__":
    main()
