#!/usr/bin/env python3
"""Nearest-neighbour KL estimates by scipy's cKDTree, frozen as fixtures for kldiv::samples.

The points come from the splitmix64 stream that the Rust test regenerates bit for bit (uniform
in (0, 1): X the values as drawn, Y their squares, so the two distributions differ), so no point
data is stored. For each case: WKV (Wang, Kulkarni & Verdú 2009 eq. 5) with cKDTree distances,
the varying-k form (eq. 17) and the one-sample form (Pérez-Cruz 2008) against the density of
Y's distribution (each coordinate U², density 1/(2√y) on (0, 1)). Run from the repository root:

    .venv/bin/python tests/data/gen_samples.py > tests/data/samples.json
"""

import json
import math
import sys

import numpy as np
import scipy
from scipy.spatial import cKDTree
from scipy.special import digamma, gammaln

sys.path.insert(0, __import__("os").path.dirname(__file__))
from gen_arrays import uniform_array  # noqa: E402

CASES = [  # (n, m, d, seed_x, seed_y)
    (1000, 1200, 1, 11, 12),
    (1000, 800, 2, 13, 14),
    (1000, 1000, 3, 15, 16),
    (800, 900, 7, 17, 18),
    (400, 500, 15, 19, 20),
]
KS = [1, 4]


def points(seed, n, d, square):
    u = uniform_array(seed, n * d).reshape(n, d)
    return u * u if square else u


def main():
    rows = []
    for n, m, d, sx, sy in CASES:
        x = points(sx, n, d, False)
        y = points(sy, m, d, True)
        tx, ty = cKDTree(x), cKDTree(y)
        for k in KS:
            rho = tx.query(x, k=k + 1)[0][:, k]
            nu = ty.query(x, k=k)[0]
            nu = nu if k == 1 else nu[:, k - 1]
            wkv = d * np.mean(np.log(nu / rho)) + math.log(m / (n - 1))
            # Eq. 17 with l = k + 1 neighbours in X and k in Y.
            rho_l = tx.query(x, k=k + 2)[0][:, k + 1]
            varying = (d * np.mean(np.log(nu / rho_l)) + digamma(k + 1) - digamma(k)
                       + math.log(m / (n - 1)))
            # One-sample against q(y) = Π 1/(2√y_c).
            log_q = np.sum(-np.log(2.0) - 0.5 * np.log(x), axis=1)
            log_p = (digamma(k) - math.log(n - 1) + gammaln(d / 2 + 1) - d / 2 * math.log(math.pi)
                     - d * np.log(rho))
            one = np.mean(log_p - log_q)
            rows.append({"n": n, "m": m, "d": d, "seed_x": sx, "seed_y": sy, "k": k,
                         "wkv": float(wkv), "varying_k_l": k + 1, "varying_k": float(varying),
                         "one_sample": float(one)})
    json.dump({"generator": "tests/data/gen_samples.py",
               "versions": f"scipy {scipy.__version__}, numpy {np.__version__}",
               "points": "X: splitmix64 uniforms (seed_x), Y: squares of splitmix64 uniforms (seed_y), row-major n×d",
               "cases": rows}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
