"""The seed chapter (shared/seed/kl-divergence-notebook.txt) with kldiv alone: its numbers on
its grid beside the exact or certified values, and its six figures, written to
DIR/assets/kl-divergence/ (DIR defaults to the current directory), as `kldiv notebook` does.

    python examples/kl_divergence.py [DIR]
"""

import sys
from pathlib import Path

import numpy as np

import kldiv

p = kldiv.Dist("normal(0, 1)")
qs = {
    "a": kldiv.Dist("normal(3, 1)"),
    "b": kldiv.Dist("0.5*normal(0, 1) + 0.5*normal(3, 1)"),
    "c": kldiv.Dist("0.5*normal(0, 1) + 0.5*normal(-3, 1)"),
}
print("norm.ppf(0.01), norm.ppf(0.99):", *p.ppf([0.01, 0.99]))
x = np.linspace(-10, 10, 10_000)  # the notebook's grid
dx = (x.max() - x.min()) / len(x)  # and its spacing (np.linspace's is 20/9999)
y = p.pdf(x)
for name, q in qs.items():
    y_q = q.pdf(x)
    print(f"entropy(y, y_{name}) = {float(kldiv.entropy(y, y_q)):<19} truth {kldiv.kl(p, q)}")
    print(f"entropy(y_{name}, y) = {float(kldiv.entropy(y_q, y)):<19} truth {kldiv.kl(q, p)}")
    print(f"  sum(dx*y*log(y/y_{name})) = {dx * kldiv.rel_entr(y, y_q).sum()}")

out = Path(sys.argv[1] if len(sys.argv) > 1 else ".") / "assets" / "kl-divergence"
out.mkdir(parents=True, exist_ok=True)
integrands = ["log-ratio", "integrand"]
for stem, q, panels, xlim, reverse in [
    ("two-gaussians", "a", ["densities"], (-4, 6), False),
    ("integrants", "a", integrands, (-4, 6), False),
    ("guassian-mixture", "b", ["densities"], (-4, 7), False),
    ("guassian-mixture-integrants", "b", integrands, (-4, 7), False),
    ("guassian-mixture-integrants-d-q-p", "b", integrands, (-4, 7), True),
    ("guassian-mixture-mirrored", "c", ["densities"], (-6, 3), False),
]:
    fig = kldiv.plot(p, qs[q], panels=panels, xlim=xlim, reverse=reverse)
    fig.save(out / f"{stem}.png")
print("figures in", out)
