"""Executes examples/kl-divergence.ipynb headless (nbclient) and checks what it prints.

    python scripts/test-notebook.py [--write]

Each printed number is checked against a reference that says where it comes from: the grid
values against the numbers the seed chapter printed (scipy on the same grid,
shared/seed/kl-divergence-notebook.txt), the certified values against mpmath
(tests/data/kl.json) within their printed bars. With --write, the executed notebook (with its
outputs) is written back, as committed.
"""

import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "kl-divergence.ipynb"

# The seed chapter's printed numbers (scipy.stats on np.linspace(-10, 10, 10000)).
SEED = {
    "ppf(0.01)": -2.3263478740408408,
    "ppf(0.99)": 2.3263478740408408,
    "entropy(y, y_a)": 4.499999999998729,
    "entropy(y_a, y)": 4.499999999974058,
    "min(y/y_a)": 8.423463754468646e-12,
    "max(y/y_a)": 961965785544776.6,
    "sum(dx*y*log(y/y_a))": 4.49955,
    "entropy(y, y_b)": 0.526777306520738,
    "entropy(y_b, y)": 1.723222693464332,
    "sum(dx*y*log(y/y_b))": 0.5267246287907215,
    "sum(dx*y_b*log(y_b/y))": 1.7230503711932554,
    "entropy(y, y_c)": 0.5267773065207384,
    "entropy(y_c, y)": 1.723222693464331,
}
# The same float64 arithmetic in two implementations (pdf on a grid, a sum of 10⁴ terms):
# they agree to ~1e-14 relative; the ratio's extremes are e^±34, where an ulp of the
# exponent's argument is ~1e-14 of the result.
GRID_REL = 1e-12
# Which pair each certified value is: the chapter's names for p and the three q's.
PAIRS = {
    "y_a": ("normal(0, 1)", "normal(3, 1)"),
    "y_b": ("normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(3, 1)"),
    "y_c": ("normal(0, 1)", "0.5*normal(0, 1) + 0.5*normal(-3, 1)"),
}
# Unit-variance normals 3 apart: Δ²/2 both ways, exactly (no fixture for the reverse).
EXACT = {("normal(3, 1)", "normal(0, 1)"): 4.5}

LINE = re.compile(r"^(?P<name>.+?) = (?P<grid>\S+)(?:\s+certified (?P<value>\S+)(?: ± (?P<bar>\S+))?)?")


def truth(pair):
    if pair in EXACT:
        return EXACT[pair]
    data = json.loads((ROOT / "tests" / "data" / "kl.json").read_text())
    for r in data["pairs"]:
        if (r["p"], r["q"]) == pair:
            return r["kl"]
    raise KeyError(pair)


def pair_of(name):
    """entropy(y, y_b) is KL(p‖q_b); entropy(y_b, y) and sum(dx*y_b*…) are KL(q_b‖p)."""
    q = re.search(r"y_[abc]", name).group(0)
    p_first = re.search(r"\(y,|dx\*y\*", name) is not None
    p, qq = PAIRS[q]
    return (p, qq) if p_first else (qq, p)


def main():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    text = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
        if o.get("output_type") == "stream"
    )
    seen = set()
    for line in text.splitlines():
        m = LINE.match(line)
        if not m or m["name"] not in SEED:
            continue
        name, grid = m["name"], float(m["grid"])
        seed = SEED[name]
        assert abs(grid - seed) <= GRID_REL * abs(seed), f"{name}: {grid} vs the chapter's {seed}"
        if m["value"]:
            pair = pair_of(name)
            t, v = truth(pair), float(m["value"])
            bar = float(m["bar"]) if m["bar"] else 0.0
            assert abs(v - t) <= bar, f"{name}: certified {v} ± {bar}, truth {t} ({pair})"
        seen.add(name)
        print("ok  ", line)
    missing = set(SEED) - seen
    assert not missing, f"not printed: {sorted(missing)}"
    images = sum(
        1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    )
    assert images >= 6, f"{images} figures inline, expected the chapter's six"
    print(f"ok   {images} figures inline")
    if "--write" in sys.argv:
        nbformat.write(nb, NOTEBOOK)
        print("wrote", NOTEBOOK)


main()
