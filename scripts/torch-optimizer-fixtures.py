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
    "sgd": ("SGD", [{"lr": 0.1}, {"lr": 0.05, "weight_decay": 0.1}, {"lr": 0.05, "weight_decay": 0.1, "maximize": True}]),
    "momentum": ("SGD", [
        {"lr": 0.05, "momentum": 0.9},
        {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.01},
        {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01, "maximize": True},
    ]),
    "nesterov": ("SGD", [
        {"lr": 0.05, "momentum": 0.9, "nesterov": True},
        {"lr": 0.02, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05},
        {"lr": 0.02, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05, "maximize": True},
    ]),
    "rmsprop": ("RMSprop", [
        {"lr": 0.01},
        {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "centered": True},
        {"lr": 0.005, "momentum": 0.9},
        {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.1},
        {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.1, "maximize": True},
    ]),
    "adagrad": ("Adagrad", [
        {"lr": 0.1},
        {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-8, "weight_decay": 0.05},
        {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05, "maximize": True},
    ]),
    "adadelta": ("Adadelta", [
        {"lr": 1.0},
        {"lr": 0.5, "rho": 0.95, "eps": 1e-5, "weight_decay": 0.1},
        {"lr": 0.5, "rho": 0.95, "eps": 1e-5, "weight_decay": 0.1, "maximize": True},
    ]),
    "adam": ("Adam", [
        {"lr": 0.01},
        {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1},
        {"lr": 0.01, "amsgrad": True},
        {"lr": 0.02, "betas": [0.8, 0.99], "weight_decay": 0.1, "amsgrad": True, "maximize": True},
    ]),
    "adamw": ("AdamW", [
        {"lr": 0.01},
        {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1},
        {"lr": 0.01, "weight_decay": 0.05, "amsgrad": True},
        {"lr": 0.02, "betas": [0.8, 0.99], "weight_decay": 0.1, "amsgrad": True, "maximize": True},
    ]),
    "adamax": ("Adamax", [
        {"lr": 0.02},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1},
        {"lr": 0.05, "weight_decay": 0.1, "maximize": True},
    ]),
    "nadam": ("NAdam", [
        {"lr": 0.02},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1, "momentum_decay": 0.01},
    ]),
    # rho_t > 5 from step 6 on with beta2 = 0.999 and from step 7 with 0.99: both branches of the rectification run.
    "radam": ("RAdam", [
        {"lr": 0.05},
        {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1},
    ]),
    # Rprop has no weight decay. The second case clamps the step sizes at both ends within 30 steps.
    "rprop": ("Rprop", [
        {"lr": 0.01},
        {"lr": 0.05, "etas": [0.3, 1.5], "step_sizes": [1e-3, 0.2]},
        {"lr": 0.05, "etas": [0.3, 1.5], "step_sizes": [1e-3, 0.2], "maximize": True},
    ]),
    # t0 = 5: averaging starts within the 30 steps; ASGD keeps eta and mu as float32 tensors even for float64 params.
    "asgd": ("ASGD", [
        {"lr": 0.01},
        {"lr": 0.05, "lambd": 0.01, "alpha": 0.5, "t0": 5, "weight_decay": 0.1},
        {"lr": 0.05, "lambd": 0.01, "alpha": 0.5, "t0": 5, "weight_decay": 0.1, "maximize": True},
    ]),
}

# torch 1.13's single-tensor NAdam computes mu_product_next as mu_product * mu * mu_next, one mu too many against its
# own documented algorithm (prod_{i=1}^{t+1} mu_i); its foreach path and every later PyTorch (2.0 on) use
# mu_product * mu_next. The NAdam references come from the foreach path, which follows the documentation.
FOREACH = {"NAdam"}


def trajectory(cls_name, options, dtype):
    p = torch.tensor(START, dtype=dtype, requires_grad=True)
    scales = torch.tensor(SCALES, dtype=dtype)
    kwargs = dict(options)
    for pair in ("betas", "etas", "step_sizes"):
        if pair in kwargs:
            kwargs[pair] = tuple(kwargs[pair])
    opt = getattr(torch.optim, cls_name)([p], foreach=cls_name in FOREACH, **kwargs)
    out = []
    for t in range(STEPS):
        with torch.no_grad():
            p.grad = scales * p.detach() + torch.tensor(NOISE[t], dtype=dtype)
        opt.step()
        out.append(p.detach().tolist())
    return out


# Optimizers whose step(closure) evaluates the loss and gradient itself, several times a step. At step t the objective
# is f_t(p) = sum(0.5 * c * p^2 + noise_t * p), whose gradient is the g_t = c * p + noise_t of the other fixtures; a row
# is the parameters after one step(closure). Two iterations per step: no step ends on a tolerance test (whose outcome
# a rounding could flip), and the runs stay well conditioned. With more iterations and a longer history, L-BFGS on
# this changing objective amplifies a 1e-13 change of the start to 1e-7 within 30 steps, so torch's own float64 and
# float32 runs part ways and no rounding order could be checked.
CLOSURE_CASES = {
    "lbfgs": ("LBFGS", [
        {"lr": 0.3, "max_iter": 2},
        {"lr": 1, "max_iter": 2, "history_size": 2},
        {"lr": 1, "max_iter": 1, "line_search_fn": "strong_wolfe"},
    ]),
}


def closure_trajectory(cls_name, options, dtype):
    p = torch.tensor(START, dtype=dtype)
    p.grad = torch.zeros_like(p)
    scales = torch.tensor(SCALES, dtype=dtype)
    opt = getattr(torch.optim, cls_name)([p], **options)
    out = []
    for t in range(STEPS):
        noise = torch.tensor(NOISE[t], dtype=dtype)

        def closure():
            with torch.no_grad():
                p.grad = scales * p + noise
                return (0.5 * scales * p * p + noise * p).sum()

        opt.step(closure)
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
    for algo, (cls_name, option_sets) in CLOSURE_CASES.items():
        fixture = {
            "generator": "scripts/torch-optimizer-fixtures.py",
            "torch": torch.__version__,
            "class": f"torch.optim.{cls_name}",
            "closure": "f_t(p) = sum(0.5 * scales * p^2 + noise_t * p), gradient scales * p + noise_t",
            "start": START,
            "scales": SCALES,
            "noise": NOISE,
            "cases": [
                {
                    "options": options,
                    "float64": closure_trajectory(cls_name, options, torch.float64),
                    "float32": closure_trajectory(cls_name, options, torch.float32),
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
