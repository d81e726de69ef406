#!/usr/bin/env python3
"""`kldiv drift` against the Python ways of computing the same drift report.

    bench/drift_vs_python.py [--rows 10000000] [--repeats 3] [--data DIR]

Data: scripts/gen-drift-data.py (seeded; generated into DIR when missing), reference and current
Parquet tables of ROWS rows x 8 float64 columns. The job, for every column: the reference's
deciles (exact, numpy's "linear" quantile), the histograms of both tables over those edges (with
underflow and overflow bins), then PSI, KL both ways, JS, Hellinger and TV from the counts. Each
contender reads the Parquet files itself and computes the edges and the counts its own way:

    kldiv          kldiv drift REF CUR --json (edges in bounded memory, both cores)
    pandas+scipy   pd.read_parquet, np.quantile, np.histogram, scipy.stats.entropy and
                   scipy.spatial.distance.jensenshannon: the way Evidently computes it
    polars         scan_parquet, quantile(linear), a bin index as the sum of x >= cut, group_by
    duckdb         quantile_cont, the same bin index in SQL, GROUP BY

The measures from the counts are the same few lines of numpy/scipy for the three Python
contenders. The script checks that every contender's edges and counts equal kldiv's, prints the
median of the wall times and the ratios to kldiv side by side, and records Evidently's
DataDriftPreset on a sample of 10^5 rows when evidently is installed (it bins differently:
Sturges over both tables, so only its time is recorded).
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KLDIV = os.environ.get("KLDIV", os.path.join(ROOT, "target", "release", "kldiv"))
QS = [j / 10 for j in range(1, 10)]


def measures(r, c):
    from scipy.spatial.distance import jensenshannon
    from scipy.stats import entropy
    r = np.asarray(r, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    p, q = r / r.sum(), c / c.sum()
    return {
        "psi": entropy(c, r) + entropy(r, c),
        "kl_cur_ref": entropy(c, r),
        "kl_ref_cur": entropy(r, c),
        "js": jensenshannon(r, c) ** 2,
        "hellinger": math.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)),
        "tv": 0.5 * np.sum(np.abs(p - q)),
    }


def run_kldiv(ref, cur):
    out = subprocess.run([KLDIV, "drift", ref, cur, "--json"], capture_output=True, text=True,
                         check=True)
    report = json.loads(out.stdout)
    return {c["column"]: (c["reference_counts"], c["current_counts"]) for c in report["columns"]}


def run_pandas(ref, cur):
    import pandas as pd
    a, b = pd.read_parquet(ref), pd.read_parquet(cur)
    result = {}
    for col in a.columns:
        x = a[col].to_numpy(dtype=np.float64, na_value=np.nan)
        y = b[col].to_numpy(dtype=np.float64, na_value=np.nan)
        x, y = x[~np.isnan(x)], y[~np.isnan(y)]
        edges = np.r_[-np.inf, np.unique(np.quantile(x, QS)), np.inf]
        r, _ = np.histogram(x, edges)
        c, _ = np.histogram(y, edges)
        measures(r, c)
        result[col] = (r.tolist(), c.tolist())
    return result


def bin_index(cuts, name, sql):
    """The number of cut points <= x, as a sum of comparisons."""
    if sql:
        return " + ".join(f'("{name}" >= {c!r})::INTEGER' for c in cuts)
    import polars as pl
    return pl.sum_horizontal([(pl.col(name) >= c).cast(pl.Int32) for c in cuts])


def counts_from(keys, n, bins):
    out = [0] * bins
    for k, v in zip(keys, n):
        out[int(k)] = int(v)
    return out


def run_polars(ref, cur):
    import polars as pl
    a, b = pl.scan_parquet(ref), pl.scan_parquet(cur)
    cols = a.collect_schema().names()
    qs = a.select([pl.col(c).drop_nans().quantile(q, interpolation="linear").alias(f"{c}|{q}")
                   for c in cols for q in QS]).collect().row(0, named=True)
    result = {}
    cuts = {c: sorted(set(qs[f"{c}|{q}"] for q in QS)) for c in cols}
    for frame, side in ((a, 0), (b, 1)):
        for c in cols:
            g = (frame.select(pl.col(c)).drop_nulls().filter(pl.col(c).is_not_nan())
                 .select(bin_index(cuts[c], c, False).alias("b"))
                 .group_by("b").len().collect())
            counts = counts_from(g["b"], g["len"], len(cuts[c]) + 1)
            result.setdefault(c, [None, None])[side] = counts
    for c in cols:
        measures(*result[c])
    return {c: tuple(v) for c, v in result.items()}


def run_duckdb(ref, cur):
    import duckdb
    con = duckdb.connect()
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{ref}'").fetchall()]
    quant = ", ".join(f'quantile_cont("{c}", {QS}) FILTER (WHERE NOT isnan("{c}"))'
                      for c in cols)
    row = con.execute(f"SELECT {quant} FROM '{ref}'").fetchone()
    result = {}
    for c, q in zip(cols, row):
        cuts = sorted(set(q))
        counts = []
        for f in (ref, cur):
            rows = con.execute(
                f"SELECT {bin_index(cuts, c, True)} AS b, count(*) FROM '{f}' "
                f'WHERE "{c}" IS NOT NULL AND NOT isnan("{c}") GROUP BY b').fetchall()
            counts.append(counts_from([r[0] for r in rows], [r[1] for r in rows],
                                      len(cuts) + 1))
        measures(*counts)
        result[c] = tuple(counts)
    return result


def run_evidently(ref, cur, n):
    import pandas as pd
    from evidently import Report
    from evidently.presets import DataDriftPreset
    a = pd.read_parquet(ref).head(n)
    b = pd.read_parquet(cur).head(n)
    t = time.perf_counter()
    Report([DataDriftPreset()]).run(reference_data=a, current_data=b)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--data", default=None)
    a = ap.parse_args()
    data = a.data or os.path.join(ROOT, "target", f"drift-bench-{a.rows}")
    ref, cur = os.path.join(data, "ref.parquet"), os.path.join(data, "cur.parquet")
    if not (os.path.exists(ref) and os.path.exists(cur)):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-drift-data.py"),
                        "--rows", str(a.rows), "--out", data], check=True)
    # Imports before the clock starts: they are not the work.
    import duckdb, pandas, polars, scipy.stats, scipy.spatial.distance  # noqa: F401,E401
    contenders = [("kldiv", run_kldiv), ("pandas+scipy", run_pandas), ("polars", run_polars),
                  ("duckdb", run_duckdb)]
    times, results = {}, {}
    for _ in range(a.repeats):
        # Interleaved, so that a slow spell of a shared machine falls on all alike.
        for name, f in contenders:
            t = time.perf_counter()
            results[name] = f(ref, cur)
            times.setdefault(name, []).append(time.perf_counter() - t)
    for name, _ in contenders[1:]:
        same = results[name] == {k: tuple(v) for k, v in results["kldiv"].items()}
        print(f"{name}: counts {'equal' if same else 'DIFFER from'} kldiv's")
    print(f"\n{a.rows} rows x 8 columns, two Parquet files; deciles, histograms, six measures;"
          f" median of {a.repeats} wall times, {os.cpu_count()} cores")
    base = statistics.median(times["kldiv"])
    print(f"{'contender':<14} {'median s':>9} {'x kldiv':>8}   runs")
    for name, _ in contenders:
        m = statistics.median(times[name])
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"{name:<14} {m:>9.2f} {m / base:>8.1f}   {runs}")
    try:
        t = run_evidently(ref, cur, 100_000)
        print(f"\nEvidently DataDriftPreset, 10^5-row sample of each (its own bins): {t:.2f} s")
    except ImportError as e:
        print(f"\nEvidently not installed ({e}): not run")


if __name__ == "__main__":
    main()
