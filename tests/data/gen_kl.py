#!/usr/bin/env python3
"""Reference KL divergences, independent of kldiv's closed forms.

Continuous pairs: mpmath tanh-sinh quadrature at 40 digits of exp(ln p)(ln p − ln q), split at
every location and ±8 scales of each component. Discrete pairs: exact sums in mpmath until the
terms fall below 1e-40. Multivariate pairs: the textbook formulas evaluated in 40-digit mpmath
(lowrank_mvnormal through its covariance W Wᵀ + diag(D) formed in mpmath); multinomial pairs as
n Σ pᵢ ln(pᵢ/qᵢ) in 50 digits, p and q normalised by their sums as kldiv does, checked against the
exact sum over every count vector where there are at most a few thousand.
Run from the repository root:

    .venv/bin/python tests/data/gen_kl.py > tests/data/kl.json
"""

import json
import math
import sys

import mpmath as mp

sys.path.insert(0, "tests/data")
import gen_distributions as g  # noqa: E402  (the same mpmath densities as the family fixtures)
import gen_multivariate as gm  # noqa: E402  (the multinomial pmf and count vectors)

mp.mp.dps = 40
INF = mp.inf


class D:
    """A distribution: spec text, mpmath ln pdf, support, and points where to split."""

    def __init__(self, spec, ln_pdf, lo, hi, points, discrete=False, cdf=None, sf=None):
        self.spec, self.ln_pdf, self.lo, self.hi = spec, ln_pdf, lo, hi
        self.points, self.discrete = points, discrete
        self.cdf, self.sf = cdf, sf


def fmt(x):
    return repr(x) if not float(x).is_integer() else str(int(x))


def cont(name, model, args, points):
    spec = f"{name}({', '.join(fmt(a) for a in args)})"
    return D(spec, model["ln_pdf"], model["lo"], model["hi"], points, cdf=model["cdf"], sf=model["sf"])


def N(m, s):
    return cont("normal", g.normal(m, s), (m, s), [m - 8 * s, m, m + 8 * s])


def LN(m, s):
    return cont("lognormal", g.lognormal(m, s), (m, s), [mp.e ** m])


def HN(s):
    return cont("halfnormal", g.halfnormal(s), (s,), [s, 8 * s])


def U(a, b):
    return cont("uniform", g.uniform(a, b), (a, b), [])


def E(r):
    return cont("exponential", g.exponential(r), (r,), [1 / r, 20 / r])


def G(k, r):
    return cont("gamma", g.gamma(k, r), (k, r), [max(k - 1, 0) / r, k / r, 10 * k / r])


def C2(v):
    return cont("chi2", g.chi2(v), (v,), [max(v - 2, 0), v, 10 * v])


def IG(a, b):
    return cont("inverse_gamma", g.inverse_gamma(a, b), (a, b), [b / (a + 1), 10 * b / (a + 1)])


def B(a, b):
    return cont("beta", g.beta(a, b), (a, b), [mp.mpf(1) / 2])


def LA(m, b):
    return cont("laplace", g.laplace(m, b), (m, b), [m - 8 * b, m, m + 8 * b])


def CA(m, s):
    return cont("cauchy", g.cauchy(m, s), (m, s), [m - 8 * s, m, m + 8 * s])


def GU(m, b):
    return cont("gumbel", g.gumbel(m, b), (m, b), [m - 3 * b, m, m + 10 * b])


def W(k, lam):
    return cont("weibull", g.weibull(k, lam), (k, lam), [lam, 5 * lam])


def PA(xm, a):
    return cont("pareto", g.pareto(xm, a), (xm, a), [2 * xm, 10 * xm])


def T(v, m=0, s=1):
    return cont("student_t", g.student_t(v, m, s), (v, m, s), [m - 8 * s, m, m + 8 * s])


def LO(m, s):
    return cont("logistic", g.logistic(m, s), (m, s), [m - 8 * s, m, m + 8 * s])


def HC(s):
    return cont("half_cauchy", g.half_cauchy(s), (s,), [s, 8 * s])


def FF(m, n):
    mode = max((m - 2) / m * n / (n + 2), 0)
    return cont("f", g.fisher_f(m, n), (m, n), [mode, 1, 10])


