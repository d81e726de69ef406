#!/usr/bin/env bash
# Every test, one command: the Rust workspace, then the Python module built from source with
# pip (maturin comes from the package index as the build backend) into a venv under target/,
# and its pytest suite (which calls scipy live), mypy's stubtest of the type stubs, then the
# notebook examples/kl-divergence.ipynb executed headless (nbclient), then the page of `kldiv
# serve` in headless Chromium (installed by scripts/test-browser.sh when missing).
#
#   scripts/test-all.sh            KLDIV_VENV=DIR to put the venv elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace --release

venv="${KLDIV_VENV:-target/py-test-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check pytest numpy scipy pandas pyarrow mpmath mypy
# --force-reinstall: the version does not change between commits, the code does.
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./crates/kldiv-py
# The source tree's python/ is not on sys.path: the installed package is the one tested.
"$py" -m pytest -q -p no:cacheprovider crates/kldiv-py/tests
# The stubs against the compiled module as installed: every name in __all__, every signature,
# which classes are final (no allowlist: stubtest sees all of the module today).
"$py" -m mypy.stubtest kldiv._kldiv

# The notebook, executed headless, its printed numbers checked.
"$py" -m pip install --quiet --disable-pip-version-check nbclient nbformat ipykernel ipywidgets
"$py" scripts/test-notebook.py

KLDIV_VENV="$venv" scripts/test-browser.sh
# `kldiv drift --json` against numpy.histogram + scipy (and 50-digit mpmath) at 10^5 rows.
cargo build --release -p kldiv-cli
KLDIV=target/release/kldiv "$py" -m pytest -q -p no:cacheprovider tests/drift
