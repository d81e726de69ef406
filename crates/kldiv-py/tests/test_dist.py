"""kldiv.Dist against scipy.stats on the families both have."""

import math

import numpy as np
import pytest
from scipy import stats

import kldiv

# (kldiv spec, the same law in scipy.stats)
CONTINUOUS = [
    ("normal(1, 2)", stats.norm(1, 2)),
    ("lognormal(0.5, 0.8)", stats.lognorm(0.8, scale=math.exp(0.5))),
    ("uniform(-1, 3)", stats.uniform(-1, 4)),
    ("exponential(2)", stats.expon(scale=0.5)),
    ("gamma(2.5, 3)", stats.gamma(2.5, scale=1 / 3)),
    ("beta(2, 5)", stats.beta(2, 5)),
    ("laplace(1, 2)", stats.laplace(1, 2)),
    ("cauchy(0, 1.5)", stats.cauchy(0, 1.5)),
    ("student_t(4, 1, 2)", stats.t(4, 1, 2)),
    ("logistic(1, 0.5)", stats.logistic(1, 0.5)),
    ("gumbel(1, 2)", stats.gumbel_r(1, 2)),
    ("weibull(1.5, 2)", stats.weibull_min(1.5, scale=2)),
    ("chi2(3)", stats.chi2(3)),
    ("halfnormal(2)", stats.halfnorm(scale=2)),
    ("pareto(1, 3)", stats.pareto(3, scale=1)),
    ("inverse_gamma(3, 2)", stats.invgamma(3, scale=2)),
    ("half_cauchy(2)", stats.halfcauchy(scale=2)),
    ("f(5, 7)", stats.f(5, 7)),
    # loc 0: scipy puts a von Mises on [loc − π, loc + π], kldiv on [−π, π) for every loc.
    ("von_mises(0, 2)", stats.vonmises(2)),
]
DISCRETE = [
    ("bernoulli(0.3)", stats.bernoulli(0.3)),
    ("binomial(10, 0.3)", stats.binom(10, 0.3)),
    ("poisson(3.5)", stats.poisson(3.5)),
    ("geometric(0.3)", stats.geom(0.3, loc=-1)),  # failures before the first success
    ("negative_binomial(2.5, 0.4)", stats.nbinom(2.5, 0.4)),
]
PROBS = np.array([1e-6, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999])
# scipy's own accuracy bounds the comparison (mpmath checks kldiv to 1e-13 in the Rust tests).
RTOL = 1e-9


def ids(cases):
    return [c[0] for c in cases]


@pytest.mark.parametrize("spec,ref", CONTINUOUS, ids=ids(CONTINUOUS))
def test_continuous_against_scipy(spec, ref):
    d = kldiv.Dist(spec)
    x = ref.ppf(PROBS)
    np.testing.assert_allclose(d.pdf(x), ref.pdf(x), rtol=RTOL)
    np.testing.assert_allclose(d.logpdf(x), ref.logpdf(x), rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(d.cdf(x), ref.cdf(x), rtol=RTOL)
    np.testing.assert_allclose(d.sf(x), ref.sf(x), rtol=RTOL)
    np.testing.assert_allclose(d.ppf(PROBS), x, rtol=RTOL, atol=1e-12)
    m, v = ref.stats(moments="mv")
    for ours, theirs in [(d.mean, m), (d.var, v)]:
        if np.isfinite(theirs):
            assert ours == pytest.approx(float(theirs), rel=RTOL)
        else:
            assert ours is None or math.isinf(ours)
    assert d.entropy() == pytest.approx(float(ref.entropy()), rel=1e-8)
    assert not d.discrete


@pytest.mark.parametrize("spec,ref", DISCRETE, ids=ids(DISCRETE))
def test_discrete_against_scipy(spec, ref):
    d = kldiv.Dist(spec)
    k = np.arange(0, 12)
    np.testing.assert_allclose(d.pdf(k), ref.pmf(k), rtol=RTOL, atol=1e-300)
    np.testing.assert_allclose(d.cdf(k), ref.cdf(k), rtol=RTOL)
    np.testing.assert_allclose(d.sf(k), ref.sf(k), rtol=RTOL, atol=1e-300)
    np.testing.assert_array_equal(d.ppf(PROBS), ref.ppf(PROBS))
    assert d.mean == pytest.approx(float(ref.mean()), rel=RTOL)
    assert d.var == pytest.approx(float(ref.var()), rel=RTOL)
    assert d.entropy() == pytest.approx(float(ref.entropy()), rel=1e-8)
    assert d.discrete


def test_vectorised_shapes_and_scalars():
    d = kldiv.Dist("normal(0, 1)")
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
    assert d.pdf(x).shape == (2, 3, 4)
    np.testing.assert_allclose(d.cdf(x[:, ::2, ::-1]), stats.norm.cdf(x[:, ::2, ::-1]), rtol=1e-14)
    assert type(d.pdf(0.0)) is np.float64
    assert d.pdf(0) == stats.norm.pdf(0)
    assert d.cdf([0, 1]).dtype == np.float64
    assert np.isnan(d.ppf(1.5))  # as scipy
    big = np.linspace(-5, 5, 100_000)  # computed with the GIL released
    np.testing.assert_allclose(d.logpdf(big), stats.norm.logpdf(big), rtol=1e-14)


def test_rvs_seeded_and_shaped():
    d = kldiv.Dist("gamma(2, 1)")
    a, b = d.rvs(1000, seed=7), d.rvs(1000, seed=7)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, d.rvs(1000, seed=8))
    assert d.rvs((2, 3), seed=1).shape == (2, 3)
    assert type(d.rvs(seed=1)) is np.float64
    # A Kolmogorov–Smirnov test at α = 1e-6 (a seeded draw: it passes or fails always).
    assert stats.kstest(d.rvs(20_000, seed=3), stats.gamma(2).cdf).pvalue > 1e-6
    mv = kldiv.Dist("mvnormal(mean=[0, 1], cov=[[1, 0.5], [0.5, 2]])")
    pts = mv.rvs(5000, seed=2)
    assert pts.shape == (5000, 2) and mv.dim == 2
    np.testing.assert_allclose(pts.mean(axis=0), [0, 1], atol=0.08)
    np.testing.assert_allclose(
        mv.logpdf_points(pts[:3]),
        stats.multivariate_normal([0, 1], [[1, 0.5], [0.5, 2]]).logpdf(pts[:3]),
        rtol=1e-12,
    )


