#!/usr/bin/python3
"""NumPy ports of the authors' own PyTorch code for the optax optimizers whose authors differ from optax: reference
trajectories for the packages' options that select the authors' variant (optax's behaviour stays the default).

Each rule is ported from the authors' repository, read at the commit named in SOURCES, in the order of operations
of that code (not optax's), so the packages' variant options are checked against a second, independent definition:
  adabelief            juntang-zhuang/Adabelief-Optimizer pypi_packages/adabelief_pytorch0.2.1/adabelief_pytorch/
                       AdaBelief.py, AdaBelief.step with weight_decouple=True, fixed_decay=False, amsgrad=False,
                       degenerated_to_sgd=True; rectify as given (their default True). Its one eps is added to s in place
                       every step (exp_avg_var.add_(eps)) and outside the root: optax's eps_root = eps.
  schedule-free-adamw  facebookresearch/schedule_free schedulefree/adamw_schedulefree_reference.py (r = 0,
                       decay_at_z False, inner_momentum 0): warmup sched = (k+1)/warmup_steps for z and the weight.
  schedule-free-sgd    facebookresearch/schedule_free schedulefree/sgd_schedulefree_reference.py, likewise.
  prodigy              konstmish/prodigy prodigyopt/prodigy.py, Prodigy.step with use_bias_correction=False (their
                       default), decouple=True, growth_rate=inf, slice_p=1, one parameter group.
The fixture options are the packages' names in snake case (betas = [beta1, beta2]); the port maps them to the authors'
arguments. Float64 only: the packages replay these in float64, to 1e-9 relative (their float32 arithmetic follows
optax's order of operations, not the authors'). Same run as scripts/torch-optimizer-fixtures.py (start, scales, noise;
g_t = c * p + noise_t). Writes packages/optimizers/<id>/src/__fixtures__/authors-trajectories.json.
Run: /usr/bin/python3 scripts/numpy-optax-authors-fixtures.py
"""
import importlib.util
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("torch_fixtures", os.path.join(HERE, "torch-optimizer-fixtures.py"))
torch_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(torch_fixtures)
START, SCALES, NOISE, STEPS = torch_fixtures.START, torch_fixtures.SCALES, torch_fixtures.NOISE, torch_fixtures.STEPS
write_json = torch_fixtures.write_json

SOURCES = {
    "adabelief": "juntang-zhuang/Adabelief-Optimizer 2855178 (adabelief-pytorch 0.2.1)",
    "schedule-free-adamw": "facebookresearch/schedule_free 70785b5 (adamw_schedulefree_reference.py)",
    "schedule-free-sgd": "facebookresearch/schedule_free 70785b5 (sgd_schedulefree_reference.py)",
    "prodigy": "konstmish/prodigy 3efb213 (prodigyopt/prodigy.py)",
}


def adabelief(o):
    lr, (beta1, beta2) = o["lr"], o.get("betas", [0.9, 0.999])
    eps, weight_decay, rectify = o.get("eps", 1e-16), o.get("weight_decay", 0.0), o.get("rectify", True)
    assert o.get("eps_root", eps) == eps, "the authors have one eps: the fixture's eps_root must equal eps"
    state = {"step": 0}

    def step(p, grad):
        if "exp_avg" not in state:
            state["exp_avg"], state["exp_avg_var"] = np.zeros_like(p), np.zeros_like(p)
        p = p * (1.0 - lr * weight_decay)  # weight_decouple and not fixed_decay: p.data.mul_(1 - lr * wd)
        exp_avg, exp_avg_var = state["exp_avg"], state["exp_avg_var"]
        state["step"] += 1
        t = state["step"]
        bias_correction1 = 1 - beta1**t
        bias_correction2 = 1 - beta2**t
        exp_avg[:] = exp_avg * beta1 + grad * (1 - beta1)
        grad_residual = grad - exp_avg
        exp_avg_var[:] = exp_avg_var * beta2 + (1 - beta2) * grad_residual * grad_residual
        exp_avg_var += eps  # in place: the eps stays in s
        denom = np.sqrt(exp_avg_var) / math.sqrt(bias_correction2) + eps
        if not rectify:
            step_size = lr / bias_correction1
            return p + (-step_size) * (exp_avg / denom)
        beta2_t = beta2**t
        n_sma_max = 2 / (1 - beta2) - 1
        n_sma = n_sma_max - 2 * t * beta2_t / (1 - beta2_t)
        if n_sma >= 5:
            step_size = math.sqrt(
                (1 - beta2_t) * (n_sma - 4) / (n_sma_max - 4) * (n_sma - 2) / n_sma * n_sma_max / (n_sma_max - 2)
            ) / (1 - beta1**t)
            denom = np.sqrt(exp_avg_var) + eps
            return p + (-step_size * lr) * (exp_avg / denom)
        step_size = 1.0 / (1 - beta1**t)  # degenerated_to_sgd
        return p + (-step_size * lr) * exp_avg

    return step


