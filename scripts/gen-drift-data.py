#!/usr/bin/env python3
"""Reference and current tables for `kldiv drift`, with known drift in some columns.

    scripts/gen-drift-data.py --rows 10000000 --out DIR      (numpy + pyarrow; seeded)

Writes DIR/ref.parquet and DIR/cur.parquet: ROWS rows each, 8 float64 columns, in row groups of
2^20 rows, generated block by block so memory stays small at 10^8 rows. The columns:

    stable_normal   N(0, 1) in both                              no drift
    shift_small     N(0, 1) -> N(0.05, 1)                        small drift
    shift_large     N(0, 1) -> N(0.5, 1)                         large drift
    scale           N(0, 1) -> N(0, 1.5)                         spread
    stable_expon    Exp(1) in both, 1% nulls in both             no drift, nulls
    lognormal       LogN(0, 1) -> LogN(0.1, 1.1)                 drift in the tail
    uniform         U(0, 1) in both                              no drift
    poisson         Poisson(3) -> Poisson(3.3), as float64       ties: duplicate deciles merged

With --segments the current table also gets a text column `segment` (a, b, c, d) for `--by`.
"""
import argparse
import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

BLOCK = 1 << 20
COLUMNS = ["stable_normal", "shift_small", "shift_large", "scale", "stable_expon",
           "lognormal", "uniform", "poisson"]


def block(rng, n, current):
    d = 1.0 if current else 0.0
    cols = {
        "stable_normal": rng.standard_normal(n),
        "shift_small": rng.standard_normal(n) + 0.05 * d,
        "shift_large": rng.standard_normal(n) + 0.5 * d,
        "scale": rng.standard_normal(n) * (1.5 if current else 1.0),
        "stable_expon": rng.exponential(1.0, n),
        "lognormal": rng.lognormal(0.1 * d, 1.1 if current else 1.0, n),
        "uniform": rng.random(n),
        "poisson": rng.poisson(3.3 if current else 3.0, n).astype(np.float64),
    }
    arrays = {}
    for name, v in cols.items():
        mask = None
        if name == "stable_expon":
            mask = rng.random(n) < 0.01
        arrays[name] = pa.array(v, mask=mask)
    return arrays


def write(path, rows, seed, current, segments):
    rng = np.random.default_rng(seed)
    schema = [(c, pa.float64()) for c in COLUMNS]
    if segments:
        schema.append(("segment", pa.string()))
    writer = pq.ParquetWriter(path, pa.schema(schema))
    done = 0
    while done < rows:
        n = min(BLOCK, rows - done)
        arrays = block(rng, n, current)
        if segments:
            arrays["segment"] = pa.array(np.array(list("abcd"))[rng.integers(0, 4, n)])
        writer.write_table(pa.table(arrays), row_group_size=BLOCK)
        done += n
    writer.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--out", default="target/drift-data")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--segments", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    write(os.path.join(a.out, "ref.parquet"), a.rows, a.seed, False, False)
    write(os.path.join(a.out, "cur.parquet"), a.rows, a.seed + 1, True, a.segments)


if __name__ == "__main__":
    main()
