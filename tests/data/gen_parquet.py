#!/usr/bin/env python3
"""Small Parquet files for `kldiv samples`, written by pyarrow as pandas users get them, each
beside the .npy holding the same points as float64, so that a test can ask for the same
estimate from both to the last bit. Run from the repository root with a Python that has numpy
and pyarrow (pyarrow 26 wrote the committed files):

    python3 -m venv .venv-pq && .venv-pq/bin/pip install numpy pyarrow
    .venv-pq/bin/python tests/data/gen_parquet.py

Files, in tests/data/parquet/:
- x.parquet, y.parquet: 3-D normal points (X ~ N(0, I), Y ~ N(0.5, I)), columns a, b, c of
  float64, snappy (pyarrow's default), row groups of 64 rows so a read crosses groups; x.npy
  and y.npy the same points. x_zstd, x_gzip, x_lz4: x in the other codecs.
- ints_x.parquet, ints_y.parquet: one column of each integer width, signed and unsigned, plus
  float32 and float16; ints_x.npy, ints_y.npy the same as float64 in that column order.
- mixed.parquet: numeric x, y beside a string, a timestamp, a decimal, a boolean and a list.
- nulls.parquet: float64 a, b with b null at row 2 (rows count from 0).
- nan.parquet: b is NaN at row 4.
- empty.parquet: columns a, b and no rows.
"""

import datetime
import decimal
import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parquet")


def write(name, table, **kw):
    pq.write_table(table, os.path.join(HERE, name), **kw)


def main():
    os.makedirs(HERE, exist_ok=True)
    rng = np.random.default_rng(20240612)
    x = rng.standard_normal((200, 3))
    y = rng.standard_normal((150, 3)) + 0.5
    for name, pts in (("x", x), ("y", y)):
        t = pa.table({c: pts[:, i] for i, c in enumerate("abc")})
        write(f"{name}.parquet", t, row_group_size=64)
        np.save(os.path.join(HERE, f"{name}.npy"), pts)
    tx = pa.table({c: x[:, i] for i, c in enumerate("abc")})
    for codec in ("zstd", "gzip", "lz4"):
        write(f"x_{codec}.parquet", tx, compression=codec, row_group_size=64)

    # Integers spread over each type's range (no overflow: i < 40), even rows for X and odd
    # ones for Y, so that no point of X is also in Y.
    i = np.arange(40)
    cols = {
        "i8": (i * 6 - 120).astype(np.int8),
        "i16": (i * 1500 - 30000).astype(np.int16),
        "i32": (i * 100_000_007 - 2_000_000_000).astype(np.int32),
        "i64": (i * 2**57 - 2**62).astype(np.int64),
        "u8": (i * 6).astype(np.uint8),
        "u16": (i * 1600).astype(np.uint16),
        "u32": (i * 50_000_003 + 2**31).astype(np.uint32),
        "u64": i.astype(np.uint64) * np.uint64(2**57) + np.uint64(2**63),
        "f32": (i / 7).astype(np.float32),
        "f16": (i / 8).astype(np.float16),
    }
    for name, rows in (("ints_x", slice(0, None, 2)), ("ints_y", slice(1, None, 2))):
        write(f"{name}.parquet", pa.table({k: v[rows] for k, v in cols.items()}))
        np.save(os.path.join(HERE, f"{name}.npy"),
                np.column_stack([v[rows].astype(np.float64) for v in cols.values()]))

    m = 6
    mixed = pa.table({
        "x": np.linspace(0.0, 1.0, m),
        "label": [f"p{k}" for k in range(m)],
        "when": pa.array([datetime.datetime(2024, 1, 1 + k) for k in range(m)],
                         pa.timestamp("us")),
        "price": pa.array([decimal.Decimal(f"{k}.25") for k in range(m)], pa.decimal128(5, 2)),
        "flag": [k % 2 == 0 for k in range(m)],
        "tags": [[k, k + 1] for k in range(m)],
        "y": np.linspace(2.0, 3.0, m) ** 2,
    })
    write("mixed.parquet", mixed)

    write("nulls.parquet", pa.table({
        "a": [0.0, 1.0, 2.0, 3.0, 4.0],
        "b": pa.array([0.5, 1.5, None, 3.5, 4.5], pa.float64()),
    }))
    write("nan.parquet", pa.table({
        "a": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        "b": [0.5, 1.5, 2.5, 3.5, float("nan"), 5.5],
    }))
    write("empty.parquet", pa.table({
        "a": pa.array([], pa.float64()),
        "b": pa.array([], pa.float64()),
    }))


if __name__ == "__main__":
    main()