def schedule_free(o, inner):
    """The two reference classes' shared outer loop: warmup at (k+1)/W, weights lr_max^power, x and y kept."""
    lr0, warmup_steps, power = o["lr"], o.get("warmup_steps", 0), o.get("weight_lr_power", 2.0)
    beta = o["betas"][0] if "betas" in o else o.get("momentum", 0.9)
    state = {"k": 0, "lr_max": -1.0, "weight_sum": 0.0}

    def step(p, grad):
        k = state["k"]
        sched = (k + 1) / warmup_steps if k < warmup_steps else 1.0
        lr = lr0 * sched
        lr_max = state["lr_max"] = max(lr, state["lr_max"])
        weight = ((k + 1) ** 0) * (lr_max**power)
        weight_sum = state["weight_sum"] = state["weight_sum"] + weight
        ckp1 = weight / weight_sum if weight_sum != 0 else 0
        if "z" not in state:
            state["z"], state["x"], state["y"] = p.copy(), p.copy(), p.copy()
        inner(state, grad, lr, k)
        z, x = state["z"], state["x"]
        x[:] = x * (1 - ckp1) + ckp1 * z
        state["y"] = x * beta + (1 - beta) * z
        state["k"] = k + 1
        return state["y"].copy()

    return step


def schedule_free_adamw(o):
    beta2 = o.get("betas", [0.9, 0.999])[1]
    eps, weight_decay = o.get("eps", 1e-8), o.get("weight_decay", 0.0)

    def inner(state, grad, lr, k):
        if "exp_avg_sq" not in state:
            state["exp_avg_sq"] = np.zeros_like(grad)
        z, y = state["z"], state["y"]
        if weight_decay != 0:
            z -= lr * weight_decay * y  # decay_at_z False: at y
        exp_avg_sq = state["exp_avg_sq"]
        exp_avg_sq[:] = exp_avg_sq * beta2 + (1 - beta2) * grad * grad
        denom = np.sqrt(exp_avg_sq / (1 - beta2 ** (k + 1))) + eps
        z += -lr * (grad / denom)

    return schedule_free(o, inner)


def schedule_free_sgd(o):
    weight_decay = o.get("weight_decay", 0.0)

    def inner(state, grad, lr, k):
        if weight_decay != 0:
            grad = grad + weight_decay * state["y"]
        state["z"] -= lr * grad

    return schedule_free(o, inner)


