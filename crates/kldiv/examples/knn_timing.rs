//! Times the k = 1 nearest-neighbour estimator on seeded normal samples, n = m given, for each
//! dimension given: median seconds of 7 runs (one JSON object per dimension). For tuning the
//! search; `bench/samples_vs_python.py` is the side-by-side comparison.
#![allow(clippy::unwrap_used, missing_docs)]

use kldiv::samples::{Estimator, Points, knn};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::time::Instant;

fn normals(rng: &mut Xoshiro256PlusPlus, n: usize, shift: f64) -> Vec<f64> {
    (0..n)
        .map(|_| {
            // Box–Muller from two uniforms in (0, 1).
            let u = ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
            let v = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            (-2.0f64 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos() + shift
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(100_000, |a| a.parse().unwrap());
    for d in args.map(|a| a.parse::<usize>().unwrap()) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(d as u64);
        let x = normals(&mut rng, n * d, 0.0);
        let y = normals(&mut rng, n * d, 0.2);
        let (px, py) = (Points::new(&x, d).unwrap(), Points::new(&y, d).unwrap());
        let mut times = Vec::new();
        let mut value = 0.0;
        for _ in 0..7 {
            let t = Instant::now();
            value = knn(px, py, Estimator::Wkv { k: 1 }).unwrap();
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"d\": {d}, \"n\": {n}, \"seconds\": {}, \"value\": {value}}}",
            times[3]
        );
    }
}
