#!/usr/bin/python3
"""NumPy reference of NAdam's and RAdam's `decoupled_weight_decay`, which torch 1.13 (Debian's python3-torch) lacks.

Ported line by line from PyTorch's current `_single_tensor_nadam` and `_single_tensor_radam` (torch/optim/nadam.py
and radam.py, PyTorch 2.x; the option arrived in 2.1 and the rule is unchanged through 2.8): with
decoupled_weight_decay the parameter is first shrunk, θ ← θ(1 − γλ), as in AdamW, instead of adding λθ to the gradient.
`maximize` (which torch 1.13's NAdam and RAdam also lack) negates the gradient first, as PyTorch 2.x does.
Every tensor operation is rounded to the parameter's dtype as torch's CPU kernels do (Python scalars are cast to the
tensor's dtype), and NAdam's mu_product is a float32 scalar as PyTorch keeps it (a 0-dim tensor of the default dtype).

Before writing, the script checks itself against torch 1.13 where both exist (decoupled_weight_decay=False): its
float64 trajectories must equal torch's to 1e-12. It writes
packages/optimizers/{nadam,radam}/src/__fixtures__/numpy-decoupled-weight-decay.json in the format of
scripts/torch-optimizer-fixtures.py, with the same start, scales and noise. Run with Debian's python3-numpy and
python3-torch: /usr/bin/python3 scripts/numpy-decoupled-weight-decay-fixtures.py
"""
import importlib.util
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("torch_fixtures", os.path.join(HERE, "torch-optimizer-fixtures.py"))
torch_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(torch_fixtures)
START, SCALES, NOISE, STEPS = torch_fixtures.START, torch_fixtures.SCALES, torch_fixtures.NOISE, torch_fixtures.STEPS

PYTORCH_VERSION = "2.1–2.8"


def lerp(start, end, weight, dt):
    """torch.lerp for weight < 0.5: start + weight * (end - start)."""
    return start + dt(weight) * (end - start)


def addcdiv(param, value, t1, t2, dt):
    """param.addcdiv_(t1, t2, value=value): the CPU kernel computes param + value * t1 / t2, left to right."""
    return param + dt(value) * t1 / t2


def nadam(options, dtype):
    dt = dtype
    lr = options.get("lr", 2e-3)
    beta1, beta2 = options.get("betas", [0.9, 0.999])
    eps = options.get("eps", 1e-8)
    weight_decay = options.get("weight_decay", 0.0)
    momentum_decay = options.get("momentum_decay", 4e-3)
    decoupled = options.get("decoupled_weight_decay", False)
    maximize = options.get("maximize", False)
    param = np.array(START, dtype=dt)
    scales = np.array(SCALES, dtype=dt)
    exp_avg = np.zeros_like(param)
    exp_avg_sq = np.zeros_like(param)
    mu_product = np.float32(1.0)
    out = []
    for t in range(STEPS):
        grad = scales * param + np.array(NOISE[t], dtype=dt)
        if maximize:
            grad = -grad
        step = float(t + 1)
        bias_correction2 = 1 - beta2**step
        if weight_decay != 0:
            if decoupled:
                param = param * dt(1 - lr * weight_decay)
            else:
                grad = grad + dt(weight_decay) * param
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        mu_product = np.float32(mu_product * np.float32(mu))
        exp_avg = lerp(exp_avg, grad, 1 - beta1, dt)
        exp_avg_sq = dt(beta2) * exp_avg_sq + dt(1 - beta2) * (grad * grad)
        denom = np.sqrt(exp_avg_sq / dt(bias_correction2))
        mu_product_next = float(mu_product) * mu_next
        denom = denom + dt(eps)
        param = addcdiv(param, -lr * (1.0 - mu) / (1.0 - float(mu_product)), grad, denom, dt)
        param = addcdiv(param, (-lr * mu_next) / (1.0 - mu_product_next), exp_avg, denom, dt)
        out.append([float(x) for x in param])
    return out


