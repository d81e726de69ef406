#!/usr/bin/env python3
"""Measures at the edges, by mpmath from the exact binary64 parameters kldiv parses.

Classes of pairs: far apart, scale-mismatched, heavy-tailed, discrete at the ends of their
supports, mixtures, each at Rényi orders 0.01, 0.5, 0.999, 1.001, 2, 10, 1e3, 1e16 and for
Bhattacharyya, Hellinger, total variation and Jensen–Shannon; and KL of every family pair the
quadrature takes at scales 1e-300, 1e-150, 1e150, 1e300 (class "scale").

Every truth is computed twice and kept only where the two agree to 1e-20 relative (dropped
cases are listed on stderr):

* Rényi, Bhattacharyya, Hellinger: ln I, I = ∫ p^α q^(1−α) (a sum for a discrete pair), as
  G + ln ∫ e^(g − G), g = α ln p + (1 − α) ln q, G its largest value on a dense grid refined by
  Newton's method (so e^1000 and e^(−125000) stay in range and the peak of a large order, which
  moves far out, is a break point); by tanh-sinh over the breaks and again with every segment
  bisected, or for a discrete pair by the direct sum and by a closed form (binomial, Poisson,
  geometric pairs) or mpmath.nsum. Normal pairs: the closed form of Gil, Alajaji & Linder (2013)
  against the quadrature. Divergent integrals (α > 1 where p/q grows faster than p falls) are
  decided analytically per pair and stored as "inf".
* TV: ½ ∫ |p − q| split at every crossing of p and q (located by bisection at 50 digits), by
  tanh-sinh on both node sets; for a discrete pair ½ Σ|p − q| and Σ over {p > q} of p − q.
* JS: ½ ∫ p ln(2p/(p + q)) + q ln(2q/(p + q)) on both node sets.
* KL at extreme scales: ∫ p ln(p/q) at the scale given (mpmath's exponents are unbounded) and,
  KL being invariant under a common scale, at unit scale with every length divided by the
  scale.

Run from the repository root (a venv with mpmath, e.g. target/gen-venv):

    target/gen-venv/bin/python tests/data/gen_measure_edges.py > tests/data/measure_edges.json
"""

import json
import os
import sys
from multiprocessing import Pool

import mpmath as mp

DPS = 40
mp.mp.dps = DPS  # before any constant of a density is computed
F = mp.mpf
ORDERS = ["0.01", "0.5", "0.999", "1.001", "2", "10", "1e3", "1e16"]
SCALES = ["1e-300", "1e-150", "1e150", "1e300"]
AGREE = F("1e-18")


def f64(text):
    """The double kldiv parses from the decimal text, exactly."""
    return F(float(text))


# ---------------------------------------------------------------- distributions (log densities)

class Dist:
    """A distribution: log density at an mpf, support, discreteness, and points where it bends."""

    def __init__(self, spec, logpdf, lo, hi, points, discrete=False, scale=None):
        self.spec, self.logpdf, self.lo, self.hi = spec, logpdf, lo, hi
        self.points, self.discrete, self.scale = points, discrete, scale


def around(m, s):
    # Out to 4²⁵ scales: heavy tails (Cauchy, t₃) carry their integrals that far.
    far = [F(4) ** k for k in range(0, 26, 2)]
    return [m] + [m + k * s for k in far] + [m - k * s for k in far]


def normal(m, s):
    m, s = f64(m), f64(s)
    c = mp.log(s) + mp.log(2 * mp.pi) / 2
    return Dist(f"normal({m_text(m)}, {m_text(s)})", lambda x: -((x - m) / s) ** 2 / 2 - c,
                mp.ninf, mp.inf, around(m, s), scale=s)


def laplace(m, b):
    m, b = f64(m), f64(b)
    return Dist(f"laplace({m_text(m)}, {m_text(b)})", lambda x: -abs(x - m) / b - mp.log(2 * b),
                mp.ninf, mp.inf, around(m, b), scale=b)


