#!/usr/bin/env python3
"""scipy's own behaviour on arrays, frozen as fixtures for kldiv's discrete module.

Each case records the call, its inputs and scipy's output (stats.entropy, special.rel_entr /
kl_div / entr, spatial.distance.jensenshannon), including zeros in p and in q, unnormalised
inputs, negative entries, NaN, empty input, 2-D with both axes, and bases 2 and 10. Also:
the seed notebook's grid values, and a 10⁷-element accuracy reference computed in 80-bit long
double from arrays that kldiv's test regenerates with the same splitmix64 stream. Run from the
repository root:

    .venv/bin/python tests/data/gen_arrays.py > tests/data/arrays.json
"""

import json
import math
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance


def enc(v):
    """JSON for floats and nested lists, with non-finite values as strings."""
    if isinstance(v, (list, tuple, np.ndarray)):
        return [enc(x) for x in v]
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


P1 = [
    [0.1, 0.2, 0.7],
    [1.0, 2.0, 3.0, 4.0],
    [0.0, 0.5, 0.5],
    [0.5, 0.5, 0.0],
    [1e-300, 1.0, 1e300],
    [3.0],
    [],
    [0.2, -0.1, 0.9],
    [0.2, float("nan"), 0.8],
    [0.0, 0.0],
    [1.0, -1.0],
    [2.5, 1e-12, 7.0, 0.0, 3.25],
]
Q1 = [
    [0.3, 0.3, 0.4],
    [4.0, 3.0, 2.0, 1.0],
    [0.2, 0.0, 0.8],
    [0.3, 0.3, 0.4],
    [1.0, 1.0, 1.0],
    [1.0],
    [],
    [0.3, 0.3, 0.4],
    [0.3, 0.3, 0.4],
    [0.5, 0.5],
    [0.5, 0.5],
    [1.0, 2.0, 3.0, 4.0, 5.0],
]


EXTREME = [
    [[5e-324, 1.0], [1.0, 5e-324]],
    [[1.0, 1e-310], [1e-310, 1.0]],
    [[0.5, 0.5, 1e-320], [1e-300, 0.5, 0.5]],
    [[1e-300, 1.0], [1.0, 1e-300]],
    [[1.0, 1.0 + 1e-12], [1.0 + 1e-12, 1.0]],
]

# Shapes for broadcasting: pk against qk (both orders), reduced along every axis.
BROADCAST = [
    ((2, 3), (3,)),
    ((2, 3), (1, 3)),
    ((2, 3), (2, 1)),
    ((3,), (2, 3)),
    ((2, 3), (2, 3)),
    ((2, 3, 4), (4,)),
    ((2, 3, 4), (3, 1)),
    ((2, 3, 4), (2, 1, 4)),
    ((4,), (2, 3, 4)),
    ((1, 3, 1), (2, 1, 4)),
    ((1,), (3,)),
]


def elementwise_truth(x, y, scipy_row):
    """40-digit values where x, y are positive and finite (scipy's own kl_div is −∞ at
    (5e-324, 3) and +∞ at (1, 5e-324), where x/y underflows or overflows); scipy's conventions
    (0, ±∞, NaN) elsewhere."""
    from mpmath import mp
    mp.dps = 40
    out = {k + "_truth": v for k, v in scipy_row.items() if k in ("rel_entr", "kl_div", "entr")}
    if x > 0 and math.isfinite(x):
        X = mp.mpf(x)
        out["entr_truth"] = enc(float(-X * mp.log(X)))
        if y > 0 and math.isfinite(y):
            Y = mp.mpf(y)
            out["rel_entr_truth"] = enc(float(X * mp.log(X / Y)))
            out["kl_div_truth"] = enc(float(X * mp.log(X / Y) - X + Y))
    return out


def case_truth(p, q):
    """40-digit truth of stats.entropy(p[, q]) where the inputs are finite, ≥ 0 and of positive
    sum; None where scipy's conventions (NaN, ±∞, empty) decide."""
    from mpmath import mp
    mp.dps = 40
    ok = lambda v: len(v) > 0 and all(math.isfinite(x) and x >= 0 for x in v) and sum(v) > 0
    if not ok(p) or (q is not None and (not ok(q) or len(q) != len(p))):
        return None
    P = [mp.mpf(x) for x in p]
    if q is None:
        return mp_entropy(P, None)
    return mp_kl(P, [mp.mpf(y) for y in q])


def mpf(x):
    from mpmath import mp
    return mp.mpf(x)


