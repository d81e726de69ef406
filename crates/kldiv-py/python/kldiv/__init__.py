"""kldiv: the Kullback–Leibler divergence, exact where mathematics allows, certified where it
does not; from arrays, from distributions and from samples. The numerics are kldiv's Rust
library; this package converts arguments and calls it.

Arrays, as scipy computes them (same signatures and results, faster):
``entropy``, ``rel_entr``, ``kl_div``, ``entr``, ``jensenshannon``; and ``pairwise``.

Distributions in kldiv's text language, and KL between them with an error bar:

>>> import kldiv
>>> r = kldiv.kl("normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)")
>>> round(r.value, 12), r.method
(0.526777306521, 'quadrature')
>>> abs(r.value - 0.5267773065213736) <= r.abs_error
True

``Dist`` (pdf, logpdf, cdf, sf, ppf, rvs, mean, var, entropy), ``samples`` (KL from two sets
of draws), ``plot`` (the figure of a divergence, or of any measure with `measure=`). Bad input raises ValueError with the
library's message; a method that runs out of budget raises ``NotConvergedError``, a ValueError
carrying the best ``value`` and its ``abs_error``.
"""

from __future__ import annotations

import operator
import warnings
from typing import Any, Optional, Sequence, Tuple, Union

from ._arrays import (
    bhattacharyya,
    entr,
    entropy,
    hellinger,
    jensenshannon,
    kl_div,
    pairwise,
    rel_entr,
    renyi,
    total_variation,
)
from ._kldiv import Dist, Figure, KLResult, NotConvergedError, SamplesResult
from . import _arrays, _kldiv

__all__ = [
    "bhattacharyya",
    "dist_entropy",
    "divergence",
    "hellinger",
    "renyi",
    "total_variation",
    "Dist",
    "Figure",
    "KLResult",
    "NotConvergedError",
    "SamplesResult",
    "entr",
    "entropy",
    "jensenshannon",
    "kl",
    "kl_div",
    "pairwise",
    "plot",
    "rel_entr",
    "samples",
]

try:
    from importlib.metadata import version as _version

    __version__ = _version("kldiv")
except Exception:  # running from a source tree without metadata
    __version__ = "unknown"

DistLike = Union[Dist, str]