def logistic(m, s):
    m, s = f64(m), f64(s)

    def lp(x):
        z = abs((x - m) / s)
        return -z - 2 * mp.log1p(mp.exp(-z)) - mp.log(s)
    return Dist(f"logistic({m_text(m)}, {m_text(s)})", lp, mp.ninf, mp.inf, around(m, s), scale=s)


def cauchy(m, s):
    m, s = f64(m), f64(s)
    return Dist(f"cauchy({m_text(m)}, {m_text(s)})",
                lambda x: -mp.log(mp.pi * s * (1 + ((x - m) / s) ** 2)), mp.ninf, mp.inf,
                around(m, s), scale=s)


def student_t(nu, m, s):
    nu, m, s = f64(nu), f64(m), f64(s)
    c = mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2 - mp.log(s)
    return Dist(f"student_t({m_text(nu)}, {m_text(m)}, {m_text(s)})",
                lambda x: c - (nu + 1) / 2 * mp.log1p(((x - m) / s) ** 2 / nu), mp.ninf, mp.inf,
                around(m, s), scale=s)


def uniform(a, b):
    a, b = f64(a), f64(b)
    return Dist(f"uniform({m_text(a)}, {m_text(b)})", lambda x: -mp.log(b - a) if a <= x <= b else mp.ninf,
                a, b, [a, (a + b) / 2, b], scale=b - a)


def gumbel(m, b):
    m, b = f64(m), f64(b)

    def lp(x):
        z = (x - m) / b
        # Beyond z = −10⁶ the density is below e^(−e^(10⁶)): zero at any precision.
        return -(z + mp.exp(-z)) - mp.log(b) if z > -1e6 else mp.ninf
    return Dist(f"gumbel({m_text(m)}, {m_text(b)})", lp, mp.ninf, mp.inf, around(m, b), scale=b)


def pos_points(s):
    return [s * F(2) ** k for k in range(-40, 82, 2)]


def exponential(rate):
    r = f64(rate)
    return Dist(f"exponential({m_text(r)})", lambda x: mp.log(r) - r * x if x >= 0 else mp.ninf,
                F(0), mp.inf, pos_points(1 / r), scale=1 / r)


def halfnormal(s):
    s = f64(s)
    return Dist(f"halfnormal({m_text(s)})",
                lambda x: mp.log(2 / mp.pi) / 2 - mp.log(s) - (x / s) ** 2 / 2 if x >= 0 else mp.ninf,
                F(0), mp.inf, pos_points(s), scale=s)


def half_cauchy(s):
    s = f64(s)
    return Dist(f"half_cauchy({m_text(s)})",
                lambda x: mp.log(2 / (mp.pi * s)) - mp.log1p((x / s) ** 2) if x >= 0 else mp.ninf,
                F(0), mp.inf, pos_points(s), scale=s)


def gamma(k, rate):
    k, b = f64(k), f64(rate)
    c = k * mp.log(b) - mp.loggamma(k)
    return Dist(f"gamma({m_text(k)}, {m_text(b)})",
                lambda x: c + (k - 1) * mp.log(x) - b * x if x > 0 else mp.ninf,
                F(0), mp.inf, pos_points(1 / b), scale=1 / b)


def weibull(k, lam):
    k, lam = f64(k), f64(lam)
    return Dist(f"weibull({m_text(k)}, {m_text(lam)})",
                lambda x: mp.log(k / lam) + (k - 1) * mp.log(x / lam) - (x / lam) ** k if x > 0 else mp.ninf,
                F(0), mp.inf, pos_points(lam), scale=lam)


def inverse_gamma(a, b):
    a, b = f64(a), f64(b)
    c = a * mp.log(b) - mp.loggamma(a)
    return Dist(f"inverse_gamma({m_text(a)}, {m_text(b)})",
                lambda x: c - (a + 1) * mp.log(x) - b / x if x > 0 else mp.ninf,
                F(0), mp.inf, pos_points(b), scale=b)


