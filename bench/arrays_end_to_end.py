#!/usr/bin/env python3
"""`kldiv entropy p.npy q.npy` end to end against np.load + scipy.stats.entropy, and the array
kernel on one core against NumKong's `kld`, side by side in one run. Medians.

- End to end: 2·10^7 f8 elements per file (320 MB of input in all), warm page cache. kldiv is
  timed as a whole process (start, map, compute, print); numpy/scipy in-process from np.load to
  the result, without the interpreter's start or `import scipy` (which favours Python). Peak
  memory is the child's maximum resident set (mapped file pages count).
- Per core: kldiv's `relative_entropy` with one rayon thread (`array_timing`) and
  `numkong.kld` (single-threaded, inexact: adds ε = 1e-15 and does not normalise) on the same
  arrays in one process each, interleaved.

Run from the repository root (the .venv needs numpy, scipy and numkong):

    .venv/bin/python bench/arrays_end_to_end.py
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import timeit

import numpy as np
import scipy
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from entropy_vs_scipy import splitmix_uniform  # noqa: E402

N = 20_000_000
RUNS = 9
KERNEL_SIZES = [100_000, 1_000_000, 10_000_000]


# Spawns the command from a fresh, small interpreter and reports its wall time, peak RSS and
# output: a child forked from this process (which holds the arrays) would inherit its
# resident-set high-water mark.
LAUNCHER = """
import os, sys, time
r, w = os.pipe()
t = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, w, 1)])
os.close(w)
out = b""
while chunk := os.read(r, 1 << 16):
    out += chunk
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t
print(os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss * 1024, out.decode().strip())
"""


def run_child(cmd):
    """Wall time and peak RSS (bytes) of one run of cmd, and its output."""
    res = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], check=True, capture_output=True,
                         text=True).stdout.split(maxsplit=3)
    if res[0] != "0":
        raise SystemExit(f"{cmd} failed")
    return float(res[1]), int(res[2]), res[3]


def main():
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        os.environ.pop(var, None)
    import numkong

    subprocess.run(["cargo", "build", "--release", "-q", "-p", "kldiv-cli"], check=True)
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "array_timing"], check=True)
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, numkong {numkong.__version__}, "
          f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as d:
        pf, qf = os.path.join(d, "p.npy"), os.path.join(d, "q.npy")
        np.save(pf, splitmix_uniform(1, N))
        np.save(qf, splitmix_uniform(2, N))
        input_bytes = os.path.getsize(pf) + os.path.getsize(qf)
        # Warm the page cache, then interleave the two sides.
        for f in (pf, qf):
            with open(f, "rb") as fh:
                while fh.read(1 << 24):
                    pass
        ours, theirs, rss = [], [], []
        value = None
        for _ in range(RUNS):
            wall, peak, out = run_child(["target/release/kldiv", "entropy", pf, qf])
            ours.append(wall)
            rss.append(peak)
            value = float(out)
            t = time.perf_counter()
            ref = stats.entropy(np.load(pf), np.load(qf))
            theirs.append(time.perf_counter() - t)
        k, s = float(np.median(ours)), float(np.median(theirs))
        print()
        print(f"End to end, 2 × {N:,} f8 ({input_bytes / 1e6:.0f} MB), warm cache, median of {RUNS}:")
        print()
        print("| | time | peak memory | memory / input |")
        print("|---|---:|---:|---:|")
        print(f"| `kldiv entropy p.npy q.npy` | {k * 1e3:.1f} ms | {max(rss) / 1e6:.0f} MB | "
              f"{max(rss) / input_bytes:.2f}× |")
        print(f"| `np.load` + `scipy.stats.entropy` (in-process) | {s * 1e3:.0f} ms | | |")
        print(f"| speed-up | {s / k:.1f}× | | |")
        print(f"\nvalues: kldiv {value!r}, scipy {float(ref)!r}")

    out = subprocess.run(["target/release/examples/array_timing", *map(str, KERNEL_SIZES)],
                         check=True, capture_output=True, text=True,
                         env={**os.environ, "RAYON_NUM_THREADS": "1"}).stdout
    one_core = {r["n"]: r for r in map(json.loads, out.splitlines())}
    print()
    print("In memory, one core (kldiv: exact, normalised; NumKong: ε-smoothed, unnormalised):")
    print()
    print("| elements | kldiv | NumKong `kld` | kldiv elements/s | NumKong elements/s | kldiv / NumKong speed |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in KERNEL_SIZES:
        p, q = splitmix_uniform(1, n), splitmix_uniform(2, n)
        number = max(1, int(1e7 / n))
        nk = float(np.median(timeit.repeat(lambda: numkong.kld(p, q), number=number, repeat=9))) / number
        kd = one_core[n]["kldiv_s"]
        print(f"| {n:,} | {kd * 1e3:.3f} ms | {nk * 1e3:.3f} ms | {n / kd:.2e} | {n / nk:.2e} | {nk / kd:.2f}× |")


if __name__ == "__main__":
    main()
