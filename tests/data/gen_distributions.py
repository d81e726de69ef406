#!/usr/bin/env python3
"""Reference values for every univariate family of kldiv.

Truth is mpmath at 60 significant digits, rounded once to float64. The scipy.stats value of the
same call is stored beside it for parity reading (scipy is not the truth: it is 1 ulp to 1e-9 off
in places). Cases whose model has a "moments" entry also carry mean, variance and entropy (null
where the moment does not exist), computed by quadrature or summation where a closed form would
merely repeat the one under test. Run from the repository root:

    python3 -m venv .venv && .venv/bin/pip install numpy scipy mpmath
    .venv/bin/python tests/data/gen_distributions.py > tests/data/distributions.json
"""

import json
import math
import sys

import mpmath as mp
import numpy as np
import scipy
import scipy.stats as st

mp.mp.dps = 60
INF = mp.inf


def reg_lower_gamma(a, x):
    return mp.gammainc(a, 0, x, regularized=True)


def reg_upper_gamma(a, x):
    return mp.gammainc(a, x, INF, regularized=True)


def reg_beta(a, b, x):
    return mp.betainc(a, b, 0, x, regularized=True)


def reg_beta_upper(a, b, x):
    return mp.betainc(a, b, x, 1, regularized=True)


# Each family: (spec, scipy frozen distribution, mpmath ln_pdf, cdf, sf, support (lo, hi), x points).
def normal(m, s):
    m, s = mp.mpf(m), mp.mpf(s)
    z = lambda x: (x - m) / s
    return dict(
        ln_pdf=lambda x: -z(x) ** 2 / 2 - mp.log(s) - mp.log(2 * mp.pi) / 2,
        cdf=lambda x: mp.erfc(-z(x) / mp.sqrt(2)) / 2,
        sf=lambda x: mp.erfc(z(x) / mp.sqrt(2)) / 2,
        lo=-INF, hi=INF)


def lognormal(mu, sig):
    n = normal(mu, sig)
    return dict(
        ln_pdf=lambda x: n["ln_pdf"](mp.log(x)) - mp.log(x),
        cdf=lambda x: n["cdf"](mp.log(x)), sf=lambda x: n["sf"](mp.log(x)), lo=0, hi=INF)