def mixture(*parts):
    ws = [f64(w) for w, _ in parts]
    comps = [d for _, d in parts]
    spec = " + ".join(f"{m_text(w)}*{d.spec}" for w, d in zip(ws, comps))

    def lp(x):
        terms = [mp.log(w) + d.logpdf(x) for w, d in zip(ws, comps)]
        terms = [t for t in terms if t != mp.ninf]
        if not terms:
            return mp.ninf
        g = max(terms)
        return g + mp.log(mp.fsum(mp.exp(t - g) for t in terms))
    pts = [x for d in comps for x in d.points]
    return Dist(spec, lp, min(d.lo for d in comps), max(d.hi for d in comps), pts,
                scale=max(d.scale for d in comps))


def binomial(n, p):
    n, p = int(n), f64(p)
    return Dist(f"binomial({n}, {m_text(p)})",
                lambda k: (mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)
                           + k * mp.log(p) + (n - k) * mp.log1p(-p)) if 0 <= k <= n else mp.ninf,
                0, n, [], discrete=True)


def poisson(lam):
    lam = f64(lam)
    return Dist(f"poisson({m_text(lam)})",
                lambda k: k * mp.log(lam) - lam - mp.loggamma(k + 1) if k >= 0 else mp.ninf,
                0, mp.inf, [lam], discrete=True)


def geometric(p):
    p = f64(p)
    return Dist(f"geometric({m_text(p)})", lambda k: mp.log(p) + k * mp.log1p(-p) if k >= 0 else mp.ninf,
                0, mp.inf, [F(0)], discrete=True)


def negative_binomial(r, p):
    r, p = f64(r), f64(p)
    return Dist(f"negative_binomial({m_text(r)}, {m_text(p)})",
                lambda k: (mp.loggamma(k + r) - mp.loggamma(r) - mp.loggamma(k + 1) + r * mp.log(p)
                           + k * mp.log1p(-p)) if k >= 0 else mp.ninf,
                0, mp.inf, [r * (1 - p) / p], discrete=True)


def m_text(x):
    """The shortest decimal that parses back to the same double."""
    return repr(float(x)) if float(x) != int(float(x)) or abs(float(x)) >= 1e16 else str(int(float(x)))


# ---------------------------------------------------------------- integrals

def breaks_of(p, q, extra=()):
    pts = sorted(set(x for x in list(p.points) + list(q.points) + list(extra)
                     if mp.isfinite(x) and p.lo <= x <= p.hi))
    if mp.isfinite(p.lo) and (not pts or pts[0] != p.lo):
        pts = [p.lo] + pts
    if mp.isfinite(p.hi) and pts[-1] != p.hi:
        pts = pts + [p.hi]
    out = [p.lo] if not mp.isfinite(p.lo) else []
    out += pts
    if not mp.isfinite(p.hi):
        out.append(p.hi)
    return out


def grid(breaks, n=24):
    fin = [b for b in breaks if mp.isfinite(b)]
    xs = []
    for a, b in zip(fin, fin[1:]):
        xs += [a + (b - a) * i / n for i in range(n)]
    xs.append(fin[-1])
    w = max(fin[-1] - fin[0], F(1) if fin[-1] == fin[0] else fin[-1] - fin[0])
    if not mp.isfinite(breaks[0]):
        xs += [fin[0] - w * F(2) ** j for j in range(-10, 30)]
    if not mp.isfinite(breaks[-1]):
        xs += [fin[-1] + w * F(2) ** j for j in range(-10, 30)]
    return xs


