"""kldiv.samples, kldiv.plot, the docstrings' examples and examples/kl_divergence.py."""

import doctest
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import kldiv
import kldiv._arrays

REPO = Path(__file__).resolve().parents[3]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def draws(spec, n, seed):
    return kldiv.Dist(spec).rvs(n, seed=seed)


def test_knn_estimators():
    x = draws("normal(0, 1)", 4000, 1)
    y = draws("normal(1, 1)", 4000, 2)
    for est in ["wkv", "varying-k", "bias-reduced"]:
        k = None if est == "bias-reduced" else 2  # bias-reduced picks its own scale
        r = kldiv.samples(x, y, k=k, estimator=est)
        assert abs(r.value - 0.5) < 0.1, (est, r)
        assert (r.n, r.m, r.d) == (4000, 4000, 1)
    r = kldiv.samples(x, q="normal(1, 1)")
    assert r.estimator == "one-sample" and r.m is None and abs(r.value - 0.5) < 0.1
    x2 = draws("mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]])", 3000, 3)
    y2 = draws("mvnormal(mean=[1, 0], cov=[[1, 0], [0, 1]])", 3000, 4)
    r = kldiv.samples(x2, y2)
    assert r.d == 2 and abs(r.value - 0.5) < 0.15


def test_interval_is_seeded_and_contains_the_estimate():
    x = draws("normal(0, 1)", 2000, 5)
    y = draws("normal(1, 1)", 2000, 6)
    a = kldiv.samples(x, y, ci=0.9, seed=3, replicates=100)
    b = kldiv.samples(x, y, ci=0.9, seed=3, replicates=100)
    assert a.ci == b.ci and a.ci_level == 0.9 and a.replicates == 100
    assert a.ci[0] < a.value < a.ci[1]
    assert float(a) == a.value


def test_binned_and_counts():
    x = draws("normal(0, 1)", 5000, 7)
    y = draws("normal(0.5, 1)", 5000, 8)
    r = kldiv.samples(x, y, estimator="binned", bins=10, pseudocount=0.5)
    assert r.estimator == "binned" and len(r.edges) == 11
    assert 0 < r.value < r.jeffreys and 0 < r.js < np.log(2)
    lx = draws("poisson(3)", 5000, 9)
    ly = draws("poisson(4)", 5000, 10)
    truth = kldiv.kl("poisson(3)", "poisson(4)").value
    r = kldiv.samples(lx, ly, estimator="counts", correction="miller-madow")
    assert abs(r.value - truth) < 0.03


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(x=[1.0, 2.0, 2.0, 3.0], y=[0.5, 1.5, 2.5]), "duplicate points"),
        (dict(x=[1.0, 2.0], y=[1.0, np.nan]), "row 1, column 0 is NaN"),
        (dict(x=[1.0, 2.0]), "needs y"),
        (dict(x=np.ones((2, 2, 2)), y=[1.0]), "samples are 1-D"),
        (dict(x=[1.0, 2.5, 3.0], y=[0.0, 1.0], estimator="knn"), "estimator must be one of"),
        (dict(x=[1.0, 2.5, 3.0], y=[0.0, 1.0], ci=0.9, resampling="bootstrap"),
         "bootstrap"),
        (dict(x=[1.0, 2.5, 3.0], y=[0.1, 1.2], ci=1.5), "confidence level"),
    ],
)  # fmt: skip
def test_sample_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        kldiv.samples(**kwargs)


@pytest.mark.parametrize(
    "call,error,message",
    [
        (lambda: kldiv.samples([1.0, 2.5, 3.0], [0.0, 1.0], k=-1), ValueError, "k must be an integer ≥ 1"),
        (lambda: kldiv.samples([1.0, 2.5, 3.0], [0.0, 1.0], k=1.5), TypeError, "k must be an integer"),
        (lambda: kldiv.samples([1.0, 2.5, 3.0], [0.0, 1.0], ci=0.9, seed=-3), ValueError, "seed must be"),
        (lambda: kldiv.samples([1.0, 2.5, 3.0], [0.0, 1.0], ci=0.9, replicates=2**64), ValueError,
         "replicates must be"),
        (lambda: kldiv.kl("normal(0,1)", "normal(1,2)", method="mc", seed=-1), ValueError, "seed must be"),
        (lambda: kldiv.Dist("normal(0, 1)").rvs(3, seed=-1), ValueError, "seed must be"),
        (lambda: kldiv.Dist("normal(0, 1)").rvs(3, seed="a"), TypeError, "seed must be an integer"),
    ],
)  # fmt: skip
def test_negative_and_non_integer_counts_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(bins=10), "bins applies to estimator binned, not to estimator wkv"),
        (dict(estimator="binned", k=3), "k applies to estimator wkv and varying-k"),
        (dict(correction="laplace"), "correction applies to estimator counts"),
        (dict(replicates=100), "replicates sets up the confidence interval: give ci too"),
        (dict(seed=4), "seed sets up the confidence interval"),
    ],
)  # fmt: skip
def test_options_the_estimator_would_ignore_are_named(kwargs, message):
    x, y = draws("normal(0, 1)", 300, 1), draws("normal(1, 1)", 300, 2)
    with pytest.raises(ValueError, match=re.escape(message)):
        kldiv.samples(x, y, **kwargs)


