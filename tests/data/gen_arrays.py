#!/usr/bin/env python3
"""scipy's own behaviour on arrays, frozen as fixtures for kldiv's discrete module.

Each case records the call, its inputs and scipy's output (stats.entropy, special.rel_entr /
kl_div / entr, spatial.distance.jensenshannon), including zeros in p and in q, unnormalised
inputs, negative entries, NaN, empty input, 2-D with both axes, and bases 2 and 10. Also:
the seed notebook's grid values, and a 10⁷-element accuracy reference computed in 80-bit long
double from arrays that kldiv's test regenerates with the same splitmix64 stream. Run from the
repository root:

    .venv/bin/python tests/data/gen_arrays.py > tests/data/arrays.json
"""

import json
import math
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance


def enc(v):
    """JSON for floats and nested lists, with non-finite values as strings."""
    if isinstance(v, (list, tuple, np.ndarray)):
        return [enc(x) for x in v]
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


P1 = [
    [0.1, 0.2, 0.7],
    [1.0, 2.0, 3.0, 4.0],
    [0.0, 0.5, 0.5],
    [0.5, 0.5, 0.0],
    [1e-300, 1.0, 1e300],
    [3.0],
    [],
    [0.2, -0.1, 0.9],
    [0.2, float("nan"), 0.8],
    [0.0, 0.0],
    [1.0, -1.0],
    [2.5, 1e-12, 7.0, 0.0, 3.25],
]
Q1 = [
    [0.3, 0.3, 0.4],
    [4.0, 3.0, 2.0, 1.0],
    [0.2, 0.0, 0.8],
    [0.3, 0.3, 0.4],
    [1.0, 1.0, 1.0],
    [1.0],
    [],
    [0.3, 0.3, 0.4],
    [0.3, 0.3, 0.4],
    [0.5, 0.5],
    [0.5, 0.5],
    [1.0, 2.0, 3.0, 4.0, 5.0],
]


def splitmix64(seed):
    state = seed & 0xFFFFFFFFFFFFFFFF
    while True:
        state = (state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        yield z ^ (z >> 31)


def uniform_array(seed, n):
    """(k >> 11) · 2⁻⁵³ + 2⁻⁵⁴ for the splitmix64 stream: in (0, 1), never 0."""
    g = splitmix64(seed)
    ks = np.fromiter((next(g) >> 11 for _ in range(n)), dtype=np.uint64, count=n)
    return ks.astype(np.float64) * 2.0 ** -53 + 2.0 ** -54


def main():
    cases = []
    for p, q in zip(P1, Q1):
        for base in (None, 2, 10):
            with np.errstate(all="ignore"):
                cases.append({"fn": "entropy", "pk": enc(p), "base": base,
                              "value": enc(stats.entropy(p, base=base))})
                cases.append({"fn": "relative_entropy", "pk": enc(p), "qk": enc(q), "base": base,
                              "value": enc(stats.entropy(p, q, base=base))})
                if p:
                    cases.append({"fn": "jensenshannon", "pk": enc(p), "qk": enc(q), "base": base,
                                  "value": enc(distance.jensenshannon(p, q, base=base))})
    elementwise = []
    for x in (0.0, 1e-300, 0.3, 1.0, 7.5, -0.5, float("inf"), float("nan")):
        for y in (0.0, 1e-300, 0.2, 1.0, 3.0, -1.0, float("inf"), float("nan")):
            with np.errstate(all="ignore"):
                elementwise.append({"x": enc(x), "y": enc(y), "rel_entr": enc(special.rel_entr(x, y)),
                                    "kl_div": enc(special.kl_div(x, y)), "entr": enc(special.entr(x))})
    matrices = []
    a = np.array([[0.1, 0.5, 0.0], [0.3, 0.2, 0.6], [0.6, 0.3, 0.4]])
    b = np.array([[0.2, 0.2, 0.1], [0.3, 0.5, 0.3], [0.5, 0.3, 0.6]])
    for axis in (0, 1):
        matrices.append({"pk": enc(a), "qk": enc(b), "axis": axis,
                         "entropy": enc(stats.entropy(a, axis=axis)),
                         "relative_entropy": enc(stats.entropy(a, b, axis=axis)),
                         "jensenshannon": enc(distance.jensenshannon(a, b, axis=axis))})
    # The seed notebook's grid.
    x = np.linspace(-10, 10, 10000)
    y = stats.norm.pdf(x)
    ya = stats.norm.pdf(x, 3)
    yb = stats.norm.pdf(x) / 2 + stats.norm.pdf(x, 3) / 2
    yc = stats.norm.pdf(x) / 2 + stats.norm.pdf(x, -3) / 2
    grid = {"entropy(y, y_a)": stats.entropy(y, ya), "entropy(y_a, y)": stats.entropy(ya, y),
            "entropy(y, y_b)": stats.entropy(y, yb), "entropy(y_b, y)": stats.entropy(yb, y),
            "entropy(y, y_c)": stats.entropy(y, yc), "entropy(y_c, y)": stats.entropy(yc, y),
            "min(y/y_a)": np.min(y / ya), "max(y/y_a)": np.max(y / ya),
            "riemann(y, y_a)": np.sum(((x.max() - x.min()) / len(x)) * y * np.log(y / ya)),
            "riemann(y, y_b)": np.sum(((x.max() - x.min()) / len(x)) * y * np.log(y / yb)),
            "riemann(y_b, y)": np.sum(((x.max() - x.min()) / len(x)) * yb * np.log(yb / y))}
    # 10⁷ random elements: the reference in 80-bit long double, scipy's value beside it.
    n = 10_000_000
    p = uniform_array(1, n)
    q = uniform_array(2, n)
    pl, ql = p.astype(np.longdouble), q.astype(np.longdouble)
    pl /= pl.sum()
    ql /= ql.sum()
    reference = float(np.sum(pl * np.log(pl / ql)))
    big = {"n": n, "seed_p": 1, "seed_q": 2, "reference": reference,
           "reference_source": f"numpy longdouble ({np.finfo(np.longdouble).bits}-bit, "
                               f"{np.finfo(np.longdouble).precision} digits)",
           "scipy": float(stats.entropy(p, q))}
    json.dump({"generator": "tests/data/gen_arrays.py",
               "versions": f"scipy {scipy.__version__}, numpy {np.__version__}",
               "cases": cases, "elementwise": elementwise, "matrices": matrices,
               "grid": {k: float(v) for k, v in grid.items()}, "big": big},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
