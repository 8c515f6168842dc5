#!/usr/bin/python3
"""Reference learning-rate sequences of torch.optim.lr_scheduler (PyTorch 1.13, Debian's python3-torch).

Run with `pnpm fixtures:torch` (or `/usr/bin/python3 scripts/torch-scheduler-fixtures.py`). It writes
packages/optim/src/__fixtures__/torch-schedulers.json: for each case, a schedule spec in PyTorch's names (the JSON
format @descent/optim reads), the base lr, and the lr (and momentum or beta1, when cycled) read from
optimizer.param_groups[0] just before each optimizer.step(). The scheduler steps after every optimizer step but the
last, with metrics[t] after step t for ReduceLROnPlateau. The spec is turned into torch schedulers here by passing its
arguments straight to the constructors, so the JSON names are PyTorch's own; an lr_lambda is a Python expression in
`epoch`, made a function with eval (the TypeScript side parses the same text).
"""
import json
import math
import os

import torch
from torch.optim import lr_scheduler

LAMBDA_NAMESPACE = {"min": min, "max": max, "abs": abs, "exp": math.exp, "log": math.log, "sqrt": math.sqrt,
                    "cos": math.cos, "sin": math.sin, "floor": math.floor, "ceil": math.ceil, "pi": math.pi, "e": math.e}


def build(spec, optimizer):
    args = {k: v for k, v in spec.items() if k != "name"}
    cls = getattr(lr_scheduler, spec["name"])
    if "lr_lambda" in args:
        args["lr_lambda"] = eval("lambda epoch: " + args["lr_lambda"], dict(LAMBDA_NAMESPACE))  # noqa: S307 (our own text)
    if "schedulers" in args:
        args["schedulers"] = [build(s, optimizer) for s in args["schedulers"]]
    if spec["name"] == "ChainedScheduler":
        return cls(**args)
    return cls(optimizer, **args)


def cycles_momentum(spec):
    if spec["name"] in ("CyclicLR", "OneCycleLR") and spec.get("cycle_momentum", True):
        return True
    return any(cycles_momentum(s) for s in spec.get("schedulers", []))


def sequence(case):
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    param.grad = torch.zeros(1, dtype=torch.float64)
    if case.get("optimizer") == "adam":
        optimizer = torch.optim.Adam([param], lr=case["lr"])
    else:
        optimizer = torch.optim.SGD([param], lr=case["lr"], momentum=0.9)
    scheduler = build(case["spec"], optimizer)
    group = optimizer.param_groups[0]
    lrs, momenta = [], []
    for t in range(case["steps"]):
        lrs.append(float(group["lr"]))
        momenta.append(float(group["betas"][0] if "betas" in group else group["momentum"]))
        optimizer.step()
        if t < case["steps"] - 1:
            if "metrics" in case:
                scheduler.step(case["metrics"][t])
            else:
                scheduler.step()
    out = dict(case)
    out["lr_sequence"] = lrs
    if cycles_momentum(case["spec"]):
        out["momentum_sequence"] = momenta
    return out


# A plateau, an improvement too small to count, a fall, noise: every branch of ReduceLROnPlateau's bookkeeping.
PLATEAU = [1.0, 0.9, 0.9, 0.9, 0.89995, 0.9, 0.9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
           0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4]
RISING = [-m for m in PLATEAU]

