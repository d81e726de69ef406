#!/bin/sh
# The statistical tier of the sample estimators (about a minute on 2 cores): the 95 % subsampling
# interval of WKV covers the truth in ≥ 90 of 100 seeded repetitions at n = 10^4 (α = 2.8 %).
set -e
cd "$(dirname "$0")/.."
cargo test --release -p kldiv --test tests samples::coverage -- --ignored --nocapture
