"""scipy's array functions over ``kldiv::discrete``: same signatures, same semantics.

Every input may be any array-like: a list, a numpy array of any numeric dtype and any layout,
or an object with ``__array__``. It is made a C-contiguous float64 array here (no copy when it
already is one) and computed in Rust, with the GIL released for large inputs. Results are
numpy arrays, and a 0-d result is a numpy float64 scalar, as scipy returns it.

Deliberate differences from scipy, each toward the truth (README, "Python"):

- float16/float32 input is computed in float64 and returns float64 (scipy computes and returns
  float32);
- ``kl_div`` is finite where x/y over- or underflows (scipy gives ±inf);
- ``jensenshannon`` broadcasts p and q before normalising, as ``entropy`` does (scipy's own
  normalises first; the two differ only where an input has length 1 along the axis);
- ``base=1`` is a ValueError (scipy divides by ln 1 = 0);
- ``axis=None`` broadcasts pk and qk, then flattens (scipy flattens each and then requires equal
  sizes).
"""

from __future__ import annotations

import operator
from typing import Any, Optional

import numpy as np

from . import _kldiv

__all__ = [
    "entropy",
    "rel_entr",
    "kl_div",
    "entr",
    "jensenshannon",
    "pairwise",
    "hellinger",
    "total_variation",
    "bhattacharyya",
    "renyi",
]


def _f64(x: Any, name: str) -> np.ndarray:
    """x as a C-contiguous float64 array (0-d stays 0-d); refuses what is not numbers."""
    if x is None:
        raise TypeError(f"{name} must hold real numbers, got None")
    a = np.asarray(x)
    if a.dtype.kind == "O":
        # None is no number: numpy would make it NaN, and the result NaN; scipy raises.
        flat = a.reshape(-1)
        at = next((i for i, v in enumerate(flat) if v is None), None)
        if at is not None:
            where = np.unravel_index(at, a.shape) if a.ndim > 1 else at
            raise TypeError(f"{name}[{where}] is None: {name} must hold real numbers")
    if a.dtype.kind in "cUSVMm":
        raise TypeError(f"{name} must hold real numbers, got dtype {a.dtype}")
    return np.asarray(a, dtype=np.float64, order="C")


def _out(r: np.ndarray) -> Any:
    """numpy's convention: a 0-d result is a scalar."""
    return r[()] if r.ndim == 0 else r


def _base(base: Optional[float]) -> Optional[float]:
    return None if base is None else float(base)


def _reduce(
    measure: str,
    p: Any,
    q: Any,
    base: Optional[float],
    axis: Optional[int],
    nan_policy: str,
    keepdims: bool,
    names: tuple = ("pk", "qk"),
) -> Any:
    """A measure of each distribution along an axis: broadcast, then normalise, then reduce.

    Every array measure goes through here: a public function below, its name in ``measure`` of
    ``src/arrays.rs``.
    """
    p = _f64(p, names[0])
    if q is None and measure != "entropy":
        raise TypeError(f"{names[1]} must hold real numbers, got None")
    q = None if q is None else _f64(q, names[1])
    if axis is None:
        ndim = max(p.ndim, 0 if q is None else q.ndim)
        if q is not None:
            p, q = np.broadcast_arrays(p, q)
            q = np.ascontiguousarray(q).reshape(-1)
        p = np.ascontiguousarray(p).reshape(-1)
        r = _kldiv.reduce(measure, p, q, 0, False, _base(base), nan_policy)
        return _out(r.reshape((1,) * ndim) if keepdims else r)
    axis = operator.index(axis)
    if p.ndim == 0 and (q is None or q.ndim == 0):
        # scipy reads a scalar as one probability.
        p = p.reshape(1)
        q = None if q is None else q.reshape(1)
    r = _kldiv.reduce(measure, p, q, axis, bool(keepdims), _base(base), nan_policy)
    return _out(r)