def _count(v: Any, name: str) -> int:
    """A non-negative integer argument: ValueError naming it when negative or ≥ 2**64 (where
    the conversion would say OverflowError), TypeError for a non-integer; 3.0 is taken as 3."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    try:
        n = operator.index(v)
    except TypeError:
        raise TypeError(f"{name} must be an integer; got {v!r}") from None
    if not 0 <= n < 2**64:
        raise ValueError(f"{name} must be an integer from 0 to 2**64 - 1; got {n}")
    return n

def _dist(d: DistLike, name: str) -> Dist:
    if isinstance(d, Dist):
        return d
    if isinstance(d, str):
        return Dist(d)
    raise TypeError(
        f"{name} must be a kldiv.Dist or a spec such as 'normal(0, 1)', "
        f"got {type(d).__name__}"
    )


def _log_base(base: Union[None, str, float]) -> Optional[float]:
    if base is None or base == "e":
        return None
    if isinstance(base, str):
        raise ValueError(f"base must be None, 'e' or a number, got '{base}'")
    return float(base)


def kl(
    p: DistLike,
    q: DistLike,
    method: str = "auto",
    base: Union[None, str, float] = None,
    *,
    rel_tol: float = 1e-12,
    abs_tol: float = 1e-15,
    max_evaluations: int = 2_000_000,
    samples: int = 1_000_000,
    seed: int = 0,
) -> KLResult:
    """KL(p‖q) between two distributions, with its error bar and the method that gave it.

    p and q are ``Dist`` objects or specs in kldiv's text language
    (``"0.5*normal(0,1) + 0.5*normal(3,1)"``). ``method``: 'auto' (a closed form if one is
    known, else quadrature or a sum in one dimension, else Monte Carlo), 'exact' (the closed
    form or a ValueError naming the pairs that have one), 'quad', 'mc' (``samples`` seeded
    draws), and for Gaussian mixtures (normal, mvnormal and mixtures of them) 'bounds' (an
    interval certain to hold the truth: ``result.lower``, ``result.upper``) or one of the
    approximations 'variational', 'product', 'matched', 'unscented', 'moments' (each with the
    bounds, its ``abs_error`` reaching the farther one). ``base``: None or 'e' for nats, 2 for bits, 10, or any number > 0 and ≠ 1.
    ``rel_tol``, ``abs_tol`` (nats) and ``max_evaluations`` steer quadrature and summation.

    inf is a value (p has mass where q has none). Raises ValueError for bad input and
    ``NotConvergedError`` when the budget runs out; a Monte Carlo estimate whose standard
    error cannot be trusted also gives a RuntimeWarning (and ``result.warning``).

    >>> import kldiv
    >>> r = kldiv.kl("normal(0, 1)", "normal(3, 1)")
    >>> r.value, r.method
    (4.5, 'closed form')
    >>> float(kldiv.kl("normal(0, 1)", "normal(3, 1)", base=2))
    6.49212768400...
    >>> kldiv.kl("cauchy(0, 1)", "normal(0, 1)").value
    inf
    """
    r = _kldiv.kl(
        _dist(p, "p"),
        _dist(q, "q"),
        method,
        _log_base(base),
        float(rel_tol),
        float(abs_tol),
        _count(max_evaluations, "max_evaluations"),
        _count(samples, "samples"),
        _count(seed, "seed"),
    )
    if r.warning is not None:
        warnings.warn(r.warning, RuntimeWarning, stacklevel=2)
    return r


def divergence(
    p: DistLike,
    q: DistLike,
    measure: str = "kl",
    method: str = "auto",
    base: Union[None, str, float] = None,
    *,
    rel_tol: float = 1e-12,
    abs_tol: float = 1e-15,
    max_evaluations: int = 2_000_000,
    samples: int = 1_000_000,
    seed: int = 0,
) -> KLResult:
    """A measure between two distributions, with its error bar and the method that gave it.

    ``measure``: 'kl', 'jeffreys' (KL both ways), 'js' (Jensen–Shannon divergence),
    'js-distance' (its square root), 'hellinger' (H, H² = 1 − ∫√(pq)), 'tv' (total variation
    ½∫|p − q|), 'renyi:ALPHA' (Rényi of order ALPHA > 0), 'bhattacharyya' (−ln ∫√(pq)) or
    'cross-entropy' (−∫ p ln q). The other arguments are those of ``kl``; ``base`` applies to
    the measures in units of a logarithm (not to 'hellinger' and 'tv').

    >>> import kldiv
    >>> r = kldiv.divergence("normal(0, 1)", "normal(1, 2)", "hellinger")
    >>> round(r.value, 12), r.method
    (0.386257087763, 'closed form')
    >>> h = kldiv.divergence("normal(0,1)", "0.5*normal(0,1) + 0.5*normal(3,1)", "tv")
    >>> round(h.value, 12), h.method
    (0.433192798731, 'quadrature')
    """
    r = _kldiv.divergence(
        _dist(p, "p"),
        _dist(q, "q"),
        str(measure),
        method,
        _log_base(base),
        float(rel_tol),
        float(abs_tol),
        _count(max_evaluations, "max_evaluations"),
        _count(samples, "samples"),
        _count(seed, "seed"),
    )
    if r.warning is not None:
        warnings.warn(r.warning, RuntimeWarning, stacklevel=2)
    return r


def dist_entropy(
    p: DistLike,
    method: str = "auto",
    base: Union[None, str, float] = None,
    *,
    rel_tol: float = 1e-12,
    abs_tol: float = 1e-15,
    max_evaluations: int = 2_000_000,
    samples: int = 1_000_000,
    seed: int = 0,
) -> KLResult:
    """The (differential) entropy of any distribution with its error bar: the family's closed
    form, else quadrature (a sum for a discrete one), else Monte Carlo.

    >>> import kldiv
    >>> h = kldiv.dist_entropy("0.5*normal(0, 1) + 0.5*normal(3, 1)")
    >>> round(h.value, 12), h.method
    (1.945715839726, 'quadrature')
    """
    return _kldiv.dist_entropy(
        _dist(p, "p"),
        method,
        _log_base(base),
        float(rel_tol),
        float(abs_tol),
        _count(max_evaluations, "max_evaluations"),
        _count(samples, "samples"),
        _count(seed, "seed"),
    )


def samples(
    x: Any,
    y: Any = None,
    k: Optional[int] = None,
    estimator: Optional[str] = None,
    q: Optional[DistLike] = None,
    ci: Optional[float] = None,
    seed: Optional[int] = None,
    *,
    l: Optional[int] = None,  # noqa: E741 (the paper's name)
    resampling: Optional[str] = None,
    replicates: Optional[int] = None,
    bins: Union[None, str, int, Sequence[float]] = None,
    pseudocount: Optional[float] = None,
    correction: Optional[str] = None,
    jitter: Optional[int] = None,
) -> SamplesResult:
    """KL(p‖q) estimated from x drawn from p and y drawn from q (or q known), in nats.

    x and y are 1-D (n points) or 2-D (n rows of d coordinates). ``estimator``:

    - 'wkv' (default): Wang, Kulkarni & Verdú (2009), k nearest neighbours in both samples;
      with ``q`` (a distribution) instead of y, the one-sample estimator of Pérez-Cruz (2008);
    - 'varying-k': k neighbours in y and ``l`` in x; 'bias-reduced': both at one scale;
    - 'binned' (1-D): histograms on ``bins`` ('auto', a count of equal-frequency bins of y, or
      edges), ``pseudocount`` added to every bin; also gives ``jeffreys`` and ``js``;
    - 'counts': integer labels, with ``correction`` 'plug-in', 'miller-madow', 'jeffreys',
      'laplace' or 'james-stein'.

    ``ci`` (e.g. 0.95) adds a confidence interval by ``resampling`` ('subsample', or
    'bootstrap' for binned and counts), ``replicates`` of them (500), seeded by ``seed`` (0),
    and checks the estimate at n/2, n/4 and n/8 for a bias the interval cannot see: where the
    estimate still moves with n the interval is widened by it, and ``result.warning`` (also a
    RuntimeWarning) names the bias; so it does for a nearest-neighbour estimator in d ≥ 3,
    whose bias decays more slowly than its spread. A None argument takes the library's
    default: ``estimator`` 'wkv', ``k`` 1, ``bins`` 'auto', ``pseudocount`` 0.5,
    ``correction`` 'plug-in'. An option the chosen estimator would ignore (``bins`` for 'wkv',
    ``replicates`` without ``ci``) is a ValueError, as on the command line. DataFrames with
    named columns are paired by name. Duplicate
    points are an error for the neighbour estimators; ``jitter=SEED`` breaks ties with seeded
    uniform noise within half of each coordinate's resolution (rounded data: its rounding step).

    >>> import kldiv
    >>> x = kldiv.Dist("normal(0, 1)").rvs(2000, seed=1)
    >>> y = kldiv.Dist("normal(1, 1)").rvs(2000, seed=2)
    >>> r = kldiv.samples(x, y)
    >>> r.estimator, abs(r.value - 0.5) < 0.15
    ('wkv', True)
    """
    x, y = _by_name(x, y)
    xa = _arrays._f64(x, "x")
    ya = None if y is None else _arrays._f64(y, "y")
    qd = None if q is None else _dist(q, "q")
    r = _kldiv.samples(
        xa,
        ya,
        k,
        estimator,
        qd,
        None if ci is None else float(ci),
        None if seed is None else _count(seed, "seed"),
        l,
        resampling,
        None if replicates is None else _count(replicates, "replicates"),
        bins,
        None if pseudocount is None else float(pseudocount),
        correction,
        None if jitter is None else _count(jitter, "jitter"),
    )
    if r.warning is not None:
        warnings.warn(r.warning, RuntimeWarning, stacklevel=2)
    return r


def _by_name(x: Any, y: Any) -> Tuple[Any, Any]:
    """Two tables with named columns (pandas, polars) paired by name, as the CLI does: y's
    columns reordered to x's; different names are an error, never a pairing by position."""
    nx, ny = _column_names(x), _column_names(y)
    if nx is None or ny is None or nx == ny:
        return x, y
    if sorted(nx) != sorted(ny):
        raise ValueError(
            f"x's columns ({', '.join(nx)}) and y's ({', '.join(ny)}) differ: select the same "
            "columns of both"
        )
    return x, y[nx]


