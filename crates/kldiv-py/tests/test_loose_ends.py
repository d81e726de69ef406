"""Issue 24's loose ends in Python: each of these failed or answered wrongly before."""

import math
import re
import warnings

import numpy as np
import pytest
import scipy.stats

import kldiv


class Frame:
    """The part of a DataFrame (pandas, polars) that kldiv.samples reads: named columns,
    selection by a list of names, and __array__."""

    def __init__(self, columns):
        self.columns = list(columns)
        self._data = {k: np.asarray(v, dtype=float) for k, v in columns.items()}
        self.shape = (len(next(iter(self._data.values()))), len(self.columns))

    def __getitem__(self, names):
        return Frame({n: self._data[n] for n in names})

    def __array__(self, dtype=None, copy=None):
        return np.column_stack([self._data[c] for c in self.columns]).astype(dtype or float)


def test_dataframes_are_paired_by_column_name():
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, 500), rng.normal(0, 3, 500)
    c, d = rng.normal(0.5, 1, 400), rng.normal(0, 2, 400)
    x = Frame({"a": a, "b": b})
    y_ab = Frame({"a": c, "b": d})
    y_ba = Frame({"b": d, "a": c})
    same = kldiv.samples(x, y_ab).value
    assert kldiv.samples(x, y_ba).value == same
    with pytest.raises(ValueError, match=re.escape("x's columns (a, b) and y's (a, z) differ")):
        kldiv.samples(x, Frame({"a": c, "z": d}))
    pd = pytest.importorskip("pandas")
    px, py = pd.DataFrame({"a": a, "b": b}), pd.DataFrame({"b": d, "a": c})
    assert kldiv.samples(px, py).value == same


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda: kldiv.entropy(None), "pk"),
        (lambda: kldiv.entropy([None, 1]), "pk"),
        (lambda: kldiv.rel_entr(None, 1), "x"),
        (lambda: kldiv.hellinger(None, [1, 2]), "p"),
        (lambda: kldiv.jensenshannon([1, 2], None), "q"),
        (lambda: kldiv.entropy([[1, 2], [3, None]], axis=1), "pk"),
    ],
)
def test_none_is_refused_as_scipy_does(call, name):
    with pytest.raises(TypeError, match=rf"^{name}\b.*None|{name} must hold real numbers"):
        call()


def test_none_is_refused_by_scipy_too():
    with pytest.raises(TypeError):
        scipy.stats.entropy([None, 1])


def test_an_infinite_entry_makes_its_slice_nan_in_a_batch():
    got = kldiv.entropy([[1, 2], [np.inf, 1]], [1, 1], axis=-1)
    want = scipy.stats.entropy([[1, 2], [np.inf, 1]], [1, 1], axis=-1)
    assert np.isnan(got[1]) and np.isnan(want[1])
    assert got[0] == pytest.approx(want[0], rel=1e-15)
    # One distribution alone, or nan_policy='raise', names it.
    with pytest.raises(ValueError, match=r"pk\[0\] is infinite"):
        kldiv.entropy([np.inf, 1])
    with pytest.raises(ValueError, match=r"is infinite"):
        kldiv.entropy([[1, 2], [np.inf, 1]], axis=-1, nan_policy="raise")


def test_k_below_one_says_k_at_least_one():
    with pytest.raises(ValueError, match="k must be an integer ≥ 1"):
        kldiv.samples([1.0, 2.5, 3.0], [0.0, 1.0], k=-1)
    with pytest.raises(ValueError, match="k must be an integer ≥ 1"):
        kldiv.samples([1.0, 2.5, 3.0], [0.0, 1.0], k=0)


def test_multivariate_mean_cov_and_pdf():
    d = kldiv.Dist("mvnormal(mean=[1, 2], cov=[[2, 0.5], [0.5, 1]])")
    assert np.array_equal(d.mean, [1.0, 2.0])
    assert np.array_equal(d.cov, [[2.0, 0.5], [0.5, 1.0]])
    assert np.array_equal(d.var, d.cov)
    pts = np.array([[0.0, 0.0], [1.0, 2.0]])
    want = scipy.stats.multivariate_normal([1, 2], [[2, 0.5], [0.5, 1]]).pdf(pts)
    assert np.allclose(d.pdf(pts), want, rtol=1e-14, atol=0)
    # Dirichlet(α): mean α/α₀, covariance (δα/α₀ − αα/α₀²)/(α₀ + 1), as scipy's.
    a = [1.0, 2.0, 3.0]
    dd = kldiv.Dist("dirichlet([1, 2, 3])")
    assert np.allclose(dd.mean, scipy.stats.dirichlet(a).mean(), rtol=1e-15, atol=0)
    assert np.allclose(dd.cov, scipy.stats.dirichlet(a).cov(), rtol=1e-14, atol=1e-17)
    # A univariate distribution keeps its float mean and variance.
    assert kldiv.Dist("normal(1, 2)").mean == 1.0 and kldiv.Dist("normal(1, 2)").var == 4.0


def test_results_format_as_floats():
    r = kldiv.kl("normal(0, 1)", "normal(1, 1)")
    assert f"{r:.3f}" == "0.500" and format(r, "e") == format(r.value, "e")
    s = kldiv.samples([0.1, 0.5, 0.9, 1.4, 2.0], [0.0, 0.3, 1.1, 2.2, 3.0, 3.5])
    assert f"{s:.4f}" == f"{s.value:.4f}"


def test_the_bias_warning_is_a_runtime_warning():
    x = kldiv.Dist("mvnormal(mean=[0,0,0,0,0], cov=[[1,0,0,0,0],[0,1,0,0,0],[0,0,1,0,0],"
                   "[0,0,0,1,0],[0,0,0,0,1]])").rvs(400, seed=1)
    y = kldiv.Dist("mvnormal(mean=[0.5,0,0,0,0], cov=[[1,0,0,0,0],[0,1,0,0,0],[0,0,1,0,0],"
                   "[0,0,0,1,0],[0,0,0,0,1]])").rvs(400, seed=2)
    with pytest.warns(RuntimeWarning, match="in d = 5 the nearest-neighbour bias"):
        r = kldiv.samples(x, y, ci=0.9, replicates=50)
    assert r.warning is not None and r.ci[0] <= r.value <= r.ci[1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kldiv.samples(x, y).warning is None


def test_an_unseen_label_names_the_corrected_values():
    x, y = [0, 1, 1, 2, 5, 5], [0, 1, 2, 2, 1]
    with pytest.warns(RuntimeWarning, match="plug-in's artefact of an unseen label: 5"):
        r = kldiv.samples(x, y, estimator="counts")
    assert math.isinf(r.value)
    jeffreys = kldiv.samples(x, y, estimator="counts", correction="jeffreys").value
    assert f"jeffreys {jeffreys!r}" in r.warning or f"jeffreys {jeffreys}" in r.warning
