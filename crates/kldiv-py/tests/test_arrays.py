"""The array functions against scipy, called live: parity, dtypes, layouts, broadcasting, axes,
the deliberate differences, and errors."""

import re
import threading

import numpy as np
import pytest
from scipy import special, stats
from scipy.spatial.distance import jensenshannon as scipy_js

import kldiv

RNG = np.random.default_rng(20260101)
# scipy normalises with plain sums; kldiv with compensated ones: they agree to ~1e-15 relative
# on these sizes, and to 1e-13 on the larger ones in the fixtures (README, "Arrays").
RTOL = 1e-12


def close(a, b, rtol=RTOL, atol=0.0):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


# --- parity ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 10, 1000, 100_001])
def test_entropy_1d_matches_scipy(n):
    p, q = RNG.random(n), RNG.random(n)
    close(kldiv.entropy(p), stats.entropy(p))
    close(kldiv.entropy(p, q), stats.entropy(p, q))
    close(kldiv.entropy(p, q, base=2), stats.entropy(p, q, base=2))
    close(kldiv.jensenshannon(p, q), scipy_js(p, q), atol=1e-15)


SHAPES = [
    # (pk shape, qk shape or None, axis)
    ((4, 5), None, 0),
    ((4, 5), None, 1),
    ((4, 5), None, -1),
    ((2, 3, 4), None, 1),
    ((2, 3, 4), (2, 3, 4), 2),
    ((2, 3, 4), (3, 4), 0),
    ((2, 3, 4), (4,), -1),
    ((3, 1), (3, 5), 0),
    ((5,), (2, 5), 1),
    ((2, 1, 4), (3, 4), -2),
]


@pytest.mark.parametrize("ps,qs,axis", SHAPES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_entropy_nd_broadcasting_axes_keepdims(ps, qs, axis, keepdims):
    p = RNG.random(ps)
    q = None if qs is None else RNG.random(qs)
    ours = kldiv.entropy(p, q, axis=axis, keepdims=keepdims)
    theirs = stats.entropy(p, q, axis=axis, keepdims=keepdims)
    assert ours.shape == theirs.shape
    close(ours, theirs)


@pytest.mark.parametrize("ps,qs,axis", [s for s in SHAPES if s[1] is not None])
def test_jensenshannon_nd(ps, qs, axis):
    p, q = RNG.random(ps), RNG.random(qs)
    ours = kldiv.jensenshannon(p, q, axis=axis, keepdims=True)
    # kldiv broadcasts first, then normalises (as scipy's entropy does); scipy's jensenshannon
    # normalises first. Of the broadcast arrays the two are the same computation.
    pb, qb = np.broadcast_arrays(p, q)
    theirs = scipy_js(pb, qb, axis=axis, keepdims=True)
    assert ours.shape == theirs.shape
    close(ours, theirs, atol=1e-15)


def test_jensenshannon_broadcasts_before_normalising():
    p = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    q = np.array([[1.0], [2.0]])  # length 1 along axis 1: the one place the rules differ
    ours = kldiv.jensenshannon(p, q, axis=1)
    close(ours, scipy_js(*np.broadcast_arrays(p, q), axis=1), atol=1e-15)
    assert not np.allclose(ours, scipy_js(p, q, axis=1))


def test_axis_none_flattens():
    p, q = RNG.random((3, 4)), RNG.random((3, 4))
    close(kldiv.entropy(p, axis=None), stats.entropy(p, axis=None))
    close(kldiv.entropy(p, q, axis=None), stats.entropy(p, q, axis=None))
    r = kldiv.entropy(p, q, axis=None, keepdims=True)
    assert r.shape == stats.entropy(p, q, axis=None, keepdims=True).shape == (1, 1)
    close(kldiv.jensenshannon(p, q, axis=None), scipy_js(p, q, axis=None), atol=1e-15)
    # Broadcast first, then flattened (scipy requires equal sizes here).
    close(
        kldiv.entropy(p, q[0], axis=None),
        stats.entropy(p, np.broadcast_to(q[0], p.shape), axis=None),
    )


@pytest.mark.parametrize(
    "p,q",
    [
        ([0.0, 1.0], [0.5, 0.5]),  # 0·log(0/q) = 0
        ([0.5, 0.5], [1.0, 0.0]),  # p > 0 where q = 0: inf
        ([1.0, -2.0, 3.0], None),  # a negative entry: scipy's -inf
        ([1.0, 2.0, 3.0], [1.0, -1.0, 3.0]),
        ([0.0, 0.0], None),  # sums to 0: nan
        ([], None),
        ([], []),
        ([1.0, np.nan], [1.0, 1.0]),
    ],
)
def test_edge_conventions_match_scipy(p, q):
    with np.errstate(all="ignore"):
        theirs = stats.entropy(p, q)
    np.testing.assert_equal(kldiv.entropy(p, q), theirs)


@pytest.mark.parametrize(
    "p,q,which",
    [([np.inf, 1.0], None, "pk[0]"), ([1.0, 2.0], [1.0, np.inf], "qk[1]"),
     ([1.0, 2.0], [-np.inf, 1.0], "qk[0]")],
)  # fmt: skip
def test_an_infinite_weight_is_named(p, q, which):
    # scipy's normalising gives NaN (inf/inf); kldiv names the entry.
    with pytest.raises(ValueError, match=re.escape(which) + " is infinite"):
        kldiv.entropy(p, q)


def test_nan_policy_matches_scipy():
    p = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]])
    q = np.array([[1.0, 1.0, 1.0], [np.nan, 1.0, 2.0]])
    for policy in ["propagate", "omit"]:
        close(
            kldiv.entropy(p, q, axis=1, nan_policy=policy),
            stats.entropy(p, q, axis=1, nan_policy=policy),
        )
    with pytest.raises(ValueError, match=r"pk\[1\] is NaN \(the NaN policy is raise\)"):
        kldiv.entropy(p, q, axis=1, nan_policy="raise")


