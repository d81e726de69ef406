#!/usr/bin/env python3
"""WKV (k = 1) on n = m = 10^5 points against the best Python ways, side by side in one run.

Python: scipy `cKDTree(...).query(..., workers=-1)` for both distance sets, then the same
formula; at d = 20 also scikit-learn's brute force (`NearestNeighbors(algorithm='brute',
n_jobs=-1)`). kldiv: `kldiv samples x.npy y.npy --json`, the whole process. Data: seeded
normals, X ~ N(0, I), Y ~ N(0.2, I). Medians of the runs; estimates compared.
Run from the repository root (the .venv needs numpy, scipy, scikit-learn):

    .venv/bin/python bench/samples_vs_python.py [--quick]
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy
from scipy.spatial import cKDTree

N = 100_000
DIMS = [1, 5, 20]


def wkv(rho, nu, n, m, d):
    return d * np.mean(np.log(nu / rho)) + math.log(m / (n - 1))


def ckdtree(x, y, d):
    rho = cKDTree(x).query(x, k=2, workers=-1)[0][:, 1]
    nu = cKDTree(y).query(x, k=1, workers=-1)[0]
    return wkv(rho, nu, len(x), len(y), d)


def sklearn_brute(x, y, d):
    from sklearn.neighbors import NearestNeighbors
    rho = NearestNeighbors(n_neighbors=2, algorithm="brute", n_jobs=-1).fit(x).kneighbors(x)[0][:, 1]
    nu = NearestNeighbors(n_neighbors=1, algorithm="brute", n_jobs=-1).fit(y).kneighbors(x)[0][:, 0]
    return wkv(rho, nu, len(x), len(y), d)


def timed(f, runs):
    times, value = [], None
    for _ in range(runs):
        t = time.perf_counter()
        value = f()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), value


def main():
    quick = "--quick" in sys.argv
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        os.environ.pop(var, None)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "kldiv-cli"], check=True)
    import sklearn
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
          f"{os.cpu_count()} cores; n = m = {N:,}, k = 1")
    print()
    print("| d | kldiv | cKDTree (workers=-1) | scikit-learn brute | best Python / kldiv | |estimate difference| |")
    print("|---:|---:|---:|---:|---:|---:|")
    rng = np.random.default_rng(2026)
    with tempfile.TemporaryDirectory() as tmp:
        for d in DIMS:
            x = rng.normal(0.0, 1.0, (N, d))
            y = rng.normal(0.2, 1.0, (N, d))
            xf, yf = os.path.join(tmp, "x.npy"), os.path.join(tmp, "y.npy")
            np.save(xf, x)
            np.save(yf, y)
            runs = 1 if d == 20 else 5
            ours_t, out = timed(lambda: subprocess.run(
                ["target/release/kldiv", "samples", xf, yf, "--json"], check=True,
                capture_output=True, text=True).stdout, runs)
            ours = json.loads(out)["value"]
            if d == 20 and quick:
                ck_t, ck = float("nan"), float("nan")
            else:
                ck_t, ck = timed(lambda: ckdtree(x, y, d), runs)
            if d == 20:
                sk_t, sk = timed(lambda: sklearn_brute(x, y, d), 1)
            else:
                sk_t, sk = float("nan"), float("nan")
            best = np.nanmin([ck_t, sk_t])
            ref = ck if not math.isnan(ck) else sk
            cell = lambda t: "—" if math.isnan(t) else f"{t:.3f} s"
            print(f"| {d} | {ours_t:.3f} s | {cell(ck_t)} | {cell(sk_t)} | {best / ours_t:.1f}× | "
                  f"{abs(ours - ref) / abs(ref):.1e} |", flush=True)


if __name__ == "__main__":
    main()
