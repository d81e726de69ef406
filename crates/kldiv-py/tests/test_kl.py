"""kldiv.kl: the seed chapter's values, methods, bases, results and errors."""

import math
import warnings

import numpy as np
import pytest

import kldiv

P = "normal(0, 1)"
QA = "normal(3, 1)"
QB = "0.5*normal(0, 1) + 0.5*normal(3, 1)"
QC = "0.5*normal(0, 1) + 0.5*normal(-3, 1)"
# mpmath at 50 digits (tests/data/kl.json, bench/kl_vs_scipy.out).
KL_PB = 0.5267773065213736
KL_BP = 1.723222693478627


def test_seed_chapter_on_its_grid():
    """The notebook's numbers (shared/seed/kl-divergence-notebook.txt), as it printed them."""
    p = kldiv.Dist(P)
    assert p.ppf(0.01) == -2.3263478740408408 and p.ppf(0.99) == 2.3263478740408408
    x = np.linspace(-10, 10, 10_000)
    y, ya, yb, yc = (kldiv.Dist(s).pdf(x) for s in (P, QA, QB, QC))
    printed = [
        (kldiv.entropy(y, ya), 4.499999999998729),
        (kldiv.entropy(ya, y), 4.499999999974058),
        (kldiv.entropy(y, yb), 0.526777306520738),
        (kldiv.entropy(yb, y), 1.723222693464332),
        (kldiv.entropy(y, yc), 0.5267773065207384),
        (kldiv.entropy(yc, y), 1.723222693464331),
        (np.min(y / ya), 8.423463754468646e-12),
        (np.max(y / ya), 961965785544776.6),
    ]
    for ours, notebook in printed:
        assert ours == pytest.approx(notebook, rel=1e-13)
    dx = (x.max() - x.min()) / len(x)
    assert dx * kldiv.rel_entr(y, ya).sum() == pytest.approx(4.49955, rel=1e-13)
    assert dx * kldiv.rel_entr(y, yb).sum() == pytest.approx(0.5267246287907215, rel=1e-13)
    assert dx * kldiv.rel_entr(yb, y).sum() == pytest.approx(1.7230503711932554, rel=1e-13)


def test_seed_chapter_truth():
    for p, q, truth in [(P, QA, 4.5), (QA, P, 4.5), (P, QB, KL_PB), (QB, P, KL_BP),
                        (P, QC, KL_PB), (QC, P, KL_BP)]:  # fmt: skip
        r = kldiv.kl(p, q)
        assert abs(r.value - truth) <= r.abs_error < 1e-11, (p, q, r)
    assert kldiv.kl(P, QA).method == "closed form"
    assert kldiv.kl(P, QB).method == "quadrature"


def test_result_object():
    r = kldiv.kl(kldiv.Dist(P), QB)
    assert float(r) == r.value
    assert r.evaluations > 0 and r.warning is None
    assert r.lower is None and r.upper is None  # quadrature's bar is an estimate, not a bound
    assert r.unit == "nats"
    assert str(r).startswith("0.52677730652") and str(r).endswith("nats (quadrature)")
    assert repr(r).startswith("KLResult(value=0.52677730652")


def test_gaussian_mixture_bounds_and_approximations():
    truth = kldiv.kl(P, QB).value
    b = kldiv.kl(P, QB, method="bounds")
    assert b.method == "bounds" and b.lower <= truth <= b.upper
    assert b.value == pytest.approx((b.lower + b.upper) / 2, rel=1e-15)
    for name in ["variational", "product", "matched", "unscented", "moments"]:
        r = kldiv.kl(P, QB, method=name)
        assert r.method == name + " approximation"
        assert (r.lower, r.upper) == (b.lower, b.upper)
        assert abs(r.value - truth) <= r.abs_error
    two_d = "0.5*mvnormal([0, 0], [[1, 0], [0, 1]]) + 0.5*mvnormal([3, 0], [[1, 0.5], [0.5, 1]])"
    auto = kldiv.kl(two_d, "mvnormal([1, 0], [[2, 0], [0, 1]])", samples=100_000)
    assert auto.method == "monte carlo" and auto.lower < auto.upper
    with pytest.raises(ValueError, match="Gaussian mixtures"):
        kldiv.kl("gamma(2, 1)", "normal(0, 1)", method="bounds")
    with pytest.raises(ValueError, match="'bounds'"):
        kldiv.kl(P, QB, method="bound")


def test_methods_and_bases():
    exact = kldiv.kl(P, QA, method="exact")
    quad = kldiv.kl(P, QA, method="quad")
    mc = kldiv.kl(P, QA, method="mc", samples=200_000, seed=1)
    assert quad.method == "quadrature" and mc.method == "monte carlo"
    assert abs(quad.value - 4.5) <= quad.abs_error
    assert abs(mc.value - 4.5) < 5 * mc.abs_error  # 5 standard errors
    assert mc.value == kldiv.kl(P, QA, method="mc", samples=200_000, seed=1).value
    bits = kldiv.kl(P, QA, base=2)
    assert bits.value == pytest.approx(exact.value / math.log(2), rel=1e-15)
    assert bits.unit == "bits"
    assert kldiv.kl(P, QA, base="e").value == exact.value
    assert kldiv.kl("cauchy(0, 1)", P).value == math.inf


def test_heavy_tail_warns():
    with pytest.warns(RuntimeWarning, match="heavy tail"):
        r = kldiv.kl("student_t(3)", P, method="mc", samples=100_000)
    assert "heavy tail" in r.warning


def test_multivariate_pairs():
    a = "mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]])"
    b = "mvnormal(mean=[1, 0], cov=[[1, 0], [0, 1]])"
    assert kldiv.kl(a, b).value == pytest.approx(0.5, rel=1e-14)


def test_not_converged_carries_the_best_value():
    with pytest.raises(kldiv.NotConvergedError, match="did not converge") as info:
        kldiv.kl(P, QB, method="quad", max_evaluations=21, rel_tol=0, abs_tol=0)
    e = info.value
    assert isinstance(e, ValueError)
    # The best value so far, with its own bar around the truth.
    assert e.abs_error > 0 and e.evaluations >= 21
    assert abs(e.value - KL_PB) <= e.abs_error, (e.value, e.abs_error)


@pytest.mark.parametrize(
    "call,exc,message",
    [
        (lambda: kldiv.kl(P, QB, method="exact"), ValueError, "no closed form for KL"),
        (lambda: kldiv.kl(P, "normal(0, 0)"), ValueError, "normal: std must be finite and > 0"),
        (lambda: kldiv.kl(P, QA, method="simpson"), ValueError, "method must be one of"),
        (lambda: kldiv.kl(P, QA, base=1), ValueError, "base must be finite and > 1"),
        (lambda: kldiv.kl(P, QA, base=0.5), ValueError, "base must be finite and > 1"),
        (lambda: kldiv.kl(P, QA, base="two"), ValueError, "base must be None, 'e' or a number"),
        (lambda: kldiv.kl(P, QA, rel_tol=-1), ValueError, "rel_tol must be a finite number"),
        (lambda: kldiv.kl(P, QA, max_evaluations=3), ValueError, "at least 21"),
        (lambda: kldiv.kl(P, "dirichlet(alpha=[1, 2])"), ValueError, "dimension"),
        (lambda: kldiv.kl(P, 3.0), TypeError, "q must be a kldiv.Dist or a spec"),
    ],
)
def test_errors(call, exc, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(exc, match=message):
            call()