def K(a, b):
    return cont("kumaraswamy", g.kumaraswamy(a, b), (a, b), [mp.mpf(1) / 2])


def CB(lam):
    return cont("continuous_bernoulli", g.continuous_bernoulli(lam), (lam,), [mp.mpf(1) / 2])


def VM(mu, kappa):
    m = g.wrap_angle(mu)
    w = 1 / mp.sqrt(kappa)
    pts = [v for k in (0, 1, 3, 8, 20, 40) for v in (m - k * w, m + k * w) if -mp.pi < v < mp.pi]
    return cont("von_mises", g.von_mises(mu, kappa), (mu, kappa), pts)


def mix(parts):
    spec = " + ".join(f"{fmt(w)}*{d.spec}" for w, d in parts)
    lo = min(d.lo for _, d in parts)
    hi = max(d.hi for _, d in parts)
    pts = [x for _, d in parts for x in d.points]

    def ln_pdf(x):
        terms = [mp.log(w) + d.ln_pdf(x) for w, d in parts if d.lo <= x <= d.hi]
        return mp.log(mp.fsum(mp.exp(t) for t in terms)) if terms else -INF

    def cdf(x):
        return mp.fsum(w * d.cdf(x) for w, d in parts if x > d.lo)

    def sf(x):
        return mp.fsum(w * (d.sf(x) if x > d.lo else 1) for w, d in parts)

    return D(spec, ln_pdf, lo, hi, pts, cdf=cdf, sf=sf)


def disc(name, model, args):
    arg = ", ".join(fmt(a) for a in args) if name != "categorical" else "[" + ", ".join(fmt(a) for a in args[0]) + "]"
    return D(f"{name}({arg})", model["ln_pdf"], 0, INF, [], discrete=True)


TAIL = mp.mpf("1e-60")


def cutoff(p, upper):
    """A point beyond which p has less than 1e-60 of its mass (integrating further only feeds
    mpmath astronomically large exponents, e.g. a Gumbel's e^{e^{-z}})."""
    x = mp.mpf(max(p.points) if upper else min(p.points)) if p.points else mp.mpf(0)
    step = mp.mpf(1)
    while True:
        x = x + step if upper else x - step
        tail = p.sf(x) if upper else p.cdf(x)
        if tail < TAIL:
            return x
        step *= 2


def kl_continuous(p, q):
    lo = p.lo if p.lo != -INF else cutoff(p, False)
    hi = p.hi if p.hi != INF else cutoff(p, True)
    pts = set(float(x) for x in p.points + q.points if lo < x < hi)
    # Decades out to the cutoffs: tanh-sinh resolves one order of magnitude per segment well,
    # sixty at once not at all (a Cauchy's tail reaches 1e59 here).
    inner = [x for x in pts] or [0.0]
    for k in range(0, 300):
        for x in (10.0 ** k, -(10.0 ** k)):
            if lo < x < hi and not (min(inner) <= x <= max(inner)):
                pts.add(x)
    pts = sorted(pts)

    def f(x):
        if not (p.lo <= x <= p.hi):
            return mp.mpf(0)
        lp = p.ln_pdf(x)
        if lp == -INF:
            return mp.mpf(0)
        return mp.exp(lp) * (lp - q.ln_pdf(x))

    v, err = mp.quad(f, [lo] + pts + [hi], error=True, maxdegree=10)
    return v, err


def kl_discrete(p, q, support_max):
    total = mp.mpf(0)
    for k in range(0, support_max + 1):
        lp = p.ln_pdf(k)
        if lp == -INF:
            continue
        t = mp.exp(lp) * (lp - q.ln_pdf(k))
        total += t
        if k > 50 and abs(t) < mp.mpf("1e-45"):
            break
    return total, mp.mpf(0)


def bern(p):
    return disc("bernoulli", g.bernoulli(p), (p,))


def binom(n, p):
    return disc("binomial", g.binomial(n, p), (n, p))


def pois(lam):
    return disc("poisson", g.poisson(lam), (lam,))


def geom(p):
    return disc("geometric", g.geometric(p), (p,))


