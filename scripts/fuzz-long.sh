#!/usr/bin/env bash
# The long runs of the random-input harnesses (cargo fuzz needs nightly, which this project's
# machines do not have): parser, divergence and array readers, SECONDS each (default 600), in
# parallel. Each prints how many inputs it ran. Usage: scripts/fuzz-long.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-600}"
cargo test --release -p kldiv --test tests --no-run -q
cargo test --release -p kldiv-cli --bin kldiv --no-run -q
FUZZ_SECONDS="$secs" cargo test --release -q -p kldiv --test tests fuzz_parser -- --nocapture &
FUZZ_SECONDS="$secs" cargo test --release -q -p kldiv --test tests fuzz_divergence -- --nocapture &
FUZZ_SECONDS="$secs" cargo test --release -q -p kldiv-cli --bin kldiv fuzz_readers -- --nocapture &
wait