def radam(options, dtype):
    dt = dtype
    lr = options.get("lr", 1e-3)
    beta1, beta2 = options.get("betas", [0.9, 0.999])
    eps = options.get("eps", 1e-8)
    weight_decay = options.get("weight_decay", 0.0)
    decoupled = options.get("decoupled_weight_decay", False)
    maximize = options.get("maximize", False)
    param = np.array(START, dtype=dt)
    scales = np.array(SCALES, dtype=dt)
    exp_avg = np.zeros_like(param)
    exp_avg_sq = np.zeros_like(param)
    out = []
    for t in range(STEPS):
        grad = scales * param + np.array(NOISE[t], dtype=dt)
        if maximize:
            grad = -grad
        step = float(t + 1)
        if weight_decay != 0:
            if decoupled:
                param = param * dt(1 - lr * weight_decay)
            else:
                grad = grad + dt(weight_decay) * param
        exp_avg = lerp(exp_avg, grad, 1 - beta1, dt)
        exp_avg_sq = dt(beta2) * exp_avg_sq + dt(1 - beta2) * (grad * grad)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        bias_corrected_exp_avg = exp_avg / dt(bias_correction1)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            # A Python float divided by a tensor is the tensor's reciprocal times the float in torch.
            adaptive_lr = (dt(1) / (np.sqrt(exp_avg_sq) + dt(eps))) * dt(bias_correction2**0.5)
            param = param + dt(-1.0) * (bias_corrected_exp_avg * dt(lr) * adaptive_lr * dt(rect))
        else:
            param = param + dt(-1.0) * (bias_corrected_exp_avg * dt(lr))
        out.append([float(x) for x in param])
    return out


CASES = {
    "nadam": ("NAdam", nadam, [
        {"lr": 0.02, "weight_decay": 0.1, "decoupled_weight_decay": True},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.2, "momentum_decay": 0.01, "decoupled_weight_decay": True},
        {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True, "maximize": True},
    ]),
    "radam": ("RAdam", radam, [
        {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True},
        {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.2, "decoupled_weight_decay": True},
        {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True, "maximize": True},
        {"lr": 0.05, "weight_decay": 0.1, "maximize": True},
    ]),
}


def check_against_torch(algo, rule):
    """The reference without decoupling must reproduce torch 1.13's own fixture (float64 to 1e-12 relative)."""
    path = os.path.join(HERE, "..", "packages", "optimizers", algo, "src", "__fixtures__", "torch-trajectories.json")
    with open(path) as f:
        fixture = json.load(f)
    for case in fixture["cases"]:
        ours = np.array(rule(case["options"], np.float64))
        theirs = np.array(case["float64"])
        worst = float(np.max(np.abs(ours - theirs) / (np.abs(theirs) + 1e-300)))
        if worst > 1e-12:
            raise SystemExit(f"{algo} {case['options']}: the NumPy reference is {worst:.3g} from torch 1.13 in float64")
        ours32 = np.array(rule(case["options"], np.float32))
        units = float(np.max(np.abs(ours32 - np.array(case["float32"]))))
        print(f"{algo} {case['options']}: matches torch 1.13 (float64 {worst:.1e} relative, float32 max |Δ| {units:.1e})")


def main():
    for algo, (cls_name, rule, option_sets) in CASES.items():
        check_against_torch(algo, rule)
        fixture = {
            "generator": "scripts/numpy-decoupled-weight-decay-fixtures.py",
            "torch": f"{PYTORCH_VERSION} (NumPy reference of its source)",
            "class": f"torch.optim.{cls_name}",
            "start": START,
            "scales": SCALES,
            "noise": NOISE,
            "cases": [
                {"options": options, "float64": rule(options, np.float64), "float32": rule(options, np.float32)}
                for options in option_sets
            ],
        }
        torch_fixtures.write_json(
            os.path.join(HERE, "..", "packages", "optimizers", algo, "src", "__fixtures__", "numpy-decoupled-weight-decay.json"),
            fixture,
        )


if __name__ == "__main__":
    main()