def mp_sqrt_log(base):
    from mpmath import mp
    return 1 if base is None else mp.sqrt(mp.log(base))


def truth_value(v, base):
    from mpmath import mp
    if v is None:
        return None
    return enc(float(v if base is None else v / mp.log(base)))


def array_measures():
    """Hellinger, total variation, Bhattacharyya and Rényi of orders ½, 2 and 0.999 of the
    ordinary pairs of P1/Q1 (and near-equal ones), by their definitions in 40-digit mpmath on
    the normalised inputs (scipy has none of these for arrays)."""
    from mpmath import mp
    mp.dps = 40
    pairs = [(p, q) for p, q in zip(P1, Q1) if case_truth(p, q) is not None and 0 not in q]
    pairs += [([1.0, 1.0 + 1e-9, 2.0], [1.0 + 1e-9, 1.0, 2.0]), ([0.2, 0.3, 0.5], [0.0, 0.5, 0.5])]
    out = []
    for p, q in pairs:
        P = [mp.mpf(x) for x in p]
        Q = [mp.mpf(x) for x in q]
        sp, sq = mp.fsum(P), mp.fsum(Q)
        P = [x / sp for x in P]
        Q = [x / sq for x in Q]
        h2 = mp.fsum((mp.sqrt(a) - mp.sqrt(b)) ** 2 for a, b in zip(P, Q)) / 2
        row = {"pk": enc(p), "qk": enc(q), "hellinger": float(mp.sqrt(h2)),
               "tv": float(mp.fsum(abs(a - b) for a, b in zip(P, Q)) / 2),
               "bhattacharyya": float(-mp.log(mp.fsum(mp.sqrt(a * b) for a, b in zip(P, Q))))}
        for al in (mp.mpf("0.5"), mp.mpf(2), mp.mpf("0.999")):
            if any(a > 0 and b == 0 for a, b in zip(P, Q)) and al > 1:
                v = "inf"
            else:
                s = mp.fsum(a ** al * b ** (1 - al) for a, b in zip(P, Q) if a > 0 and b > 0)
                v = float(mp.log(s) / (al - 1))
            row[f"renyi_{mp.nstr(al, 3)}"] = v
        out.append(row)
    return out


def truth_along(a, b, axis, keepdims, fn):
    """fn over each slice along `axis` of a and b broadcast together, in 40-digit mpmath."""
    from mpmath import mp
    mp.dps = 40
    a, b = np.broadcast_arrays(a, b) if b is not None else (a, None)
    am = np.moveaxis(a, axis, -1)
    bm = np.moveaxis(b, axis, -1) if b is not None else None
    out = np.empty(am.shape[:-1])
    for idx in np.ndindex(*am.shape[:-1]):
        p = [mp.mpf(float(x)) for x in am[idx]]
        q = [mp.mpf(float(x)) for x in bm[idx]] if bm is not None else None
        out[idx] = float(fn(p, q))
    return np.ravel(np.expand_dims(out, axis) if keepdims else out)


def mp_kl(p, q):
    from mpmath import mp
    sp, sq = mp.fsum(p), mp.fsum(q)
    if any(x > 0 and y == 0 for x, y in zip(p, q)):
        return mp.inf
    return mp.fsum(x / sp * mp.log((x / sp) / (y / sq)) for x, y in zip(p, q) if x > 0)


def mp_entropy(p, _):
    from mpmath import mp
    sp = mp.fsum(p)
    return -mp.fsum(x / sp * mp.log(x / sp) for x in p if x > 0)


def mp_js_distance(p, q):
    from mpmath import mp
    sp, sq = mp.fsum(p), mp.fsum(q)
    p = [x / sp for x in p]
    q = [y / sq for y in q]
    m = [(x + y) / 2 for x, y in zip(p, q)]
    return mp.sqrt((mp_kl(p, m) + mp_kl(q, m)) / 2)


