#!/usr/bin/env python3
"""KL between Gaussian mixtures, for kldiv's guaranteed bounds, approximations and Monte Carlo.

Each pair's truth comes from a method independent of kldiv:
- d = 1: mpmath quadrature at 30 digits, split at every component mean (error ~1e-25);
- d = 2: the trapezoid rule on a uniform grid over a box 14 standard deviations past every
  component (exponentially convergent for these smooth, fast-decaying integrands), at step h
  and h/2: the error stated is their difference plus the float64 summation's rounding;
- d = 10: numpy Monte Carlo from 2·10⁷ seeded draws of p: the error stated is one standard error.
Run from the repository root (about two minutes):

    .venv/bin/python tests/data/gen_mixtures.py > tests/data/mixtures.json
"""

import json
import math
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 30


def fmt(x):
    return repr(float(x)).removesuffix(".0")


def spec1(parts):
    if len(parts) == 1:
        return f"normal({fmt(parts[0][1])}, {fmt(parts[0][2])})"
    return " + ".join(f"{fmt(w)}*normal({fmt(m)}, {fmt(s)})" for w, m, s in parts)


def spec_mv(parts):
    def one(m, c):
        mean = ", ".join(fmt(v) for v in m)
        cov = ", ".join("[" + ", ".join(fmt(v) for v in row) + "]" for row in c)
        return f"mvnormal(mean=[{mean}], cov=[{cov}])"

    if len(parts) == 1:
        return one(parts[0][1], parts[0][2])
    return " + ".join(f"{fmt(w)}*{one(m, c)}" for w, m, c in parts)


def kl_1d(p, q):
    def dens(parts, x):
        return mp.fsum(mp.mpf(w) * mp.npdf(x, m, s) for w, m, s in parts)

    def integrand(x):
        a, b = dens(p, x), dens(q, x)
        if a == 0:
            return mp.mpf(0)
        return a * mp.log(a / b)

    cuts = sorted({m for _, m, _ in p + q})
    lo = min(m - 40 * s for _, m, s in p)
    hi = max(m + 40 * s for _, m, s in p)
    pts = [lo] + [c for c in cuts if lo < c < hi] + [hi]
    return float(mp.quad(integrand, pts, maxdegree=10))


def log_mix_2d(parts, x, y):
    terms = []
    for w, m, c in parts:
        c = np.array(c)
        inv = np.linalg.inv(c)
        dx, dy = x - m[0], y - m[1]
        quad = inv[0, 0] * dx * dx + 2 * inv[0, 1] * dx * dy + inv[1, 1] * dy * dy
        terms.append(math.log(w) - math.log(2 * math.pi) - 0.5 * math.log(np.linalg.det(c)) - 0.5 * quad)
    t = np.stack(terms)
    mx = t.max(axis=0)
    return mx + np.log(np.exp(t - mx).sum(axis=0))


def kl_2d_grid(p, q, n):
    sd = max(math.sqrt(max(np.linalg.eigvalsh(np.array(c)))) for _, _, c in p)
    xs = [m[0] for _, m, _ in p]
    ys = [m[1] for _, m, _ in p]
    x0, x1 = min(xs) - 14 * sd, max(xs) + 14 * sd
    y0, y1 = min(ys) - 14 * sd, max(ys) + 14 * sd
    gx = np.linspace(x0, x1, n)
    gy = np.linspace(y0, y1, n)
    hx, hy = gx[1] - gx[0], gy[1] - gy[0]
    total = 0.0
    for row in np.array_split(np.arange(n), 64):
        X, Y = np.meshgrid(gx, gy[row], indexing="xy")
        lp = log_mix_2d(p, X, Y)
        lq = log_mix_2d(q, X, Y)
        total += math.fsum((np.exp(lp) * (lp - lq)).ravel())
    return total * hx * hy


def kl_2d(p, q):
    a = kl_2d_grid(p, q, 1201)
    b = kl_2d_grid(p, q, 2401)
    return b, abs(a - b) + 1e-12 * abs(b)


def mc(p, q, n, seed):
    rng = np.random.default_rng(seed)
    w = np.array([c[0] for c in p])
    d = len(p[0][1])

    def log_mix(parts, x):
        terms = []
        for wt, m, c in parts:
            c = np.array(c)
            L = np.linalg.cholesky(c)
            z = np.linalg.solve(L, (x - np.array(m)).T)
            terms.append(math.log(wt) - 0.5 * (d * math.log(2 * math.pi) + 2 * np.log(np.diag(L)).sum()) - 0.5 * (z * z).sum(axis=0))
        t = np.stack(terms)
        mx = t.max(axis=0)
        return mx + np.log(np.exp(t - mx).sum(axis=0))

    sums, sq, count = 0.0, 0.0, 0
    block = 1_000_000
    while count < n:
        b = min(block, n - count)
        comp = rng.choice(len(p), size=b, p=w / w.sum())
        x = np.empty((b, d))
        for k, (_, m, c) in enumerate(p):
            idx = np.nonzero(comp == k)[0]
            L = np.linalg.cholesky(np.array(c))
            x[idx] = np.array(m) + rng.standard_normal((idx.size, d)) @ L.T
        l = log_mix(p, x) - log_mix(q, x)
        sums += l.sum()
        sq += (l * l).sum()
        count += b
    mean = sums / count
    var = (sq - count * mean * mean) / (count - 1)
    return mean, math.sqrt(var / count)