def nbinom(r, p):
    return disc("negative_binomial", g.negative_binomial(r, p), (r, p))


def cat(ps):
    m = g.categorical(ps)
    n = len(ps)
    d = disc("categorical", {"ln_pdf": lambda k: m["ln_pdf"](k) if 0 <= int(k) < n else -INF}, (ps,))
    return d


CONTINUOUS = [
    # the seed notebook
    (N(0, 1), N(3, 1)),
    (N(0, 1), mix([(0.5, N(0, 1)), (0.5, N(3, 1))])),
    (mix([(0.5, N(0, 1)), (0.5, N(3, 1))]), N(0, 1)),
    (N(0, 1), mix([(0.5, N(0, 1)), (0.5, N(-3, 1))])),
    (mix([(0.5, N(0, 1)), (0.5, N(-3, 1))]), N(0, 1)),
    # same family, two parameter sets each
    (N(0.5, 2), N(-1, 0.7)), (N(1, 1), N(1.001, 1.002)),
    (LN(0.2, 0.6), LN(0.5, 1.1)), (LN(0, 1), LN(-0.3, 0.8)),
    (HN(1.5), HN(0.8)), (HN(1), HN(3)),
    (U(0, 1), U(-1, 2)), (U(0.2, 0.5), U(0, 1)),
    (E(1.5), E(0.4)), (E(1), E(1.1)),
    (G(2.5, 1.5), G(1.2, 0.7)), (G(0.5, 1), G(3, 2)),
    (C2(4), C2(7)), (C2(3), C2(2.5)),
    (IG(3, 2), IG(4.5, 1)), (IG(2.5, 0.5), IG(2, 1)),
    (B(2, 5), B(1.5, 1.5)), (B(0.5, 0.5), B(3, 2)),
    (LA(1, 2), LA(-0.5, 1)), (LA(0, 1), LA(0, 3)),
    (CA(0, 1), CA(2, 0.5)), (CA(-1, 3), CA(1, 1)),
    (GU(1, 2), GU(0, 1)), (GU(0, 1), GU(2, 3)),
    (W(1.5, 2), W(2.5, 1)), (W(0.8, 1), W(1.2, 2)),
    (PA(2, 3), PA(1, 2)), (PA(1, 1.5), PA(0.5, 4)),
    # cross family
    (U(-1, 2), N(0, 1.5)), (E(2), G(2, 3)), (G(3, 2), N(1, 1)), (LA(0, 1), N(0.5, 2)),
    (N(0, 1), LA(0.5, 2)), (B(2, 3), U(0, 1)), (PA(1, 3), E(1)), (W(1.5, 2), G(2, 1)),
    (C2(4), G(2, 0.7)), (G(2, 1), E(0.5)), (E(1), N(1, 2)), (N(0, 1), GU(0, 2)),
    (U(0, 3), GU(1, 2)), (G(2, 1), LN(0.5, 0.8)), (LN(0.5, 0.5), G(3, 2)), (T(5), N(0, 1.3)),
    (LO(0, 1), N(0, 1.8)), (U(2, 5), PA(1, 2)), (W(2, 1), E(1.5)), (HN(1), E(1)),
    (IG(3, 2), LN(0, 1)), (B(2, 2), B(1, 1)), (E(1), W(1.5, 1)), (HN(2), W(2, 3)),
    (G(3, 1), IG(2, 3)), (U(0.1, 0.9), B(2, 3)),
    # hard cases
    (N(0, 1), N(0, 0.01)), (N(0, 1), N(40, 1)),
    (mix([(1 / 3, N(-20, 0.05)), (1 / 3, N(0, 0.05)), (1 / 3, N(20, 0.05))]),
     mix([(0.2, N(-20, 0.05)), (0.2, N(-10, 0.05)), (0.2, N(0, 0.05)), (0.2, N(10, 0.05)), (0.2, N(20, 0.05))])),
    (T(3), N(0, 1)), (N(0, 1), CA(0, 1)), (B(0.5, 0.5), U(0, 1)),
    (T(3), LO(0, 1)), (LO(0, 1), T(4, 0, 1)), (T(2.5, 0, 1), CA(0, 2)),
    (mix([(0.3, G(2, 1)), (0.7, LN(1, 0.5))]), G(3, 0.8)),
    # the families added later: same family (closed forms where they exist), near-equal and
    # far-apart parameters, and cross-family pairs
    (HC(1.5), HC(0.8)), (HC(1), HC(1.01)), (HC(1), HC(1e6)), (HC(1e-3), HC(2)),
    (HC(1), LN(0.5, 1.2)), (HC(2), CA(0, 2)), (HC(1), T(2, 0, 1)),
    (FF(5, 7), FF(4, 9)), (FF(3, 8), FF(3, 8.5)), (FF(10, 20), LN(0, 0.6)), (FF(6, 12), G(3, 2.5)),
    (FF(40, 60), N(1, 0.4)), (FF(3, 4), HC(1)),
    (K(2, 3), K(2, 5)), (K(2, 3), K(2, 3.03)), (K(0.5, 1), K(3, 1)), (K(2, 3), K(3, 2)),
    (K(2, 3), B(2, 3)), (K(1.5, 2), U(0, 1)), (K(3, 4), CB(0.3)), (K(2, 2), LN(-0.7, 0.5)),
    (CB(0.3), CB(0.7)), (CB(0.5), CB(0.502)), (CB(0.2), CB(0.202)), (CB(1e-6), CB(0.5)),
    (CB(0.9), CB(0.1)), (CB(0.3), B(1.2, 1.5)), (CB(0.8), U(0, 1)), (CB(0.3), K(1, 2)),
    (VM(0, 2), VM(1, 5)), (VM(0.5, 1), VM(0.5, 1.01)), (VM(3, 50), VM(-3, 40)),
    (VM(0, 1e6), VM(0, 1)), (VM(1, 0.001), VM(-2, 1)), (VM(7, 2), VM(0.7, 2.5)),
    (VM(0.5, 2), U(-math.pi, math.pi)), (VM(0, 4), N(0, 0.6)), (VM(-1, 3), LO(-1, 0.4)),
]