def test_special_functions_match_scipy():
    x = np.concatenate([RNG.random(50) * 10, [0.0, 0.0, 1.0, 2.0, -1.0, np.nan, np.inf]])
    y = np.concatenate([RNG.random(50) * 10, [0.0, 1.0, 0.0, 2.0, 1.0, 1.0, 1.0]])
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(kldiv.rel_entr(x, y), special.rel_entr(x, y), rtol=1e-14)
        # kl_div = x ln(x/y) − x + y cancels near x = y; scipy's rounding there is that of the
        # terms, kldiv's series is exact: allow scipy's 4 ulps of the terms' size.
        ours, theirs = kldiv.kl_div(x, y), special.kl_div(x, y)
        scale = np.abs(special.rel_entr(x, y)) + np.abs(x) + np.abs(y)
        same = (ours == theirs) | (np.isnan(ours) & np.isnan(theirs))
        assert np.all(same | (np.abs(ours - theirs) <= 4 * np.finfo(float).eps * scale))
        np.testing.assert_allclose(kldiv.entr(x), special.entr(x), rtol=1e-14)


def test_special_functions_broadcast_and_scalars():
    x, y = RNG.random((3, 1)), RNG.random(4)
    r = kldiv.rel_entr(x, y)
    assert r.shape == (3, 4)
    close(r, special.rel_entr(x, y))
    s = kldiv.kl_div(1.0, 2.0)
    assert type(s) is np.float64
    close(s, special.kl_div(1.0, 2.0))
    assert type(kldiv.entr(0.5)) is np.float64
    out = np.empty((3, 4))
    assert kldiv.rel_entr(x, y, out=out) is out
    close(out, special.rel_entr(x, y))


def test_kl_div_follows_the_truth_where_scipy_overflows():
    # x/y underflows or overflows; the truth by x·(ln x − ln y) − x + y.
    tiny = 5e-324
    assert kldiv.kl_div(tiny, 3.0) == pytest.approx(3.0, rel=1e-15)
    assert kldiv.kl_div(1.0, tiny) == pytest.approx(1.0 * (0.0 - np.log(tiny)) - 1.0, rel=1e-15)
    assert special.kl_div(1.0, tiny) == np.inf  # scipy's
    # rel_entr agrees with scipy ≥ 1.15 there.
    close(kldiv.rel_entr(1.0, tiny), special.rel_entr(1.0, tiny))


def test_zero_d_results_are_numpy_scalars():
    for r in [
        kldiv.entropy([1, 2, 3]),
        kldiv.entropy([1, 2, 3], [3, 2, 1]),
        kldiv.jensenshannon([1, 2], [2, 1]),
        kldiv.entropy(5.0),
    ]:
        assert type(r) is np.float64
    assert kldiv.entropy(5.0) == stats.entropy(5.0)


# --- dtypes and layouts ------------------------------------------------------------------------

DTYPES = [
    np.int8, np.int16, np.int32, np.int64,
    np.uint8, np.uint16, np.uint32, np.uint64,
    np.float16, np.float32, np.float64, np.bool_,
    np.dtype(">f8"), np.dtype(">i4"), np.dtype("<f4"),
]  # fmt: skip


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_every_numeric_dtype(dtype):
    p = np.array([[1, 2, 3, 0], [4, 1, 1, 2]]).astype(dtype)
    q = np.array([[2, 2, 1, 1], [1, 1, 3, 1]]).astype(dtype)
    # kldiv computes every dtype in float64 (scipy computes float16/32 in float32): compare
    # with scipy on the exact float64 values.
    p64, q64 = p.astype(np.float64), q.astype(np.float64)
    for axis in [0, 1]:
        close(kldiv.entropy(p, axis=axis), stats.entropy(p64, axis=axis))
        close(kldiv.entropy(p, q, axis=axis), stats.entropy(p64, q64, axis=axis))
        close(kldiv.jensenshannon(p, q, axis=axis), scipy_js(p64, q64, axis=axis))
    with np.errstate(all="ignore"):
        close(kldiv.rel_entr(p, q), special.rel_entr(p64, q64))
        close(kldiv.entr(p), special.entr(p64))
    assert kldiv.entropy(p, q).dtype == np.float64


