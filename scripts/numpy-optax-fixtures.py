#!/usr/bin/python3
"""NumPy ports of optax's Lion, AdaBelief, Yogi, ADOPT, LAMB and LARS: reference trajectories for their packages.

optax (google-deepmind/optax) is JAX and is not installed here, so each rule is ported, transformation by
transformation, from its source at commit OPTAX_COMMIT:
  lion       optax/_src/alias.py lion = scale_by_lion, add_decayed_weights, scale_by_learning_rate
  adabelief  alias.py adabelief = scale_by_belief, add_decayed_weights (if given), scale_by_learning_rate
  yogi       alias.py yogi = scale_by_yogi (moments start at 1e-6), scale_by_learning_rate
  adopt      optax/contrib/_adopt.py adopt = scale_by_adopt (clip value count^0.25), scale_by_learning_rate
  lamb       alias.py lamb = scale_by_adam, add_decayed_weights, scale_by_trust_ratio, scale_by_learning_rate
  lars       alias.py lars = add_decayed_weights, scale_by_trust_ratio(trust_coefficient, eps),
             scale_by_learning_rate, trace(momentum, nesterov)
with the helpers they call (optax/tree_utils/_tree_math.py tree_update_moment, tree_update_moment_per_elem_norm,
tree_bias_correction; optax/_src/numerics.py safe_norm; optax/transforms/_accumulation.py trace;
optax/transforms/_adding.py add_decayed_weights, which skips a constant weight decay of 0).

The run is the one of scripts/torch-optimizer-fixtures.py (same start, scales and noise; gradient g_t = c * p + noise_t)
so the packages replay it with describeTorchReplay. In float32 every elementwise operation rounds to float32, as JAX
does with float32 arrays and weakly typed Python scalars; scalars that depend only on the step (1 - b^t, count^0.25)
are computed in float64 and rounded once. The options in the JSON are the packages' names in snake case
(betas = [beta1, beta2]); the script maps them to optax's arguments. Writes
packages/optimizers/<id>/src/__fixtures__/optax-trajectories.json. Run: /usr/bin/python3 scripts/numpy-optax-fixtures.py
"""
import importlib.util
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("torch_fixtures", os.path.join(HERE, "torch-optimizer-fixtures.py"))
torch_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(torch_fixtures)
START, SCALES, NOISE, STEPS = torch_fixtures.START, torch_fixtures.SCALES, torch_fixtures.NOISE, torch_fixtures.STEPS
write_json = torch_fixtures.write_json

OPTAX_COMMIT = "2edbcbe2390da13983b92cbef94ac0460ecde1c5"


def run(step_fn, init_fn, dt):
    """Drives a rule through the fixture's gradients; step_fn(param, grad, state, t) returns the new param."""
    param = np.array(START, dtype=dt)
    scales = np.array(SCALES, dtype=dt)
    state = init_fn(param)
    out = []
    for t in range(STEPS):
        grad = scales * param + np.array(NOISE[t], dtype=dt)
        param = step_fn(param, grad, state, t + 1)
        out.append([float(x) for x in param])
    return out


def bias_correction(moment, decay, count, dt):
    """tree_bias_correction: moment / (1 - decay^count)."""
    return moment / dt(1 - decay**count)


def apply_lr(param, updates, lr, dt):
    """scale_by_learning_rate (multiply by -lr), then apply_updates (param + update)."""
    return param + dt(-lr) * updates


def safe_norm(x):
    """numerics.safe_norm with min_norm 0: the 2-norm (0 for a zero tensor)."""
    return np.sqrt(np.sum(x * x))


def trust_ratio_scale(update, param, trust_coefficient, eps, dt):
    """scale_by_trust_ratio for one parameter tensor: update * c‖p‖/(‖u‖ + eps), or update when either norm is 0."""
    param_norm = safe_norm(param)
    update_norm = safe_norm(update)
    if param_norm == 0 or update_norm == 0:
        return update * dt(1.0)
    return update * (dt(trust_coefficient) * param_norm / (update_norm + dt(eps)))