DISCRETE = [
    (bern(0.3), bern(0.6), 1), (binom(10, 0.3), binom(10, 0.5), 10), (pois(4), pois(2.5), 400),
    (geom(0.25), geom(0.4), 4000), (cat([0.2, 0.5, 0.3]), cat([0.4, 0.4, 0.2]), 2),
    (bern(0.3), pois(0.7), 1), (pois(3), geom(0.3), 400), (binom(8, 0.4), pois(3), 8),
    (geom(0.5), pois(1), 4000), (pois(20), pois(21), 600),
    (nbinom(3.5, 0.3), nbinom(3.5, 0.5), 4000), (nbinom(2, 0.4), nbinom(2, 0.404), 4000),
    (nbinom(0.5, 0.05), nbinom(0.5, 0.9), 40000), (nbinom(3, 0.4), pois(4.5), 4000),
    (nbinom(2, 0.5), geom(0.3), 4000), (nbinom(3, 0.3), nbinom(5, 0.4), 4000),
    (nbinom(1, 0.25), geom(0.4), 4000), (pois(3), nbinom(6, 0.6), 400),
]

# Same-family closed forms at parameter ratios out to 1e±12 and at near-equal parameters: the
# textbook formulas in 50-digit mpmath. A fourth element says why kldiv's quadrature cannot
# follow a pair (kl.rs then checks the closed form alone).
mp_hp = mp.mpf


def kl_half_cauchy(s1, s2):
    s1, s2 = mp_hp(s1), mp_hp(s2)
    return mp.log((s1 + s2) ** 2 / (4 * s1 * s2))


def kl_nbinom(r, p1, p2):
    r, p1, p2 = mp_hp(r), mp_hp(p1), mp_hp(p2)
    return r * (mp.log(p1 / p2) + (1 - p1) / p1 * mp.log((1 - p1) / (1 - p2)))


def kl_cbern(l1, l2):
    e1, e2 = [mp.log(mp_hp(l) / (1 - mp_hp(l))) for l in (l1, l2)]
    part = lambda e: mp.log(mp.expm1(e) / e) if e != 0 else mp.mpf(0)
    mean = mp.exp(e1) / mp.expm1(e1) - 1 / e1 if e1 != 0 else mp.mpf(1) / 2
    return part(e2) - part(e1) - mean * (e2 - e1)


