#!/usr/bin/env python3
"""Reference values of the measures around KL, independent of kldiv's forms and closed forms.

For each pair: H² = ½∫(√p − √q)², TV = ½∫|p − q|, JS = ½∫ p ln(2p/(p+q)) + q ln(2q/(p+q)),
∫ p^α q^(1−α) for α in ALPHAS (hence Rényi, and Bhattacharyya = −ln ∫√(pq)), the cross-entropy
−∫ p ln q and the entropy −∫ p ln p, by mpmath tanh-sinh quadrature at 40 digits over the union of
both supports (split at every location, ±8 scales and decades out to where both tails are below
1e-60), or exact sums for discrete pairs; the normal pairs also by Gil, Alajaji & Linder (2013)'s
closed forms as a check of the quadrature. The measures are computed from their definitions, not
from kldiv's cancellation-free forms. Run from the repository root:

    .venv/bin/python tests/data/gen_measures.py > tests/data/measures.json
"""

import json
import sys

import mpmath as mp

sys.path.insert(0, "tests/data")
import gen_kl as k  # noqa: E402  (the same mpmath models as the KL fixtures)

mp.mp.dps = 40
INF = mp.inf
ALPHAS = [mp.mpf("0.5"), mp.mpf("0.9"), mp.mpf(2), mp.mpf(3)]


def span(p, q):
    lo = min(p.lo if p.lo != -INF else k.cutoff(p, False), q.lo if q.lo != -INF else k.cutoff(q, False))
    hi = max(p.hi if p.hi != INF else k.cutoff(p, True), q.hi if q.hi != INF else k.cutoff(q, True))
    pts = set(float(x) for x in p.points + q.points if lo < x < hi)
    inner = list(pts) or [0.0]
    for e in range(0, 300):
        for x in (10.0 ** e, -(10.0 ** e)):
            if lo < x < hi and not (min(inner) <= x <= max(inner)):
                pts.add(x)
    for b in (p.lo, p.hi, q.lo, q.hi):
        if b not in (-INF, INF) and lo < b < hi:
            pts.add(float(b))
    pts |= crossings(p, q, sorted(pts | {float(lo), float(hi)}))
    return [lo] + sorted(pts) + [hi]


def crossings(p, q, grid):
    """Where p = q inside both supports: |p − q| has a kink there, which tanh-sinh does not
    resolve unless the interval is split at it (TV of N(0,1), N(1,2) is off by 6e-8 without)."""
    def g(x):
        a, la = dens(p, x)
        b, lb = dens(q, x)
        if a == 0 or b == 0:
            return None
        return la - lb
    out = set()
    for left, right in zip(grid, grid[1:]):
        xs = mp.linspace(mp.mpf(left), mp.mpf(right), 400)
        vals = [g(x) for x in xs]
        for (x0, v0), (x1, v1) in zip(zip(xs, vals), zip(xs[1:], vals[1:])):
            if v0 is None or v1 is None or v0 == 0 or (v0 > 0) == (v1 > 0):
                continue
            a, b = x0, x1
            for _ in range(200):
                m = (a + b) / 2
                if (g(m) > 0) == (v0 > 0):
                    a = m
                else:
                    b = m
            out.add(float((a + b) / 2))
    return out


def dens(d, x):
    if not (d.lo <= x <= d.hi):
        return mp.mpf(0), -INF
    lp = d.ln_pdf(x)
    return (mp.exp(lp) if lp != -INF else mp.mpf(0)), lp


def integrals_continuous(p, q):
    grid = span(p, q)

    def quad(f):
        return mp.quad(f, grid, maxdegree=10)

    def h2(x):
        a, _ = dens(p, x)
        b, _ = dens(q, x)
        return (mp.sqrt(a) - mp.sqrt(b)) ** 2 / 2

    def tv(x):
        a, _ = dens(p, x)
        b, _ = dens(q, x)
        return abs(a - b) / 2

    def js(x):
        a, _ = dens(p, x)
        b, _ = dens(q, x)
        m = (a + b) / 2
        t = mp.mpf(0)
        if a > 0:
            t += a * mp.log(a / m)
        if b > 0:
            t += b * mp.log(b / m)
        return t / 2

    def renyi_int(alpha):
        def f(x):
            a, la = dens(p, x)
            b, lb = dens(q, x)
            if a == 0:
                return mp.mpf(0)
            if b == 0:
                return INF if alpha > 1 else mp.mpf(0)
            return mp.exp(alpha * la + (1 - alpha) * lb)
        return f

    def ce(x):
        a, la = dens(p, x)
        if a == 0:
            return mp.mpf(0)
        _, lb = dens(q, x)
        return -a * lb

    def ent(x):
        a, la = dens(p, x)
        return -a * la if a > 0 else mp.mpf(0)

    out = {"hellinger_squared": quad(h2), "tv": quad(tv), "js": quad(js),
           "cross_entropy": quad(ce), "entropy_p": quad(ent)}
    for al in ALPHAS:
        out[f"renyi_integral_{mp.nstr(al, 3)}"] = quad(renyi_int(al))
    return out


def integrals_discrete(p, q, kmax):
    out = {"hellinger_squared": 0, "tv": 0, "js": 0, "cross_entropy": 0, "entropy_p": 0}
    ren = {al: mp.mpf(0) for al in ALPHAS}
    for x in range(0, kmax + 1):
        lp, lq = p.ln_pdf(x), q.ln_pdf(x)
        a = mp.exp(lp) if lp != -INF else mp.mpf(0)
        b = mp.exp(lq) if lq != -INF else mp.mpf(0)
        out["hellinger_squared"] += (mp.sqrt(a) - mp.sqrt(b)) ** 2 / 2
        out["tv"] += abs(a - b) / 2
        m = (a + b) / 2
        if a > 0:
            out["js"] += a * mp.log(a / m) / 2
            out["entropy_p"] += -a * lp
            out["cross_entropy"] += -a * lq if b > 0 else INF
        if b > 0:
            out["js"] += b * mp.log(b / m) / 2
        for al in ALPHAS:
            if a > 0:
                ren[al] += mp.exp(al * lp + (1 - al) * lq) if b > 0 else (INF if al > 1 else 0)
    for al in ALPHAS:
        out[f"renyi_integral_{mp.nstr(al, 3)}"] = ren[al]
    return out


