#!/usr/bin/env python3
"""scipy.stats.entropy(p, q) against kldiv's relative_entropy, side by side, in one run.

Both sides use random f64 arrays in (0, 1) from the same splitmix64 stream (p seed 1, q seed 2).
kldiv is timed in-process by `crates/kldiv/examples/array_timing.rs`, which also times merely
reading both arrays once on all cores (8-lane sums: the memory-bandwidth bound). Medians.
Run from the repository root:

    .venv/bin/python bench/entropy_vs_scipy.py

OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for this process, as the workplace notes advise
for benchmarking numpy (tests and CI keep them).
"""

import json
import os
import subprocess
import timeit

import numpy as np
import scipy
from scipy import stats

SIZES = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 50_000_000]


def splitmix_uniform(seed, n):
    """Vectorised splitmix64, identical to the Rust generator."""
    mask = np.uint64(0xFFFFFFFFFFFFFFFF)
    with np.errstate(over="ignore"):
        state = (np.arange(1, n + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed)) & mask
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53 + 2.0 ** -54


def main():
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        os.environ.pop(var, None)
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "array_timing"], check=True)
    out = subprocess.run(["target/release/examples/array_timing", *map(str, SIZES)],
                         check=True, capture_output=True, text=True).stdout
    ours = {r["n"]: r for r in map(json.loads, out.splitlines())}
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, {os.cpu_count()} cores")
    print()
    print("| elements | scipy.stats.entropy | kldiv | speed-up | kldiv elements/s | read both once | kldiv / read |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in SIZES:
        p = splitmix_uniform(1, n)
        q = splitmix_uniform(2, n)
        number = max(1, int(2e5 / n))
        repeat = 7 if n < 10_000_000 else 3
        scipy_s = float(np.median(timeit.repeat(lambda: stats.entropy(p, q), number=number, repeat=repeat))) / number
        k = ours[n]
        print(f"| {n:,} | {scipy_s * 1e3:.3f} ms | {k['kldiv_s'] * 1e3:.3f} ms | {scipy_s / k['kldiv_s']:.0f}× | "
              f"{n / k['kldiv_s']:.2e} | {k['read_s'] * 1e3:.3f} ms | {k['kldiv_s'] / k['read_s']:.2f}× |")


if __name__ == "__main__":
    main()