def kl_vonmises(m1, k1, m2, k2):
    m1, m2 = mp_hp(g.wrap_angle(m1)), mp_hp(g.wrap_angle(m2))
    k1, k2 = mp_hp(k1), mp_hp(k2)
    a = mp.besseli(1, k1) / mp.besseli(0, k1)
    return mp.log(mp.besseli(0, k2) / mp.besseli(0, k1)) + a * (k1 - k2 * mp.cos(m1 - m2))


def kl_exponential(l1, l2):
    r = mp_hp(l2) / mp_hp(l1)
    return r - 1 - mp.log(r)


CLOSED = [
    ("half_cauchy(1)", "half_cauchy(1000000000000)", lambda: kl_half_cauchy(1, 1e12)),
    ("half_cauchy(1e-12)", "half_cauchy(1)", lambda: kl_half_cauchy(1e-12, 1)),
    ("half_cauchy(3)", "half_cauchy(3.000000000003)", lambda: kl_half_cauchy(3, 3.000000000003),
     "KL below 1e-17: under quadrature's absolute resolution of ~1e-14"),
    ("negative_binomial(2, 1e-12)", "negative_binomial(2, 0.5)", lambda: kl_nbinom(2, 1e-12, 0.5),
     "p has mean 2e12: no summable support"),
    ("negative_binomial(2, 0.5)", "negative_binomial(2, 1e-12)", lambda: kl_nbinom(2, 0.5, 1e-12)),
    ("negative_binomial(7.5, 0.3)", "negative_binomial(7.5, 0.3000000003)",
     lambda: kl_nbinom(7.5, 0.3, 0.3000000003),
     "KL below 1e-17: under quadrature's absolute resolution of ~1e-14"),
    ("negative_binomial(1000000, 0.999999999999)", "negative_binomial(1000000, 0.5)",
     lambda: kl_nbinom(1e6, 0.999999999999, 0.5)),
    ("kumaraswamy(2, 1e-12)", "kumaraswamy(2, 1)", lambda: kl_exponential(1e-12, 1),
     "all of p's mass is closer to 1 than the largest double below 1"),
    ("kumaraswamy(3, 5)", "kumaraswamy(3, 5.000000005)", lambda: kl_exponential(5, 5.000000005),
     "KL below 1e-17: under quadrature's absolute resolution of ~1e-14"),
    ("kumaraswamy(1000000000000, 1)", "kumaraswamy(1, 1)", lambda: kl_exponential(1e12, 1),
     "p lives within 1e-11 of 1, where doubles are 1.1e-16 apart: the rounding of the abscissae "
     "(1e-5 of that width) is outside quadrature's error model"),
    ("continuous_bernoulli(1e-300)", "continuous_bernoulli(0.5)", lambda: kl_cbern(1e-300, 0.5)),
    ("continuous_bernoulli(0.5)", "continuous_bernoulli(0.5000000001)",
     lambda: kl_cbern(0.5, 0.5000000001),
     "KL below 1e-17: under quadrature's absolute resolution of ~1e-14"),
    ("continuous_bernoulli(1e-12)", "continuous_bernoulli(2e-12)", lambda: kl_cbern(1e-12, 2e-12)),
    ("continuous_bernoulli(0.999999999999)", "continuous_bernoulli(1e-12)",
     lambda: kl_cbern(0.999999999999, 1e-12)),
    ("von_mises(0, 1000000000000)", "von_mises(0, 1)", lambda: kl_vonmises(0, 1e12, 0, 1)),
    ("von_mises(0, 1)", "von_mises(0, 1000000000000)", lambda: kl_vonmises(0, 1, 0, 1e12)),
    ("von_mises(1, 1000000000000)", "von_mises(1.000001, 1000000000000)",
     lambda: kl_vonmises(1, 1e12, 1.000001, 1e12),
     "a peak 1e-6 wide at 1, where doubles are 2.2e-16 apart: the rounding of the abscissae "
     "(2e-10 of that width) is outside quadrature's error model"),
    ("von_mises(0.3, 40)", "von_mises(0.3, 40.00000004)",
     lambda: kl_vonmises(0.3, 40, 0.3, 40.00000004),
     "KL below 1e-17: under quadrature's absolute resolution of ~1e-14"),
    ("von_mises(3.14159, 1000000)", "von_mises(-3.14159, 1000000)",
     lambda: kl_vonmises(3.14159, 1e6, -3.14159, 1e6)),
    ("von_mises(0, 1e-12)", "von_mises(2, 1)", lambda: kl_vonmises(0, 1e-12, 2, 1)),
]


