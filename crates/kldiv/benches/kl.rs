//! `cargo bench`: the hot paths, timed by divan (medians). Side-by-side comparisons with scipy
//! are in `bench/*.py`.
#![allow(clippy::unwrap_used, missing_docs)]

use kldiv::arrays::{ArrayOptions, relative_entropy};
use kldiv::{Dist, Options, divergence};

fn main() {
    divan::main();
}

#[divan::bench]
fn seed_mixture_quadrature(b: divan::Bencher) {
    let p: Dist = "normal(0, 1)".parse().unwrap();
    let q: Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse().unwrap();
    b.bench(|| {
        divergence(
            divan::black_box(&p),
            divan::black_box(&q),
            &Options::default(),
        )
        .unwrap()
    });
}

/// Every measure by quadrature on the seed's pair, beside KL's own (`seed_mixture_quadrature`):
/// a measure costs about what KL does.
#[divan::bench(args = ["kl", "hellinger", "tv", "js", "renyi:0.5", "renyi:2", "bhattacharyya", "cross-entropy"])]
fn seed_mixture_measure(b: divan::Bencher, name: &str) {
    let p: Dist = "normal(0, 1)".parse().unwrap();
    let q: Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse().unwrap();
    let m: kldiv::Measure = name.parse().unwrap();
    let o = Options::default().method(kldiv::Method::Quadrature);
    b.bench(|| kldiv::measure(divan::black_box(&p), divan::black_box(&q), m, &o).unwrap());
}

#[divan::bench]
fn gamma_gamma_closed_form(b: divan::Bencher) {
    let p: Dist = "gamma(2.5, 1.5)".parse().unwrap();
    let q: Dist = "gamma(1.2, 0.7)".parse().unwrap();
    b.bench(|| {
        divergence(
            divan::black_box(&p),
            divan::black_box(&q),
            &Options::default(),
        )
        .unwrap()
    });
}

#[divan::bench(args = [1_000, 1_000_000])]
fn relative_entropy_random(b: divan::Bencher, n: usize) {
    let p: Vec<f64> = (0..n)
        .map(|i| ((i as f64) * 0.618).fract() + 1e-3)
        .collect();
    let q: Vec<f64> = (0..n)
        .map(|i| ((i as f64) * 0.414).fract() + 1e-3)
        .collect();
    b.bench(|| {
        relative_entropy(
            divan::black_box(&p),
            divan::black_box(&q),
            &ArrayOptions::default(),
        )
        .unwrap()
    });
}

/// KL between two multivariate normals of d = 1000 (the factors made at construction, timed
/// apart in `mvnormal_construct_d1000`).
#[divan::bench(sample_count = 5)]
fn mvnormal_kl_d1000(b: divan::Bencher) {
    let (p, q) = (spd_normal(1000, 1), spd_normal(1000, 2));
    b.bench(|| {
        divergence(
            divan::black_box(&p),
            divan::black_box(&q),
            &Options::default(),
        )
        .unwrap()
    });
}

#[divan::bench(sample_count = 5)]
fn mvnormal_construct_d1000(b: divan::Bencher) {
    b.bench(|| spd_normal(1000, 1));
}

/// N(μ, A Aᵀ/d + I) with A and μ from a fixed integer pattern.
fn spd_normal(d: usize, seed: usize) -> Dist {
    let a: Vec<f64> = (0..d * d)
        .map(|k| (((k * 7919 + seed * 104_729) % 13) as f64 - 6.0) / 6.0)
        .collect();
    let cov: Vec<Vec<f64>> = (0..d)
        .map(|i| {
            (0..d)
                .map(|j| {
                    let dot: f64 = (0..d).map(|k| a[i * d + k] * a[j * d + k]).sum();
                    dot / d as f64 + if i == j { 1.0 } else { 0.0 }
                })
                .collect()
        })
        .collect();
    let mean: Vec<f64> = (0..d).map(|i| ((i * seed) % 5) as f64 * 0.1).collect();
    kldiv::MvNormal::new(mean, cov).unwrap().into()
}