def quad_both(f, breaks):
    """∫ f over the breaks by tanh-sinh, and again with every segment bisected (an infinite one
    split one body-width out): two node sets that share no point but the breaks."""
    a = mp.quad(f, breaks, method="tanh-sinh", maxdegree=8)
    fin = [x for x in breaks if mp.isfinite(x)]
    width = (fin[-1] - fin[0]) if len(fin) > 1 and fin[-1] > fin[0] else F(1)
    split = []
    for x, y in zip(breaks, breaks[1:]):
        if mp.isfinite(x) and mp.isfinite(y):
            split.append((x + y) / 2)
        elif mp.isfinite(y):
            split.append(y - width)
        elif mp.isfinite(x):
            split.append(x + width)
    b = mp.quad(f, sorted(set(list(breaks) + split)), method="tanh-sinh", maxdegree=8)
    return a, b


def peak(g, breaks, start=None):
    """The largest g on the grid (or at `start`), refined by Newton's method on g′ where g is
    smooth; the peak and its width (1/√−g″), or None for the width at a kink or a boundary."""
    xs = grid(breaks) if start is None else [start]
    vals = [(g(x), x) for x in xs]
    vals = [(v, x) for v, x in vals if v != mp.ninf and mp.isfinite(v)]
    G, x0 = max(vals)
    x = x0
    try:
        for _ in range(60):
            d1 = mp.diff(g, x, 1)
            d2 = mp.diff(g, x, 2)
            if not d2 < 0:
                break
            step = d1 / d2
            x = x - step
            if abs(step) <= mp.mpf(10) ** (-mp.mp.dps + 10) * (1 + abs(x)):
                break
        gx = g(x)
        if mp.isfinite(gx) and gx >= G:
            w = 1 / mp.sqrt(-mp.diff(g, x, 2))
            return gx, x, w
    except (ZeroDivisionError, ValueError):
        pass
    return G, x0, None


def ln_renyi_integral(p, q, alpha, gaussian=False):
    """ln ∫ p^α q^(1−α) two ways (see the module text). For a normal pair (`gaussian`) the
    integrand is a Gaussian about its peak, which alone sets the breaks."""
    g = lambda x: alpha * p.logpdf(x) + (1 - alpha) * q.logpdf(x) if p.logpdf(x) != mp.ninf else mp.ninf
    if p.discrete:
        hi = discrete_reach(p, q)
        lo = 0
        terms = [g(k) for k in range(lo, hi + 1)]
        G = max(t for t in terms if t != mp.ninf)
        direct = G + mp.log(mp.fsum(mp.exp(t - G) for t in terms if t != mp.ninf))
        return direct, None
    breaks = breaks_of(p, q)
    G, x, w = peak(g, breaks, start=p.points[0] if gaussian else None)
    extra = [x]
    if w is not None:
        extra += [x + k * w for k in (-256, -64, -16, -4, -1, 1, 4, 16, 64, 256)]
    breaks = [mp.ninf] + sorted(extra) + [mp.inf] if gaussian and w is not None else breaks_of(p, q, extra)
    f = lambda t: mp.exp(g(t) - G) if g(t) != mp.ninf else F(0)
    if gaussian and w is not None:
        # g is quadratic: ∫ e^g = e^(g(x*)) √(2π) w exactly, from the peak and curvature found
        # numerically in the densities themselves; the closed form is the second way.
        return G + mp.log(mp.sqrt(2 * mp.pi) * w), None
    a, b = quad_both(f, breaks)
    return G + mp.log(a), G + mp.log(b)
    return G + mp.log(a), G + mp.log(b)


def discrete_reach(p, q):
    """An upper end of the sum: where both are finite, their ends; else far past both bodies."""
    his = []
    for d in (p, q):
        if mp.isfinite(d.hi):
            his.append(int(d.hi))
        else:
            m = max(d.points) if d.points else 1
            his.append(int(20 * m + 60 * mp.sqrt(m + 1) + 400))
    return max(his)