def mvn_kl(m1, s1, m2, s2):
    m1, m2 = mp.matrix(m1), mp.matrix(m2)
    s1, s2 = mp.matrix(s1), mp.matrix(s2)
    d = s1.rows
    inv2 = s2 ** -1
    diff = m2 - m1
    tr = sum((inv2 * s1)[i, i] for i in range(d))
    quad = (diff.T * inv2 * diff)[0, 0]
    return (tr + quad - d + mp.log(mp.det(s2)) - mp.log(mp.det(s1))) / 2


def dir_kl(a, b):
    a = [mp.mpf(x) for x in a]
    b = [mp.mpf(x) for x in b]
    a0, b0 = mp.fsum(a), mp.fsum(b)
    v = mp.loggamma(a0) - mp.loggamma(b0)
    for ai, bi in zip(a, b):
        v += -mp.loggamma(ai) + mp.loggamma(bi) + (ai - bi) * (mp.digamma(ai) - mp.digamma(a0))
    return v


def mat(m):
    return "[" + ", ".join("[" + ", ".join(fmt(x) for x in row) + "]" for row in m) + "]"


def lowrank(mean, w, diag):
    """The spec of a lowrank_mvnormal, and its mean and covariance W Wᵀ + diag(D) in mpmath."""
    d = len(mean)
    wm = [[mp.mpf(v) for v in row] for row in w]
    cov = [[mp.fsum(a * b for a, b in zip(wm[i], wm[j])) + (mp.mpf(diag[i]) if i == j else 0)
            for j in range(d)] for i in range(d)]
    spec = (f"lowrank_mvnormal(mean=[{', '.join(fmt(x) for x in mean)}], cov_factor={mat(w)}, "
            f"cov_diag=[{', '.join(fmt(x) for x in diag)}])")
    return spec, mean, cov


def mvn(mean, cov):
    return f"mvnormal(mean=[{', '.join(fmt(x) for x in mean)}], cov={mat(cov)})", mean, cov


def lr_kl(a, b):
    return (a[0], b[0], mvn_kl(a[1], a[2], b[1], b[2]))


MULTINOMIAL_SOURCE = "n Σ pᵢ ln(pᵢ/qᵢ) in 50-digit mpmath"


def mn_kl(n, p, q, brute):
    """KL(Mult(n, p) ‖ Mult(n, q)) with p and q the doubles the specs parse to, normalised; for
    small n and k also as Σ pmf_p (ln pmf_p − ln pmf_q) over every count vector, which must
    agree."""
    spec = lambda v: f"multinomial(n={n}, p=[{', '.join(fmt(x) for x in v)}])"  # noqa: E731
    with mp.workdps(50):
        pm, qm = gm.normalised(p), gm.normalised(q)
        v = n * mp.fsum(a * mp.log(a / b) for a, b in zip(pm, qm) if a > 0)
        source = MULTINOMIAL_SOURCE
        if brute:
            t = mp.mpf(0)
            for x in gm.compositions(n, len(p)):
                lp = gm.mn_ln_pmf(n, pm, x)
                if lp != -mp.inf:
                    t += mp.exp(lp) * (lp - gm.mn_ln_pmf(n, qm, x))
            # The sum cancels to KL in its terms: 2e-11 from terms of 1e-7 loses ~10 digits.
            assert abs(t - v) <= mp.mpf(10) ** -30 * abs(v), (n, p, q, t, v)
            source += ", checked against the exact sum over every count vector"
    return (spec(p), spec(q), v, source)


