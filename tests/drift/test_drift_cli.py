"""`kldiv drift --json` against numpy.histogram + scipy on the same edges.

The measures are also checked against their exact values from the same integer counts in
50-digit arithmetic (mpmath), to 1e-12 relative: scipy's own results carry an absolute error
of about n·1e-16 (its proportions sum to 1 only within rounding), which is more than 1e-12 of a
divergence near 1e-5 (a column without drift).

The data come from scripts/gen-drift-data.py (seeded) at 10^5 rows; the binary is $KLDIV or
target/release/kldiv. Each column's edges are checked against numpy's own rule (np.quantile for
the deciles, np.histogram_bin_edges for N and auto), its counts against np.histogram over
[-inf, edges, inf], and its measures against scipy on those counts:

    psi          entropy(c, r) + entropy(r, c)      (scipy.stats.entropy normalises)
    kl_cur_ref   entropy(c, r)
    kl_ref_cur   entropy(r, c)
    js           jensenshannon(r, c) ** 2
    js_distance  jensenshannon(r, c)
    hellinger    sqrt(0.5 * sum((sqrt p - sqrt q)^2))   (no scipy function; numpy)
    tv           0.5 * sum|p - q|
"""
import importlib.util
import json
import math
import os
import subprocess

import mpmath
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scipy.spatial.distance import jensenshannon
from scipy.stats import entropy

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KLDIV = os.environ.get("KLDIV", os.path.join(ROOT, "target", "release", "kldiv"))
ROWS = 100_000
# Relative agreement with the exact values (50-digit mpmath from the same counts).
RELATIVE = 1e-12
# With scipy: also an absolute n·ε for scipy's normalisation (≤ 1000 bins here).
SCIPY_ABSOLUTE = 1e-13
MEASURES = "psi,kl,js,js-distance,hellinger,tv"


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "gen_drift_data", os.path.join(ROOT, "scripts", "gen-drift-data.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("drift")
    gen = load_generator()
    gen.write(str(d / "ref.parquet"), ROWS, 7, False, False)
    gen.write(str(d / "cur.parquet"), ROWS, 8, True, True)
    ref = pq.read_table(d / "ref.parquet")
    cur = pq.read_table(d / "cur.parquet")
    return d, ref, cur


def run(*args):
    out = subprocess.run([KLDIV, "drift", *map(str, args), "--json"], capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def values(table, name):
    """The non-null values of a column, NaN included."""
    col = table.column(name)
    return col.drop_null().to_numpy().astype(np.float64)


def num(x):
    return math.inf if x == "inf" else x


def close(got, want, absolute=0.0):
    got = num(got)
    if math.isinf(want) or math.isinf(got):
        return got == want
    return abs(got - want) <= RELATIVE * abs(want) + absolute


def exact(r, c, pseudocount=0.0):
    """The measures from the counts in 50-digit arithmetic."""
    with mpmath.workdps(50):
        add = mpmath.mpf(pseudocount)
        r = [mpmath.mpf(int(x)) + add for x in r]
        c = [mpmath.mpf(int(x)) + add for x in c]
        R, C = sum(r), sum(c)
        p = [x / R for x in r]
        q = [x / C for x in c]

        def kl(a, b):
            if any(x > 0 and y == 0 for x, y in zip(a, b)):
                return math.inf
            return sum(x * mpmath.log(x / y) for x, y in zip(a, b) if x > 0)

        m = [(x + y) / 2 for x, y in zip(p, q)]
        js = (kl(p, m) + kl(q, m)) / 2
        kl_cr, kl_rc = kl(q, p), kl(p, q)
        return {
            "psi": float(kl_cr + kl_rc) if math.inf not in (kl_cr, kl_rc) else math.inf,
            "kl_cur_ref": float(kl_cr) if kl_cr != math.inf else math.inf,
            "kl_ref_cur": float(kl_rc) if kl_rc != math.inf else math.inf,
            "js": float(js),
            "js_distance": float(mpmath.sqrt(js)),
            "hellinger": float(mpmath.sqrt(sum((mpmath.sqrt(x) - mpmath.sqrt(y)) ** 2
                                               for x, y in zip(p, q)) / 2)),
            "tv": float(sum(abs(x - y) for x, y in zip(p, q)) / 2),
        }


def expected(r, c, pseudocount=0.0):
    r = np.asarray(r, dtype=np.float64) + pseudocount
    c = np.asarray(c, dtype=np.float64) + pseudocount
    p, q = r / r.sum(), c / c.sum()
    return {
        "psi": entropy(c, r) + entropy(r, c),
        "kl_cur_ref": entropy(c, r),
        "kl_ref_cur": entropy(r, c),
        "js": jensenshannon(r, c) ** 2,
        "js_distance": jensenshannon(r, c),
        "hellinger": math.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)),
        "tv": 0.5 * np.sum(np.abs(p - q)),
    }


