//! Times `divergence` on pairs given as arguments (P Q P Q ...), for `bench/kl_vs_scipy.py`.
//! Prints one JSON object per pair: median seconds per call over repeated batches.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use kldiv::{Dist, Method, Options, divergence};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let method = match std::env::var("KLDIV_METHOD").as_deref() {
        Ok("quad") => Method::Quadrature,
        _ => Method::Auto,
    };
    for pair in args.chunks(2) {
        let p: Dist = pair[0].parse().unwrap();
        let q: Dist = pair[1].parse().unwrap();
        let opts = Options::default().method(method);
        let e = divergence(&p, &q, &opts).unwrap();
        // Batches of calls sized to ~5 ms, 41 batches: the median is robust to a noisy machine.
        let start = Instant::now();
        let mut calls = 0u64;
        while start.elapsed().as_secs_f64() < 0.005 {
            std::hint::black_box(divergence(&p, &q, &opts).unwrap());
            calls += 1;
        }
        let mut times = Vec::new();
        for _ in 0..41 {
            let t = Instant::now();
            for _ in 0..calls {
                std::hint::black_box(divergence(&p, &q, &opts).unwrap());
            }
            times.push(t.elapsed().as_secs_f64() / calls as f64);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"p\": {:?}, \"q\": {:?}, \"value\": {}, \"abs_error\": {}, \"method\": \"{}\", \"evaluations\": {}, \"median_s\": {}}}",
            pair[0], pair[1], e.value, e.abs_error, e.method, e.evaluations, times[20]
        );
    }
}
