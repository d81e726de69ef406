#!/usr/bin/env python3
"""Array measures at the edges of float64, by mpmath at 80 digits from the exact binary
inputs (normalised with exact sums): subnormal and huge entries, ratios past the range,
negative weights (which scipy's normalising turns positive), distributions that barely
overlap, Rényi orders from 1 ± 1e-6 to 1e308. Run from the repository root:

    .venv/bin/python tests/data/gen_array_extremes.py > tests/data/array_extremes.json
"""

import json
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 80


def norm(x):
    x = [mp.mpf(v) for v in x]
    s = mp.fsum(x)
    return [v / s for v in x]


def kl(p, q):
    P, Q = norm(p), norm(q)
    return mp.fsum(a * mp.log(a / b) for a, b in zip(P, Q) if a != 0)


def entropy(p):
    P = norm(p)
    return -mp.fsum(a * mp.log(a) for a in P if a != 0)


def cross(p, q):
    P, Q = norm(p), norm(q)
    return -mp.fsum(a * mp.log(b) for a, b in zip(P, Q) if a != 0)


def renyi(p, q, alpha):
    P, Q = norm(p), norm(q)
    al = mp.mpf(alpha)
    s = mp.fsum(mp.exp(al * mp.log(a) + (1 - al) * mp.log(b)) for a, b in zip(P, Q)
                if a != 0 and b != 0)
    return mp.log(s) / (al - 1)


def bhattacharyya(p, q):
    P, Q = norm(p), norm(q)
    return -mp.log(mp.fsum(mp.sqrt(a * b) for a, b in zip(P, Q)))


def main():
    rng = np.random.default_rng(7)
    cases = []

    def add(measure, p, q=None, alpha=None):
        if measure == "kl":
            v = kl(p, q)
        elif measure == "entropy":
            v = entropy(p)
        elif measure == "cross":
            v = cross(p, q)
        elif measure == "bhattacharyya":
            v = bhattacharyya(p, q)
        else:
            v = renyi(p, q, alpha)
        cases.append({"measure": measure, "p": [float(x) for x in p],
                      "q": None if q is None else [float(x) for x in q],
                      "alpha": alpha, "truth": float(v)})

    for p, q in [([1e-310, 1], [1, 2]), ([5e-324, 1], [1, 2]), ([1, 1], [5e-324, 1]),
                 ([1, 2, 1e-310], [1, 1, 1]), ([2, 2, 2], [1, 1, 1e-310]),
                 ([1e-310, 2e-310], [2e-310, 1e-310]), ([1, 2], [1e-307, 1e-308]),
                 ([1e306], [1]), ([3e305, 1], [1, 1]), ([1, 1], [1e-300, 1e300]),
                 ([1.7976931348623157e308, 5e-324], [5e-324, 1.7976931348623157e308]),
                 ([-1, -2], [-1, -3]), ([1e300, 1e-300, 1], [1e-300, 1e300, 1])]:
        add("kl", p, q)
    for p in ([1e306, 1e306], [3e305, 3e305, 1], [1e308, 1e307], [1e-310, 3e-310, 1e-320]):
        add("entropy", p)
    add("cross", [3e305, 1], [1, 1])
    add("cross", [1, 2, 1e-310], [1, 1, 1])
    for e in (20, 30, 34, 100, 200):
        add("bhattacharyya", [1, 10.0**-e], [10.0**-e, 1])
        add("renyi", [1, 10.0**-e], [10.0**-e, 1], 0.5)
        add("renyi", [1, 10.0**-e], [10.0**-e, 1], 0.9)
    for alpha in (2.0, 50.0, 100.0, 200.0, 1000.0, 1e6, 1e308, 0.01, 1e-9):
        add("renyi", [0.2, 0.8], [0.5, 0.5], alpha)
    p = rng.random(200) + 0.1
    q = p * (1 + 0.5 * (rng.random(200) - 0.5))
    for alpha in (0.999999, 1.000001, 0.99, 1.01, 3.0):
        add("renyi", p.tolist(), q.tolist(), alpha)
    # Entries 10⁻⁶⁰⁰ of their totals, which normalising would make 0: Rényi and Bhattacharyya
    # normalise inside their logarithms.
    wide_p, wide_q = [1e300, 1e-300, 1.0], [1e-300, 1e300, 1.0]
    for alpha in (2.0, 7.5, 0.999, 0.5):
        add("renyi", wide_p, wide_q, alpha)
    add("bhattacharyya", wide_p, wide_q)
    # A nearly certain pair whose small entries are permuted: Rényi of 4.7e-13, where a form
    # about the dominant term would lose it to the rounding of ln(1 − 1e-12).
    small = (rng.random(9) * 2.5e-13).tolist()
    p = [1.0] + small
    q = [1.0] + small[::-1]
    for alpha in (2.0, 0.5):
        add("renyi", p, q, alpha)
    json.dump({"source": f"mpmath {mp.__version__} at {mp.mp.dps} digits; "
                         "tests/data/gen_array_extremes.py", "cases": cases}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
