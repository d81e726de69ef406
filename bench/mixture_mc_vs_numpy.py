#!/usr/bin/env python3
"""Monte Carlo KL between Gaussian mixtures: `kldiv kl … --method mc` (both cores, vectorised)
against the same estimator written the fast numpy way (vectorised in blocks of 10⁶ draws, BLAS
matrix products through each component's inverse Cholesky factor, a mixture's components
sampled by Neyman's allocation as kldiv does; one process: numpy's elementwise work runs on one
core), side by side in one run; then the multivariate normal's
closed form at d = 1000 (covariances read from .npy files) against numpy's slogdet/solve.

Pairs: the seed chapter's N(0, 1) ‖ ½N(0, 1) + ½N(3, 1), and two 8-component mixtures in
d = 10 (seeded). Reported: medians of 5 runs, draws per second, the ratio, and both estimates
with their standard errors (they must agree within a few). Run from the repository root after
`cargo build --release`:

    .venv/bin/python bench/mixture_mc_vs_numpy.py > bench/mixture_mc_vs_numpy.out
"""

import os

for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(_var, None)

import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KLDIV = ROOT / "target" / "release" / "kldiv"
RUNS = 5
BLOCK = 1_000_000
LN_2PI = math.log(2 * math.pi)


def prepared(parts):
    """(log weight + normalising constant, mean, inverse Cholesky factor, factor) per component."""
    out = []
    for w, m, c in parts:
        m, c = np.asarray(m, float), np.asarray(c, float)
        L = np.linalg.cholesky(c)
        const = math.log(w) - 0.5 * (len(m) * LN_2PI + 2 * np.log(np.diag(L)).sum())
        out.append((const, m, np.linalg.inv(L), L))
    return out


def log_mix(comps, x):
    t = np.empty((len(comps), x.shape[0]))
    for k, (const, m, inv_l, _) in enumerate(comps):
        z = (x - m) @ inv_l.T
        t[k] = const - 0.5 * np.einsum("ij,ij->i", z, z)
    mx = t.max(axis=0)
    return mx + np.log(np.exp(t - mx).sum(axis=0))


def component_mc(pp, qq, a, n, rng):
    """Mean and variance of ln p − ln q over n draws of component a."""
    _, m, _, L = pp[a]
    s = s2 = 0.0
    done = 0
    while done < n:
        b = min(BLOCK, n - done)
        x = m + rng.standard_normal((b, len(m))) @ L.T
        l = log_mix(pp, x) - log_mix(qq, x)
        s += l.sum()
        s2 += (l * l).sum()
        done += b
    mean = s / n
    return mean, (s2 / n - mean * mean) * n / (n - 1)


def numpy_mc(p, q, n, seed):
    """kldiv's estimator for a mixture p: a pilot of 1024 draws per component sets Neyman's
    allocation (draws ∝ πₐσₐ, at least 64), then each component's mean is weighted by πₐ."""
    rng = np.random.default_rng(seed)
    pp, qq = prepared(p), prepared(q)
    w = [c[0] for c in p]
    k = len(p)
    spread = [w[a] * math.sqrt(component_mc(pp, qq, a, 1024, rng)[1]) for a in range(k)]
    main = max(n - 1024 * k, 64 * k)
    counts = [max(64, int(main * s / sum(spread))) for s in spread]
    counts[int(np.argmax(spread))] += max(0, main - sum(counts))
    value = variance = 0.0
    for a in range(k):
        mean, var = component_mc(pp, qq, a, counts[a], rng)
        value += w[a] * mean
        variance += w[a] ** 2 * var / counts[a]
    return value, math.sqrt(variance)


def numpy_mc_1d(n, seed):
    """The seed pair in one dimension, the shortest numpy form (no matrices)."""
    rng = np.random.default_rng(seed)
    s = s2 = 0.0
    done = 0
    half = math.log(0.5)
    while done < n:
        b = min(BLOCK, n - done)
        x = rng.standard_normal(b)
        a = -0.5 * x * x
        l = a - np.logaddexp(half + a, half - 0.5 * (x - 3) ** 2)
        s += l.sum()
        s2 += (l * l).sum()
        done += b
    mean = s / n
    return mean, math.sqrt((s2 / n - mean * mean) / (n - 1))


def fmt(x):
    return repr(float(x)).removesuffix(".0")


def spec(parts):
    def one(m, c):
        mean = ", ".join(fmt(v) for v in m)
        cov = ", ".join("[" + ", ".join(fmt(v) for v in row) + "]" for row in c)
        return f"mvnormal(mean=[{mean}], cov=[{cov}])"

    return " + ".join(f"{fmt(w)}*{one(m, c)}" for w, m, c in parts)