def cuts_of(column):
    """The cut points of a column from its JSON bin labels."""
    return [float(b.split(",")[0][1:]) for b in column["bins"][1:]]


def check_column(col, ref_values, cur_values, cuts, pseudocount=0.0):
    edges = np.r_[-np.inf, cuts, np.inf]
    r, _ = np.histogram(ref_values[~np.isnan(ref_values)], edges)
    c, _ = np.histogram(cur_values[~np.isnan(cur_values)], edges)
    assert col["reference_counts"] == r.tolist()
    assert col["current_counts"] == c.tolist()
    scipy = expected(r, c, pseudocount)
    truth = exact(r, c, pseudocount)
    for name, w in truth.items():
        got = col["measures"][name]
        assert close(got, w), (col["column"], name, got, w)
        if name == "js_distance":
            # √ spreads scipy's absolute error in JS by 1/(2√JS): compare the squares.
            got, name = num(got) ** 2, "js"
        assert close(got, scipy[name], SCIPY_ABSOLUTE), (col["column"], name, got, scipy[name])


def test_deciles_counts_and_measures_equal_numpy_and_scipy(data):
    d, ref, cur = data
    out = run(d / "ref.parquet", d / "cur.parquet", "--measures", MEASURES)
    assert len(out["columns"]) == 8
    for col in out["columns"]:
        x, y = values(ref, col["column"]), values(cur, col["column"])
        finite = x[np.isfinite(x)]
        deciles = np.unique(np.quantile(finite, np.arange(1, 10) / 10))
        cuts = cuts_of(col)
        assert cuts == deciles.tolist(), col["column"]
        check_column(col, x, y, deciles)
    # Sorted by PSI, most drift first; the known drifts lead.
    psi = [num(c["measures"]["psi"]) for c in out["columns"]]
    assert psi == sorted(psi, reverse=True)
    assert out["columns"][0]["column"] in ("shift_large", "scale")
    nulls = next(c for c in out["columns"] if c["column"] == "stable_expon")
    assert nulls["reference_nulls"] == ref.column("stable_expon").null_count


@pytest.mark.parametrize("bins", ["20", "auto"])
def test_equal_width_and_auto_edges_are_numpys(data, bins):
    d, ref, cur = data
    out = run(d / "ref.parquet", d / "cur.parquet", "--bins", bins, "--measures", MEASURES,
              "--columns", "shift_small,lognormal,poisson")
    for col in out["columns"]:
        x, y = values(ref, col["column"]), values(cur, col["column"])
        rule = int(bins) if bins.isdigit() else bins
        edges = np.histogram_bin_edges(x[np.isfinite(x)], rule)[1:-1]
        assert cuts_of(col) == edges.tolist()
        check_column(col, x, y, edges)


def test_given_edges_and_a_pseudocount(data):
    d, ref, cur = data
    cuts = [-1.0, 0.0, 0.5, 1.0]
    out = run(d / "ref.parquet", d / "cur.parquet", "--bins", ",".join(map(str, cuts)),
              "--pseudocount", "0.5", "--measures", MEASURES, "--columns", "uniform,scale")
    for col in out["columns"]:
        x, y = values(ref, col["column"]), values(cur, col["column"])
        check_column(col, x, y, cuts, pseudocount=0.5)
        assert col["warnings"] == []


def test_an_empty_reference_bin_is_inf_without_a_pseudocount(data):
    d, ref, cur = data
    # Above the reference's largest value only the current (spread 1.5 times) has values.
    top = float(np.nextafter(np.max(values(ref, "scale")), np.inf))
    out = run(d / "ref.parquet", d / "cur.parquet", "--bins", f"0,{top!r}", "--measures",
              MEASURES, "--columns", "scale")
    col = out["columns"][0]
    assert col["measures"]["psi"] == "inf" and col["measures"]["kl_cur_ref"] == "inf"
    assert col["empty_reference_bins"] == [2]
    assert "pseudocount" in col["warnings"][0]
    check_column(col, values(ref, "scale"), values(cur, "scale"), [0.0, top])


