//! KL between multivariate normals in d = 2, 5, 50, 200 and an ill-conditioned d = 5, against
//! 50-digit mpmath (tests/data/gen_mvnormal.py) and, in low dimension, Monte Carlo.
use crate::common::{fixture, num};
use kldiv::{Dist, Method, MvNormal, Options, divergence};
use serde_json::Value;

/// Relative accuracy of the Cholesky-based closed form against the 50-digit reference.
const MVN_RELATIVE: f64 = 1e-10;

fn mvn(mean: &Value, cov: &Value) -> Dist {
    let m: Vec<f64> = mean.as_array().unwrap().iter().map(num).collect();
    let c: Vec<Vec<f64>> = cov
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(num).collect())
        .collect();
    MvNormal::new(m, c).unwrap().into()
}

#[test]
fn mvnormal_kl_matches_mpmath_in_every_dimension_and_its_bar_contains_it() {
    let f = fixture("mvnormal.json");
    let cases = f["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for c in cases {
        let (p, q) = (
            mvn(&c["mean_p"], &c["cov_p"]),
            mvn(&c["mean_q"], &c["cov_q"]),
        );
        for (a, b, key) in [(&p, &q, "kl"), (&q, &p, "kl_qp")] {
            let truth = num(&c[key]);
            let e = divergence(a, b, &Options::default()).unwrap();
            let err = (e.value - truth).abs();
            assert!(
                err <= MVN_RELATIVE * truth && err <= e.abs_error + 2.0 * f64::EPSILON * truth,
                "d = {} {key}: {} ± {:e} vs mpmath {truth}",
                c["d"],
                e.value,
                e.abs_error
            );
        }
        if num(&c["d"]) <= 5.0 {
            let mc = divergence(
                &p,
                &q,
                &Options::default().method(Method::MonteCarlo {
                    samples: 400_000,
                    seed: 9,
                }),
            )
            .unwrap();
            let truth = num(&c["kl"]);
            assert!(
                (mc.value - truth).abs() <= 5.0 * mc.abs_error,
                "d = {} Monte Carlo {mc:?} vs {truth}",
                c["d"]
            );
        }
    }
}