def mixture(rng, k, d, spread):
    w = rng.dirichlet(np.ones(k) * 2.0)
    w = np.round(w, 6)
    w[-1] = round(1 - w[:-1].sum(), 6)
    parts = []
    for i in range(k):
        m = np.round(rng.normal(0, spread, d), 3)
        a = np.round(rng.normal(0, 1, (d, d)), 2)
        c = a @ a.T / d + 0.2 * np.eye(d)
        parts.append((float(w[i]), m.tolist(), ((c + c.T) / 2).tolist()))
    return parts


def kldiv_mc(p_arg, q_arg, n, seed):
    out = subprocess.run(
        [str(KLDIV), "kl", p_arg, q_arg, "--method", "mc", "--samples", str(n), "--seed",
         str(seed), "--json"],
        check=True, capture_output=True, text=True,
    )
    v = json.loads(out.stdout)
    return v["value"], v["abs_error"]


def timed(f):
    times, result = [], None
    for _ in range(RUNS):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main():
    if not KLDIV.exists():
        sys.exit("build first: cargo build --release")
    rng = np.random.default_rng(20261129)
    tmp = Path(tempfile.mkdtemp())
    p10, q10 = mixture(rng, 8, 10, 1.0), mixture(rng, 8, 10, 1.0)
    (tmp / "p10.txt").write_text(spec(p10))
    (tmp / "q10.txt").write_text(spec(q10))
    cases = [
        ("seed pair, d = 1: N(0,1) ‖ ½N(0,1) + ½N(3,1)", 100_000_000,
         lambda n: kldiv_mc("normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)", n, 1),
         lambda n: numpy_mc_1d(n, 1)),
        ("8 vs 8 components, d = 10", 4_000_000,
         lambda n: kldiv_mc(f"@{tmp / 'p10.txt'}", f"@{tmp / 'q10.txt'}", n, 1),
         lambda n: numpy_mc(p10, q10, n, 1)),
    ]
    print(f"Monte Carlo draws per second, medians of {RUNS} runs (kldiv end to end, process start "
          "included; numpy in one process)\n")
    print("| pair | draws | numpy | kldiv | speed-up | numpy estimate | kldiv estimate |")
    print("|---|---:|---:|---:|---:|---|---|")
    for name, n, ours, theirs in cases:
        t_np, (v_np, e_np) = timed(lambda: theirs(n))
        t_k, (v_k, e_k) = timed(lambda: ours(n))
        print(f"| {name} | {n:,} | {n / t_np:.3g}/s | {n / t_k:.3g}/s | {t_np / t_k:.1f}× | "
              f"{v_np:.6f} ± {e_np:.1e} | {v_k:.6f} ± {e_k:.1e} |")

    # The multivariate normal's closed form at d = 1000, covariances from .npy files.
    d = 1000
    a = rng.normal(0, 1, (d, d)) / math.sqrt(d)
    s1 = a @ a.T + 0.5 * np.eye(d)
    b = rng.normal(0, 1, (d, d)) / math.sqrt(d)
    s2 = b @ b.T + 0.7 * np.eye(d)
    m1, m2 = rng.normal(0, 0.1, d), np.zeros(d)
    for name, arr in [("m1", m1), ("m2", m2), ("s1", (s1 + s1.T) / 2), ("s2", (s2 + s2.T) / 2)]:
        np.save(tmp / f"{name}.npy", arr)
    p_arg = f"mvnormal(mean=@{tmp / 'm1.npy'}, cov=@{tmp / 's1.npy'})"
    q_arg = f"mvnormal(mean=@{tmp / 'm2.npy'}, cov=@{tmp / 's2.npy'})"

    def ours():
        # The text line: --json would also print both specs, 2·10⁶ numbers, in full.
        out = subprocess.run([str(KLDIV), "kl", p_arg, q_arg], check=True,
                             capture_output=True, text=True)
        return float(out.stdout.split("=")[1].split("±")[0])

    def theirs():
        s1n, s2n = np.load(tmp / "s1.npy"), np.load(tmp / "s2.npy")
        m1n, m2n = np.load(tmp / "m1.npy"), np.load(tmp / "m2.npy")
        diff = m2n - m1n
        tr = np.trace(np.linalg.solve(s2n, s1n))
        quad = diff @ np.linalg.solve(s2n, diff)
        return float(0.5 * (tr + quad - d + np.linalg.slogdet(s2n)[1] - np.linalg.slogdet(s1n)[1]))

    t_np, v_np = timed(theirs)
    t_k, v_k = timed(ours)
    print(f"\nMultivariate normal KL at d = {d} (covariances from .npy files), medians of {RUNS}:\n")
    print("| | time | value |")
    print("|---|---:|---|")
    print(f"| numpy (np.load, solve, slogdet) | {t_np * 1e3:.0f} ms | {v_np!r} |")
    print(f"| `kldiv kl` (end to end, Cholesky) | {t_k * 1e3:.0f} ms | {v_k!r} |")


if __name__ == "__main__":
    main()