def _column_names(t: Any) -> Optional[list]:
    """The column names of a DataFrame (pandas or polars), or None for other inputs."""
    cols = getattr(t, "columns", None)
    if cols is None or not hasattr(t, "shape") or isinstance(cols, (int, float)):
        return None
    names = [str(c) for c in cols]
    return names if len(set(names)) == len(names) else None


def plot(
    p: DistLike,
    q: DistLike,
    *,
    xlim: Optional[Tuple[float, float]] = None,
    panels: Sequence[str] = ("densities", "log-ratio", "integrand"),
    title: Optional[str] = None,
    reverse: bool = False,
    dpi: float = 100,
    measure: str = "kl",
) -> Figure:
    """The figure of KL(p‖q): the densities filled, log(p/q), and p·log(p/q) with its positive
    area dark and negative area light, annotated with the certified divergence. ``measure``
    (as ``divergence``'s: 'hellinger', 'tv', 'js', 'renyi:0.5', …) makes the last panel that
    measure's integrand, annotated with its value.

    ``panels`` picks and orders them; ``xlim`` defaults to the 0.001 and 0.999 quantiles of
    both; ``reverse`` draws KL(q‖p); ``title`` replaces the first panel's. The result shows
    itself in Jupyter, ``.svg`` is its SVG text, ``.save("kl.png")`` writes PNG or SVG by the
    extension, and ``.kl`` is the divergence it shows. Both distributions must be univariate
    and continuous.

    >>> import kldiv
    >>> fig = kldiv.plot("normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)")
    >>> fig.svg.startswith("<svg"), round(fig.kl.value, 4)
    (True, 0.5268)
    """
    if isinstance(panels, str):
        panels = [panels]
    return _kldiv.plot(
        _dist(p, "p"),
        _dist(q, "q"),
        None if xlim is None else (float(xlim[0]), float(xlim[1])),
        list(panels),
        title,
        bool(reverse),
        float(dpi),
        str(measure),
    )