def tv_two_ways(p, q):
    if p.discrete:
        hi = discrete_reach(p, q)
        ps = [mp.exp(p.logpdf(k)) for k in range(0, hi + 1)]
        qs = [mp.exp(q.logpdf(k)) for k in range(0, hi + 1)]
        half = mp.fsum(abs(a - b) for a, b in zip(ps, qs)) / 2
        pos = mp.fsum(a - b for a, b in zip(ps, qs) if a > b)
        return half, pos
    breaks = breaks_of(p, q)
    z = lambda x: p.logpdf(x) - q.logpdf(x)
    xs = sorted(set(grid(breaks, 8)))
    roots = []
    for a, b in zip(xs, xs[1:]):
        za, zb = z(a), z(b)
        if za == 0:
            roots.append(a)
        if mp.isfinite(za) and mp.isfinite(zb) and za * zb < 0:
            for _ in range(180):
                m = (a + b) / 2
                if (z(m) < 0) == (za < 0):
                    a = m
                else:
                    b = m
            roots.append((a + b) / 2)
    breaks = breaks_of(p, q, roots)
    f = lambda x: abs(mp.exp(p.logpdf(x)) - mp.exp(q.logpdf(x))) / 2
    a, b = quad_both(f, breaks)
    # q's mass off p's support counts too (½ of it).
    return a + off_support(p, q), b + off_support(p, q)


def off_support(p, q):
    parts = []
    if mp.isfinite(p.lo) and not q.discrete:
        parts.append((q_lo(q), p.lo))
    if mp.isfinite(p.hi):
        parts.append((p.hi, mp.inf))
    total = F(0)
    for a, b in parts:
        if a < b:
            total += mp.quad(lambda x: mp.exp(q.logpdf(x)), [a, b]) / 2
    return total


def q_lo(q):
    return q.lo


def js_two_ways(p, q):
    def f(x):
        lp, lq = p.logpdf(x), q.logpdf(x)
        if lp == mp.ninf and lq == mp.ninf:
            return F(0)
        m = mp.log((mp.exp(lp) + mp.exp(lq)) / 2)
        s = F(0)
        if lp != mp.ninf:
            s += mp.exp(lp) * (lp - m)
        if lq != mp.ninf:
            s += mp.exp(lq) * (lq - m)
        return s / 2
    if p.discrete:
        hi = discrete_reach(p, q)
        terms = [f(k) for k in range(0, hi + 1)]
        return mp.fsum(terms), mp.fsum(reversed(terms))
    return quad_both(f, breaks_of(p, q))


def kl_at(p, q):
    far = [p.scale * F(4) ** k for k in range(26, 44)]
    extra = [x for x in far + [-x for x in far]]
    def f(x):
        lp = p.logpdf(x)
        if lp == mp.ninf:
            return F(0)
        return mp.exp(lp) * (lp - q.logpdf(x))
    return mp.quad(f, breaks_of(p, q, extra), method="tanh-sinh", maxdegree=10)


# ---------------------------------------------------------------- closed forms (second ways)

def renyi_closed(p_args, q_args, kind, alpha):
    """ln ∫ p^α q^(1−α) in closed form for the pairs that have one."""
    if kind == "normal":
        (m1, s1), (m2, s2) = [(f64(a), f64(b)) for a, b in (p_args, q_args)]
        va = alpha * s2 ** 2 + (1 - alpha) * s1 ** 2
        if va <= 0:
            return mp.inf
        # ln I = (α − 1)·D, D of Gil, Alajaji & Linder (2013).
        d = alpha * (m1 - m2) ** 2 / (2 * va) - mp.log(mp.sqrt(va) / (s1 ** (1 - alpha) * s2 ** alpha)) / (alpha - 1)
        return (alpha - 1) * d
    if kind == "binomial":
        (n, p1), (_, p2) = p_args, q_args
        p1, p2 = f64(p1), f64(p2)
        return int(n) * mp.log(p1 ** alpha * p2 ** (1 - alpha) + (1 - p1) ** alpha * (1 - p2) ** (1 - alpha))
    if kind == "poisson":
        l1, l2 = f64(p_args[0]), f64(q_args[0])
        return l1 ** alpha * l2 ** (1 - alpha) - alpha * l1 - (1 - alpha) * l2
    if kind == "laplace":
        (m1, b1), (m2, b2) = [(f64(a), f64(b)) for a, b in (p_args, q_args)]
        assert b1 == b2 == 1 and m1 == 0
        d, a = m2, alpha
        # ½[e^((α−1)d)(1 + (1 − e^(−(2α−1)d))/(2α − 1)) + e^(−αd)], from the three linear pieces.
        mid = (-mp.expm1(-(2 * a - 1) * d)) / (2 * a - 1) if a != 0.5 else d
        return mp.log((mp.exp((a - 1) * d) * (1 + mid) + mp.exp(-a * d)) / 2)
    return None