def lion(o, dt):
    lr, (b1, b2), wd = o["lr"], o.get("betas", [0.9, 0.99]), o.get("weight_decay", 1e-3)

    def step(p, g, s, t):
        # scale_by_lion: the sign of the interpolation, then the momentum update with b2.
        u = np.sign(dt(1.0 - b1) * g + dt(b1) * s["mu"])
        s["mu"] = dt(1 - b2) * g + dt(b2) * s["mu"]
        if wd != 0:
            u = u + dt(wd) * p
        return apply_lr(p, u, lr, dt)

    return run(step, lambda p: {"mu": np.zeros_like(p)}, dt)


def adabelief(o, dt):
    lr, (b1, b2) = o["lr"], o.get("betas", [0.9, 0.999])
    eps, eps_root = o.get("eps", 1e-16), o.get("eps_root", 1e-16)
    wd, nesterov = o.get("weight_decay", 0.0), o.get("nesterov", False)

    def step(p, g, s, t):
        mu = dt(1 - b1) * g + dt(b1) * s["mu"]
        prediction_error = g - mu
        # eps_root is added to the stored s, so it accumulates across steps as in optax.
        nu = dt(1 - b2) * (prediction_error * prediction_error) + dt(b2) * s["nu"]
        nu = nu + dt(eps_root)
        if nesterov:
            mu_hat = dt(b1) * bias_correction(mu, b1, t + 1, dt) + dt(1 - b1) * bias_correction(g, b1, t, dt)
        else:
            mu_hat = bias_correction(mu, b1, t, dt)
        nu_hat = bias_correction(nu, b2, t, dt)
        u = mu_hat / (np.sqrt(nu_hat) + dt(eps))
        s["mu"], s["nu"] = mu, nu
        if wd != 0:
            u = u + dt(wd) * p
        return apply_lr(p, u, lr, dt)

    return run(step, lambda p: {"mu": np.zeros_like(p), "nu": np.zeros_like(p)}, dt)


def yogi(o, dt):
    lr, (b1, b2), eps = o["lr"], o.get("betas", [0.9, 0.999]), o.get("eps", 1e-3)
    initial = 1e-6  # scale_by_yogi's initial_accumulator_value, for both moments

    def step(p, g, s, t):
        mu = dt(1 - b1) * g + dt(b1) * s["mu"]
        g2 = g * g
        nu = s["nu"] - dt(1 - b2) * np.sign(s["nu"] - g2) * g2
        s["mu"], s["nu"] = mu, nu
        u = bias_correction(mu, b1, t, dt) / (np.sqrt(bias_correction(nu, b2, t, dt) + dt(0.0)) + dt(eps))
        return apply_lr(p, u, lr, dt)

    return run(step, lambda p: {"mu": np.full_like(p, initial), "nu": np.full_like(p, initial)}, dt)


def adopt(o, dt):
    lr, (b1, b2), eps = o["lr"], o.get("betas", [0.9, 0.9999]), o.get("eps", 1e-6)
    nesterov, clipping = o.get("nesterov", False), not o.get("no_clipping", False)

    def step(p, g, s, t):
        count = t - 1  # optax's state.count before this step's increment
        b2_ = b2 if count > 0 else 0.0
        b1_ = b1 if count > 0 else 1.0
        nu = dt(1 - b2_) * (g * g) + dt(b2_) * s["nu"]
        # The normalised gradient uses the second moment from before this step.
        normalized = g / np.maximum(np.sqrt(s["nu"]), dt(eps))
        if clipping:
            clip = dt(count**0.25)
            normalized = np.clip(normalized, -clip, clip)
        mu = dt(1 - b1_) * normalized + dt(b1_) * s["mu"]
        u = dt(1 - b1_) * normalized + dt(b1_) * mu if nesterov else mu
        s["mu"], s["nu"] = mu, nu
        return apply_lr(p, u, lr, dt)

    return run(step, lambda p: {"mu": np.zeros_like(p), "nu": np.zeros_like(p)}, dt)


