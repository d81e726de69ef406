//! Times `relative_entropy` on random arrays of the sizes given as arguments, for
//! `bench/entropy_vs_scipy.py`, next to the time to merely read both arrays once (the memory
//! bound) on all cores. Prints one JSON object per size: medians in seconds.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use kldiv::arrays::{ArrayOptions, relative_entropy};
use rayon::prelude::*;
use std::time::Instant;

fn splitmix(seed: u64, n: usize) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 * 2f64.powi(-53) + 2f64.powi(-54)
        })
        .collect()
}

/// A sum with 8 independent lanes, so that it runs at memory speed rather than at one add per
/// cycle: the honest "read once" bound.
fn lane_sum(x: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let chunks = x.chunks_exact(8);
    let rest: f64 = chunks.remainder().iter().sum();
    for c in chunks {
        for j in 0..8 {
            acc[j] += c[j];
        }
    }
    acc.iter().sum::<f64>() + rest
}

fn median(mut f: impl FnMut() -> f64, min_total: f64) -> f64 {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || (start.elapsed().as_secs_f64() < min_total && times.len() < 2000) {
        let t = Instant::now();
        std::hint::black_box(f());
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    for n in std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().unwrap())
    {
        let p = splitmix(1, n);
        let q = splitmix(2, n);
        let o = ArrayOptions::default();
        let kl = median(|| relative_entropy(&p, &q, &o).unwrap(), 1.0);
        let read = median(
            || {
                p.par_chunks(1 << 16)
                    .zip(q.par_chunks(1 << 16))
                    .map(|(a, b)| lane_sum(a) + lane_sum(b))
                    .sum::<f64>()
            },
            1.0,
        );
        println!("{{\"n\": {n}, \"kldiv_s\": {kl}, \"read_s\": {read}}}");
    }
}