def test_float32_is_computed_in_float64():
    p = RNG.random(1000).astype(np.float32)
    q = RNG.random(1000).astype(np.float32)
    ours = kldiv.entropy(p, q)
    assert type(ours) is np.float64
    close(ours, stats.entropy(p.astype(np.float64), q.astype(np.float64)))
    close(ours, stats.entropy(p, q), rtol=1e-5)  # scipy's float32 result


def test_non_contiguous_views():
    base = RNG.random((6, 8))
    qb = RNG.random((6, 8))
    views = {
        "strided": (base[::2, ::3], qb[::2, ::3]),
        "transposed": (base.T, qb.T),
        "reversed": (base[::-1, ::-1], qb[::-1, ::-1]),
        "fortran": (np.asfortranarray(base), np.asfortranarray(qb)),
        "column": (base[:, 2], qb[:, 2]),
    }
    for name, (p, q) in views.items():
        assert not p.flags.c_contiguous or name == "column" or p.ndim == 1
        for axis in range(p.ndim):
            close(kldiv.entropy(p, q, axis=axis), stats.entropy(p, q, axis=axis))
            close(kldiv.entropy(p, axis=axis), stats.entropy(p, axis=axis))
        close(kldiv.rel_entr(p, q), special.rel_entr(p, q))
    # The caller's arrays are read, never changed.
    assert np.array_equal(base, base.copy())


class ArrayLike:
    """Anything with __array__, as pandas, xarray or torch objects are."""

    def __init__(self, values):
        self.values = values

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.values, dtype=dtype)


def test_array_likes():
    p, q = [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]
    want = stats.entropy(p, q)
    for a, b in [
        (p, q),
        (tuple(p), tuple(q)),
        (ArrayLike(p), ArrayLike(q)),
        (memoryview(np.array(p)), np.array(q)),
        (np.array(p), ArrayLike(np.array(q, dtype=np.float32))),
    ]:
        close(kldiv.entropy(a, b), want, rtol=1e-7)
    close(kldiv.entr(ArrayLike(p)), special.entr(p))


def test_large_inputs_in_threads():
    # Large inputs run with the GIL released: two threads at once give what one gives.
    p, q = RNG.random((4, 300_000)), RNG.random((4, 300_000))
    want = stats.entropy(p, q, axis=1)
    results = [None, None]

    def run(i):
        results[i] = kldiv.entropy(p, q, axis=1)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        close(r, want)


def test_pairwise():
    a, b = RNG.random((3, 5)), RNG.random((4, 5))
    m = kldiv.pairwise(a, b)
    assert m.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            close(m[i, j], stats.entropy(a[i], b[j]))
    js = kldiv.pairwise(a, measure="js_distance")
    close(js, js.T, rtol=0)
    close(js[0, 1], scipy_js(a[0], a[1]))
    close(kldiv.pairwise(a.T, b.T, axis=0), m)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call,exc,message",
    [
        (lambda: kldiv.entropy([1, 2, 3], [1, 2]), ValueError,
         r"arrays: pk of shape \(3,\) and qk of shape \(2,\) do not broadcast together"),
        (lambda: kldiv.entropy([1, 2, 3], axis=1), ValueError,
         "axis 1 is out of bounds for an array of dimension 1"),
        (lambda: kldiv.entropy([1, 2], base=-1), ValueError,
         "base must be finite, > 0 and ≠ 1, got -1"),
        (lambda: kldiv.entropy([1, 2], base=1), ValueError, "base must be finite, > 0 and ≠ 1"),
        (lambda: kldiv.entropy([1, 2], nan_policy="foo"), ValueError,
         "nan_policy must be one of 'propagate', 'omit', 'raise', got 'foo'"),
        (lambda: kldiv.entropy([1 + 1j, 2]), TypeError, "must hold real numbers"),
        (lambda: kldiv.entropy(["a", "b"]), TypeError, "must hold real numbers"),
        (lambda: kldiv.entropy([[1, 2], [3]]), ValueError, "inhomogeneous"),
        (lambda: kldiv.entropy([1, 2], axis=0.5), TypeError, None),
        (lambda: kldiv.rel_entr([1, 2], [1, 2, 3]), ValueError, "broadcast"),
        (lambda: kldiv.pairwise(np.ones((2, 2, 2))), ValueError,
         r"pairwise takes 1-D or 2-D arrays; pk has shape \(2, 2, 2\)"),
        (lambda: kldiv.pairwise([[1, 2]], [[1, 2, 3]]), ValueError,
         "pk has 2 values but qk has 3"),
        (lambda: kldiv.pairwise([[1, 2]], measure="bogus"), ValueError,
         "unknown measure .bogus."),
    ],
)  # fmt: skip
def test_errors_are_exceptions_with_the_library_message(call, exc, message):
    with pytest.raises(exc, match=message):
        call()
