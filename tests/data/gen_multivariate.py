#!/usr/bin/env python3
"""Reference ln pdf and entropy values of the multivariate families, in 50-digit mpmath.

multinomial: ln pmf = ln n! − Σ ln xᵢ! + Σ xᵢ ln pᵢ by mpmath.loggamma, with p normalised by
its sum as kldiv does (0.3 + 0.7 is 1 − 2⁻⁵⁴ in doubles); the entropy by brute force, −Σ pmf ln pmf over every count vector, where there are at most a few thousand, and
otherwise (and as a cross-check of the brute force, asserted below) by the finite sum
H = −ln n! − n Σ pᵢ ln pᵢ + Σᵢ Σₓ C(n, x) pᵢˣ (1 − pᵢ)ⁿ⁻ˣ ln x!, its inner sum over x within
60 standard deviations and 60 of npᵢ (the terms left out are below 1e-700).
lowrank_mvnormal: Σ = W Wᵀ + diag(D) formed in mpmath; ln pdf from mpmath's inverse and det,
entropy ½(d(1 + ln 2π) + ln det Σ). mvnormal and dirichlet: the textbook densities and
entropies. Every parameter is the double the spec parses to (its exact binary value).
Run from the repository root:

    .venv/bin/python tests/data/gen_multivariate.py > tests/data/multivariate.json
"""

import itertools
import json
import sys

import mpmath as mp

mp.mp.dps = 50


def fmt(x):
    return repr(x) if not float(x).is_integer() else str(int(x))


def vec(xs):
    return "[" + ", ".join(fmt(x) for x in xs) + "]"


def mat(rows):
    return "[" + ", ".join(vec(r) for r in rows) + "]"


def out(v):
    """A JSON number, or the string for ±∞."""
    if v == mp.inf:
        return "inf"
    if v == -mp.inf:
        return "-inf"
    return float(v)


# ---- multinomial ----------------------------------------------------------------------------


def mn_ln_pmf(n, p, x):
    if any(xi < 0 or xi != int(xi) for xi in x) or sum(x) != n:
        return -mp.inf
    v = mp.loggamma(n + 1)
    for xi, pi in zip(x, p):
        if xi == 0:
            continue
        if pi == 0:
            return -mp.inf
        v += -mp.loggamma(xi + 1) + xi * mp.log(pi)
    return v


def compositions(n, k):
    """Every count vector of k coordinates summing to n."""
    for cuts in itertools.combinations(range(n + k - 1), k - 1):
        edges = (-1,) + cuts + (n + k - 1,)
        yield [edges[i + 1] - edges[i] - 1 for i in range(k)]


def mn_entropy_brute(n, p):
    h = mp.mpf(0)
    for x in compositions(n, len(p)):
        lp = mn_ln_pmf(n, p, x)
        if lp != -mp.inf:
            h -= mp.exp(lp) * lp
    return h


def mn_entropy_sum(n, p):
    h = -mp.loggamma(n + 1)
    for pi in p:
        if pi == 0:
            continue
        h -= n * pi * mp.log(pi)
        if pi == 1:
            h += mp.loggamma(n + 1)
            continue
        sd = mp.sqrt(n * pi * (1 - pi))
        lo = max(0, int(mp.floor(n * pi - 60 * sd - 60)))
        hi = min(n, int(mp.ceil(n * pi + 60 * sd + 60)))
        ln_p, ln_q = mp.log(pi), mp.log(1 - pi)
        for x in range(max(lo, 2), hi + 1):
            ln_b = mp.loggamma(n + 1) - mp.loggamma(x + 1) - mp.loggamma(n - x + 1)
            h += mp.exp(ln_b + x * ln_p + (n - x) * ln_q) * mp.loggamma(x + 1)
    return h


def normalised(p):
    pm = [mp.mpf(v) for v in p]
    total = mp.fsum(pm)
    return [v / total for v in pm]


def multinomial(n, p, points, brute):
    """brute: True for the brute-force entropy (checked against the finite sum), False for the
    finite sum alone."""
    pm = normalised(p)
    case = {"spec": f"multinomial(n={n}, p={vec(p)})", "points": []}
    for x in points:
        case["points"].append({"x": x, "ln_pdf": out(mn_ln_pmf(n, pm, x))})
    h = mn_entropy_sum(n, pm)
    if brute:
        b = mn_entropy_brute(n, pm)
        assert abs(b - h) <= mp.mpf(10) ** -40 * max(1, abs(b)), (n, p, b, h)
        case["entropy"] = out(b)
        case["entropy_source"] = "brute force over every count vector (checked against the finite sum)"
    else:
        case["entropy"] = out(h)
        case["entropy_source"] = "finite sum over the binomial marginals"
    print(case["spec"], mp.nstr(h, 20), file=sys.stderr)
    return case


# ---- Gaussians and Dirichlet ----------------------------------------------------------------


def gauss(spec, mean, cov, points):
    mu = mp.matrix([mp.mpf(v) for v in mean])
    s = mp.matrix(cov)
    d = s.rows
    inv, ln_det = s ** -1, mp.log(mp.det(s))
    case = {"spec": spec, "points": []}
    for x in points:
        z = mp.matrix([mp.mpf(v) for v in x]) - mu
        q = (z.T * inv * z)[0, 0]
        case["points"].append({"x": x, "ln_pdf": out(-(d * mp.log(2 * mp.pi) + ln_det + q) / 2)})
    case["entropy"] = out((d * (1 + mp.log(2 * mp.pi)) + ln_det) / 2)
    case["entropy_source"] = "½(d(1 + ln 2π) + ln det Σ), det by mpmath"
    print(spec, mp.nstr(case["entropy"], 20), file=sys.stderr)
    return case