def test_integral_floats_are_taken_as_counts():
    x, y = draws("normal(0, 1)", 300, 1), draws("normal(1, 1)", 300, 2)
    assert kldiv.samples(x, y, k=2.0).value == kldiv.samples(x, y, k=2).value
    d = kldiv.Dist("normal(0, 1)")
    assert np.array_equal(d.rvs(3, seed=5.0), d.rvs(3, seed=5))


def test_results_pickle():
    import pickle

    x, y = draws("normal(0, 1)", 400, 3), draws("normal(0.5, 1)", 400, 4)
    results = [
        kldiv.samples(x, y, ci=0.9, replicates=20),
        kldiv.samples(x, y, estimator="binned", bins=5),
        kldiv.samples(x, q="normal(0, 1)"),
        kldiv.kl("normal(0, 1)", "normal(1, 2)"),
        kldiv.kl("normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)", method="bounds"),
    ]
    for r in results:
        back = pickle.loads(pickle.dumps(r))
        assert back == r and type(back) is type(r) and repr(back) == repr(r)
    assert results[0] != results[1]


def test_jitter_breaks_ties():
    x = np.repeat(draws("normal(0, 1)", 500, 11), 2)
    y = draws("normal(0, 1)", 1000, 12)
    with pytest.raises(ValueError, match="jitter"):
        kldiv.samples(x, y)
    assert np.isfinite(kldiv.samples(x, y, jitter=1).value)


def test_plot(tmp_path):
    fig = kldiv.plot("normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)")
    assert fig.svg.startswith("<svg") and fig._repr_svg_() == fig.svg
    assert "Area under curve" in fig.svg
    assert abs(fig.kl.value - 0.5267773065213736) <= fig.kl.abs_error
    fig.save(tmp_path / "kl.png")
    fig.save(str(tmp_path / "kl.svg"))
    png = (tmp_path / "kl.png").read_bytes()
    assert png.startswith(PNG_MAGIC) and fig.to_png() == png
    assert (tmp_path / "kl.svg").read_text() == fig.svg
    one = kldiv.plot("gamma(2, 1)", "lognormal(0.5, 0.6)", panels="densities", dpi=50,
                     xlim=(0, 8), title="Two laws", reverse=True)  # fmt: skip
    assert "Two laws" in one.svg and repr(one) == "<kldiv.Figure: 1 panel(s), 500×309 px>"


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: kldiv.plot("poisson(3)", "poisson(2)"),
         "P: only continuous distributions can be plotted, got poisson\\(3\\)"),
        (lambda: kldiv.plot("normal(0,1)", "normal(1,1)", panels=["bars"]),
         "unknown panel 'bars'"),
        (lambda: kldiv.plot("normal(0,1)", "normal(1,1)", xlim=(3, 3)),
         "xlim: expected finite low < high, got 3 3"),
        (lambda: kldiv.plot("normal(0,1)", "normal(1,1)", dpi=0), "dpi"),
        (lambda: kldiv.plot("normal(0,1)", "normal(1,1)").save("kl.pdf"),
         "must end in .png or .svg"),
    ],
)  # fmt: skip
def test_plot_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("module", [kldiv, kldiv._arrays], ids=["kldiv", "kldiv._arrays"])
def test_docstring_examples(module):
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags)
    assert result.failed == 0 and result.attempted > 0


def test_example_script(tmp_path):
    run = subprocess.run(
        [sys.executable, str(REPO / "examples" / "kl_divergence.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "entropy(y, y_a) = 4.4999999999987" in run.stdout
    assert "truth 0.5267773065213736 ± 4e-13 nats (quadrature)" in run.stdout
    assert "sum(dx*y*log(y/y_a)) = 4.4995500000000" in run.stdout
    out = tmp_path / "assets" / "kl-divergence"
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert len(pngs) == 6 and "two-gaussians.png" in pngs
    for p in out.glob("*.png"):
        assert p.read_bytes().startswith(PNG_MAGIC)


def test_readme_shows_the_example_script():
    script = (REPO / "examples" / "kl_divergence.py").read_text()
    code = script[script.index("import sys"):]
    assert "```python\n" + code + "```" in (REPO / "README.md").read_text()