def random_mixture(rng, k, d, spread, scale_lo, scale_hi, weights=None):
    if weights is None:
        weights = rng.dirichlet(np.ones(k) * 2.0)
    weights = np.array(weights, dtype=float)
    weights = weights / weights.sum()
    parts = []
    for i in range(k):
        m = np.round(rng.normal(0, spread, d), 3)
        a = np.round(rng.normal(0, 1, (d, d)), 2)
        s = rng.uniform(scale_lo, scale_hi)
        c = (a @ a.T) / d * s + 0.1 * s * np.eye(d)
        c = (c + c.T) / 2
        parts.append([float(weights[i]), m.tolist(), c.tolist()])
    # Weights summing to 1 exactly as decimals: the last takes the remainder.
    ws = [round(p[0], 6) for p in parts]
    ws[-1] = round(1 - sum(ws[:-1]), 6)
    for p, w in zip(parts, ws):
        p[0] = w
    return parts


def main():
    out = []
    seed_q = [(0.5, 0, 1), (0.5, 3, 1)]
    one_d = [
        ("seed: normal vs mixture", [(1.0, 0, 1)], seed_q),
        ("seed: mixture vs normal", seed_q, [(1.0, 0, 1)]),
        ("1-D overlapping", [(0.3, -1, 0.5), (0.7, 2, 1.5)], [(0.6, 0, 1), (0.4, 4, 2)]),
        ("1-D separated", [(0.5, -10, 1), (0.5, 10, 1)], [(0.5, -9, 1), (0.5, 11, 2)]),
        ("1-D unequal weights", [(0.999, 0, 1), (0.001, 10, 1)], [(1.0, 0, 1)]),
        ("1-D nested", [(0.5, 0, 1), (0.5, 0, 10)], [(1.0, 0, 3)]),
    ]
    for name, p, q in one_d:
        v = kl_1d(p, q)
        out.append({"name": name, "p": spec1(p), "q": spec1(q), "d": 1, "truth": v,
                    "truth_error": abs(v) * 1e-15, "source": "mpmath quadrature, 30 digits"})
        print(name, v, file=sys.stderr)

    eye = [[1.0, 0.0], [0.0, 1.0]]
    two_d = [
        ("2-D overlapping",
         [(0.5, [0, 0], eye), (0.5, [3, 0], [[1, 0.5], [0.5, 1]])],
         [(0.2, [1, 0], [[2, 0], [0, 1]]), (0.8, [0, 2], [[1, 0], [0, 3]])]),
        ("2-D separated",
         [(0.5, [-8, 0], eye), (0.5, [8, 0], [[1, -0.3], [-0.3, 0.5]])],
         [(0.5, [-7, 1], [[1.5, 0], [0, 1]]), (0.5, [9, 0], eye)]),
        ("2-D unequal weights",
         [(0.99, [0, 0], eye), (0.01, [6, 6], [[0.5, 0], [0, 0.5]])],
         [(0.9, [0, 0.5], eye), (0.1, [5, 5], eye)]),
        ("2-D nested",
         [(0.5, [0, 0], [[0.25, 0], [0, 0.25]]), (0.5, [0, 0], [[4, 1], [1, 4]])],
         [(1.0, [0, 0], [[2, 0], [0, 2]])]),
        ("2-D mixture vs normal",
         [(0.5, [0, 0], eye), (0.5, [3, 0], [[1, 0.5], [0.5, 1]])],
         [(1.0, [1, 0], [[2, 0], [0, 1]])]),
    ]
    for name, p, q in two_d:
        v, e = kl_2d(p, q)
        out.append({"name": name, "p": spec_mv(p), "q": spec_mv(q), "d": 2, "truth": v,
                    "truth_error": e, "source": "trapezoid rule on a 2401² grid (vs 1201²)"})
        print(name, v, e, file=sys.stderr)

    rng = np.random.default_rng(20261129)
    ten_d = [
        ("10-D, 8 components each, overlapping",
         random_mixture(rng, 8, 10, 1.0, 0.5, 2.0), random_mixture(rng, 8, 10, 1.0, 0.5, 2.0)),
        ("10-D, 8 vs 3 components, separated",
         random_mixture(rng, 8, 10, 4.0, 0.3, 1.0), random_mixture(rng, 3, 10, 4.0, 1.0, 3.0)),
    ]
    for i, (name, p, q) in enumerate(ten_d):
        v, e = mc(p, q, 20_000_000, 7 + i)
        out.append({"name": name, "p": spec_mv(p), "q": spec_mv(q), "d": 10, "truth": v,
                    "truth_error": e, "source": "numpy Monte Carlo, 2e7 draws (error: 1 SE)"})
        print(name, v, e, file=sys.stderr)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