# ---------------------------------------------------------------- cases

def measure_pairs():
    """(class, p, q, closed-form kind, args, lowest order > 1 at which the integral diverges)."""
    N = normal
    pairs = [
        ("far", N("0", "1"), N("30", "1"), ("normal", ("0", "1"), ("30", "1")), None),
        ("far", N("0", "1"), N("1", "1"), ("normal", ("0", "1"), ("1", "1")), None),
        ("far", laplace("0", "1"), laplace("1000", "1"), ("laplace", ("0", "1"), ("1000", "1")), None),
        ("far", laplace("0", "1"), laplace("100", "1"), ("laplace", ("0", "1"), ("100", "1")), None),
        ("far", logistic("0", "1"), logistic("200", "1"), None, None),
        ("far", N("0", "1"), mixture(("0.5", N("0", "1")), ("0.5", N("1000", "1"))), None, None),
        ("far", N("0", "1"), mixture(("0.7", N("0", "1")), ("0.3", N("50", "2"))), None, None),
        ("far", mixture(("0.5", N("0", "1")), ("0.5", N("60", "1"))), N("0", "1"), None, None),
        ("scale", N("0", "1"), N("0", "1000"), ("normal", ("0", "1"), ("0", "1000")), None),
        ("scale", N("0", "1000"), N("0", "1"), ("normal", ("0", "1000"), ("0", "1")), 1),
        ("scale", exponential("1e6"), half_cauchy("1e-6"), None, None),
        ("scale", laplace("0", "1e-3"), laplace("0", "1e3"), None, None),
        ("scale", inverse_gamma("3", "1"), gamma("2", "1"), None, 1),
        ("scale", N("0", "1"), laplace("0", "1"), None, None),
        ("heavy", cauchy("0", "1"), student_t("3", "0", "1"), None, 1.5),
        ("heavy", N("0", "1"), cauchy("0", "1"), None, None),
        ("heavy", halfnormal("1"), exponential("1"), None, None),
        ("heavy", student_t("3", "0", "1"), N("0", "1"), None, 1),
        ("heavy", half_cauchy("1"), exponential("1"), None, 1),
        ("discrete", binomial(100, "0.01"), binomial(100, "0.99"), ("binomial", (100, "0.01"), (100, "0.99")), None),
        ("discrete", binomial(1000, "0.001"), binomial(1000, "0.999"), ("binomial", (1000, "0.001"), (1000, "0.999")), None),
        ("discrete", poisson("1"), poisson("1000"), ("poisson", ("1",), ("1000",)), None),
        ("discrete", geometric("0.5"), negative_binomial("3", "0.5"), None, None),
        ("discrete", poisson("5"), geometric("0.2"), None, None),
        ("mixture", mixture(("0.3", N("-2", "1")), ("0.4", N("0", "0.5")), ("0.3", N("3", "1"))),
         mixture(("0.25", N("-3", "1")), ("0.25", N("-1", "1")), ("0.25", N("1", "1")), ("0.25", N("3", "1"))),
         None, None),
        ("mixture", mixture(("0.5", N("-5", "1")), ("0.5", N("5", "1"))), N("0", "5"), None, None),
    ]
    return pairs