def test_each_group_against_the_whole_reference(data):
    d, ref, cur = data
    out = run(d / "ref.parquet", d / "cur.parquet", "--by", "segment", "--measures", MEASURES,
              "--columns", "shift_large")
    segment = np.array(cur.column("segment").to_pylist())
    x = values(ref, "shift_large")
    y = cur.column("shift_large").to_numpy()
    cuts = np.unique(np.quantile(x, np.arange(1, 10) / 10))
    assert sorted(c["group"] for c in out["columns"]) == ["a", "b", "c", "d"]
    for col in out["columns"]:
        check_column(col, x, y[segment == col["group"]], cuts)


def test_csv_and_npy_give_the_parquet_numbers(data, tmp_path):
    d, ref, cur = data
    names = ["stable_normal", "shift_large", "poisson"]
    parquet = run(d / "ref.parquet", d / "cur.parquet", "--columns", ",".join(names))
    for side, table in (("ref", ref), ("cur", cur)):
        m = np.column_stack([table.column(n).to_numpy() for n in names])
        np.save(tmp_path / f"{side}.npy", m)
        with open(tmp_path / f"{side}.csv", "w") as f:
            f.write(",".join(names) + "\n")
            for row in m:
                f.write(",".join(repr(float(v)) for v in row) + "\n")
    csv = run(tmp_path / "ref.csv", tmp_path / "cur.csv")
    npy = run(tmp_path / "ref.npy", tmp_path / "cur.npy")
    for a, b in ((parquet, csv),):
        assert [c["measures"] for c in a["columns"]] == [c["measures"] for c in b["columns"]]
    # .npy columns are named 0, 1, 2.
    by_name = {c["column"]: c["measures"] for c in parquet["columns"]}
    for c in npy["columns"]:
        assert c["measures"] == by_name[names[int(c["column"])]]


def test_text_columns_are_categories(tmp_path):
    ref = pa.table({"colour": ["red", "blue", "red", None, "green"] * 20})
    cur = pa.table({"colour": ["red", "red", "blue", "violet", None] * 20})
    pq.write_table(ref, tmp_path / "r.parquet")
    pq.write_table(cur, tmp_path / "c.parquet")
    out = run(tmp_path / "r.parquet", tmp_path / "c.parquet", "--pseudocount", "1",
              "--measures", MEASURES)
    col = out["columns"][0]
    assert col["type"] == "text"
    assert col["bins"] == ["blue", "green", "red", "violet"]
    assert col["reference_counts"] == [20, 20, 40, 0]
    assert col["current_counts"] == [20, 0, 40, 20]
    assert col["reference_nulls"] == 20
    for name, w in exact([20, 20, 40, 0], [20, 0, 40, 20], 1.0).items():
        assert close(col["measures"][name], w), name


def fails(*args):
    out = subprocess.run([KLDIV, "drift", *map(str, args)], capture_output=True, text=True)
    assert out.returncode == 2, out
    return out.stderr


def test_clear_errors(data, tmp_path):
    d, ref, cur = data
    err = fails(d / "ref.parquet", d / "cur.parquet", "--columns", "nope")
    assert "column 'nope' is missing from REF" in err
    pq.write_table(pa.table({"x": [1.0, 2.0]}), tmp_path / "a.parquet")
    pq.write_table(pa.table({"x": ["a", "b"]}), tmp_path / "b.parquet")
    pq.write_table(pa.table({"y": [1.0, 2.0]}), tmp_path / "c.parquet")
    pq.write_table(pa.table({"x": pa.array([None, None], pa.float64())}), tmp_path / "n.parquet")
    err = fails(tmp_path / "a.parquet", tmp_path / "b.parquet")
    assert "column 'x' holds numbers in REF" in err and "text in CUR" in err
    err = fails(tmp_path / "a.parquet", tmp_path / "c.parquet")
    assert "column 'x' is missing from CUR" in err
    err = fails(tmp_path / "n.parquet", tmp_path / "a.parquet")
    assert "no finite value" in err and "'x'" in err
    err = fails(tmp_path / "a.parquet", tmp_path / "n.parquet", "--bins", "0,1")
    assert "the current has no value to compare (2 null, 0 NaN)" in err
    err = fails(tmp_path / "a.parquet", tmp_path / "a.parquet", "--bins", "3,1")
    assert "increase strictly" in err
    err = fails(tmp_path / "a.parquet", tmp_path / "a.parquet", "--measures", "psi,nope")
    assert "unknown measure 'nope'" in err
    err = fails(tmp_path / "a.parquet", tmp_path / "a.parquet", "--pseudocount", "-1")
    assert "pseudocount" in err