def lamb(o, dt):
    lr, (b1, b2) = o["lr"], o.get("betas", [0.9, 0.999])
    eps, eps_root, wd = o.get("eps", 1e-6), o.get("eps_root", 0.0), o.get("weight_decay", 0.0)

    def step(p, g, s, t):
        mu = dt(1 - b1) * g + dt(b1) * s["mu"]
        nu = dt(1 - b2) * (g * g) + dt(b2) * s["nu"]
        s["mu"], s["nu"] = mu, nu
        u = bias_correction(mu, b1, t, dt) / (np.sqrt(bias_correction(nu, b2, t, dt) + dt(eps_root)) + dt(eps))
        if wd != 0:
            u = u + dt(wd) * p
        u = trust_ratio_scale(u, p, 1.0, 0.0, dt)
        return apply_lr(p, u, lr, dt)

    return run(step, lambda p: {"mu": np.zeros_like(p), "nu": np.zeros_like(p)}, dt)


def lars(o, dt):
    lr, wd = o["lr"], o.get("weight_decay", 0.0)
    trust_coefficient, eps = o.get("trust_coefficient", 0.001), o.get("eps", 0.0)
    momentum, nesterov = o.get("momentum", 0.9), o.get("nesterov", False)

    def step(p, g, s, t):
        u = g + dt(wd) * p if wd != 0 else g
        u = trust_ratio_scale(u, p, trust_coefficient, eps, dt)
        u = dt(-lr) * u  # the learning rate is applied before the momentum trace
        trace = u + dt(momentum) * s["trace"]
        s["trace"] = trace
        out = u + dt(momentum) * trace if nesterov else trace
        return p + out

    return run(step, lambda p: {"trace": np.zeros_like(p)}, dt)


CASES = {
    "lion": ("optax.lion", lion, [
        {"lr": 0.01},
        {"lr": 0.02, "betas": [0.8, 0.95], "weight_decay": 0.1},
        {"lr": 0.01, "weight_decay": 0.0},
    ]),
    "adabelief": ("optax.adabelief", adabelief, [
        {"lr": 0.02},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-8, "eps_root": 1e-4, "weight_decay": 0.1},
        {"lr": 0.02, "nesterov": True},
    ]),
    "yogi": ("optax.yogi", yogi, [
        {"lr": 0.02},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6},
    ]),
    "adopt": ("optax.contrib.adopt", adopt, [
        {"lr": 0.02},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-3, "nesterov": True},
        {"lr": 0.02, "no_clipping": True},
    ]),
    "lamb": ("optax.lamb", lamb, [
        {"lr": 0.02},
        {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-4, "eps_root": 1e-6, "weight_decay": 0.1},
    ]),
    "lars": ("optax.lars", lars, [
        {"lr": 1.0},
        {"lr": 2.0, "weight_decay": 0.1, "trust_coefficient": 0.01, "eps": 1e-3, "momentum": 0.5},
        {"lr": 1.0, "nesterov": True},
    ]),
}


def main():
    root = os.path.join(HERE, "..", "packages", "optimizers")
    for algo, (name, rule, option_sets) in CASES.items():
        fixture = {
            "generator": "scripts/numpy-optax-fixtures.py",
            "torch": f"none: NumPy port of optax {OPTAX_COMMIT[:12]}",
            "class": name,
            "start": START,
            "scales": SCALES,
            "noise": NOISE,
            "cases": [{"options": o, "float64": rule(o, np.float64), "float32": rule(o, np.float32)} for o in option_sets],
        }
        write_json(os.path.join(root, algo, "src", "__fixtures__", "optax-trajectories.json"), fixture)


if __name__ == "__main__":
    main()
