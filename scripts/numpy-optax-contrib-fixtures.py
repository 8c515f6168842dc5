#!/usr/bin/python3
"""NumPy ports of optax.contrib's Schedule-Free AdamW, Schedule-Free SGD and Prodigy: reference trajectories.

optax (google-deepmind/optax) is JAX and is not installed here, so each rule is ported, transformation by
transformation, from optax/contrib/_schedule_free.py at commit OPTAX_COMMIT:
  schedule-free-adamw  schedule_free(chain(scale_by_rms(b2, eps, eps_in_sqrt=False, bias_correction=True),
                       add_decayed_weights(weight_decay), scale_by_learning_rate(lr)), lr, b1, weight_lr_power)
  schedule-free-sgd    schedule_free(chain(add_decayed_weights(weight_decay), sgd(lr)), lr, b1, weight_lr_power)
and optax/contrib/_prodigy.py (prodigy: one estimate d over all parameters, beta3 = sqrt(beta2) when not given),
with warmup_steps turning lr into warmup_constant_schedule(0, lr, warmup_steps) (optax/schedules/_schedule.py,
_join.py). That schedule is read at two different counts: the inner optimizer's scale_by_learning_rate reads it at its
own count (0 on the first step), the schedule_free wrapper's weight reads it at step_count (1 on the first step).

The run is the one of scripts/torch-optimizer-fixtures.py (same start, scales and noise; gradient g_t = c * p + noise_t,
taken at the point y the parameters hold) so the packages replay it with describeTorchReplay. In float32 every
elementwise operation rounds to float32, as JAX does with float32 arrays and weakly typed Python scalars. Options are
the packages' names in snake case (betas = [beta1, beta2]). Writes
packages/optimizers/<id>/src/__fixtures__/optax-trajectories.json. Run: /usr/bin/python3 scripts/numpy-optax-contrib-fixtures.py
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


def warmup_constant(peak, warmup_steps):
    """warmup_constant_schedule(init_value=0, peak_value=peak, warmup_steps): a linear ramp joined to a constant."""
    if not warmup_steps:
        return lambda count: peak

    def schedule(count):
        if count >= warmup_steps:  # join_schedules: the constant schedule from the boundary on
            return peak
        frac = 1 - min(max(count, 0), warmup_steps) / warmup_steps  # polynomial_schedule, power 1
        return (0 - peak) * frac + peak

    return schedule


def schedule_free(inner_init, inner_update, lr_fn, b1, weight_lr_power, dt):
    """optax.contrib.schedule_free around an inner (init, update) pair that returns the z step."""

    def init(y):
        return {"z": y.copy(), "weight_sum": dt(0), "step_count": 1, "max_lr": dt(0), "inner": inner_init(y)}

    def update(y, g, s):
        lr = dt(lr_fn(s["step_count"]))
        max_lr = max(s["max_lr"], lr)
        weight = dt(max_lr ** dt(weight_lr_power))
        next_total = dt(s["weight_sum"] + weight)
        with np.errstate(invalid="ignore", divide="ignore"):
            ck = np.nan_to_num(dt(weight / next_total), nan=0.0)
        step = inner_update(g, s["inner"], y)
        z = s["z"] + step
        prev_x = (y - dt(1.0 - b1) * s["z"]) / dt(b1)
        x = dt(1.0 - ck) * prev_x + dt(ck) * z
        new_y = dt(b1) * x + dt(1.0 - b1) * z
        s.update(z=z, weight_sum=next_total, step_count=s["step_count"] + 1, max_lr=max_lr)
        # apply_updates(params, new_params - params)
        return y + (new_y - y)

    return init, update


def scale_by_learning_rate(lr_fn, dt):
    """The inner optimizer's learning rate: updates * (-lr(count)), count from 0."""

    def apply(u, s):
        factor = dt(-1 * lr_fn(s["count"]))
        s["count"] += 1
        return u * factor

    return apply


def schedule_free_adamw(o, dt):
    lr, warmup = o["lr"], o.get("warmup_steps", 0)
    b1, b2 = o.get("betas", [0.9, 0.999])
    eps, wd, power = o.get("eps", 1e-8), o.get("weight_decay", 0.0), o.get("weight_lr_power", 2.0)
    lr_fn = warmup_constant(lr, warmup)
    scale = scale_by_learning_rate(lr_fn, dt)

    def inner_init(y):
        return {"nu": np.zeros_like(y), "rms_count": 0, "count": 0}

    def inner_update(g, s, y):
        # scale_by_rms(decay=b2, eps, eps_in_sqrt=False, bias_correction=True)
        s["nu"] = dt(1 - b2) * (g**2) + dt(b2) * s["nu"]
        s["rms_count"] += 1
        nu_hat = s["nu"] / dt(1 - b2 ** s["rms_count"])
        u = g * (dt(1) / (np.sqrt(nu_hat) + dt(eps)))
        u = u + dt(wd) * y  # add_decayed_weights, at the parameters given: y
        return scale(u, s)

    return schedule_free(inner_init, inner_update, lr_fn, b1, power, dt)


