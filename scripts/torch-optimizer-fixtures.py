#!/usr/bin/python3
"""Reference trajectories of torch.optim for the seven optimizer packages.

Run with Debian's PyTorch (python3-torch, 1.13): `pnpm fixtures:torch`. For each package it writes
packages/optimizers/<algo>/src/__fixtures__/torch-trajectories.json: for several option sets, the parameters after
every step of a run where the gradient is g_t = c * p + noise_t (it depends on the parameters, so state and weight
decay matter, and on the step, so the run is not a plain quadratic). Tests replay the same gradients in TypeScript and
compare, in float64 to 1e-9 relative and in float32 to float32 rounding.
"""
import json
import os

import numpy as np
import torch

STEPS = 30
START = [0.8, -1.3, 2.1, -0.4, 1.7, 0.05]
SCALES = [0.5, 1.0, 2.0, 3.0, 0.1, 1.5]
rng = np.random.default_rng(20211101)
NOISE = rng.normal(0.0, 0.3, size=(STEPS, len(START))).round(6).tolist()

# PyTorch's names; the TypeScript side maps them to camelCase (weight_decay -> weightDecay, betas -> beta1/beta2).
CASES = {
    "sgd": ("SGD", [{"lr": 0.1}, {"lr": 0.05, "weight_decay": 0.1}]),
    "momentum": ("SGD", [
        {"lr": 0.05, "momentum": 0.9},
        {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.01},
    ]),
    "nesterov": ("SGD", [
        {"lr": 0.05, "momentum": 0.9, "nesterov": True},
        {"lr": 0.02, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05},
    ]),
    "rmsprop": ("RMSprop", [
        {"lr": 0.01},
        {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "centered": True},
        {"lr": 0.005, "momentum": 0.9},
        {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.1},
    ]),
    "adagrad": ("Adagrad", [
        {"lr": 0.1},
        {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-8, "weight_decay": 0.05},
    ]),
    "adadelta": ("Adadelta", [{"lr": 1.0}, {"lr": 0.5, "rho": 0.95, "eps": 1e-5, "weight_decay": 0.1}]),
    "adam": ("Adam", [
        {"lr": 0.01},
        {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1},
        {"lr": 0.01, "amsgrad": True},
    ]),
}


def trajectory(cls_name, options, dtype):
    p = torch.tensor(START, dtype=dtype, requires_grad=True)
    scales = torch.tensor(SCALES, dtype=dtype)
    kwargs = dict(options)
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    opt = getattr(torch.optim, cls_name)([p], foreach=False, **kwargs)
    out = []
    for t in range(STEPS):
        with torch.no_grad():
            p.grad = scales * p.detach() + torch.tensor(NOISE[t], dtype=dtype)
        opt.step()
        out.append(p.detach().tolist())
    return out


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {os.path.relpath(path)}")


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "optimizers")
    for algo, (cls_name, option_sets) in CASES.items():
        fixture = {
            "generator": "scripts/torch-optimizer-fixtures.py",
            "torch": torch.__version__,
            "class": f"torch.optim.{cls_name}",
            "start": START,
            "scales": SCALES,
            "noise": NOISE,
            "cases": [
                {
                    "options": options,
                    "float64": trajectory(cls_name, options, torch.float64),
                    "float32": trajectory(cls_name, options, torch.float32),
                }
                for options in option_sets
            ],
        }
        write_json(os.path.join(root, algo, "src", "__fixtures__", "torch-trajectories.json"), fixture)
    # @descent/optim tests its replay check on its own heavy-ball fixture optimizer, which is SGD with momentum and
    # no dampening (b <- mu b + g, p <- p - lr b).
    heavy_ball = {
        "generator": "scripts/torch-optimizer-fixtures.py",
        "torch": torch.__version__,
        "class": "torch.optim.SGD",
        "start": START,
        "scales": SCALES,
        "noise": NOISE,
        "cases": [
            {"options": options, "float64": trajectory("SGD", options, torch.float64), "float32": trajectory("SGD", options, torch.float32)}
            for options in [{"lr": 0.05, "momentum": 0.9}, {"lr": 0.1, "momentum": 0.5}]
        ],
    }
    write_json(os.path.join(root, "..", "optim", "src", "__fixtures__", "torch-heavy-ball.json"), heavy_ball)


if __name__ == "__main__":
    main()
