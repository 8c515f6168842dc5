#!/usr/bin/python3
"""Reference trajectories of torch.optim.Adafactor (PyTorch 2.5 and later) in NumPy, for @descent/optimizer-adafactor.

Debian's python3-torch is 1.13, which has no Adafactor, so this follows torch/optim/_adafactor.py
(`_single_tensor_adafactor`, the default for-loop implementation) line by line, in float64.

Run with Debian's NumPy: /usr/bin/python3 scripts/numpy-adafactor-fixtures.py. It writes
packages/optimizers/adafactor/src/__fixtures__/numpy-adafactor.json: for several option sets and shapes (a vector, a
matrix, a 3-D tensor), the parameters after every step of a run whose gradient is g_t = c * p + noise_t.
"""
import json
import os

import numpy as np

STEPS = 30
rng = np.random.default_rng(20241017)


def trajectory(shape, start, scales, noise, options):
    o = {"lr": 1e-2, "beta2_decay": -0.8, "eps": [None, 1e-3], "d": 1.0, "weight_decay": 0.0, "maximize": False}
    o.update(options)
    lr, beta2_decay, d, weight_decay = o["lr"], o["beta2_decay"], o["d"], o["weight_decay"]
    eps1, eps2 = o["eps"]
    param = np.array(start, dtype=np.float64).reshape(shape)
    scales = np.array(scales).reshape(shape)
    step_t = 0.0
    if len(shape) > 1:
        row_var = np.zeros(shape[:-1] + (1,))
        col_var = np.zeros(shape[:-2] + (1,) + shape[-1:])
    else:
        variance = np.zeros(shape)
    out = []
    for t in range(STEPS):
        grad = scales * param + np.array(noise[t]).reshape(shape)
        # _single_tensor_adafactor
        grad = grad if not o["maximize"] else -grad
        if eps1 is None:
            eps1 = np.finfo(np.float64).eps
        step_t += 1
        step_float = step_t
        one_minus_beta2_t = step_float**beta2_decay
        rho_t = min(lr, 1 / (step_float**0.5))
        alpha = max(eps2, np.linalg.norm(param.reshape(-1)) / (param.size**0.5)) * rho_t
        if weight_decay != 0:
            param = param * (1 - lr * weight_decay)
        if grad.ndim > 1:
            row_mean = np.linalg.norm(grad, axis=-1, keepdims=True) ** 2 / grad.shape[-1]
            row_var = row_var + one_minus_beta2_t * (row_mean - row_var)  # row_var.lerp_(row_mean, w)
            col_mean = np.linalg.norm(grad, axis=-2, keepdims=True) ** 2 / grad.shape[-2]
            col_var = col_var + one_minus_beta2_t * (col_mean - col_var)
            var_estimate = row_var @ col_var
            var_estimate = var_estimate / np.maximum(row_var.mean(axis=-2, keepdims=True), eps1)
        else:
            grad_squared = grad * grad
            variance = variance + one_minus_beta2_t * (grad_squared - variance)
            var_estimate = variance.copy()
        update = 1 / np.sqrt(np.maximum(var_estimate, eps1 * eps1))
        update = update * grad
        denom = max(1.0, np.linalg.norm(update.reshape(-1)) / ((update.size**0.5) * d))
        param = param + (-alpha / denom) * update
        out.append(param.reshape(-1).tolist())
    return out


CASES = [
    ((3, 4), {}),
    ((3, 4), {"lr": 0.05, "weight_decay": 0.1, "beta2_decay": -0.5, "eps": [1e-6, 1e-2], "d": 1.5}),
    ((5,), {"lr": 0.05}),
    ((5,), {"lr": 0.05, "eps": [1e-4, 1e-3], "weight_decay": 0.05, "maximize": True}),
    ((2, 3, 2), {"lr": 0.05, "d": 2.0}),
    ((4, 1), {"lr": 0.02, "maximize": True}),
]


def main():
    cases = []
    for shape, options in CASES:
        n = int(np.prod(shape))
        start = rng.normal(0.0, 1.0, size=n).round(6)
        scales = rng.uniform(0.1, 3.0, size=n).round(6)
        noise = rng.normal(0.0, 0.3, size=(STEPS, n)).round(6)
        traj = trajectory(shape, start, scales, noise.tolist(), options)
        cases.append({"shape": list(shape), "options": options, "start": start.tolist(), "scales": scales.tolist(),
                      "noise": noise.tolist(), "float64": traj})
    fixture = {
        "generator": "scripts/numpy-adafactor-fixtures.py",
        "follows": "torch.optim.Adafactor, PyTorch 2.5+ (torch/optim/_adafactor.py, _single_tensor_adafactor)",
        "numpy": np.__version__,
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "optimizers", "adafactor", "src",
                        "__fixtures__", "numpy-adafactor.json")
    with open(path + ".tmp", "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
