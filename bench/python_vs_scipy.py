#!/usr/bin/env python3
"""The Python module against scipy, in one Python process: ``kldiv.entropy(p, q)`` against
``scipy.stats.entropy(p, q)`` from 10^3 to 5·10^7 elements, and ``kldiv.kl`` against the
careful ``scipy.integrate.quad`` of bench/kl_vs_scipy.py on the seed chapter's pair.

Both sides get the same float64 arrays in (0, 1) (bench/entropy_vs_scipy.py's splitmix64
streams, p seed 1, q seed 2) and are timed the same way: medians of timeit repeats, every call
through the public Python function (the conversions and the call overhead included). Run from
the repository root with the module installed (scripts/test-all.sh leaves one in
target/py-test-venv):

    target/py-test-venv/bin/python bench/python_vs_scipy.py > bench/python_vs_scipy.out

OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset before numpy loads, as the workplace notes
advise for benchmarking numpy (tests and CI keep them).
"""

import os

for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(_var, None)

import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import timeit  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy import integrate, stats  # noqa: E402

import kldiv  # noqa: E402

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from entropy_vs_scipy import splitmix_uniform  # noqa: E402
from kl_vs_scipy import PAIRS, logpdf, median_time  # noqa: E402

SIZES = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 50_000_000]


def median_per_call(f, n):
    number = max(1, int(2e5 / n))
    repeat = 15 if n < 10_000_000 else 5
    f()  # warm: first-touch page faults, thread pool start
    return float(np.median(timeit.repeat(f, number=number, repeat=repeat))) / number


def arrays():
    print("| elements | scipy.stats.entropy | kldiv.entropy | speed-up | same value |")
    print("|---:|---:|---:|---:|---|")
    for n in SIZES:
        p, q = splitmix_uniform(1, n), splitmix_uniform(2, n)
        theirs = median_per_call(lambda: stats.entropy(p, q), n)
        ours = median_per_call(lambda: kldiv.entropy(p, q), n)
        a, b = float(kldiv.entropy(p, q)), float(stats.entropy(p, q))
        same = f"{abs(a - b) / b:.0e} apart" if a != b else "equal"
        print(f"| {n:,} | {theirs * 1e3:.3f} ms | {ours * 1e3:.4f} ms | {theirs / ours:.1f}× | {same} |")
        sys.stdout.flush()
        del p, q


def divergences():
    truth = {(r["p"], r["q"]): r["kl"] for r in json.load(open(BENCH.parent / "tests/data/kl.json"))["pairs"]}
    print("| pair | truth (mpmath) | scipy quad (careful): value, error, claimed, time | "
          "kldiv.kl: value, error, claimed, time | speed-up |")
    print("|---|---|---|---|---|")
    for label, ps, qs, pp, qq in PAIRS[:2]:  # the seed pair, both ways
        t = truth[(ps, qs)]
        lp, lq = logpdf(pp), logpdf(qq)

        def careful():
            def f(x):
                a = lp(x)
                return math.exp(a) * (a - lq(x)) if a > -745 else 0.0

            return integrate.quad(f, -np.inf, np.inf, epsabs=1e-12, limit=200)

        p, q = kldiv.Dist(ps), kldiv.Dist(qs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c_val, c_err = careful()
            c_time = median_time(careful)
        r = kldiv.kl(p, q)
        k_time = median_time(lambda: kldiv.kl(p, q))
        k_spec = median_time(lambda: kldiv.kl(ps, qs))
        print(f"| {label} | {t:.16g} | {c_val:.16g}, {abs(c_val - t):.1e}, ±{c_err:.0e}, "
              f"{c_time * 1e3:.3f} ms | {r.value:.16g}, {abs(r.value - t):.1e}, ±{r.abs_error:.0e}, "
              f"{k_time * 1e6:.1f} µs ({r.method}; {k_spec * 1e6:.1f} µs from spec strings) | "
              f"{c_time / k_time:.0f}× |")
        sys.stdout.flush()


def main():
    print(f"kldiv {kldiv.__version__}, scipy {scipy.__version__}, numpy {np.__version__}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print()
    arrays()
    print()
    divergences()


if __name__ == "__main__":
    main()
