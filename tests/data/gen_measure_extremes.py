#!/usr/bin/env python3
"""Measures between distributions at extreme parameters, by mpmath at 40 digits from the exact
binary parameters: scales 10⁶⁰⁰ apart (KL), and pairs that barely overlap (Bhattacharyya,
Hellinger, Rényi), where 1 − H² rounds to 0 in double precision. Closed forms where the
mathematics gives one, else mpmath.quad split at the densities' kinks and modes, or summation.
Run from the repository root:

    .venv/bin/python tests/data/gen_measure_extremes.py > tests/data/measure_extremes.json
"""

import json
import sys

import mpmath as mp

mp.mp.dps = 40
F = mp.mpf


def laplace_pdf(x, m, b):
    return mp.exp(-abs(x - m) / b) / (2 * b)


def normal_pdf(x, m, s):
    return mp.npdf(x, m, s)


def main():
    cases = []

    def add(p, q, measure, truth, bar=1e-10):
        """`bar`: how wide, relative to the truth, the error bar may be and still be useful."""
        cases.append({"p": p, "q": q, "measure": measure, "truth": float(truth), "bar": bar})

    # KL with scales 10⁴⁰⁰–10⁶⁰⁰ apart: ln of the ratio of scales (uniform: widths).
    for e in (160, 200, 300):
        add(f"uniform(0, 1e-{e})", f"uniform(0, 1e{e})", "kl", mp.log(F(f"1e{e}") / F(f"1e-{e}")))
    add("uniform(0, 1e-300)", "uniform(-1e300, 1e300)", "kl",
        mp.log((F(1e300) - F(-1e300)) / F(1e-300)))
    # Laplace: ln(b₂/b₁) + b₁/b₂ − 1 at equal locations.
    b1, b2 = F(1e-300), F(1e300)
    add("laplace(0, 1e-300)", "laplace(0, 1e300)", "kl", mp.log(b2 / b1) + b1 / b2 - 1)
    # Gumbel: ln(β₂/β₁) + γ(β₁/β₂ − 1) + Γ(1 + β₁/β₂) − 1 at equal locations.
    t = b1 / b2
    add("gumbel(0, 1e-300)", "gumbel(0, 1e300)", "kl", mp.log(1 / t) + mp.euler * (t - 1) + mp.gamma(1 + t) - 1)

    # Normals d apart (unit scale): Bhattacharyya d²/8; Rényi of order α: α d²/2.
    for d in (20, 30, 100):
        add("normal(0, 1)", f"normal({d}, 1)", "bhattacharyya", F(d) ** 2 / 8)
    # The same shape at σ = 1e-300: scale-free.
    add("normal(0, 1e-300)", "normal(1e-299, 1e-300)", "bhattacharyya", F(10) ** 2 / 8)
    add("normal(0, 1e-300)", "normal(1e-299, 1e-300)", "hellinger", mp.sqrt(-mp.expm1(-F(100) / 8)))
    add("normal(0, 1e-300)", "normal(1e-299, 1e-300)", "renyi:2", 2 * F(100) / 2)
    add("mvnormal([0, 0], [[1, 0], [0, 1]])", "mvnormal([30, 0], [[1, 0], [0, 1]])",
        "bhattacharyya", F(900) / 8)
    # Laplaces d apart: √(pq) = ½e^(−(|x| + |x − d|)/2) is e^(−d/2)/2 between them and falls
    # like eˣ outside, so BC = e^(−d/2)(1 + d/2) (checked by quadrature at d = 100).
    for d in (100, 1000):
        bc = mp.exp(-F(d) / 2) * (1 + F(d) / 2)
        if d == 100:
            check = mp.quad(lambda x: mp.sqrt(laplace_pdf(x, 0, 1) * laplace_pdf(x, d, 1)),
                            mp.linspace(-60, 0, 5) + mp.linspace(0, d, 41) + [d + 60])
            assert abs(check / bc - 1) < 1e-20, (check, bc)
        add("laplace(0, 1)", f"laplace({d}, 1)", "bhattacharyya", -mp.log(bc))
        add("laplace(0, 1)", f"laplace({d}, 1)", "renyi:0.5", -2 * mp.log(bc))
    # Binomials at opposite ends: BC = (√(p₁p₂) + √(q₁q₂))ⁿ.
    p1, p2 = F(0.01), F(0.99)
    add("binomial(100, 0.01)", "binomial(100, 0.99)", "bhattacharyya",
        -100 * mp.log(mp.sqrt(p1 * p2) + mp.sqrt((1 - p1) * (1 - p2))))
    # Rényi of order α > 1 that diverges: Σ p²/q with terms growing like k!·0.098ᵏ (negative
    # binomial, geometric against a Poisson); a Dirichlet pair with 2a − b < 0 somewhere.
    for p in ("negative_binomial(2.5, 0.3)", "geometric(0.5)"):
        cases.append({"p": p, "q": "poisson(5)", "measure": "renyi:2", "truth": "inf"})
    cases.append({"p": "dirichlet([1, 2, 3])", "q": "dirichlet([3, 2, 1])", "measure": "renyi:2",
                  "truth": "inf"})
    # Dirichlet, order ½: (ln B(c) − ½ ln B(a) − ½ ln B(b))/(−½), c = (a + b)/2.
    def ln_b(v):
        return mp.fsum(mp.loggamma(F(x)) for x in v) - mp.loggamma(mp.fsum(F(x) for x in v))
    a, b = [1, 2, 3], [3, 2, 1]
    c = [(F(x) + F(y)) / 2 for x, y in zip(a, b)]
    add("dirichlet([1, 2, 3])", "dirichlet([3, 2, 1])", "renyi:0.5",
        (ln_b(c) - ln_b(a) / 2 - ln_b(b) / 2) / F(-0.5))
    # Near-equal parameters, where a closed form's terms cancel to 1e-15 and an input's rounding
    # (a ratio of scales 1 + 1e-7) can cost digits: KL, Rényi and entropy.
    b2 = F(1.0000001)
    t = 1 / b2
    add("gumbel(0, 1)", "gumbel(0, 1.0000001)", "kl",
        mp.log(b2) + mp.euler * (t - 1) + mp.gamma(1 + t) - 1, bar=1e-3)
    for x2 in (1.999999999998, 1.9999998000000199):
        add("pareto(2, 3)", f"pareto({x2!r}, 3)", "kl", 3 * mp.log(F(2) / F(x2)))
    a = F(1.0000001)
    # KL(U(0,1) ‖ Beta(a, 1)) = −ln a − (a − 1)E[ln X] = −ln a + (a − 1).
    add("uniform(0, 1)", "beta(1.0000001, 1)", "kl", -mp.log(a) + (a - 1), bar=1e-3)
    l2 = F(1.0000001)
    # Rényi of order ½ between exponentials: ln(λ₁/λ₂) + ln(λ₁/(½λ₁ + ½λ₂))/(−½).
    add("exponential(1)", "exponential(1.0000001)", "renyi:0.5",
        mp.log(1 / l2) - 2 * mp.log(1 / ((1 + l2) / 2)), bar=1e-3)
    pg = F(1e-9)
    add("geometric(1e-9)", None, "entropy", -(pg * mp.log(pg) + (1 - pg) * mp.log(1 - pg)) / pg)
    # Ill-conditioned covariances (κ = 2·10⁶): ½(tr Σ₂⁻¹Σ₁ − d + ln det Σ₂/det Σ₁).
    rho = F(0.999999)
    s1 = mp.matrix([[1, rho], [rho, 1]])
    eye = mp.eye(2)
    def kl_mvn(sa, sb):
        return (mp.fsum((mp.inverse(sb) * sa)[i, i] for i in range(2)) - 2
                + mp.log(mp.det(sb) / mp.det(sa))) / 2
    cov = "[[1, 0.999999], [0.999999, 1]]"
    add(f"mvnormal([0, 0], {cov})", "mvnormal([0, 0], [[1, 0], [0, 1]])", "kl", kl_mvn(s1, eye),
        bar=1e-6)
    add("mvnormal([0, 0], [[1, 0], [0, 1]])", f"mvnormal([0, 0], {cov})", "kl", kl_mvn(eye, s1),
        bar=1e-6)
    a = F(1.0001)
    add("uniform(0, 1)", "beta(1.0001, 1)", "kl", -mp.log(a) + (a - 1), bar=1e-6)
    # Betas and Dirichlets with large shapes, nearly equal: the closed form's parts cancel.
    def ln_beta_v(v):
        return mp.fsum(mp.loggamma(x) for x in v) - mp.loggamma(mp.fsum(v))
    def kl_dirichlet(al, be):
        al, be = [F(x) for x in al], [F(x) for x in be]
        a0 = mp.fsum(al)
        return (ln_beta_v(be) - ln_beta_v(al)
                + mp.fsum((x - y) * (mp.digamma(x) - mp.digamma(a0)) for x, y in zip(al, be)))
    add("beta(0.001, 1e6)", "beta(0.001, 1000001)", "kl", kl_dirichlet([0.001, 1e6], [0.001, 1000001]),
        bar=1e-3)
    b = 100000099.99999999
    add("dirichlet([1e8, 1e8, 1e8, 1e8, 1e8])", f"dirichlet([{b!r}, {b!r}, {b!r}, {b!r}, {b!r}])",
        "kl", kl_dirichlet([1e8] * 5, [b] * 5), bar=1e-3)
    # Poissons far apart at order 2: the sum's terms reach e^998; the closed form
    # (λ₁^α λ₂^(1−α) − αλ₁ − (1 − α)λ₂)/(α − 1).
    add("poisson(1)", "poisson(1000)", "renyi:2", (F(1) ** 2 * F(1000) ** -1 - 2 + 1000) / 1)
    # Bhattacharyya against a near-singular covariance (κ = 2·10⁶):
    # ½ ln(det((Σ₁ + Σ₂)/2) / √(det Σ₁ det Σ₂)).
    rho = F(0.999999)
    half = (eye + s1) / 2
    add("mvnormal([0, 0], [[1, 0], [0, 1]])", f"mvnormal([0, 0], {cov})", "bhattacharyya",
        mp.log(mp.det(half) / mp.sqrt(mp.det(s1))) / 2, bar=1e-6)
    # Poissons that do not overlap to 1e-300: JS = ln 2 less nothing a double holds (their tails'
    # log-ratios reach 1000, where ln(1 + e^z) overflowed).
    add("poisson(1)", "poisson(1000)", "js", mp.log(2), bar=1e-9)
    # Entropies whose closed forms cancel: a Dirichlet at α = 10⁸ (terms near 2·10⁹), a normal
    # with ρ = 1 − 10⁻⁹ (κ = 2·10⁹).
    def dirichlet_entropy(al):
        al = [F(x) for x in al]
        a0, k = mp.fsum(al), len(al)
        ln_b = mp.fsum(mp.loggamma(x) for x in al) - mp.loggamma(a0)
        return ln_b + (a0 - k) * mp.digamma(a0) - mp.fsum((x - 1) * mp.digamma(x) for x in al)
    add("dirichlet([1e8, 1e8, 1e8])", None, "entropy", dirichlet_entropy([1e8] * 3), bar=1e-4)
    rho = F(0.999999999)
    add("mvnormal([0, 0], [[1, 0.999999999], [0.999999999, 1]])", None, "entropy",
        (2 * (1 + mp.log(2 * mp.pi)) + mp.log(1 - rho**2)) / 2, bar=1e-4)
    # A low-rank covariance W Wᵀ + D with κ = 2·10¹²: the entropy from the exact determinant.
    w = mp.matrix([[F(1e4)], [F(1e4)]])
    cov_lr = w * w.T + mp.diag([F(1e-4), F(1e-4)])
    add("lowrank_mvnormal([0, 0], [[1e4], [1e4]], [1e-4, 1e-4])", None, "entropy",
        (2 * (1 + mp.log(2 * mp.pi)) + mp.log(mp.det(cov_lr))) / 2)
    json.dump({"source": f"mpmath {mp.__version__} at {mp.mp.dps} digits; "
                         "tests/data/gen_measure_extremes.py", "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
