"""The seed chapter (shared/seed/kl-divergence-notebook.txt) with kldiv alone: its numbers on
its grid, the exact or certified values beside them, and its figures.

    python examples/kl_divergence.py [OUT_DIR]     (figures to OUT_DIR, default: a temporary one)
"""

import sys
import tempfile
from pathlib import Path

import numpy as np

import kldiv

p = kldiv.Dist("normal(0, 1)")
qs = {
    "a": kldiv.Dist("normal(3, 1)"),
    "b": kldiv.Dist("0.5*normal(0, 1) + 0.5*normal(3, 1)"),
    "c": kldiv.Dist("0.5*normal(0, 1) + 0.5*normal(-3, 1)"),
}

print("norm.ppf(0.01), (0.99):", *p.ppf([0.01, 0.99]))
x = np.linspace(-10, 10, 10_000)  # the notebook's grid, and its scipy.stats.entropy on it
dx = (x.max() - x.min()) / len(x)  # the notebook's spacing; np.linspace's is 20/9999
y = p.pdf(x)
for name, q in qs.items():
    y_q = q.pdf(x)
    forward, backward = kldiv.kl(p, q), kldiv.kl(q, p)
    print(f"entropy(y, y_{name}) = {float(kldiv.entropy(y, y_q)):<19} truth {forward}")
    print(f"entropy(y_{name}, y) = {float(kldiv.entropy(y_q, y)):<19} truth {backward}")
    print(f"  sum(dx*y*log(y/y_{name})) = {dx * kldiv.rel_entr(y, y_q).sum()}")

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
out.mkdir(parents=True, exist_ok=True)
figures = {
    "two-gaussians": kldiv.plot(p, qs["a"], panels=["densities"], xlim=(-4, 6)),
    "integrants": kldiv.plot(p, qs["a"], panels=["log-ratio", "integrand"], xlim=(-4, 6)),
    "guassian-mixture": kldiv.plot(p, qs["b"], panels=["densities"], xlim=(-4, 7)),
    "guassian-mixture-integrants": kldiv.plot(
        p, qs["b"], panels=["log-ratio", "integrand"], xlim=(-4, 7)
    ),
    "guassian-mixture-integrants-d-q-p": kldiv.plot(
        p, qs["b"], panels=["log-ratio", "integrand"], xlim=(-4, 7), reverse=True
    ),
    "guassian-mixture-mirrored": kldiv.plot(p, qs["c"], panels=["densities"], xlim=(-6, 3)),
}
for stem, fig in figures.items():
    fig.save(out / f"{stem}.png")
print("figures:", ", ".join(f"{s}.png" for s in figures), "in", out)