def test_mixture_and_text():
    q = kldiv.Dist("0.5*normal(0,1) + 0.5*normal(3,1)")
    assert str(q) == "0.5*normal(0, 1) + 0.5*normal(3, 1)"
    assert repr(q) == "Dist('0.5*normal(0, 1) + 0.5*normal(3, 1)')"
    assert q == kldiv.Dist(str(q)) and hash(q) == hash(kldiv.Dist(str(q)))
    assert q.family == "mixture"
    # No closed form: certified quadrature, the same value as dist_entropy's.
    assert q.entropy() == pytest.approx(kldiv.dist_entropy(q).value, rel=1e-15)
    x = np.linspace(-3, 6, 7)
    want = 0.5 * stats.norm.pdf(x) + 0.5 * stats.norm.pdf(x, 3)
    np.testing.assert_allclose(q.pdf(x), want, rtol=1e-14)
    assert q.mean == 1.5 and q.var == pytest.approx(3.25)
    import pickle

    assert pickle.loads(pickle.dumps(q)) == q


@pytest.mark.parametrize(
    "spec,message",
    [
        ("normal(0, -1)", "normal: std must be finite and > 0, got -1"),
        ("normal(0, 1", r"expected ',' or '\)' after 'normal\(0, 1', found the end at column 12"),
        ("foo(1)", "unknown distribution 'foo'"),
        ("0.5*normal(0,1) + 0.4*normal(3,1)", "sum to 1"),
    ],
)
def test_bad_specs_raise_the_library_message(spec, message):
    with pytest.raises(ValueError, match=message):
        kldiv.Dist(spec)


def test_univariate_functions_of_a_multivariate_law():
    mv = kldiv.Dist("dirichlet(alpha=[1, 2, 3])")
    with pytest.raises(ValueError, match="multivariate"):
        mv.cdf(0.5)
    # pdf takes points of the law's dimension (as logpdf_points).
    with pytest.raises(ValueError, match="last axis of length 3"):
        mv.pdf(0.5)
    with pytest.raises(ValueError, match="last axis of length 3"):
        mv.logpdf_points([0.2, 0.8])
    with pytest.raises(ValueError, match="size"):
        mv.rvs(-1)


def test_rvs_without_a_seed_draws_afresh_as_scipy():
    d = kldiv.Dist("normal(0, 1)")
    assert not np.array_equal(d.rvs(5), d.rvs(5))
    assert np.array_equal(d.rvs(5, seed=7), d.rvs(5, seed=7))


def test_file_parameters_read_npy_as_the_command_line_does(tmp_path, monkeypatch):
    # `@FILE` parameters go through kldiv-io, the CLI's reader: the same Dist as inline lists.
    m1, m2 = np.array([0.0, 1.0]), np.array([0.5, -1.0])
    s1 = np.array([[2.0, 0.3], [0.3, 1.0]])
    s2 = np.array([[1.0, -0.2], [-0.2, 3.0]])
    for name, a in {"m.npy": m1, "m2.npy": m2, "S.npy": s1}.items():
        np.save(tmp_path / name, a)
    np.savetxt(tmp_path / "S2.csv", s2, delimiter=",")
    monkeypatch.chdir(tmp_path)
    got = kldiv.kl("mvnormal(mean=@m.npy, cov=@S.npy)", "mvnormal(mean=@m2.npy, cov=@S2.csv)")
    inline = kldiv.kl(
        "mvnormal(mean=[0, 1], cov=[[2, 0.3], [0.3, 1]])",
        "mvnormal(mean=[0.5, -1], cov=[[1, -0.2], [-0.2, 3]])",
    )
    assert got.value == inline.value
    # The closed form, by numpy: ½(tr(S2⁻¹S1) + δᵀS2⁻¹δ − d + ln det S2 − ln det S1).
    d = m2 - m1
    inv = np.linalg.inv(s2)
    truth = 0.5 * (
        np.trace(inv @ s1) + d @ inv @ d - 2
        + np.linalg.slogdet(s2)[1] - np.linalg.slogdet(s1)[1]
    )
    assert abs(got.value - truth) <= got.abs_error + 1e-15 * abs(truth)
    with pytest.raises(ValueError, match="missing.npy"):
        kldiv.Dist("mvnormal(mean=@missing.npy, cov=@S.npy)")