def broadcast_cases():
    rng = np.random.default_rng(20261129)
    out = []
    for ps, qs in BROADCAST:
        for a_shape, b_shape in ((ps, qs), (qs, ps)):
            a = rng.uniform(0.05, 1.0, a_shape).round(3)
            b = rng.uniform(0.05, 1.0, b_shape).round(3)
            ndim = max(len(a_shape), len(b_shape))
            for axis in range(-ndim, ndim):
                for keepdims in (False, True):
                    row = {"pk": enc(a), "pk_shape": list(a_shape), "qk": enc(b),
                           "qk_shape": list(b_shape), "axis": axis, "keepdims": keepdims,
                           "relative_entropy": enc(np.ravel(stats.entropy(a, b, axis=axis, keepdims=keepdims))),
                           # scipy's jensenshannon normalises each input before broadcasting (a
                           # q of length 1 along the axis then sums to 3, not 1); kldiv
                           # broadcasts first for every measure, as stats.entropy does.
                           "jensenshannon": enc(np.ravel(distance.jensenshannon(
                               *np.broadcast_arrays(a, b), axis=axis, keepdims=keepdims))),
                           "shape": list(np.shape(stats.entropy(a, b, axis=axis, keepdims=keepdims)))}
                    row["relative_entropy_truth"] = enc(truth_along(a, b, axis, keepdims, mp_kl))
                    row["jensenshannon_truth"] = enc(truth_along(a, b, axis, keepdims, mp_js_distance))
                    if -len(a_shape) <= axis < len(a_shape):
                        row["entropy_pk_truth"] = enc(truth_along(a, None, axis, keepdims, mp_entropy))
                        h = stats.entropy(a, axis=axis, keepdims=keepdims)
                        row["entropy_pk"] = enc(np.ravel(h))
                        row["entropy_pk_shape"] = list(np.shape(h))
                    out.append(row)
    return out


def npy_files():
    """Small .npy / .npz files of every dtype and layout, in tests/data/npy/, with scipy's
    entropy of each (the values converted to float64 first: scipy keeps float16 and float32
    in their own precision, kldiv reads every dtype as float64)."""
    import os
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npy")
    os.makedirs(d, exist_ok=True)
    base = np.array([[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]])
    rows = []

    def record(name, arr):
        np.save(os.path.join(d, name), arr)
        f = np.asarray(arr, dtype=np.float64)
        rows.append({"file": f"npy/{name}", "shape": list(arr.shape),
                     "axis0": enc(np.ravel(stats.entropy(f, axis=0))),
                     "axis_last": enc(np.ravel(stats.entropy(f, axis=-1)))})

    for code in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8"):
        for order in ("<", ">"):
            if code in ("i1", "u1") and order == ">":
                continue
            record(f"{code}{'le' if order == '<' else 'be'}.npy", base.astype(order + code))
    record("bool.npy", np.array([[True, False, True], [True, True, False]]))
    record("f8_fortran.npy", np.asfortranarray(base.astype("<f8") / 7))
    record("f8be_fortran.npy", np.asfortranarray(base.astype(">f8") / 7))
    record("f8_3d.npy", (np.arange(24, dtype="<f8").reshape(2, 3, 4) + 1) / 3)
    record("f8_1d.npy", np.array([0.1, 0.2, 0.7]))
    a, b = base.astype("<f8"), (base[::-1] + 1).astype("<f4")
    np.savez(os.path.join(d, "pair.npz"), p=a, q=b)
    np.savez_compressed(os.path.join(d, "pair_compressed.npz"), p=a, q=b)
    # Damaged files for the error messages: data cut short, and a dtype that is not numeric.
    good = open(os.path.join(d, "f8le.npy"), "rb").read()
    open(os.path.join(d, "bad_truncated.npy"), "wb").write(good[:-5])
    np.save(os.path.join(d, "bad_dtype.npy"), np.array([1 + 2j, 3 - 1j]))
    npz = {"files": ["npy/pair.npz", "npy/pair_compressed.npz"],
           "relative_entropy_axis0": enc(stats.entropy(a, b.astype(np.float64), axis=0))}
    return rows, npz


