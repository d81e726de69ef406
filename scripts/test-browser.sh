#!/usr/bin/env bash
# The page of `kldiv serve` in headless Chromium: installs Debian's chromium and chromium-driver
# when missing (apt-get, as root), selenium and Pillow into the test venv, and runs
# scripts/test-browser.py against the release binary. The screenshot is kept under
# target/browser/.
#
#   scripts/test-browser.sh          KLDIV_VENV=DIR for the venv (default target/py-test-venv)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

venv="${KLDIV_VENV:-target/py-test-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check selenium pillow

cargo build --release -p kldiv-cli --bin kldiv
"$py" scripts/test-browser.py target/release/kldiv target/browser
