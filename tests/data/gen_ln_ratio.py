#!/usr/bin/env python3
"""ln(a/b) of float64 pairs, Σ p ln(p/q) of arrays whose ratios are near 1, and the entropy of
nearly certain distributions, by mpmath at 60 digits from the exact binary values: the
reference for the array kernel's logarithm of a ratio, which must keep its relative accuracy
where a ≈ b (a rounded a/b would not), and for normalising without an ulp of 1 creeping in.

Pairs: ratios 1 ± 10⁻ᵏ for k = 1…16 at exponents across the whole normal range, ratios about
the √2 and √½ cuts of the mantissa, far-apart exponents (MIN_POSITIVE against MAX), and random
pairs. Run from the repository root:

    .venv/bin/python tests/data/gen_ln_ratio.py > tests/data/ln_ratio.json
"""

import json
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 60
TINY = float(np.finfo(np.float64).tiny)
HUGE = float(np.finfo(np.float64).max)


def ln_ratio(a, b):
    return float(mp.log(mp.mpf(a) / mp.mpf(b)))


def pairs(rng):
    out = []
    for k in range(1, 17):
        for _ in range(60):
            a = float((1 + rng.random()) * 2.0 ** int(rng.integers(-1020, 1020)))
            b = a * (1 + float(rng.choice([-1, 1])) * rng.random() * 10.0**-k)
            out.append((a, b))
    for cut in (2**0.5, 2**-0.5):
        for _ in range(200):
            m = float(1 + rng.random())
            a = m * 2.0 ** int(rng.integers(-1000, 1000))
            b = a * cut * (1 + (rng.random() - 0.5) * 4e-16)
            out.append((a, b))
    out += [(TINY, HUGE), (HUGE, TINY), (TINY, TINY), (HUGE, HUGE), (1.0, 1.0 + 2**-52),
            (1.0 + 2**-52, 1.0), (1.0, np.nextafter(1.0, 0.0)), (3.0, 2.0), (2.0, 3.0)]
    for _ in range(2000):
        a = float((1 + rng.random()) * 2.0 ** int(rng.integers(-1022, 1023)))
        b = float((1 + rng.random()) * 2.0 ** int(rng.integers(-1022, 1023)))
        out.append((a, b))
    return [(a, b) for a, b in out if np.isfinite(a) and np.isfinite(b) and a >= TINY and b >= TINY]


def sums(rng):
    """Arrays whose every ratio is near 1: unnormalised (Σ p ln(p/q) as given) and normalised
    with one far ratio carrying the divergence (KL(p/Σp ‖ q/Σq), exact sums)."""
    cases = []
    for delta in (1e-3, 1e-6, 1e-9, 1e-12):
        for n in (7, 64, 1000):
            p = rng.random(n) + 0.5
            q = p * (1 - delta * (1 + rng.random(n)))
            truth = mp.fsum(mp.mpf(a) * mp.log(mp.mpf(a) / mp.mpf(b)) for a, b in zip(p, q))
            cases.append({"p": p.tolist(), "q": q.tolist(), "normalize": False,
                          "truth": float(truth)})
    for delta in (1e-6, 1e-9):
        n = 40
        p = rng.random(n) + 0.5
        q = p * (1 + delta * (rng.random(n) - 0.5))
        p[0], q[0] = 2e-3, 1e-3
        sp, sq = mp.fsum(map(mp.mpf, p)), mp.fsum(map(mp.mpf, q))
        truth = mp.fsum((mp.mpf(a) / sp) * mp.log((mp.mpf(a) / sp) / (mp.mpf(b) / sq))
                        for a, b in zip(p, q))
        cases.append({"p": p.tolist(), "q": q.tolist(), "normalize": True, "truth": float(truth)})
    return cases


def entropies(rng):
    """Nearly certain distributions (one element holding all but 10⁻ᵏ of the mass) and a
    control, normalised exactly: −Σ (p/P) ln(p/P)."""
    cases = [[1 - 1e-12, 1e-12], [1.0, 1e-10], [1.0, 1e-300, 1e-20], [3.0, 1e-9, 2e-9, 0.0],
             [0.25, 0.25, 0.5]]
    for k in (4, 8, 12):
        p = rng.random(100) * 10.0**-k
        p[17] = 1.0
        cases.append(p.tolist())
    out = []
    for p in cases:
        total = mp.fsum(map(mp.mpf, p))
        truth = -mp.fsum((mp.mpf(v) / total) * mp.log(mp.mpf(v) / total) for v in p if v > 0)
        out.append({"p": [float(v) for v in p], "truth": float(truth)})
    return out


def main():
    rng = np.random.default_rng(20261129)
    out = {
        "source": f"mpmath {mp.__version__} at {mp.mp.dps} digits; tests/data/gen_ln_ratio.py",
        "pairs": [[a, b, ln_ratio(a, b)] for a, b in pairs(rng)],
        "sums": sums(rng),
        "entropies": entropies(rng),
    }
    json.dump(out, sys.stdout, indent=None)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