def splitmix64(seed):
    state = seed & 0xFFFFFFFFFFFFFFFF
    while True:
        state = (state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        yield z ^ (z >> 31)


def uniform_array(seed, n):
    """(k >> 11) · 2⁻⁵³ + 2⁻⁵⁴ for the splitmix64 stream: in (0, 1), never 0."""
    g = splitmix64(seed)
    ks = np.fromiter((next(g) >> 11 for _ in range(n)), dtype=np.uint64, count=n)
    return ks.astype(np.float64) * 2.0 ** -53 + 2.0 ** -54


def main():
    cases = []
    for p, q in zip(P1, Q1):
        for base in (None, 2, 10):
            with np.errstate(all="ignore"):
                cases.append({"fn": "entropy", "pk": enc(p), "base": base,
                              "value": enc(stats.entropy(p, base=base)),
                              "truth": truth_value(case_truth(p, None), base)})
                cases.append({"fn": "relative_entropy", "pk": enc(p), "qk": enc(q), "base": base,
                              "value": enc(stats.entropy(p, q, base=base)),
                              "truth": truth_value(case_truth(p, q), base)})
                if p:
                    js = case_truth(p, q) is not None and mp_js_distance(
                        [mpf(x) for x in p], [mpf(y) for y in q]) / mp_sqrt_log(base)
                    cases.append({"fn": "jensenshannon", "pk": enc(p), "qk": enc(q), "base": base,
                                  "value": enc(distance.jensenshannon(p, q, base=base)),
                                  "truth": enc(float(js)) if js is not False else None})
    # Ratios that overflow or underflow (scipy ≥ 1.15 takes ln x − ln y there).
    for p, q in EXTREME:
        cases.append({"fn": "relative_entropy", "pk": enc(p), "qk": enc(q), "base": None,
                      "value": enc(stats.entropy(p, q)),
                      "truth": truth_value(case_truth(p, q), None)})
    elementwise = []
    for x in (0.0, 5e-324, 1e-310, 1e-300, 0.3, 1.0, 1.0 + 2**-52, 7.5, 1e308, -0.5, float("inf"),
              float("nan")):
        for y in (0.0, 5e-324, 1e-300, 0.2, 1.0, 3.0, 1e300, -1.0, float("inf"), float("nan")):
            with np.errstate(all="ignore"):
                row = {"x": enc(x), "y": enc(y), "rel_entr": enc(special.rel_entr(x, y)),
                       "kl_div": enc(special.kl_div(x, y)), "entr": enc(special.entr(x))}
                row.update(elementwise_truth(x, y, row))
                elementwise.append(row)
    matrices = []
    a = np.array([[0.1, 0.5, 0.0], [0.3, 0.2, 0.6], [0.6, 0.3, 0.4]])
    b = np.array([[0.2, 0.2, 0.1], [0.3, 0.5, 0.3], [0.5, 0.3, 0.6]])
    for axis in (0, 1, -1, -2):
        matrices.append({"pk": enc(a), "qk": enc(b), "axis": axis,
                         "entropy": enc(stats.entropy(a, axis=axis)),
                         "relative_entropy": enc(stats.entropy(a, b, axis=axis)),
                         "jensenshannon": enc(distance.jensenshannon(a, b, axis=axis))})
    # The seed notebook's grid.
    x = np.linspace(-10, 10, 10000)
    y = stats.norm.pdf(x)
    ya = stats.norm.pdf(x, 3)
    yb = stats.norm.pdf(x) / 2 + stats.norm.pdf(x, 3) / 2
    yc = stats.norm.pdf(x) / 2 + stats.norm.pdf(x, -3) / 2
    grid = {"entropy(y, y_a)": stats.entropy(y, ya), "entropy(y_a, y)": stats.entropy(ya, y),
            "entropy(y, y_b)": stats.entropy(y, yb), "entropy(y_b, y)": stats.entropy(yb, y),
            "entropy(y, y_c)": stats.entropy(y, yc), "entropy(y_c, y)": stats.entropy(yc, y),
            "min(y/y_a)": np.min(y / ya), "max(y/y_a)": np.max(y / ya),
            "riemann(y, y_a)": np.sum(((x.max() - x.min()) / len(x)) * y * np.log(y / ya)),
            "riemann(y, y_b)": np.sum(((x.max() - x.min()) / len(x)) * y * np.log(y / yb)),
            "riemann(y_b, y)": np.sum(((x.max() - x.min()) / len(x)) * yb * np.log(yb / y))}
    # 10⁷ random elements: the reference in 80-bit long double, scipy's value beside it.
    n = 10_000_000
    p = uniform_array(1, n)
    q = uniform_array(2, n)
    pl, ql = p.astype(np.longdouble), q.astype(np.longdouble)
    pl /= pl.sum()
    ql /= ql.sum()
    reference = float(np.sum(pl * np.log(pl / ql)))
    big = {"n": n, "seed_p": 1, "seed_q": 2, "reference": reference,
           "reference_source": f"numpy longdouble ({np.finfo(np.longdouble).bits}-bit, "
                               f"{np.finfo(np.longdouble).precision} digits)",
           "scipy": float(stats.entropy(p, q))}
    npy_rows, npz = npy_files()
    json.dump({"generator": "tests/data/gen_arrays.py",
               "versions": f"scipy {scipy.__version__}, numpy {np.__version__}",
               "cases": cases, "elementwise": elementwise, "matrices": matrices,
               "broadcast": broadcast_cases(), "npy": npy_rows, "npz": npz,
               "measures": array_measures(),
               "grid": {k: float(v) for k, v in grid.items()}, "big": big},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