def lowrank(mean, w, diag, points):
    d = len(mean)
    wm = [[mp.mpf(v) for v in row] for row in w]
    cov = [[mp.fsum(a * b for a, b in zip(wm[i], wm[j])) + (mp.mpf(diag[i]) if i == j else 0)
            for j in range(d)] for i in range(d)]
    spec = f"lowrank_mvnormal(mean={vec(mean)}, cov_factor={mat(w)}, cov_diag={vec(diag)})"
    return gauss(spec, mean, cov, points)


def mvnormal(mean, cov, points):
    spec = f"mvnormal(mean={vec(mean)}, cov={mat(cov)})"
    return gauss(spec, mean, [[mp.mpf(v) for v in row] for row in cov], points)


def dirichlet(alpha, points):
    a = [mp.mpf(v) for v in alpha]
    a0 = mp.fsum(a)
    ln_b = mp.fsum(mp.loggamma(v) for v in a) - mp.loggamma(a0)
    case = {"spec": f"dirichlet(alpha={vec(alpha)})", "points": []}
    for x in points:
        lp = mp.fsum((ai - 1) * mp.log(mp.mpf(xi)) for ai, xi in zip(a, x)) - ln_b
        case["points"].append({"x": x, "ln_pdf": out(lp)})
    k = len(a)
    h = ln_b + (a0 - k) * mp.digamma(a0) - mp.fsum((ai - 1) * mp.digamma(ai) for ai in a)
    case["entropy"] = out(h)
    case["entropy_source"] = "ln B(α) + (α₀ − K)ψ(α₀) − Σ(αᵢ − 1)ψ(αᵢ)"
    return case


CASES = [
    lambda: multinomial(10, [0.2, 0.3, 0.5],
                        [[2, 3, 5], [10, 0, 0], [0, 0, 10], [1, 1, 8], [3, 3, 3], [2, 3, 6],
                         [-1, 6, 5], [2.5, 2.5, 5]], brute=True),
    lambda: multinomial(1, [0.25, 0.75], [[1, 0], [0, 1], [1, 1]], brute=True),
    lambda: multinomial(30, [0.0625, 0.1875, 0.25, 0.5],
                        [[2, 4, 9, 15], [30, 0, 0, 0], [0, 0, 0, 30], [7, 7, 8, 8]], brute=True),
    lambda: multinomial(6, [0.5, 0.0, 0.5], [[3, 0, 3], [6, 0, 0], [2, 1, 3]], brute=True),
    lambda: multinomial(0, [0.4, 0.6], [[0, 0], [1, 0]], brute=True),
    lambda: multinomial(2000, [0.125, 0.25, 0.625],
                        [[200, 400, 1400], [150, 450, 1400], [0, 0, 2000], [2000, 0, 0]],
                        brute=False),
    lambda: multinomial(1000000, [0.375, 0.625],
                        [[375000, 625000], [376000, 624000], [350000, 650000]], brute=False),
    # 0.3 + 0.7 is 1 − 2⁻⁵⁴ in doubles: normalising moves ln pmf by n·2⁻⁵⁴ = 5.6e-11.
    lambda: multinomial(1000000, [0.3, 0.7],
                        [[300000, 700000], [301000, 699000], [250000, 750000]], brute=False),
    lambda: multinomial(40, [0.1, 0.2, 0.7], [[4, 8, 28], [0, 0, 40], [40, 0, 0]], brute=True),
    # Σp = 1 + 9e-10, inside the tolerance of 1e-9: normalising moves ln pmf by 1.8e-7.
    lambda: multinomial(200, [0.2000000009, 0.3, 0.5], [[40, 60, 100], [0, 0, 200]], brute=False),
    lambda: lowrank([0.0, 0.0], [[1.0], [0.5]], [1.0, 2.0],
                    [[0.0, 0.0], [1.0, -1.0], [3.0, 2.5], [-10.0, 7.0]]),
    lambda: lowrank([1.0, 2.0, 0.0], [[1.0, 0.5], [-1.0, 2.0], [0.3, 0.0]], [0.5, 1.0, 2.0],
                    [[1.0, 2.0, 0.0], [0.0, 0.0, 0.0], [2.5, -1.0, 3.0]]),
    lambda: lowrank([0.5, -0.5], [[1.0, 2.0, 0.1], [0.2, -1.0, 3.0]], [0.01, 0.3],
                    [[0.5, -0.5], [1.0, 1.0], [-4.0, 6.0]]),
    lambda: lowrank([3.0], [[2.0]], [0.25], [[3.0], [0.0], [10.0]]),
    lambda: mvnormal([1.0, 2.0], [[2.0, 0.5], [0.5, 1.0]], [[1.0, 2.0], [0.0, 0.0], [4.0, -1.0]]),
    lambda: dirichlet([0.5, 2.0, 3.0], [[0.2, 0.3, 0.5], [0.01, 0.5, 0.49], [0.5, 0.25, 0.25]]),
]


def main():
    cases = [make() for make in CASES]
    json.dump({"generator": "tests/data/gen_multivariate.py", "mpmath": mp.__version__,
               "digits": mp.mp.dps, "cases": cases}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