def schedule_free_sgd(o, dt):
    lr, warmup = o["lr"], o.get("warmup_steps", 0)
    b1, wd, power = o.get("momentum", 0.9), o.get("weight_decay", 0.0), o.get("weight_lr_power", 2.0)
    lr_fn = warmup_constant(lr, warmup)
    scale = scale_by_learning_rate(lr_fn, dt)

    def inner_update(g, s, y):
        return scale(g + dt(wd) * y, s)  # add_decayed_weights, then sgd(lr)

    return schedule_free(lambda y: {"count": 0}, inner_update, lr_fn, b1, power, dt)


def prodigy(o, dt):
    """optax.contrib.prodigy. Its state and update over the whole parameter tree: here one vector."""
    lr = o.get("lr", 1.0)
    b1, b2 = o.get("betas", [0.9, 0.999])
    b3 = o.get("beta3", b2**0.5)
    eps, d0, coef = o.get("eps", 1e-8), o.get("estim_lr0", 1e-6), o.get("estim_lr_coef", 1.0)
    wd, safeguard = o.get("weight_decay", 0.0), o.get("safeguard_warmup", False)

    def init(p):
        z = np.zeros_like(p)
        return {"m": z.copy(), "v": z.copy(), "s": z.copy(), "p0": p.copy(), "d": dt(d0), "nw": dt(0), "count": 0}

    def update(p, g, st):
        count_inc = st["count"] + 1
        d = st["d"]
        bc = ((1 - b2**count_inc) ** 0.5) / (1 - b1**count_inc)
        dlr = dt(d * dt(lr) * dt(bc))
        dg = d * g
        numerator_acum = np.vdot(g, st["p0"] - p)
        st["m"] = dt(b1) * st["m"] + dt(1 - b1) * dg
        st["v"] = dt(b2) * st["v"] + dt(1 - b2) * dg * dg
        if safeguard:
            st["s"] = dt(b3) * st["s"] + d * dg / dt(d0)
        else:
            st["s"] = dt(b3) * st["s"] + dlr * dg / dt(d0)
        nw = dt(b3) * st["nw"]
        nw = dt(nw + dt(dt(d / dt(d0)) * dlr * numerator_acum))
        denominator = np.sum(np.abs(st["s"]))
        lr_estimate = dt(dt(coef) * nw / denominator)
        d_new = np.maximum(d, lr_estimate)  # jnp.maximum: a NaN estimate propagates
        u = -dlr * st["m"] / (np.sqrt(st["v"]) + d_new * dt(eps))
        u = u - dt(wd) * dlr * p
        st.update(d=d_new, nw=nw, count=count_inc)
        return p + u

    return init, update


def run(rule, o, dt):
    init, update = rule(o, dt)
    y = np.array(START, dtype=dt)
    scales = np.array(SCALES, dtype=dt)
    state = init(y)
    out = []
    for t in range(STEPS):
        g = scales * y + np.array(NOISE[t], dtype=dt)
        y = update(y, g, state)
        out.append([float(v) for v in y])
    return out


CASES = {
    "schedule-free-adamw": ("optax.contrib.schedule_free_adamw", schedule_free_adamw, [
        {"lr": 0.05},
        {"lr": 0.1, "warmup_steps": 5, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1, "weight_lr_power": 1.0},
        {"lr": 0.05, "warmup_steps": 20},
    ]),
    "schedule-free-sgd": ("optax.contrib.schedule_free_sgd", schedule_free_sgd, [
        {"lr": 0.1},
        {"lr": 0.2, "warmup_steps": 5, "momentum": 0.5, "weight_decay": 0.1, "weight_lr_power": 1.0},
        {"lr": 0.1, "warmup_steps": 20},
    ]),
    "prodigy": ("optax.contrib.prodigy", prodigy, [
        {"lr": 1.0},
        {"lr": 0.5, "betas": [0.8, 0.99], "beta3": 0.9, "eps": 1e-6, "estim_lr0": 1e-3, "estim_lr_coef": 2.0, "weight_decay": 0.1},
        {"lr": 1.0, "estim_lr0": 1e-2, "safeguard_warmup": True},
    ]),
}


def main():
    root = os.path.join(HERE, "..", "packages", "optimizers")
    for algo, (name, rule, option_sets) in CASES.items():
        fixture = {
            "generator": "scripts/numpy-optax-contrib-fixtures.py",
            "torch": f"none: NumPy port of optax {OPTAX_COMMIT[:12]}",
            "class": name,
            "start": START,
            "scales": SCALES,
            "noise": NOISE,
            "cases": [{"options": o, "float64": run(rule, o, np.float64), "float32": run(rule, o, np.float32)} for o in option_sets],
        }
        write_json(os.path.join(root, algo, "src", "__fixtures__", "optax-trajectories.json"), fixture)


if __name__ == "__main__":
    main()
