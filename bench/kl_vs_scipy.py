#!/usr/bin/env python3
"""KL(p‖q) by quadrature: scipy.integrate.quad against kldiv, side by side, in one run.

For each pair it times
  - scipy "careful": quad of exp(ln p)·(ln p − ln q) over (−∞, ∞), with log densities in plain
    `math` (log-sum-exp for mixtures) to spare scipy.stats' per-call overhead, epsabs = 1e-12;
  - scipy "naive": quad(lambda x: p(x)·log(p(x)/q(x)), −∞, ∞) as a tutorial would write it;
  - kldiv: `divergence` with the default (auto) method, timed in-process by
    `crates/kldiv/examples/kl_timing.rs` (median of 41 batches of ~5 ms);
and reports each value's error against the truth (mpmath, tests/data/kl.json) next to the error
each method claims. Run from the repository root:

    .venv/bin/python bench/kl_vs_scipy.py
"""

import json
import math
import subprocess
import sys
import timeit
import warnings

import numpy as np
import scipy
from scipy import integrate, stats

PAIRS = [
    # (label, p spec, q spec, scipy p, scipy q) where a scipy side is a list of (weight, frozen)
    ("seed: N(0,1) ‖ ½N(0,1)+½N(3,1)", "normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)",
     [(1.0, stats.norm(0, 1))], [(0.5, stats.norm(0, 1)), (0.5, stats.norm(3, 1))]),
    ("seed reverse: ½N(0,1)+½N(3,1) ‖ N(0,1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)", "normal(0, 1)",
     [(0.5, stats.norm(0, 1)), (0.5, stats.norm(3, 1))], [(1.0, stats.norm(0, 1))]),
    ("separated: 3 narrow ‖ 5 narrow (σ=0.05)",
     "0.3333333333333333*normal(-20, 0.05) + 0.3333333333333333*normal(0, 0.05) + 0.3333333333333333*normal(20, 0.05)",
     "0.2*normal(-20, 0.05) + 0.2*normal(-10, 0.05) + 0.2*normal(0, 0.05) + 0.2*normal(10, 0.05) + 0.2*normal(20, 0.05)",
     [(1 / 3, stats.norm(m, 0.05)) for m in (-20, 0, 20)],
     [(0.2, stats.norm(m, 0.05)) for m in (-20, -10, 0, 10, 20)]),
    ("N(0,1) ‖ Cauchy(0,1)", "normal(0, 1)", "cauchy(0, 1)",
     [(1.0, stats.norm(0, 1))], [(1.0, stats.cauchy(0, 1))]),
    ("t(3) ‖ logistic(0,1)", "student_t(3, 0, 1)", "logistic(0, 1)",
     [(1.0, stats.t(3))], [(1.0, stats.logistic(0, 1))]),
]


LN_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def scalar_logpdf(d):
    """A plain-math log density for one frozen scipy distribution: what a careful user writes
    to avoid scipy.stats' per-call overhead (frozen .logpdf costs ~30 µs a call)."""
    name = d.dist.name
    loc, scale = d.kwds.get("loc", d.args[-2] if len(d.args) >= 2 else 0.0), d.kwds.get("scale", d.args[-1] if d.args else 1.0)
    if name == "norm":
        m, s = d.args if d.args else (0.0, 1.0)
        ls = math.log(s) + LN_SQRT_2PI
        return lambda x: -0.5 * ((x - m) / s) ** 2 - ls
    if name == "cauchy":
        m, s = d.args if d.args else (0.0, 1.0)
        c = math.log(math.pi * s)
        return lambda x: -c - math.log1p(((x - m) / s) ** 2)
    if name == "logistic":
        m, s = d.args if d.args else (0.0, 1.0)
        ls = math.log(s)
        return lambda x: -abs((x - m) / s) - 2 * math.log1p(math.exp(-abs((x - m) / s))) - ls
    if name == "t":
        (v,) = d.args
        c = math.lgamma((v + 1) / 2) - math.lgamma(v / 2) - 0.5 * math.log(v * math.pi)
        return lambda x: c - (v + 1) / 2 * math.log1p(x * x / v)
    raise ValueError(name)


def logpdf(parts):
    ws = [math.log(w) for w, _ in parts]
    fs = [scalar_logpdf(d) for _, d in parts]
    if len(fs) == 1:
        return fs[0]

    def mix(x):
        ts = [w + f(x) for w, f in zip(ws, fs)]
        m = max(ts)
        return m + math.log(math.fsum(math.exp(t - m) for t in ts))

    return mix


def pdf(parts):
    return lambda x: sum(w * d.pdf(x) for w, d in parts)


def median_time(f, budget=0.6):
    n = max(1, int(0.02 / max(timeit.timeit(f, number=1), 1e-7)))
    runs = timeit.repeat(f, number=n, repeat=max(5, int(budget / 0.02)))
    return float(np.median(runs)) / n


def main():
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "kl_timing"], check=True)
    truth = {(r["p"], r["q"]): r["kl"] for r in json.load(open("tests/data/kl.json"))["pairs"]}
    args = [s for _, p, q, _, _ in PAIRS for s in (p, q)]
    out = subprocess.run(["target/release/examples/kl_timing", *args], check=True,
                         capture_output=True, text=True).stdout
    ours = [json.loads(line) for line in out.splitlines()]
    print(f"scipy {scipy.__version__}, numpy {np.__version__}; kldiv {ours[0]['method'] if ours else ''}")
    print()
    print("| pair | truth (mpmath) | scipy careful: value, error, claimed, time | scipy naive | "
          "kldiv: value, error, claimed, time | speed-up |")
    print("|---|---|---|---|---|---|")
    for (label, ps, qs, pp, qq), k in zip(PAIRS, ours):
        t = truth[(ps, qs)]
        lp, lq = logpdf(pp), logpdf(qq)

        def careful():
            def f(x):
                a = lp(x)
                return math.exp(a) * (a - lq(x)) if a > -745 else 0.0
            return integrate.quad(f, -np.inf, np.inf, epsabs=1e-12, limit=200)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c_val, c_err = careful()
            c_time = median_time(careful)
            p_, q_ = pdf(pp), pdf(qq)
            n_val = integrate.quad(lambda x: p_(x) * np.log(p_(x) / q_(x)), -np.inf, np.inf)[0]
        ratio = c_time / k["median_s"]
        print(f"| {label} | {t:.16g} | {c_val:.16g}, {abs(c_val - t):.1e}, ±{c_err:.0e}, "
              f"{c_time * 1e3:.3f} ms | {n_val:.6g} | {k['value']:.16g}, {abs(k['value'] - t):.1e}, "
              f"±{k['abs_error']:.0e}, {k['median_s'] * 1e6:.1f} µs ({k['method']}) | {ratio:.0f}× |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
