//! The coverage study of the intervals from samples (scripts/samples-coverage.sh runs it):
//! for each estimator, pair with a known KL, dimension and size, `reps` fresh data sets, each
//! through `samples::estimate` with a 95 % interval; prints one CSV row per cell: how often the
//! interval covered the truth, its mean width, and how often the estimate carried a warning.
//!
//! `cargo run --release -p kldiv --example samples_coverage -- REPS_1E3 REPS_1E4 REPS_1E5
//! REPLICATES [FILTER]` (FILTER: only cells whose label contains it).
//!
//! The pairs are products of d independent coordinates, so that the truth is d times a
//! one-dimensional KL computed by the library's closed forms or certified quadrature:
//! N(0, 1) ‖ N(0.2, 1.1²) (shifted and rescaled), Exp(1) ‖ Exp(rate 1.5), N(0, 1) ‖
//! ½N(0, 1) + ½N(3, 1) (a mixture), and Poisson(3) ‖ Poisson(4) for the counts.

use kldiv::samples::{self, Correction, Points, SampleEstimator, SampleOptions};
use kldiv::{Dist, Options};
use rand::SeedableRng;

struct Pair {
    name: &'static str,
    p: &'static str,
    q: &'static str,
}

const PAIRS: [Pair; 3] = [
    Pair {
        name: "normal",
        p: "normal(0, 1)",
        q: "normal(0.2, 1.1)",
    },
    Pair {
        name: "exponential",
        p: "exponential(1)",
        q: "exponential(1.5)",
    },
    Pair {
        name: "mixture",
        p: "normal(0, 1)",
        q: "0.5*normal(0, 1) + 0.5*normal(3, 1)",
    },
];

fn draws(dist: &Dist, n: usize, d: usize, rng: &mut rand_xoshiro::Xoshiro256PlusPlus) -> Vec<f64> {
    let mut one = Vec::new();
    let mut out = Vec::with_capacity(n * d);
    for _ in 0..n * d {
        dist.draw_into(rng, &mut one);
        out.push(one[0]);
    }
    out
}

struct Cell {
    covered: usize,
    warned: usize,
    width: f64,
    reps: usize,
}

#[allow(clippy::too_many_arguments)]
fn run_cell(
    p: &Dist,
    q: &Dist,
    d: usize,
    n: usize,
    reps: usize,
    truth: f64,
    options: &SampleOptions,
    seed: u64,
) -> Cell {
    let mut c = Cell {
        covered: 0,
        warned: 0,
        width: 0.0,
        reps: 0,
    };
    for rep in 0..reps as u64 {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed * 1_000_003 + rep);
        let x = draws(p, n, d, &mut rng);
        let y = draws(q, n, d, &mut rng);
        let o = options.clone().seed(rep);
        let e = match Points::new(&x, d)
            .and_then(|px| samples::estimate(px, Points::new(&y, d)?, &o))
        {
            Ok(e) => e,
            Err(err) => {
                eprintln!("rep {rep}: {err}");
                continue;
            }
        };
        let Some(ci) = e.confidence else { continue };
        c.reps += 1;
        if ci.interval.lower <= truth && truth <= ci.interval.upper {
            c.covered += 1;
        }
        if e.warning.is_some() {
            c.warned += 1;
        }
        if (ci.interval.upper - ci.interval.lower).is_finite() {
            c.width += ci.interval.upper - ci.interval.lower;
        }
    }
    c
}

fn main() -> Result<(), kldiv::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, default: usize| {
        args.get(i)
            .and_then(|a| a.parse::<usize>().ok())
            .unwrap_or(default)
    };
    let reps = [num(0, 100), num(1, 100), num(2, 10)];
    let replicates = num(3, 500);
    let filter = args.get(4).cloned().unwrap_or_default();
    let sizes = [1_000usize, 10_000, 100_000];
    println!("estimator,pair,d,n,truth,reps,coverage,mean_width,warned");
    let mut seed = 0u64;
    let emit = |label: String, truth: f64, c: Cell| {
        let r = c.reps.max(1) as f64;
        println!(
            "{label},{truth:.6},{},{:.3},{:.4},{:.3}",
            c.reps,
            c.covered as f64 / r,
            c.width / r,
            c.warned as f64 / r
        );
    };
    let knn = [
        ("wkv k=1", SampleOptions::default()),
        ("wkv k=5", SampleOptions::default().k(5)),
        (
            "varying-k k=3 l=1",
            SampleOptions::default()
                .estimator(SampleEstimator::VaryingK)
                .k(3)
                .l(1),
        ),
        (
            "bias-reduced",
            SampleOptions::default().estimator(SampleEstimator::BiasReduced),
        ),
    ];
    for pair in &PAIRS {
        let (p, q): (Dist, Dist) = (pair.p.parse()?, pair.q.parse()?);
        let kl1 = kldiv::divergence(&p, &q, &Options::default())?.value;
        for d in [1usize, 3, 5, 10] {
            for (si, &n) in sizes.iter().enumerate() {
                let mut cells: Vec<(String, SampleOptions)> = knn
                    .iter()
                    .map(|(name, o)| (name.to_string(), o.clone()))
                    .collect();
                if d == 1 {
                    cells.push((
                        "binned".into(),
                        SampleOptions::default().estimator(SampleEstimator::Binned),
                    ));
                }
                for (name, o) in cells {
                    seed += 1;
                    let label = format!("{name},{},{d},{n}", pair.name);
                    if !label.contains(&filter) || reps[si] == 0 {
                        continue;
                    }
                    let o = o.ci(0.95).replicates(replicates);
                    let c = run_cell(&p, &q, d, n, reps[si], kl1 * d as f64, &o, seed);
                    emit(label, kl1 * d as f64, c);
                }
            }
        }
    }
    let (p, q): (Dist, Dist) = ("poisson(3)".parse()?, "poisson(4)".parse()?);
    let truth = kldiv::divergence(&p, &q, &Options::default())?.value;
    for (si, &n) in sizes.iter().enumerate() {
        for c in [
            Correction::PlugIn,
            Correction::MillerMadow,
            Correction::Jeffreys,
            Correction::Laplace,
            Correction::JamesStein,
        ] {
            seed += 1;
            let label = format!("counts {c},poisson,1,{n}");
            if !label.contains(&filter) || reps[si] == 0 {
                continue;
            }
            let o = SampleOptions::default()
                .estimator(SampleEstimator::Counts)
                .correction(c)
                .ci(0.95)
                .replicates(replicates);
            let cell = run_cell(&p, &q, 1, n, reps[si], truth, &o, seed);
            emit(label, truth, cell);
        }
    }
    Ok(())
}
