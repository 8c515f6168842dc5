#!/usr/bin/python3
"""Reference results of PyTorch's gradient utilities for @descent/optim's gradient transformations (PyTorch 1.13,
Debian's python3-torch).

Run with `pnpm fixtures:torch` (or `/usr/bin/python3 scripts/torch-transform-fixtures.py`). It writes
packages/optim/src/__fixtures__/torch-transforms.json with three kinds of case, each in float32 and float64:
* clip_grad_norm: gradients of several parameters, max_norm; torch.nn.utils.clip_grad_norm_'s returned total norm
  and the gradients it leaves (scaled by max_norm / (norm + 1e-6) when the norm is above max_norm);
* clip_grad_value: gradients and a clip value; the gradients clip_grad_value_ leaves;
* averaged_model: a sequence of parameter values (as an optimizer would produce them) and a decay, or none for SWA;
  the averaged parameters of torch.optim.swa_utils.AveragedModel after each update_parameters(). For the EMA the
  avg_fn is the one PyTorch 1.13's documentation gives, d * avg + (1 - d) * p (the first update copies).
Arrays are written as lists of Python floats (float32 values widen exactly).
"""
import json
import os

import torch
from torch.optim.swa_utils import AveragedModel

OUT = os.path.join(os.path.dirname(__file__), "..", "packages", "optim", "src", "__fixtures__", "torch-transforms.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def grads_for(seed, shapes, dtype, scale):
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(n, generator=g, dtype=torch.float64) * scale).to(dtype) for n in shapes]


def params_with(grads, dtype):
    """Parameters whose .grad is a copy of each gradient."""
    params = [torch.zeros(len(g), dtype=dtype, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    return params


def clip_norm_case(seed, shapes, scale, max_norm, dtype_name):
    dtype = DTYPES[dtype_name]
    grads = grads_for(seed, shapes, dtype, scale)
    params = params_with(grads, dtype)
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return {
        "kind": "clip_grad_norm", "dtype": dtype_name, "maxNorm": max_norm,
        "grads": [g.tolist() for g in grads], "norm": float(norm), "clipped": [p.grad.tolist() for p in params],
    }


def clip_value_case(seed, shapes, scale, clip, dtype_name):
    dtype = DTYPES[dtype_name]
    grads = grads_for(seed, shapes, dtype, scale)
    params = params_with(grads, dtype)
    torch.nn.utils.clip_grad_value_(params, clip)
    return {"kind": "clip_grad_value", "dtype": dtype_name, "clip": clip, "grads": [g.tolist() for g in grads],
            "clipped": [p.grad.tolist() for p in params]}


def averaged_case(seed, n, steps, decay, dtype_name):
    dtype = DTYPES[dtype_name]
    g = torch.Generator().manual_seed(seed)
    model = torch.nn.Linear(n, 1, bias=False).to(dtype)
    with torch.no_grad():
        model.weight.copy_(torch.randn(1, n, generator=g, dtype=torch.float64).to(dtype))
    if decay is None:
        averaged = AveragedModel(model)
    else:
        averaged = AveragedModel(model, avg_fn=lambda avg, p, num: decay * avg + (1 - decay) * p)
    values, averages = [], []
    for _ in range(steps):
        with torch.no_grad():
            # A step of some optimizer: the parameters drift and wobble.
            model.weight.add_((torch.randn(1, n, generator=g, dtype=torch.float64) * 0.1 + 0.05).to(dtype))
        averaged.update_parameters(model)
        values.append(model.weight.detach().flatten().tolist())
        averages.append(averaged.module.weight.detach().flatten().tolist())
    return {"kind": "averaged_model", "dtype": dtype_name, "decay": decay, "values": values, "averages": averages}


def main():
    cases = []
    for dtype in DTYPES:
        # Above the limit (clipped), below it (untouched), and a tiny norm near the 1e-6 guard.
        cases.append(clip_norm_case(1, [5, 3, 8], 2.0, 1.0, dtype))
        cases.append(clip_norm_case(2, [4, 6], 0.1, 5.0, dtype))
        cases.append(clip_norm_case(3, [7], 1e-7, 1e-7, dtype))
        cases.append(clip_value_case(4, [6, 5], 1.5, 0.5, dtype))
        cases.append(averaged_case(5, 4, 12, 0.9, dtype))
        cases.append(averaged_case(6, 3, 10, 0.999, dtype))
        cases.append(averaged_case(7, 4, 9, None, dtype))
    data = {"torch": torch.__version__, "cases": cases}
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    os.replace(tmp, OUT)
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