MULTI = [
    ("mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]])", "mvnormal(mean=[1, 0], cov=[[2, 0.5], [0.5, 1]])",
     mvn_kl([0, 0], [[1, 0], [0, 1]], [1, 0], [[2, 0.5], [0.5, 1]])),
    ("mvnormal(mean=[1, 2, 3], cov=[[2, 0.3, 0], [0.3, 1, 0.2], [0, 0.2, 0.5]])",
     "mvnormal(mean=[0, 2.5, 3], cov=[[1, 0, 0], [0, 1.5, 0.1], [0, 0.1, 1]])",
     mvn_kl([1, 2, 3], [[2, 0.3, 0], [0.3, 1, 0.2], [0, 0.2, 0.5]], [0, 2.5, 3], [[1, 0, 0], [0, 1.5, 0.1], [0, 0.1, 1]])),
    ("dirichlet(alpha=[1, 2, 3])", "dirichlet(alpha=[2, 2, 2])", dir_kl([1, 2, 3], [2, 2, 2])),
    ("dirichlet(alpha=[0.5, 4])", "dirichlet(alpha=[1.5, 1])", dir_kl([0.5, 4], [1.5, 1])),
    mn_kl(10, [0.2, 0.3, 0.5], [0.25, 0.25, 0.5], brute=True),
    mn_kl(5, [0.0625, 0.1875, 0.25, 0.5], [0.25, 0.25, 0.25, 0.25], brute=True),
    mn_kl(3, [0, 0.375, 0.625], [0.125, 0.25, 0.625], brute=True),
    # KL = 2e-11: nothing may cancel as q → p.
    mn_kl(1000, [0.5, 0.5], [0.5000001, 0.4999999], brute=True),
    mn_kl(1000000000, [0.25, 0.75], [0.2, 0.8], brute=False),
    # p sums to 1 − 2⁻⁵⁴ and q to 1 + 2⁻⁵²: normalising is 1e-12 of this KL of 2e-8.
    mn_kl(100000, [0.3, 0.7], [0.3000001, 0.6999999], brute=False),
    lr_kl(lowrank([0, 0], [[1], [0.5]], [1, 2]), mvn([1, 0], [[2, 0.5], [0.5, 1]])),
    lr_kl(mvn([1, 0], [[2, 0.5], [0.5, 1]]), lowrank([0, 0], [[1], [0.5]], [1, 2])),
    lr_kl(lowrank([1, 2, 0], [[1, 0.5], [-1, 2], [0.3, 0]], [0.5, 1, 2]),
          lowrank([0, 2.5, 3], [[0.5], [0.2], [-1]], [1, 1.5, 1])),
    lr_kl(lowrank([0.5, -0.5], [[1, 2, 0.1], [0.2, -1, 3]], [0.01, 0.3]),
          lowrank([0, 0], [[1], [1]], [1, 1])),
]


def main():
    rows = []
    for p, q in CONTINUOUS:
        v, err = kl_continuous(p, q)
        rows.append({"p": p.spec, "q": q.spec, "kl": float(v), "mpmath_error": float(err),
                     "source": "mpmath.quad (tanh-sinh, 40 digits)"})
        print(p.spec, "||", q.spec, mp.nstr(v, 20), file=sys.stderr)
    for p, q, kmax in DISCRETE:
        v, _ = kl_discrete(p, q, kmax)
        rows.append({"p": p.spec, "q": q.spec, "kl": float(v), "mpmath_error": 0.0,
                     "source": "exact sum in mpmath (40 digits), terms to below 1e-45"})
    with mp.workdps(50):
        for ps, qs, v, *why in CLOSED:
            row = {"p": ps, "q": qs, "kl": float(v()), "mpmath_error": 0.0,
                   "source": "textbook formula in 50-digit mpmath"}
            if why:
                row.update(quadrature=False, why_not_quadrature=why[0])
            rows.append(row)
    for ps, qs, v, *source in MULTI:
        rows.append({"p": ps, "q": qs, "kl": float(v), "mpmath_error": 0.0,
                     "source": source[0] if source else "textbook formula in 40-digit mpmath"})
    json.dump({"generator": "tests/data/gen_kl.py", "mpmath": mp.__version__, "pairs": rows},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
