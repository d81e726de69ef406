"""Type stubs of the compiled module kldiv._kldiv (crates/kldiv-py/src)."""

from os import PathLike
from typing import Any, Optional, Sequence, Tuple, Union, final

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "reduce",
    "pairwise",
    "elementwise",
    "kl",
    "divergence",
    "dist_entropy",
    "samples",
    "_samples_result",
    "_kl_result",
    "plot",
    "Dist",
    "KLResult",
    "SamplesResult",
    "Figure",
    "NotConvergedError",
    "DETACH_MIN",
]

DETACH_MIN: int

class NotConvergedError(ValueError):
    """A numerical method ran out of budget before meeting its tolerance."""

    value: float
    abs_error: float
    evaluations: int

@final
class Dist:
    """A probability distribution, written in kldiv's text language."""

    def __new__(cls, spec: str) -> Dist: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    @property
    def family(self) -> str: ...
    @property
    def dim(self) -> int: ...
    @property
    def discrete(self) -> bool: ...
    @property
    def support(self) -> Tuple[float, float]: ...
    @property
    def mean(self) -> Union[None, float, NDArray[np.float64]]: ...
    @property
    def var(self) -> Union[None, float, NDArray[np.float64]]: ...
    @property
    def cov(self) -> NDArray[np.float64]: ...
    def entropy(self) -> float: ...
    def pdf(self, x: ArrayLike) -> Any: ...
    def logpdf(self, x: ArrayLike) -> Any: ...
    def cdf(self, x: ArrayLike) -> Any: ...
    def sf(self, x: ArrayLike) -> Any: ...
    def ppf(self, q: ArrayLike) -> Any: ...
    def logpdf_points(self, x: ArrayLike) -> Any: ...
    def rvs(
        self, size: Union[None, int, Sequence[int]] = None, seed: Optional[int] = None
    ) -> Any: ...

@final
class KLResult:
    """A divergence with its error bar and the way it was obtained."""

    @property
    def value(self) -> float: ...
    @property
    def abs_error(self) -> float: ...
    @property
    def method(self) -> str: ...
    @property
    def evaluations(self) -> int: ...
    @property
    def warning(self) -> Optional[str]: ...
    @property
    def lower(self) -> Optional[float]: ...
    @property
    def upper(self) -> Optional[float]: ...
    @property
    def unit(self) -> str: ...
    def __float__(self) -> float: ...
    def __format__(self, spec: str) -> str: ...

@final
class SamplesResult:
    """An estimate from samples."""

    @property
    def value(self) -> float: ...
    @property
    def ci(self) -> Optional[Tuple[float, float]]: ...
    @property
    def ci_level(self) -> Optional[float]: ...
    @property
    def replicates(self) -> Optional[int]: ...
    @property
    def estimator(self) -> str: ...
    @property
    def n(self) -> int: ...
    @property
    def m(self) -> Optional[int]: ...
    @property
    def d(self) -> int: ...
    @property
    def jeffreys(self) -> Optional[float]: ...
    @property
    def js(self) -> Optional[float]: ...
    @property
    def edges(self) -> Optional[list[float]]: ...
    @property
    def warning(self) -> Optional[str]: ...
    def __float__(self) -> float: ...
    def __format__(self, spec: str) -> str: ...

@final
class Figure:
    """A KL figure: SVG text, PNG or SVG files, inline in Jupyter."""

    @property
    def svg(self) -> str: ...
    @property
    def kl(self) -> KLResult: ...
    def _repr_svg_(self) -> str: ...
    def to_png(self) -> bytes: ...
    def save(self, path: Union[str, PathLike[str]]) -> None: ...

def reduce(
    measure_name: str,
    pk: NDArray[np.float64],
    qk: Optional[NDArray[np.float64]],
    axis: int,
    keepdims: bool,
    base: Optional[float],
    nan_policy: str,
) -> NDArray[np.float64]: ...
def pairwise(
    measure_name: str,
    a: NDArray[np.float64],
    b: Optional[NDArray[np.float64]],
    axis: int,
    base: Optional[float],
    nan_policy: str,
) -> NDArray[np.float64]: ...
def elementwise(
    name: str, x: NDArray[np.float64], y: Optional[NDArray[np.float64]] = None
) -> NDArray[np.float64]: ...
def kl(
    p: Dist,
    q: Dist,
    method: str,
    base: Optional[float],
    rel_tol: float,
    abs_tol: float,
    max_evaluations: int,
    samples: int,
    seed: int,
) -> KLResult: ...
def divergence(
    p: Dist,
    q: Dist,
    measure: str,
    method: str,
    base: Optional[float],
    rel_tol: float,
    abs_tol: float,
    max_evaluations: int,
    samples: int,
    seed: int,
) -> KLResult: ...
def dist_entropy(
    p: Dist,
    method: str,
    base: Optional[float],
    rel_tol: float,
    abs_tol: float,
    max_evaluations: int,
    samples: int,
    seed: int,
) -> KLResult: ...
def samples(
    x: NDArray[np.float64],
    y: Optional[NDArray[np.float64]],
    k: Optional[int],
    estimator: Optional[str],
    q: Optional[Dist],
    ci: Optional[float],
    seed: Optional[int],
    l: Optional[int],
    resampling: Optional[str],
    replicates: Optional[int],
    bins: Union[None, str, int, Sequence[float]],
    pseudocount: Optional[float],
    correction: Optional[str],
    jitter: Optional[int],
) -> SamplesResult: ...
def plot(
    p: Dist,
    q: Dist,
    xlim: Optional[Tuple[float, float]],
    panels: list[str],
    title: Optional[str],
    reverse: bool,
    dpi: float,
    measure: str,
) -> Figure: ...

# Pickle's constructors (`KLResult.__reduce__`, `SamplesResult.__reduce__`): a result from the
# tuple of its fields.
def _kl_result(state: Tuple[Any, ...]) -> KLResult: ...
def _samples_result(state: Tuple[Any, ...]) -> SamplesResult: ...