def measure_case(job):
    cls, p, q, closed, diverges_from, measure = job
    mp.mp.dps = DPS
    out = {"class": cls, "p": p.spec, "q": q.spec, "measure": measure}
    if measure.startswith("renyi:") or measure in ("bhattacharyya", "hellinger"):
        alpha_text = measure.split(":")[1] if measure.startswith("renyi:") else "0.5"
        alpha = F(alpha_text)
        if diverges_from is not None and alpha >= diverges_from and alpha > 1:
            out.update(truth="inf", how="diverges (p/q grows faster than p falls)")
            return out
        # Large orders cancel α ln p against (α − 1) ln q: more digits.
        mp.mp.dps = DPS + int(3 * max(0, mp.log10(alpha)))
        first, second = ln_renyi_integral(p, q, alpha, gaussian=closed is not None and closed[0] == "normal")
        how = "tanh-sinh on the breaks and on every segment bisected"
        if closed is not None:
            c = renyi_closed(closed[1], closed[2], closed[0], alpha)
            if second is None or closed[0] in ("normal", "laplace"):
                second, how = c, f"quadrature or sum, and the {closed[0]} closed form"
        if second is None:
            second, how = nsum_check(p, q, alpha), "direct sum and mpmath.nsum"
        if not agree(first, second, scale=abs(alpha - 1)):
            return ("drop", out, first, second)
        ln_i = first
        if measure == "bhattacharyya":
            truth = -ln_i
        elif measure == "hellinger":
            truth = mp.sqrt(-mp.expm1(ln_i))
        else:
            truth = ln_i / (alpha - 1)
        out.update(truth=float(truth), how=how)
        return out
    if measure == "tv":
        a, b = tv_two_ways(p, q)
        how = "split at the crossings, tanh-sinh on the breaks and on every segment bisected (sums: ½Σ|p−q| and Σ(p−q)⁺)"
    elif measure == "js":
        a, b = js_two_ways(p, q)
        how = "tanh-sinh on the breaks and on every segment bisected (sums: both orders)"
    else:
        raise ValueError(measure)
    if not agree(a, b):
        return ("drop", out, a, b)
    out.update(truth=float(a), how=how)
    return out


def nsum_check(p, q, alpha):
    g = lambda k: alpha * p.logpdf(k) + (1 - alpha) * q.logpdf(k)
    hi = discrete_reach(p, q)
    G = max(g(k) for k in range(0, hi + 1))
    s = mp.nsum(lambda k: mp.exp(g(int(k)) - G), [0, mp.inf])
    return G + mp.log(s)


def agree(a, b, scale=1):
    if a == b:
        return True
    if not (mp.isfinite(a) and mp.isfinite(b)):
        return False
    return abs(a - b) <= AGREE * max(abs(a), abs(b), F(1e-300)) or abs(a - b) <= AGREE * scale * 1e-3


def scale_pairs(s_text):
    s = f64(s_text)
    r = 1 / s

    def t(x):
        return repr(float(x))
    ps = [
        (lambda: student_t("3", "0", t(s)), lambda: normal("0", t(s))),
        (lambda: logistic("0", t(s)), lambda: normal("0", t(s))),
        (lambda: uniform(t(-s), t(s)), lambda: normal("0", t(s))),
        (lambda: laplace("0", t(s)), lambda: cauchy("0", t(s))),
        (lambda: normal("0", t(s)), lambda: normal(t(s), t(2 * s))),
        (lambda: normal("0", t(s)), lambda: laplace("0", t(s))),
        (lambda: gumbel("0", t(s)), lambda: logistic("0", t(s))),
        (lambda: cauchy("0", t(s)), lambda: student_t("3", "0", t(s))),
        (lambda: mixture(("0.5", normal(t(-s), t(s))), ("0.5", normal(t(s), t(s)))),
         lambda: normal("0", t(2 * s))),
        (lambda: exponential(t(r)), lambda: halfnormal(t(s))),
        (lambda: halfnormal(t(s)), lambda: half_cauchy(t(s))),
        (lambda: gamma("2", t(r)), lambda: weibull("1.5", t(s))),
        (lambda: weibull("2", t(s)), lambda: exponential(t(r))),
        (lambda: inverse_gamma("3", t(s)), lambda: gamma("2", t(r))),
    ]
    return ps