def normal_renyi(m1, s1, m2, s2, a):
    m1, s1, m2, s2, a = map(mp.mpf, (m1, s1, m2, s2, a))
    va = a * s2 ** 2 + (1 - a) * s1 ** 2
    return mp.log(s2 / s1) + mp.log(s2 ** 2 / va) / (2 * (a - 1)) + a * (m1 - m2) ** 2 / (2 * va)


CONTINUOUS = [
    (k.N(0, 1), k.N(1, 2)),
    (k.N(0, 1), k.N(0, 1.001)),
    (k.N(0, 1), k.mix([(0.5, k.N(0, 1)), (0.5, k.N(3, 1))])),
    (k.mix([(0.5, k.N(0, 1)), (0.5, k.N(3, 1))]), k.N(0, 1)),
    (k.N(2, 0.5), k.cont("laplace", k.g.laplace(0, 1), (0, 1), [0, 8, -8])),
    (k.cont("gamma", k.g.gamma(2, 1), (2, 1), [1, 10]), k.cont("exponential", k.g.exponential(1), (1,), [1, 10])),
    (k.cont("beta", k.g.beta(2, 3), (2, 3), [0.4]), k.U(0, 1)),
    (k.U(0, 1), k.cont("beta", k.g.beta(2, 3), (2, 3), [0.4])),
    (k.cont("cauchy", k.g.cauchy(0, 1), (0, 1), [0, 8, -8]), k.N(0, 1)),
    (k.LN(0, 0.5), k.cont("gamma", k.g.gamma(3, 2), (3, 2), [1])),
    (k.U(0, 1), k.U(0.5, 1.5)),
]
DISCRETE = [
    (k.pois(3), k.pois(4), 200),
    (k.binom(10, 0.3), k.binom(10, 0.5), 10),
    (k.pois(2), k.geom(0.4), 300),
]


def enc(x):
    x = float(x)
    return "inf" if x == float("inf") else x


# Values the truncated quadrature cannot see: −∫ p ln q for a Cauchy p and a normal q is
# ∫ p·x²/2 + const, infinite since a Cauchy has no second moment.
# ∫ p^α q^(1−α) for a uniform p against beta(2, 3), q ~ 12x near 0: ∫ x^(1−α) diverges for α ≥ 2,
# which the quadrature, cut at 1e-60 of the mass, reports as a large finite number.
# The same for ∫ p^α q^(1−α), α ≥ 2, of a Cauchy against a normal (q^(1−α) = e^((α−1)x²/2)·…)
# and of lognormal(0, 0.5) against gamma(3, 2) (q ~ x² e^(−2x), p² e^(2x)/x² grows).
DIVERGENT_RENYI = {"renyi_integral_2.0": "inf", "renyi_integral_3.0": "inf", "renyi_2.0": "inf",
                   "renyi_3.0": "inf"}
KNOWN = {("cauchy(0, 1)", "normal(0, 1)"): {"cross_entropy": "inf", **DIVERGENT_RENYI},
         ("lognormal(0, 0.5)", "gamma(3, 2)"): DIVERGENT_RENYI,
         ("uniform(0, 1)", "beta(2, 3)"): {"renyi_integral_2.0": "inf", "renyi_integral_3.0": "inf",
                                           "renyi_2.0": "inf", "renyi_3.0": "inf"}}


def derived(v):
    """Rényi divergences and the Bhattacharyya distance from the integrals, at 40 digits (in
    doubles, ln of an integral within 1e-7 of 1 would lose half its digits)."""
    out = {}
    for al in ALPHAS:
        i = v[f"renyi_integral_{mp.nstr(al, 3)}"]
        out[f"renyi_{mp.nstr(al, 3)}"] = INF if i == INF else mp.log(i) / (al - 1)
    out["bhattacharyya"] = -mp.log(1 - v["hellinger_squared"])
    return out


def main():
    rows = []
    for p, q in CONTINUOUS:
        v = integrals_continuous(p, q)
        v.update(derived(v))
        row = {"p": p.spec, "q": q.spec, **{key: enc(x) for key, x in v.items()}}
        row.update(KNOWN.get((p.spec, q.spec), {}))
        rows.append(row)
        print(p.spec, "‖", q.spec, file=sys.stderr)
    for p, q, kmax in DISCRETE:
        v = integrals_discrete(p, q, kmax)
        v.update(derived(v))
        rows.append({"p": p.spec, "q": q.spec, **{key: enc(x) for key, x in v.items()}})
    checks = []
    for (m1, s1, m2, s2) in [(0, 1, 1, 2), (0, 1, 0, 1.001)]:
        for al in ALPHAS:
            checks.append({"p": f"normal({m1}, {s1})", "q": f"normal({m2}, {s2})", "alpha": float(al),
                           "renyi": float(normal_renyi(m1, s1, m2, s2, al))})
    json.dump({"generator": "tests/data/gen_measures.py", "mpmath": mp.__version__,
               "source": "mpmath.quad (tanh-sinh, 40 digits) of each definition; exact sums for discrete pairs",
               "alphas": [float(a) for a in ALPHAS], "pairs": rows, "normal_renyi_closed": checks},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