def prodigy(o):
    lr = o.get("lr", 1.0)
    beta1, beta2 = o.get("betas", [0.9, 0.999])
    beta3 = o.get("beta3", 0) or math.sqrt(beta2)
    eps, d0, d_coef = o.get("eps", 1e-8), o.get("estim_lr0", 1e-6), o.get("estim_lr_coef", 1.0)
    decay, safeguard_warmup = o.get("weight_decay", 0.0), o.get("safeguard_warmup", False)
    use_bias_correction = not o.get("no_bias_correction", False)
    group = {"k": 0, "d": d0, "d_max": d0, "d_numerator": 0.0}
    state = {}

    def step(p, grad):
        k, d, d_max = group["k"], group["d"], group["d_max"]
        bias_correction = ((1 - beta2 ** (k + 1)) ** 0.5) / (1 - beta1 ** (k + 1)) if use_bias_correction else 1
        dlr = d * lr * bias_correction
        d_numerator = group["d_numerator"] * beta3
        if "step" not in state:
            state.update(step=0, s=np.zeros_like(p), p0=p.copy(), exp_avg=np.zeros_like(p), exp_avg_sq=np.zeros_like(p))
        s, p0, exp_avg, exp_avg_sq = state["s"], state["p0"], state["exp_avg"], state["exp_avg_sq"]
        delta_numerator = (d / d0) * dlr * float(np.dot(grad, p0 - p))
        exp_avg[:] = exp_avg * beta1 + grad * (d * (1 - beta1))
        exp_avg_sq[:] = exp_avg_sq * beta2 + (d * d * (1 - beta2)) * grad * grad
        s[:] = s * beta3 + grad * (((d / d0) * d) if safeguard_warmup else ((d / d0) * dlr))
        d_denom = float(np.sum(np.abs(s)))
        assert d_denom != 0
        global_d_numerator = d_numerator + delta_numerator
        d_hat = d_coef * global_d_numerator / d_denom
        if d == d0:
            d = max(d, d_hat)
        d_max = max(d_max, d_hat)
        d = min(d_max, d * math.inf)
        group.update(d_numerator=global_d_numerator, d=d, d_max=d_max)
        state["step"] += 1
        denom = np.sqrt(exp_avg_sq) + d * eps
        if decay != 0:
            p = p + p * (-decay * dlr)
        p = p + (-dlr) * (exp_avg / denom)
        group["k"] = k + 1
        return p

    return step


def run(rule, o):
    step = rule(o)
    p = np.array(START, dtype=np.float64)
    scales = np.array(SCALES, dtype=np.float64)
    out = []
    for t in range(STEPS):
        grad = scales * p + np.array(NOISE[t], dtype=np.float64)
        p = step(p, grad)
        out.append([float(x) for x in p])
    return out


CASES = {
    "adabelief": ("adabelief_pytorch.AdaBelief", adabelief, [
        {"lr": 0.02, "eps": 1e-16, "eps_root": 1e-16, "rectify": True},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-8, "eps_root": 1e-8, "weight_decay": 0.1, "rectify": True},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-8, "eps_root": 1e-8, "weight_decay": 0.1, "rectify": False},
    ]),
    "schedule-free-adamw": ("schedulefree.AdamWScheduleFreeReference", schedule_free_adamw, [
        {"lr": 0.1, "warmup_steps": 5, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1, "weight_lr_power": 1.0,
         "warmup_indexing": "authors"},
        {"lr": 0.05, "warmup_steps": 20, "warmup_indexing": "authors"},
    ]),
    "schedule-free-sgd": ("schedulefree.SGDScheduleFreeReference", schedule_free_sgd, [
        {"lr": 0.2, "warmup_steps": 5, "momentum": 0.5, "weight_decay": 0.1, "weight_lr_power": 1.0,
         "warmup_indexing": "authors"},
        {"lr": 0.1, "warmup_steps": 20, "warmup_indexing": "authors"},
    ]),
    "prodigy": ("prodigyopt.Prodigy", prodigy, [
        {"lr": 1.0, "no_bias_correction": True},
        {"lr": 0.5, "betas": [0.8, 0.99], "beta3": 0.9, "eps": 1e-6, "estim_lr0": 1e-3, "estim_lr_coef": 2.0,
         "weight_decay": 0.1, "no_bias_correction": True},
        {"lr": 1.0, "estim_lr0": 1e-2, "safeguard_warmup": True, "no_bias_correction": True},
    ]),
}


def main():
    root = os.path.join(HERE, "..", "packages", "optimizers")
    for algo, (name, rule, option_sets) in CASES.items():
        fixture = {
            "generator": "scripts/numpy-optax-authors-fixtures.py",
            "torch": f"none: NumPy port of {SOURCES[algo]}",
            "class": name,
            "start": START,
            "scales": SCALES,
            "noise": NOISE,
            "cases": [{"options": o, "float64": run(rule, o)} for o in option_sets],
        }
        write_json(os.path.join(root, algo, "src", "__fixtures__", "authors-trajectories.json"), fixture)


if __name__ == "__main__":
    main()