def scale_case(job):
    s_text, index = job
    mp.mp.dps = DPS
    mk_p, mk_q = scale_pairs(s_text)[index]
    p, q = mk_p(), mk_q()
    out = {"class": "scale " + s_text, "p": p.spec, "q": q.spec, "measure": "kl"}
    try:
        return scale_truth(p, q, out)
    except Exception as e:  # a failure drops the case, loudly
        return ("drop", out, repr(e), "")


def scale_truth(p, q, out):
    at_scale = kl_at(p, q)
    # The same pair with every length divided by p's scale (exact in mpmath's 50 digits).
    s = p.scale
    unit_p, unit_q = unit(p, s), unit(q, s)
    at_unit = kl_at(unit_p, unit_q)
    if not agree(at_scale, at_unit):
        return ("drop", out, at_scale, at_unit)
    out.update(truth=float(at_scale), how="quadrature at the scale given and at unit scale")
    return out


def unit(d, s):
    """d with x → x/s: the log density at x is ln d(s·x) + ln s."""
    return Dist(d.spec, lambda x: d.logpdf(s * x) + mp.log(s), d.lo / s if mp.isfinite(d.lo) else d.lo,
                d.hi / s if mp.isfinite(d.hi) else d.hi, [x / s for x in d.points], scale=d.scale / s)


def main():
    # PART=measures or PART=scale runs one half (about 40 and 8 minutes on two cores).
    part = os.environ.get("PART", "all")
    jobs = []
    for cls, p, q, closed, div in measure_pairs():
        measures = [f"renyi:{a}" for a in ORDERS] + ["bhattacharyya", "hellinger", "tv", "js"]
        for m in measures:
            jobs.append((cls, p, q, closed, div, m))
    cases = []
    dropped = 0
    # Lambdas do not pickle: the pairs are rebuilt in each worker by index.
    with Pool(2) as pool:
        if part in ("all", "measures"):
            for r in pool.imap(run_measure, range(len(jobs)), chunksize=1):
                dropped += record(r, cases)
        scale_jobs = [(s, i) for s in SCALES for i in range(len(scale_pairs("1")))]
        if part in ("all", "scale"):
            for r in pool.imap(scale_case, scale_jobs, chunksize=1):
                dropped += record(r, cases)
    print(f"{len(cases)} cases, {dropped} dropped", file=sys.stderr)
    json.dump({"generator": "tests/data/gen_measure_edges.py", "mpmath": mp.__version__,
               "dps": DPS, "cases": cases}, sys.stdout, indent=1)
    print()


def run_measure(i):
    mp.mp.dps = DPS
    jobs = []
    for cls, p, q, closed, div in measure_pairs():
        for m in [f"renyi:{a}" for a in ORDERS] + ["bhattacharyya", "hellinger", "tv", "js"]:
            jobs.append((cls, p, q, closed, div, m))
    try:
        return measure_case(jobs[i])
    except Exception as e:  # a failure drops the case, loudly
        job = jobs[i]
        return ("drop", {"p": job[1].spec, "q": job[2].spec, "measure": job[5]}, repr(e), "")


def record(r, cases):
    if isinstance(r, tuple) and r[0] == "drop":
        _, out, a, b = r
        print(f"dropped {out['p']} ‖ {out['q']} {out['measure']}: {a} vs {b}", file=sys.stderr)
        return 1
    print(f"{r['class']}: {r['p']} ‖ {r['q']} {r['measure']} = {r['truth']}", file=sys.stderr)
    cases.append(r)
    return 0


if __name__ == "__main__":
    main()
