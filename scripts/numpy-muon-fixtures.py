#!/usr/bin/python3
"""Reference trajectories of torch.optim.Muon (PyTorch 2.9) in NumPy, for @descent/optimizer-muon.

Debian's python3-torch is 1.13, which has no Muon, so this follows torch/optim/_muon.py (PyTorch 2.9,
`_single_tensor_muon`, `_zeropower_via_newtonschulz`, `_adjust_lr`) line by line, in float64. One deliberate
difference: PyTorch runs the Newton-Schulz iteration in bfloat16 (`grad.bfloat16()`); a float64 reference of a
bfloat16 computation would match nothing, so the iteration runs in float64 here, as it does in the package.

Run with Debian's NumPy: /usr/bin/python3 scripts/numpy-muon-fixtures.py. It writes
packages/optimizers/muon/src/__fixtures__/numpy-muon.json: for several option sets and matrix shapes, the parameters
after every step of a run whose gradient is g_t = c * p + noise_t (elementwise).
"""
import json
import math
import os

import numpy as np

STEPS = 30
DEFAULT_A, DEFAULT_B, DEFAULT_C = 3.4445, -4.7750, 2.0315
rng = np.random.default_rng(20250901)


def zeropower_via_newtonschulz(grad, ns_coefficients, ns_steps, eps):
    # _zeropower_via_newtonschulz, without the bfloat16 cast (see the module docstring).
    if ns_steps >= 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    a, b, c = ns_coefficients
    ortho_grad = grad.copy()
    if grad.shape[0] > grad.shape[1]:
        ortho_grad = ortho_grad.T
    # Ensure spectral norm is at most 1
    ortho_grad = ortho_grad / max(np.linalg.norm(ortho_grad), eps)
    for _ in range(ns_steps):
        gram_matrix = ortho_grad @ ortho_grad.T
        gram_update = b * gram_matrix + c * gram_matrix @ gram_matrix
        ortho_grad = a * ortho_grad + gram_update @ ortho_grad
    if grad.shape[0] > grad.shape[1]:
        ortho_grad = ortho_grad.T
    return ortho_grad


def adjust_lr(lr, adjust_lr_fn, param_shape):
    A, B = param_shape[:2]
    if adjust_lr_fn is None or adjust_lr_fn == "original":
        adjusted_ratio = math.sqrt(max(1, A / B))
    elif adjust_lr_fn == "match_rms_adamw":
        adjusted_ratio = 0.2 * math.sqrt(max(A, B))
    else:
        adjusted_ratio = 1.0
    return lr * adjusted_ratio


def trajectory(start, scales, noise, options):
    o = {"lr": 1e-3, "weight_decay": 0.1, "momentum": 0.95, "nesterov": True,
         "ns_coefficients": (DEFAULT_A, DEFAULT_B, DEFAULT_C), "eps": 1e-7, "ns_steps": 5, "adjust_lr_fn": None}
    o.update(options)
    param = np.array(start, dtype=np.float64)
    buf = np.zeros_like(param)
    out = []
    for t in range(STEPS):
        grad = scales * param + noise[t]
        # _single_tensor_muon
        momentum = o["momentum"]
        buf = buf + (1 - momentum) * (grad - buf)  # buf.lerp_(grad, 1 - momentum)
        update = grad + momentum * (buf - grad) if o["nesterov"] else buf  # grad.lerp(buf, momentum)
        update = zeropower_via_newtonschulz(update, o["ns_coefficients"], o["ns_steps"], o["eps"])
        adjusted_lr = adjust_lr(o["lr"], o["adjust_lr_fn"], param.shape)
        param = param * (1 - o["lr"] * o["weight_decay"])
        param = param - adjusted_lr * update
        out.append(param.reshape(-1).tolist())
    return out


CASES = [
    ((3, 4), {"lr": 0.02}),
    ((4, 3), {"lr": 0.02}),
    ((4, 3), {"lr": 0.05, "momentum": 0.9, "nesterov": False, "weight_decay": 0.01}),
    ((3, 5), {"lr": 0.01, "adjust_lr_fn": "match_rms_adamw", "weight_decay": 0.0}),
    ((5, 2), {"lr": 0.02, "ns_steps": 3, "ns_coefficients": [2.0, -1.5, 0.5], "eps": 1e-5}),
]


def main():
    cases = []
    for shape, options in CASES:
        n = shape[0] * shape[1]
        start = rng.normal(0.0, 1.0, size=n).round(6)
        scales = rng.uniform(0.1, 3.0, size=n).round(6)
        noise = rng.normal(0.0, 0.3, size=(STEPS, n)).round(6)
        traj = trajectory(start.reshape(shape), scales.reshape(shape), noise.reshape((STEPS,) + shape),
                          {k: tuple(v) if k == "ns_coefficients" else v for k, v in options.items()})
        cases.append({"shape": list(shape), "options": options, "start": start.tolist(), "scales": scales.tolist(),
                      "noise": noise.tolist(), "float64": traj})
    fixture = {
        "generator": "scripts/numpy-muon-fixtures.py",
        "follows": "torch.optim.Muon, PyTorch 2.9 (torch/optim/_muon.py), Newton-Schulz in float64 instead of bfloat16",
        "numpy": np.__version__,
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "optimizers", "muon", "src",
                        "__fixtures__", "numpy-muon.json")
    with open(path + ".tmp", "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
