#!/usr/bin/env bash
# Mutation testing of the rooms whose numbers users trust most: the closed forms, the
# expectations they use, the measures between distributions, the array measures and the
# estimators from samples. A whole run is thousands of mutants (hours on
# two cores); SHARD=k/n runs one n-th of them, as recorded in DESIGN.md. Not part of CI.
#
#   scripts/mutants.sh              # every mutant
#   SHARD=0/20 scripts/mutants.sh   # a twentieth of them
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install cargo-mutants --locked
args=(
  --file crates/kldiv/src/kl/closed_form.rs
  --file crates/kldiv/src/kl/expectations.rs
  --file crates/kldiv/src/arrays/mod.rs
  --file crates/kldiv/src/arrays/batch.rs
  --file crates/kldiv/src/arrays/kernel.rs
  --file crates/kldiv/src/measures.rs
  --file 'crates/kldiv/src/samples/*.rs'
  --test-package kldiv
  --timeout 120
  --output target/mutants
)
if [ -n "${SHARD:-}" ]; then
  args+=(--shard "$SHARD")
fi
cargo mutants "${args[@]}" "$@"
