#!/usr/bin/env python3
"""KL between multivariate normals in d = 2, 5, 50, 200 and an ill-conditioned d = 5, by the
textbook formula in 50-digit mpmath (trace, quadratic form and log-determinants of the exact
rational inputs), for kldiv's Cholesky-based closed form. The matrices are built from seeded
integers so that the doubles are exact: Σ = (A Aᵀ + d·I)/s with A integer, s a power of two.
The ill-conditioned case is the 5×5 Hilbert matrix scaled by 2^20 (condition ~5e5), whose
entries 2^20/(i + j + 1) are rounded to doubles first and the doubles used as given.
Run from the repository root:

    .venv/bin/python tests/data/gen_mvnormal.py > tests/data/mvnormal.json
"""

import json
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 50


def spd(rng, d, scale_pow):
    a = rng.integers(-3, 4, size=(d, d))
    m = a @ a.T + d * np.eye(d, dtype=np.int64)
    return (m / 2.0 ** scale_pow).tolist()


def kl(m1, s1, m2, s2):
    d = len(m1)
    M1, M2 = mp.matrix(m1), mp.matrix(m2)
    S1, S2 = mp.matrix(s1), mp.matrix(s2)
    inv2 = mp.inverse(S2)
    diff = M2 - M1
    # tr(Σ₂⁻¹Σ₁) as Σᵢⱼ (Σ₂⁻¹)ᵢⱼ(Σ₁)ⱼᵢ: the diagonal only, not the whole product.
    tr = mp.fsum(inv2[i, j] * S1[j, i] for i in range(d) for j in range(d))
    v = inv2 * diff
    quad = mp.fsum(diff[i] * v[i] for i in range(d))
    return (tr + quad - d + mp.log(mp.det(S2)) - mp.log(mp.det(S1))) / 2


def main():
    rng = np.random.default_rng(20261129)
    cases = []
    for d in (2, 5, 50, 200):
        m1 = (rng.integers(-8, 9, size=d) / 4.0).tolist()
        m2 = (rng.integers(-8, 9, size=d) / 4.0).tolist()
        s1, s2 = spd(rng, d, 2), spd(rng, d, 3)
        cases.append({"d": d, "mean_p": m1, "cov_p": s1, "mean_q": m2, "cov_q": s2,
                      "kl": float(kl(m1, s1, m2, s2)), "kl_qp": float(kl(m2, s2, m1, s1))})
        print("d =", d, file=sys.stderr)
    h = [[2.0 ** 20 / (i + j + 1) for j in range(5)] for i in range(5)]
    eye = [[float(i == j) for j in range(5)] for i in range(5)]
    m = [0.0, 0.5, -0.25, 1.0, 0.0]
    z = [0.0] * 5
    cases.append({"d": 5, "ill_conditioned": True, "mean_p": z, "cov_p": h, "mean_q": m,
                  "cov_q": eye, "kl": float(kl(z, h, m, eye)), "kl_qp": float(kl(m, eye, z, h))})
    json.dump({"generator": "tests/data/gen_mvnormal.py", "mpmath": mp.__version__,
               "source": "textbook formula, 50-digit mpmath, exact double inputs", "cases": cases},
              sys.stdout)
    print()


if __name__ == "__main__":
    main()