CASES = [
    {"spec": {"name": "LambdaLR", "lr_lambda": "0.95 ** epoch"}, "lr": 0.1, "steps": 20},
    {"spec": {"name": "LambdaLR", "lr_lambda": "min(1.0, (epoch + 1) / 5) * 0.5 ** (epoch // 10)"}, "lr": 0.2, "steps": 25},
    {"spec": {"name": "MultiplicativeLR", "lr_lambda": "0.9"}, "lr": 0.1, "steps": 15},
    {"spec": {"name": "MultiplicativeLR", "lr_lambda": "1 - epoch / 50 + (epoch % 3) / 100"}, "lr": 0.1, "steps": 20},
    {"spec": {"name": "StepLR", "step_size": 3, "gamma": 0.5}, "lr": 0.1, "steps": 12},
    {"spec": {"name": "StepLR", "step_size": 4}, "lr": 1.0, "steps": 13},
    {"spec": {"name": "MultiStepLR", "milestones": [2, 5, 5, 9], "gamma": 0.5}, "lr": 0.1, "steps": 12},
    {"spec": {"name": "ConstantLR"}, "lr": 0.05, "steps": 8},
    {"spec": {"name": "ConstantLR", "factor": 0.5, "total_iters": 4}, "lr": 0.05, "steps": 8},
    {"spec": {"name": "LinearLR"}, "lr": 0.05, "steps": 8},
    {"spec": {"name": "LinearLR", "start_factor": 0.25, "end_factor": 0.75, "total_iters": 7}, "lr": 0.3, "steps": 10},
    {"spec": {"name": "ExponentialLR", "gamma": 0.9}, "lr": 0.1, "steps": 30},
    {"spec": {"name": "CosineAnnealingLR", "T_max": 10}, "lr": 0.1, "steps": 45},
    {"spec": {"name": "CosineAnnealingLR", "T_max": 7, "eta_min": 0.01}, "lr": 0.1, "steps": 40},
    {"spec": {"name": "PolynomialLR"}, "lr": 0.001, "steps": 8},
    {"spec": {"name": "PolynomialLR", "total_iters": 6, "power": 2.0}, "lr": 0.1, "steps": 9},
    {"spec": {"name": "CosineAnnealingWarmRestarts", "T_0": 5}, "lr": 0.1, "steps": 17},
    {"spec": {"name": "CosineAnnealingWarmRestarts", "T_0": 3, "T_mult": 2, "eta_min": 0.001}, "lr": 0.1, "steps": 30},
    {"spec": {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4}, "lr": 0.5, "steps": 20},
    {"spec": {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "step_size_down": 5,
              "mode": "triangular2", "base_momentum": 0.7, "max_momentum": 0.95}, "lr": 0.5, "steps": 30},
    {"spec": {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.01, "step_size_up": 2, "mode": "exp_range",
              "gamma": 0.9}, "lr": 0.5, "steps": 20},
    {"spec": {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.05, "step_size_up": 3, "cycle_momentum": False},
     "lr": 0.5, "steps": 12},
    {"spec": {"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 100}, "lr": 0.5, "steps": 101},
    {"spec": {"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 30, "three_phase": True}, "lr": 0.5, "steps": 31},
    {"spec": {"name": "OneCycleLR", "max_lr": 0.05, "epochs": 4, "steps_per_epoch": 5, "pct_start": 0.25,
              "anneal_strategy": "linear", "div_factor": 10.0, "final_div_factor": 100.0}, "lr": 0.5, "steps": 20},
    {"spec": {"name": "OneCycleLR", "max_lr": 0.01, "total_steps": 20, "base_momentum": 0.8, "max_momentum": 0.9},
     "lr": 0.001, "steps": 20, "optimizer": "adam"},
    {"spec": {"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 15, "cycle_momentum": False}, "lr": 0.5, "steps": 15},
    {"spec": {"name": "SequentialLR", "milestones": [2], "schedulers": [
        {"name": "ConstantLR", "factor": 0.1, "total_iters": 2}, {"name": "ExponentialLR", "gamma": 0.9}]},
     "lr": 1.0, "steps": 10},
    {"spec": {"name": "SequentialLR", "milestones": [5], "schedulers": [
        {"name": "LinearLR", "start_factor": 0.1, "total_iters": 5}, {"name": "CosineAnnealingLR", "T_max": 10}]},
     "lr": 0.1, "steps": 30},
    {"spec": {"name": "SequentialLR", "milestones": [3, 8], "schedulers": [
        {"name": "LinearLR", "start_factor": 0.2, "total_iters": 3}, {"name": "StepLR", "step_size": 2, "gamma": 0.5},
        {"name": "CosineAnnealingWarmRestarts", "T_0": 4}]}, "lr": 0.1, "steps": 20},
    {"spec": {"name": "SequentialLR", "milestones": [4], "schedulers": [
        {"name": "LambdaLR", "lr_lambda": "(epoch + 1) / 4"}, {"name": "MultiStepLR", "milestones": [3, 6]}]},
     "lr": 0.1, "steps": 14},
    {"spec": {"name": "ChainedScheduler", "schedulers": [
        {"name": "ConstantLR", "factor": 0.1, "total_iters": 2}, {"name": "ExponentialLR", "gamma": 0.9}]},
     "lr": 1.0, "steps": 10},
    {"spec": {"name": "ChainedScheduler", "schedulers": [
        {"name": "LinearLR", "start_factor": 0.5, "total_iters": 4}, {"name": "CosineAnnealingLR", "T_max": 6},
        {"name": "StepLR", "step_size": 5, "gamma": 0.5}]}, "lr": 0.1, "steps": 20},
    # PyTorch 1.13 cannot nest ChainedScheduler (or SequentialLR) in SequentialLR, but the other way round works.
    {"spec": {"name": "ChainedScheduler", "schedulers": [
        {"name": "SequentialLR", "milestones": [3], "schedulers": [
            {"name": "ConstantLR", "factor": 0.5, "total_iters": 2}, {"name": "ExponentialLR", "gamma": 0.8}]},
        {"name": "PolynomialLR", "total_iters": 8, "power": 2.0}]}, "lr": 0.1, "steps": 12},
    # At each milestone SequentialLR restarts the next scheduler with step(0): the closed form where there is one.
    {"spec": {"name": "SequentialLR", "milestones": [2, 4, 6, 8, 10], "schedulers": [
        {"name": "ExponentialLR", "gamma": 0.8}, {"name": "ConstantLR", "factor": 0.5, "total_iters": 1},
        {"name": "LinearLR", "start_factor": 0.5, "total_iters": 3}, {"name": "PolynomialLR", "total_iters": 3},
        {"name": "MultiplicativeLR", "lr_lambda": "0.9"}, {"name": "CosineAnnealingLR", "T_max": 4, "eta_min": 0.01}]},
     "lr": 0.1, "steps": 16},
    {"spec": {"name": "SequentialLR", "milestones": [3], "schedulers": [
        {"name": "ConstantLR", "factor": 0.25, "total_iters": 3},
        {"name": "OneCycleLR", "max_lr": 0.2, "total_steps": 12, "cycle_momentum": False}]}, "lr": 0.1, "steps": 14},
    {"spec": {"name": "ReduceLROnPlateau", "patience": 2}, "lr": 0.1, "steps": 30, "metrics": PLATEAU},
    {"spec": {"name": "ReduceLROnPlateau", "patience": 1, "cooldown": 2, "factor": 0.5, "min_lr": 0.02},
     "lr": 0.1, "steps": 30, "metrics": PLATEAU},
    {"spec": {"name": "ReduceLROnPlateau", "mode": "max", "patience": 2, "threshold": 0.05, "threshold_mode": "abs"},
     "lr": 0.1, "steps": 30, "metrics": RISING},
    {"spec": {"name": "ReduceLROnPlateau", "mode": "max", "patience": 0, "threshold": 0.01, "eps": 0.004,
              "factor": 0.5}, "lr": 0.01, "steps": 30, "metrics": RISING},
    {"spec": {"name": "ReduceLROnPlateau", "patience": 3, "threshold_mode": "abs", "threshold": 0.0},
     "lr": 0.1, "steps": 30, "metrics": PLATEAU},
]

if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "packages", "optim", "src", "__fixtures__", "torch-schedulers.json")
    data = {"torch": torch.__version__, "cases": [sequence(case) for case in CASES]}
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    os.replace(tmp, out)
    print(f"wrote {len(CASES)} cases to {out}")