def uniform(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    return dict(ln_pdf=lambda x: -mp.log(b - a), cdf=lambda x: (x - a) / (b - a),
                sf=lambda x: (b - x) / (b - a), lo=a, hi=b)


def exponential(r):
    r = mp.mpf(r)
    return dict(ln_pdf=lambda x: mp.log(r) - r * x, cdf=lambda x: -mp.expm1(-r * x),
                sf=lambda x: mp.exp(-r * x), lo=0, hi=INF)


def gamma(k, r):
    k, r = mp.mpf(k), mp.mpf(r)
    return dict(
        ln_pdf=lambda x: k * mp.log(r) + (k - 1) * mp.log(x) - r * x - mp.loggamma(k),
        cdf=lambda x: reg_lower_gamma(k, r * x), sf=lambda x: reg_upper_gamma(k, r * x),
        lo=0, hi=INF)


def beta(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    return dict(
        ln_pdf=lambda x: (a - 1) * mp.log(x) + (b - 1) * mp.log1p(-x) - mp.log(mp.beta(a, b)),
        cdf=lambda x: reg_beta(a, b, x), sf=lambda x: reg_beta_upper(a, b, x), lo=0, hi=1)


def laplace(m, b):
    m, b = mp.mpf(m), mp.mpf(b)
    z = lambda x: (x - m) / b
    return dict(
        ln_pdf=lambda x: -abs(z(x)) - mp.log(2 * b),
        cdf=lambda x: mp.exp(z(x)) / 2 if z(x) < 0 else 1 - mp.exp(-z(x)) / 2,
        sf=lambda x: mp.exp(-z(x)) / 2 if z(x) > 0 else 1 - mp.exp(z(x)) / 2,
        lo=-INF, hi=INF)


def cauchy(m, s):
    m, s = mp.mpf(m), mp.mpf(s)
    z = lambda x: (x - m) / s
    return dict(
        ln_pdf=lambda x: -mp.log(mp.pi * s * (1 + z(x) ** 2)),
        cdf=lambda x: mp.atan2(1, -z(x)) / mp.pi, sf=lambda x: mp.atan2(1, z(x)) / mp.pi,
        lo=-INF, hi=INF)


def student_t(v, m, s):
    v, m, s = mp.mpf(v), mp.mpf(m), mp.mpf(s)
    z = lambda x: (x - m) / s
    tail = lambda t: reg_beta(v / 2, mp.mpf(1) / 2, v / (v + t * t)) / 2
    return dict(
        ln_pdf=lambda x: mp.loggamma((v + 1) / 2) - mp.loggamma(v / 2) - mp.log(mp.sqrt(v * mp.pi) * s)
        - (v + 1) / 2 * mp.log1p(z(x) ** 2 / v),
        cdf=lambda x: tail(z(x)) if z(x) < 0 else 1 - tail(z(x)),
        sf=lambda x: tail(z(x)) if z(x) > 0 else 1 - tail(z(x)),
        lo=-INF, hi=INF)


def logistic(m, s):
    m, s = mp.mpf(m), mp.mpf(s)
    z = lambda x: (x - m) / s
    return dict(
        ln_pdf=lambda x: -z(x) - 2 * mp.log1p(mp.exp(-z(x))) - mp.log(s),
        cdf=lambda x: 1 / (1 + mp.exp(-z(x))), sf=lambda x: 1 / (1 + mp.exp(z(x))),
        lo=-INF, hi=INF)


def gumbel(m, b):
    m, b = mp.mpf(m), mp.mpf(b)
    z = lambda x: (x - m) / b
    return dict(
        ln_pdf=lambda x: -(z(x) + mp.exp(-z(x))) - mp.log(b),
        cdf=lambda x: mp.exp(-mp.exp(-z(x))), sf=lambda x: -mp.expm1(-mp.exp(-z(x))),
        lo=-INF, hi=INF)


def weibull(k, lam):
    k, lam = mp.mpf(k), mp.mpf(lam)
    return dict(
        ln_pdf=lambda x: mp.log(k / lam) + (k - 1) * mp.log(x / lam) - (x / lam) ** k,
        cdf=lambda x: -mp.expm1(-(x / lam) ** k), sf=lambda x: mp.exp(-(x / lam) ** k),
        lo=0, hi=INF)


def chi2(v):
    return gamma(mp.mpf(v) / 2, mp.mpf(1) / 2)


def halfnormal(s):
    s = mp.mpf(s)
    return dict(
        ln_pdf=lambda x: mp.log(mp.sqrt(2 / mp.pi) / s) - x * x / (2 * s * s),
        cdf=lambda x: mp.erf(x / (s * mp.sqrt(2))), sf=lambda x: mp.erfc(x / (s * mp.sqrt(2))),
        lo=0, hi=INF)


def pareto(xm, a):
    xm, a = mp.mpf(xm), mp.mpf(a)
    return dict(
        ln_pdf=lambda x: mp.log(a) + a * mp.log(xm) - (a + 1) * mp.log(x),
        cdf=lambda x: -mp.expm1(a * mp.log(xm / x)), sf=lambda x: (xm / x) ** a, lo=xm, hi=INF)


def inverse_gamma(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    return dict(
        ln_pdf=lambda x: a * mp.log(b) - mp.loggamma(a) - (a + 1) * mp.log(x) - b / x,
        cdf=lambda x: reg_upper_gamma(a, b / x), sf=lambda x: reg_lower_gamma(a, b / x),
        lo=0, hi=INF)


def discrete(ln_pmf, cdf, sf):
    return dict(ln_pdf=ln_pmf, cdf=cdf, sf=sf)


def bernoulli(p):
    p = mp.mpf(p)
    pm = {0: 1 - p, 1: p}
    return discrete(lambda k: mp.log(pm[int(k)]) if int(k) in pm else -INF,
                    lambda k: 0 if k < 0 else (1 - p if k < 1 else 1),
                    lambda k: 1 if k < 0 else (p if k < 1 else 0))


def binomial(n, p):
    p = mp.mpf(p)

    def ln_pmf(k):
        k = int(k)
        return mp.log(mp.binomial(n, k)) + k * mp.log(p) + (n - k) * mp.log1p(-p)

    return discrete(ln_pmf,
                    lambda k: 1 if k >= n else reg_beta(n - k, k + 1, 1 - p),
                    lambda k: 0 if k >= n else reg_beta(k + 1, n - k, p))


def poisson(lam):
    lam = mp.mpf(lam)
    return discrete(lambda k: k * mp.log(lam) - lam - mp.loggamma(k + 1),
                    lambda k: reg_upper_gamma(k + 1, lam), lambda k: reg_lower_gamma(k + 1, lam))


def geometric(p):
    p = mp.mpf(p)
    return discrete(lambda k: mp.log(p) + k * mp.log1p(-p),
                    lambda k: -mp.expm1((k + 1) * mp.log1p(-p)),
                    lambda k: mp.exp((k + 1) * mp.log1p(-p)))


def categorical(ps):
    ps = [mp.mpf(p) for p in ps]
    return discrete(lambda k: mp.log(ps[int(k)]),
                    lambda k: mp.fsum(ps[: int(k) + 1]), lambda k: mp.fsum(ps[int(k) + 1:]))


def half_cauchy(s):
    s = mp.mpf(s)
    return dict(
        ln_pdf=lambda x: mp.log(2 / (mp.pi * s)) - mp.log1p((x / s) ** 2),
        cdf=lambda x: 2 * mp.atan(x / s) / mp.pi, sf=lambda x: 2 * mp.atan2(s, x) / mp.pi,
        lo=0, hi=INF,
        moments=lambda: dict(mean=INF, variance=None,
                             entropy=entropy_by_quad(half_cauchy_pdf(s), [0, s, 100 * s, INF])))


def half_cauchy_pdf(s):
    return lambda x: 2 / (mp.pi * s * (1 + (x / s) ** 2))


def entropy_by_quad(pdf, points):
    """−∫ f ln f, split at `points` (independent of the closed forms under test)."""
    def h(x):
        v = pdf(x)
        return -v * mp.log(v) if v > 0 else mp.mpf(0)
    return mp.quad(h, points, maxdegree=10)


def negative_binomial(r, p):
    r, p = mp.mpf(r), mp.mpf(p)

    def ln_pmf(k):
        k = mp.mpf(int(k))
        return mp.loggamma(k + r) - mp.loggamma(r) - mp.loggamma(k + 1) + r * mp.log(p) + k * mp.log1p(-p)

    def entropy():
        # −Σ pmf ln pmf outward from the mode until the terms are below 1e-70.
        mode = int(max((r - 1) * (1 - p) / p, 0))
        total = mp.mpf(0)
        for direction in (1, -1):
            k = mode if direction == 1 else mode - 1
            while k >= 0:
                lp = ln_pmf(k)
                t = -mp.exp(lp) * lp
                total += t
                if abs(k - mode) > 10 and abs(t) < mp.mpf("1e-70"):
                    break
                k += direction
        return total

    mode = int(max((r - 1) * (1 - p) / p, 0))

    def tail(k, upward):
        # Σ pmf(j) for j > k (upward) or j ≤ k (downward), by the pmf's ratio recurrence from the
        # mode outward, where the terms only fall: independent of the incomplete beta function
        # (mpmath's takes hours at r = 1e6).
        j = k + 1 if upward else k
        t = mp.exp(ln_pmf(j))
        total = t
        while True:
            if upward:
                t *= (j + r) * (1 - p) / (j + 1)
                j += 1
            else:
                if j == 0:
                    break
                t *= j / ((j - 1 + r) * (1 - p))
                j -= 1
            total += t
            if t < mp.mpf("1e-70") * total:
                break
        return total

    def cdf(k):
        k = int(k)
        return tail(k, False) if k <= mode else 1 - tail(k, True)

    def sf(k):
        k = int(k)
        return tail(k, True) if k >= mode else 1 - tail(k, False)

    m = discrete(ln_pmf, cdf, sf)
    m["moments"] = lambda: dict(mean=r * (1 - p) / p, variance=r * (1 - p) / p ** 2, entropy=entropy())
    return m


def fisher_f(m, n):
    m, n = mp.mpf(m), mp.mpf(n)
    a, b = m / 2, n / 2

    def ln_pdf(x):
        return (a * mp.log(m / n) + (a - 1) * mp.log(x) - (a + b) * mp.log1p(m * x / n)
                - mp.log(mp.beta(a, b)))

    def moments():
        h = (mp.log(n / m * mp.beta(a, b)) + (1 - a) * mp.digamma(a) - (1 + b) * mp.digamma(b)
             + (a + b) * mp.digamma(a + b))
        mean = n / (n - 2) if n > 2 else INF
        var = (2 * n ** 2 * (m + n - 2) / (m * (n - 2) ** 2 * (n - 4)) if n > 4
               else (INF if n > 2 else None))
        return dict(mean=mean, variance=var, entropy=h)

    if a == int(a) and b == int(b) and a + b > 2000:
        # mpmath's betainc takes hours at a = b = 5e5: for whole a and b, I_x(a, b) is the
        # binomial tail P(Bin(a+b−1, x) ≥ a), summed from the mode outward by the pmf ratio.
        def binomial_tail(x, upper):
            N = int(a + b - 1)
            lnpmf = lambda j: (mp.loggamma(N + 1) - mp.loggamma(j + 1) - mp.loggamma(N - j + 1)
                               + j * mp.log(x) + (N - j) * mp.log1p(-x))
            mode = int((N + 1) * x)
            # Σ_{j ≥ a} (upper) or Σ_{j ≤ a−1}, whichever side lies away from the mode is summed
            # directly, the other as its complement.
            up = int(a) > mode
            j = int(a) if up else int(a) - 1
            t = mp.exp(lnpmf(j))
            total = t
            while 0 < j < N:
                t *= (mp.mpf(N - j) / (j + 1) * x / (1 - x) if up
                      else mp.mpf(j) / (N - j + 1) * (1 - x) / x)
                j += 1 if up else -1
                total += t
                if t < mp.mpf("1e-70") * total:
                    break
            return total if up == upper else 1 - total

        cdf = lambda x: binomial_tail(m * x / (m * x + n), True)
        sf = lambda x: binomial_tail(m * x / (m * x + n), False)
    else:
        # I_p(a, b) with p = mx/(mx+n), and the upper tail as I_q(b, a), q = n/(mx+n): never a
        # 1 − p that 60 digits could not hold.
        cdf = lambda x: reg_beta(a, b, m * x / (m * x + n))
        sf = lambda x: reg_beta(b, a, n / (m * x + n))
    return dict(ln_pdf=ln_pdf, cdf=cdf, sf=sf, lo=0, hi=INF, moments=moments)


def kumaraswamy(a, b):
    a, b = mp.mpf(a), mp.mpf(b)

    def ln_pdf(x):
        return mp.log(a * b) + (a - 1) * mp.log(x) + (b - 1) * mp.log1p(-x ** a)

    def moments():
        raw = lambda r: b * mp.beta(1 + r / a, b)
        mean = raw(1)
        pdf = lambda x: mp.exp(ln_pdf(x)) if 0 < x < 1 else mp.mpf(0)
        return dict(mean=mean, variance=raw(2) - mean ** 2,
                    entropy=entropy_by_quad(pdf, [0, mp.mpf(1) / 2, 1]))

    return dict(
        ln_pdf=ln_pdf, cdf=lambda x: -mp.expm1(b * mp.log1p(-x ** a)),
        sf=lambda x: mp.exp(b * mp.log1p(-x ** a)), lo=0, hi=1, moments=moments)


def continuous_bernoulli(lam):
    lam = mp.mpf(lam)
    eta = mp.log(lam / (1 - lam))

    def ln_pdf(x):
        return mp.log(eta / mp.expm1(eta)) + eta * x if eta != 0 else mp.mpf(0)

    def moments():
        pdf = lambda x: mp.exp(ln_pdf(x))
        mean = mp.quad(lambda x: x * pdf(x), [0, 1])
        var = mp.quad(lambda x: (x - mean) ** 2 * pdf(x), [0, 1])
        return dict(mean=mean, variance=var, entropy=entropy_by_quad(pdf, [0, 1]))

    if eta == 0:
        return dict(ln_pdf=ln_pdf, cdf=lambda x: x, sf=lambda x: 1 - x, lo=0, hi=1, moments=moments)
    return dict(
        ln_pdf=ln_pdf, cdf=lambda x: mp.expm1(eta * x) / mp.expm1(eta),
        sf=lambda x: mp.expm1(-eta * (1 - x)) / mp.expm1(-eta), lo=0, hi=1, moments=moments)


def wrap_angle(mu):
    """kldiv's reduction of a location into [−π, π), in the same float64 operations."""
    if -math.pi <= mu < math.pi:
        return mu
    r = (mu + math.pi) % (2 * math.pi) - math.pi
    return r - 2 * math.pi if r >= math.pi else r


def von_mises(mu, kappa):
    mu, kappa = mp.mpf(wrap_angle(mu)), mp.mpf(kappa)
    ln_norm = mp.log(2 * mp.pi * mp.besseli(0, kappa))

    def splits(a, b):
        # Where κ cos(x − μ) crosses each level M − j/2 below its largest value M on [a, b]:
        # between splits the integrand changes by at most e^½, where tanh-sinh is reliable
        # (unsplit, mpmath.quad is off by 1e-9 on the steep tails of κ = 500).
        images = lambda v: [w for w in (v - 2 * mp.pi, v, v + 2 * mp.pi) if a < w < b]
        top = max(kappa * mp.cos(c - mu) for c in [a, b] + images(mu))
        pts = {a, b, *images(mu), *images(mu + mp.pi)}
        for j in range(120):
            level = (top - mp.mpf(j) / 2) / kappa
            if level < -1:
                break
            d = mp.acos(min(level, mp.mpf(1)))
            pts.update(images(mu + d) + images(mu - d))
        return top, sorted(pts)

    def mass(a, b, g=lambda x: 1):
        # mpmath.quad stops on an absolute error of 10^-dps: the integrand is scaled to peak
        # at 1 on [a, b], or a tail of 1e-129 would be "converged" at the first, crude degree.
        top, pts = splits(a, b)
        scaled = mp.quad(lambda x: g(x) * mp.exp(kappa * mp.cos(x - mu) - top), pts)
        return scaled * mp.exp(top - ln_norm)

    def moments():
        # Symmetric about 0 when μ = 0: exactly 0, where quadrature would leave 1e-72 of noise.
        mean = mp.mpf(0) if mu == 0 else mass(-mp.pi, mp.pi, lambda x: x)
        var = mass(-mp.pi, mp.pi, lambda x: (x - mean) ** 2)
        a = mp.besseli(1, kappa) / mp.besseli(0, kappa)
        return dict(mean=mean, variance=var, entropy=ln_norm - kappa * a)

    return dict(
        ln_pdf=lambda x: kappa * mp.cos(x - mu) - ln_norm,
        cdf=lambda x: mass(-mp.pi, x), sf=lambda x: mass(x, mp.pi), lo=-mp.pi, hi=mp.pi,
        moments=moments, newton=True)

P_GRID = [1e-300, 1e-100, 1e-10, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-10]

# spec, mpmath model, scipy frozen, x points, quantile p points
CASES = [
    ("normal(0, 1)", normal(0, 1), st.norm(), [-37, -20, -5, -1, 0, 0.5, 3, 8, 20, 37], P_GRID),
    ("normal(3, 2.5)", normal(3, 2.5), st.norm(3, 2.5), [-80, -7, 0, 3, 4.25, 10, 90], P_GRID),
    ("lognormal(0.5, 0.75)", lognormal(0.5, 0.75), st.lognorm(0.75, scale=math.exp(0.5)),
     [1e-12, 0.01, 0.5, 1, 2, 10, 100, 1e6], P_GRID),
    ("uniform(-2, 3)", uniform(-2, 3), st.uniform(-2, 5), [-1.999, -1, 0, 0.5, 2.9], P_GRID),
    ("exponential(1.5)", exponential(1.5), st.expon(scale=1 / 1.5),
     [1e-20, 1e-5, 0.1, 1, 5, 50, 400], P_GRID),
    ("gamma(2.5, 1.5)", gamma(2.5, 1.5), st.gamma(2.5, scale=1 / 1.5),
     [1e-100, 1e-8, 0.01, 0.5, 1.6, 3, 10, 40, 300], P_GRID),
    ("gamma(0.5, 1)", gamma(0.5, 1), st.gamma(0.5), [1e-300, 1e-10, 0.1, 0.5, 2, 20, 500], P_GRID),
    ("gamma(12, 0.5)", gamma(12, 0.5), st.gamma(12, scale=2), [0.01, 1, 10, 24, 40, 100, 600], P_GRID),
    ("beta(2, 5)", beta(2, 5), st.beta(2, 5), [1e-100, 1e-6, 0.05, 0.2, 0.5, 0.9, 0.999999], P_GRID),
    ("beta(0.5, 0.5)", beta(0.5, 0.5), st.beta(0.5, 0.5), [1e-200, 1e-8, 0.1, 0.5, 0.75, 0.9999], P_GRID),
    ("laplace(1, 2)", laplace(1, 2), st.laplace(1, 2), [-1300, -10, 0, 1, 1.5, 10, 1300], P_GRID),
    ("cauchy(0, 1)", cauchy(0, 1), st.cauchy(), [-1e200, -1e10, -3, 0, 0.3, 7, 1e100], P_GRID),
    ("student_t(3, 0, 1)", student_t(3, 0, 1), st.t(3), [-1e80, -1e6, -20, -1, 0, 0.7, 5, 1e5], P_GRID),
    ("student_t(7.5, 1, 2)", student_t(7.5, 1, 2), st.t(7.5, 1, 2), [-1e30, -40, -2, 1, 2, 9, 1e3], P_GRID),
    ("logistic(0, 1)", logistic(0, 1), st.logistic(), [-690, -30, -2, 0, 0.5, 3, 30, 690], P_GRID),
    ("gumbel(1, 2)", gumbel(1, 2), st.gumbel_r(1, 2), [-11, -5, 0, 1, 2.5, 10, 40, 1300], P_GRID),
    ("weibull(1.5, 2)", weibull(1.5, 2), st.weibull_min(1.5, scale=2),
     [1e-150, 1e-6, 0.3, 1, 2, 5, 20, 70], P_GRID),
    ("chi2(4)", chi2(4), st.chi2(4), [1e-150, 1e-6, 0.5, 3, 4, 10, 60, 1300], P_GRID),
    ("halfnormal(2)", halfnormal(2), st.halfnorm(scale=2), [1e-300, 1e-8, 0.5, 2, 5, 30, 74], P_GRID),
    ("pareto(1, 3)", pareto(1, 3), st.pareto(3), [1, 1.0000001, 1.5, 3, 100, 1e50, 1e99], P_GRID),
    ("inverse_gamma(3, 2)", inverse_gamma(3, 2), st.invgamma(3, scale=2),
     [0.003, 0.05, 0.3, 0.5, 1, 4, 100, 1e30], P_GRID),
    ("bernoulli(0.3)", bernoulli(0.3), st.bernoulli(0.3), [-1, 0, 1, 2], [0, 0.1, 0.7, 0.70001, 1]),
    ("binomial(10, 0.3)", binomial(10, 0.3), st.binom(10, 0.3), [0, 1, 3, 5, 9, 10],
     [1e-10, 0.01, 0.5, 0.99, 1 - 1e-10]),
    ("poisson(4)", poisson(4), st.poisson(4), [0, 1, 4, 10, 30, 100, 200],
     [1e-300, 1e-10, 0.01, 0.5, 0.99, 1 - 1e-10]),
    ("geometric(0.25)", geometric(0.25), st.geom(0.25, loc=-1), [0, 1, 5, 20, 200, 2000],
     [1e-10, 0.01, 0.5, 0.99, 1 - 1e-10]),
    ("categorical([0.2, 0.5, 0.3])", categorical([0.2, 0.5, 0.3]), None, [0, 1, 2],
     [0.1, 0.2, 0.5, 0.7, 0.71, 1]),
    # Families added with their moments (mean, variance, entropy) checked too.
    ("half_cauchy(2)", half_cauchy(2), st.halfcauchy(scale=2),
     [1e-300, 1e-10, 0.5, 2, 30, 1e10, 1e300], P_GRID),
    ("half_cauchy(1e-05)", half_cauchy(1e-5), st.halfcauchy(scale=1e-5),
     [1e-200, 1e-7, 1e-5, 0.1, 1e200], P_GRID),
    ("negative_binomial(3.5, 0.3)", negative_binomial(3.5, 0.3), st.nbinom(3.5, 0.3),
     [0, 1, 5, 8, 30, 200, 1000], [1e-10, 0.01, 0.5, 0.99, 1 - 1e-10]),
    ("negative_binomial(0.5, 0.01)", negative_binomial(0.5, 0.01), st.nbinom(0.5, 0.01),
     [0, 1, 10, 49, 500, 5000, 60000], [1e-10, 0.3, 0.5, 0.99, 1 - 1e-10]),
    ("negative_binomial(1000000, 0.5)", negative_binomial(1e6, 0.5), st.nbinom(1e6, 0.5),
     # not p = 0.5: F(r − 1) = I_½(r, r) = ½ exactly, a tie that any rounding decides
     [0, 990000, 999000, 1000000, 1003000, 1020000], [1e-10, 0.01, 0.4, 0.99]),
    ("negative_binomial(0.001, 0.9)", negative_binomial(1e-3, 0.9), st.nbinom(1e-3, 0.9),
     [0, 1, 3, 40, 300], [1e-10, 0.5, 0.9999, 1 - 1e-10]),
    ("f(5, 7)", fisher_f(5, 7), st.f(5, 7), [1e-300, 1e-10, 0.2, 1, 3, 50, 1e10, 1e300], P_GRID),
    ("f(1, 1)", fisher_f(1, 1), st.f(1, 1), [1e-300, 1e-5, 1, 7, 1e8, 1e300], P_GRID),
    ("f(0.5, 50)", fisher_f(0.5, 50), st.f(0.5, 50), [1e-250, 1e-6, 0.1, 1, 5, 40], P_GRID),
    ("f(300, 2000)", fisher_f(300, 2000), st.f(300, 2000), [0.5, 0.8, 0.9, 1, 1.2, 1.6, 3], P_GRID),
    ("f(1000000, 1000000)", fisher_f(1e6, 1e6), st.f(1e6, 1e6),
     [0.98, 0.99, 0.995, 1, 1.003, 1.01, 1.03], P_GRID),
    ("kumaraswamy(2, 3)", kumaraswamy(2, 3), None, [1e-300, 1e-8, 0.1, 0.5, 0.9, 0.999999], P_GRID),
    ("kumaraswamy(0.5, 0.5)", kumaraswamy(0.5, 0.5), None, [1e-300, 1e-6, 0.3, 0.9, 0.99999], P_GRID),
    ("kumaraswamy(5, 0.3)", kumaraswamy(5, 0.3), None, [1e-60, 0.2, 0.8, 0.97, 0.9999999], P_GRID),
    ("kumaraswamy(40, 200)", kumaraswamy(40, 200), None, [0.5, 0.8, 0.85, 0.9, 0.95, 0.999], P_GRID),
    ("continuous_bernoulli(0.3)", continuous_bernoulli(0.3), None,
     [1e-300, 1e-10, 0.1, 0.5, 0.9, 0.9999999], P_GRID),
    ("continuous_bernoulli(0.5)", continuous_bernoulli(0.5), None, [1e-300, 0.25, 0.5, 0.999], P_GRID),
    ("continuous_bernoulli(0.500000000001)", continuous_bernoulli(0.500000000001), None,
     [1e-300, 1e-10, 0.25, 0.5, 0.75, 0.9999999], P_GRID),
    ("continuous_bernoulli(1e-300)", continuous_bernoulli(1e-300), None,
     [1e-300, 1e-10, 1e-3, 0.01, 0.5, 0.9], P_GRID),
    ("continuous_bernoulli(0.999999)", continuous_bernoulli(0.999999), None,
     [1e-300, 0.01, 0.5, 0.9, 0.99, 0.9999999], P_GRID),
    ("von_mises(0, 2)", von_mises(0, 2), st.vonmises(2), [-3.14159, -3, -1, 0, 0.5, 2, 3.1], P_GRID),
    ("von_mises(1, 0.01)", von_mises(1, 0.01), None, [-3.1, -1, 0, 1, 2, 3.1], P_GRID),
    ("von_mises(3, 50)", von_mises(3, 50), None, [-3.1, -3, -2, 0, 2.5, 2.9, 3, 3.1], P_GRID),
    ("von_mises(7, 2)", von_mises(7, 2), None, [-3, -1, 0, 0.7, 1, 3], P_GRID),
    ("von_mises(-2, 500)", von_mises(-2, 500), None, [-2.5, -2.1, -2, -1.9, 0, 3], P_GRID),
    ("von_mises(0, 100000000)", von_mises(0, 1e8), None,
     [-1e-3, -3e-4, -1e-4, 0, 1e-5, 2e-4, 1e-3, 3], P_GRID),
]

DISCRETE = ("bernoulli", "binomial", "poisson", "geometric", "categorical", "negative_binomial")


def f(v):
    """float64 of an mpmath value, with infinities spelled for JSON."""
    v = float(v)
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def sf_float(v):
    try:
        v = float(v)
    except Exception:
        return None
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def quantile_truth(model, p, discrete, guess):
    p = mp.mpf(p)
    if discrete:
        # The smallest k with F(k) ≥ p: double an upper bound, then bisect.
        lo, hi = -1, 1
        while model["cdf"](hi) < p:
            lo, hi = hi, 2 * hi
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if mid >= 0 and model["cdf"](mid) >= p:
                hi = mid
            else:
                lo = mid
        return 0 if model["cdf"](0) >= p else hi
    if p == 0:
        return model["lo"]
    if p == 1:
        return model["hi"]
    lo, hi = model["lo"], model["hi"]
    # Solve in the smaller tail, in log space, by bisection on [a, b] bracketing the root:
    # robust for every family, and 400 halvings in mpmath reach far below float64 resolution.
    if p <= 0.5:
        g = lambda x: mp.log(model["cdf"](x)) - mp.log(p)
    else:
        g = lambda x: mp.log(1 - p) - mp.log(model["sf"](x))
    if not math.isfinite(guess) or not lo < guess < hi:
        # scipy gave up (t.ppf(1e-300, 3) is -inf, vonmises.ppf(1e-300, 2) is below -π): start
        # from the body and expand.
        guess = float(lo + 1) if lo != -INF else (float(hi - 1) if hi != INF else 0.0)
    a = mp.mpf(guess)
    b = mp.mpf(guess)
    step = max(abs(a), mp.mpf(1)) * mp.mpf("1e-6")
    while True:
        a2 = a - step
        if a2 <= lo:
            a2 = lo + (a - lo) / 2 if lo != -INF else a2
        a = a2
        try:
            if g(a) < 0:
                break
        except (ValueError, ZeroDivisionError):
            pass
        step *= 2
    step = max(abs(b), mp.mpf(1)) * mp.mpf("1e-6")
    while True:
        b2 = b + step
        if hi != INF and b2 >= hi:
            b2 = hi - (hi - b) / 2
        b = b2
        try:
            if g(b) > 0:
                break
        except (ValueError, ZeroDivisionError):
            pass
        step *= 2
    for _ in range(5000):
        # Geometric midpoint while the bracket spans orders of magnitude above 0, so that
        # quantiles near 1e-300 are reached.
        m = mp.sqrt(a * b) if a > 0 and b > 4 * a else (a + b) / 2
        if m == a or m == b:
            break
        if model.get("newton") and b - a <= mp.mpf("1e-12") * max(abs(a), abs(b)):
            return newton_polish(model, p, (a + b) / 2)
        if g(m) < 0:
            a = m
        else:
            b = m
    return (a + b) / 2


def newton_polish(model, p, x):
    """Newton on the smaller tail from inside a 1e-12 bracket, for models whose cdf is an
    expensive quadrature (bisection to 60 digits would take ~200 of them)."""
    for _ in range(8):
        f = mp.exp(model["ln_pdf"](x))
        if p <= mp.mpf(1) / 2:
            step = (model["cdf"](x) - p) / f
        else:
            step = (1 - p - model["sf"](x)) / f
        x -= step
        if abs(step) < mp.mpf("1e-45") * max(abs(x), mp.mpf("1e-300")):
            break
    return x


def main():
    out = {
        "generator": "tests/data/gen_distributions.py",
        "truth": f"mpmath {mp.__version__} at {mp.mp.dps} digits, rounded to float64",
        "scipy": f"scipy {scipy.__version__}, numpy {np.__version__}",
        "cases": [],
    }
    for spec, model, frozen, xs, ps in CASES:
        is_discrete = spec.split("(")[0] in DISCRETE
        points = []
        for x in xs:
            xm = mp.mpf(x)
            row = {"x": x, "ln_pdf": f(model["ln_pdf"](xm)), "pdf": f(mp.exp(model["ln_pdf"](xm))),
                   "cdf": f(model["cdf"](xm)), "sf": f(model["sf"](xm))}
            if frozen is not None:
                pdf = frozen.pmf(x) if is_discrete else frozen.pdf(x)
                row["scipy"] = {"pdf": sf_float(pdf), "cdf": sf_float(frozen.cdf(x)),
                                "sf": sf_float(frozen.sf(x))}
            points.append(row)
        quantiles = []
        for p in ps:
            guess = frozen.ppf(p) if frozen is not None else 0
            q = quantile_truth(model, p, is_discrete, guess)
            quantiles.append({"p": p, "x": f(q), "scipy": sf_float(guess) if frozen is not None else None})
        case = {"spec": spec, "discrete": is_discrete, "points": points, "quantiles": quantiles}
        if "moments" in model:
            # null where the moment does not exist.
            for key, v in model["moments"]().items():
                case[key] = None if v is None else f(v)
        out["cases"].append(case)
        print(spec, file=sys.stderr)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