def entropy(
    pk: Any,
    qk: Any = None,
    base: Optional[float] = None,
    axis: Optional[int] = 0,
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """Shannon entropy of pk, or KL(pk‖qk) when qk is given: ``scipy.stats.entropy``.

    ``H = -sum(pk * log(pk))``; with qk, ``D = sum(pk * log(pk / qk))``. pk and qk are
    broadcast together, then each is normalised to sum to 1 along ``axis`` (None: all axes),
    then reduced. 0·log(0/q) = 0; pk > 0 where qk = 0 gives inf; an empty input gives 0.
    ``nan_policy`` is 'propagate' (NaN in, NaN out), 'omit' (drop the pairs holding a NaN) or
    'raise' (ValueError naming the first). ``base`` divides by log(base).

    >>> import kldiv
    >>> float(kldiv.entropy([0.5, 0.5], base=2))
    1.0
    >>> round(float(kldiv.entropy([1, 2, 3], [3, 2, 1])), 15)
    0.366204096222703
    >>> kldiv.entropy([[1, 2], [3, 4]], axis=1)
    array([0.63651417, 0.6829081 ])
    """
    measure = "entropy" if qk is None else "kl"
    return _reduce(measure, pk, qk, base, axis, nan_policy, keepdims)


def jensenshannon(
    p: Any,
    q: Any,
    base: Optional[float] = None,
    *,
    axis: Optional[int] = 0,
    keepdims: bool = False,
) -> Any:
    """The Jensen–Shannon distance: ``scipy.spatial.distance.jensenshannon``.

    ``sqrt((KL(p‖m) + KL(q‖m)) / 2)``, m = (p + q)/2, after p and q are broadcast together and
    each normalised along ``axis``. Near-equal inputs give a small distance, never NaN
    (scipy#20083). Its square is the JS divergence, ≤ log(2) in nats.

    >>> import kldiv
    >>> float(kldiv.jensenshannon([1.0, 0.0], [0.0, 1.0], base=2))
    1.0
    >>> round(float(kldiv.jensenshannon([1, 2, 3], [3, 2, 1])), 15)
    0.295310047172049
    """
    return _reduce("js_distance", p, q, base, axis, "propagate", keepdims, ("p", "q"))


def hellinger(p: Any, q: Any, *, axis: Optional[int] = 0, keepdims: bool = False) -> Any:
    """The Hellinger distance √(½ Σ (√p − √q)²) of p and q, each normalised along ``axis``
    after they are broadcast together (as ``entropy``); in [0, 1].

    >>> import kldiv
    >>> round(float(kldiv.hellinger([0.1, 0.2, 0.7], [0.3, 0.3, 0.4])), 15)
    0.22955540235829
    """
    return _reduce("hellinger", p, q, None, axis, "propagate", keepdims, ("p", "q"))


def total_variation(p: Any, q: Any, *, axis: Optional[int] = 0, keepdims: bool = False) -> Any:
    """The total variation distance ½ Σ |p − q| of p and q, normalised along ``axis``.

    >>> import kldiv
    >>> round(float(kldiv.total_variation([0.1, 0.2, 0.7], [0.3, 0.3, 0.4])), 15)
    0.3
    """
    return _reduce("tv", p, q, None, axis, "propagate", keepdims, ("p", "q"))


def bhattacharyya(
    p: Any, q: Any, base: Optional[float] = None, *, axis: Optional[int] = 0, keepdims: bool = False
) -> Any:
    """The Bhattacharyya distance −ln Σ √(p q) of p and q, normalised along ``axis``.

    >>> import kldiv
    >>> round(float(kldiv.bhattacharyya([0.1, 0.2, 0.7], [0.3, 0.3, 0.4])), 15)
    0.054134888686644
    """
    return _reduce("bhattacharyya", p, q, base, axis, "propagate", keepdims, ("p", "q"))


def renyi(
    p: Any,
    q: Any,
    alpha: float,
    base: Optional[float] = None,
    *,
    axis: Optional[int] = 0,
    keepdims: bool = False,
) -> Any:
    """The Rényi divergence of order ``alpha`` > 0, ln(Σ p^α q^(1−α))/(α − 1), of p and q
    normalised along ``axis`` (α = 1 is KL; inf for α > 1 where p has mass q has not).

    >>> import kldiv
    >>> p, q = [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]
    >>> abs(float(kldiv.renyi(p, q, 0.5)) - 2 * float(kldiv.bhattacharyya(p, q))) < 1e-15
    True
    """
    return _reduce(f"renyi:{float(alpha)!r}", p, q, base, axis, "propagate", keepdims, ("p", "q"))


def _elementwise(name: str, x: Any, y: Any, out: Optional[np.ndarray]) -> Any:
    x = _f64(x, "x")
    if y is not None:
        y = _f64(y, "y")
        if x.shape != y.shape:
            x, y = np.broadcast_arrays(x, y)
            x = np.asarray(x, order="C")
            y = np.asarray(y, order="C")
    r = _kldiv.elementwise(name, x, y)
    if out is not None:
        out[...] = r
        return out
    return _out(r)


def rel_entr(x: Any, y: Any, /, out: Optional[np.ndarray] = None) -> Any:
    """``scipy.special.rel_entr``, elementwise over broadcast x and y.

    ``x*log(x/y)`` for x, y > 0; 0 for x = 0, y ≥ 0; inf otherwise; NaN in, NaN out. Where
    x ≈ y it is computed without cancellation, and where x/y over- or underflows as
    x·(log x − log y) (``rel_entr(1, 5e-324)`` is 744.44…, not inf), as scipy ≥ 1.15 does.

    >>> import kldiv
    >>> kldiv.rel_entr([1.0, 0.0, 2.0], 1.0)
    array([0.        , 0.        , 1.38629436])
    """
    return _elementwise("rel_entr", x, y, out)


def kl_div(x: Any, y: Any, /, out: Optional[np.ndarray] = None) -> Any:
    """``scipy.special.kl_div``, elementwise over broadcast x and y.

    ``x*log(x/y) - x + y`` for x, y > 0; y for x = 0, y ≥ 0; inf otherwise. Near x = y by a
    series without cancellation; where x/y over- or underflows kldiv gives the true value
    (``kl_div(1, 5e-324)`` = 743.44…) where scipy gives inf.

    >>> import kldiv
    >>> round(float(kldiv.kl_div(1.0, 2.0)), 15)  # 1 − ln 2
    0.306852819440055
    """
    return _elementwise("kl_div", x, y, out)


def entr(x: Any, /, out: Optional[np.ndarray] = None) -> Any:
    """``scipy.special.entr``, elementwise: ``-x*log(x)`` for x > 0, 0 at 0, -inf below.

    >>> import kldiv
    >>> kldiv.entr([0.0, 0.5, -1.0])
    array([0.        , 0.34657359,       -inf])
    """
    return _elementwise("entr", x, None, out)


def pairwise(
    a: Any,
    b: Any = None,
    *,
    measure: str = "kl",
    axis: int = -1,
    base: Optional[float] = None,
    nan_policy: str = "propagate",
) -> np.ndarray:
    """The matrix ``M[i, j] = measure(a_i, b_j)`` between the distributions of two 1-D or 2-D
    arrays along ``axis`` (rows for -1, columns for 0), like ``scipy.spatial.distance.cdist``.

    ``measure`` is 'kl', 'cross_entropy', 'js' (the divergence), 'js_distance', 'hellinger',
    'tv', 'bhattacharyya' or 'renyi:ALPHA'. Without b,
    a against itself (a symmetric measure computed once per pair). Each distribution is
    normalised, as in ``entropy``.

    >>> import kldiv
    >>> kldiv.pairwise([[1, 1], [1, 3]], measure="js_distance", base=2).round(4)
    array([[0.    , 0.2209],
           [0.2209, 0.    ]])
    """
    a = _f64(a, "a")
    b = None if b is None else _f64(b, "b")
    return _kldiv.pairwise(
        measure, a, b, operator.index(axis), _base(base), nan_policy
    )
