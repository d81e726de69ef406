#!/usr/bin/env python3
"""README's table of every method for KL between Gaussian mixtures beside the truth: the pairs
of tests/data/mixtures.json (truth by mpmath in d = 1, a converged grid in d = 2, 2·10⁷-draw
numpy Monte Carlo in d = 10), each through `kldiv kl --method …`. Run from the repository root
after `cargo build --release`:

    .venv/bin/python bench/mixture_table.py > bench/mixture_table.out
"""

import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KLDIV = ROOT / "target" / "release" / "kldiv"
METHODS = ["variational", "product", "matched", "unscented", "moments"]


def run(p, q, method, extra=()):
    out = subprocess.run([str(KLDIV), "kl", p, q, "--method", method, "--json", *extra],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    cases = json.loads((ROOT / "tests" / "data" / "mixtures.json").read_text())
    tmp = Path(tempfile.mkdtemp())
    print("| pair | truth | guaranteed bounds | " + " | ".join(METHODS) + " | Monte Carlo, 10⁶ |")
    print("|---|---:|---|" + "---:|" * (len(METHODS) + 1))
    for i, c in enumerate(cases):
        (tmp / f"p{i}.txt").write_text(c["p"])
        (tmp / f"q{i}.txt").write_text(c["q"])
        p, q = f"@{tmp / f'p{i}.txt'}", f"@{tmp / f'q{i}.txt'}"
        b = run(p, q, "bounds")
        approx = [run(p, q, m)["value"] for m in METHODS]
        mc = run(p, q, "mc", ("--samples", "1000000"))
        truth = f"{c['truth']:.6g}" + (f" ± {c['truth_error']:.0e}" if c["d"] == 10 else "")
        cells = " | ".join(f"{v:.4g}" for v in approx)
        print(f"| {c['name']} | {truth} | [{b['lower']:.4g}, {b['upper']:.4g}] | {cells} | "
              f"{mc['value']:.4g} ± {mc['abs_error']:.0e} |")


if __name__ == "__main__":
    main()
