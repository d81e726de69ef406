//! Mathematical invariants as property tests, across the array functions and the registry:
//! KL ≥ 0 however close p and q are (pytorch#80488), KL(p‖p) = 0, Gibbs' inequality, JS
//! symmetric, ≤ ln 2 and its square root a metric, Pinsker, the data-processing inequality under
//! merging categories, and the chain rule for products of independent components.
use kldiv::arrays::{
    ArrayOptions, cross_entropy, entropy, jensen_shannon, jensen_shannon_distance, relative_entropy,
};
use kldiv::{Dist, Options, divergence};
use proptest::prelude::*;

/// Slack for rounding in the inequalities, relative to the size of the terms.
const SLACK: f64 = 1e-12;

fn probs(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(1e-6f64..1.0, n)
}

fn normalised(v: &[f64]) -> Vec<f64> {
    let s: f64 = v.iter().sum();
    v.iter().map(|x| x / s).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arrays_kl_gibbs_pinsker((p, q) in (2usize..24).prop_flat_map(|n| (probs(n..n + 1), probs(n..n + 1)))) {
        let o = ArrayOptions::default();
        let kl = relative_entropy(&p, &q, &o).unwrap();
        prop_assert!(kl >= 0.0);
        prop_assert_eq!(relative_entropy(&p, &p, &o).unwrap(), 0.0);
        // Gibbs: H×(p, q) ≥ H(p)
        let (h, ce) = (entropy(&p, &o).unwrap(), cross_entropy(&p, &q, &o).unwrap());
        prop_assert!(ce >= h - SLACK * ce.abs().max(1.0));
        // Pinsker: TV ≤ √(KL/2)
        let (pn, qn) = (normalised(&p), normalised(&q));
        let tv = 0.5 * pn.iter().zip(&qn).map(|(a, b)| (a - b).abs()).sum::<f64>();
        prop_assert!(tv <= (kl / 2.0).sqrt() + SLACK, "TV {} > √(KL/2) {}", tv, (kl / 2.0).sqrt());
    }

    #[test]
    fn arrays_data_processing_under_merging((p, q, i) in (3usize..16).prop_flat_map(|n| (probs(n..n + 1), probs(n..n + 1), 0..n - 1))) {
        let merge = |v: &[f64]| {
            let mut m = v.to_vec();
            let x = m.remove(i + 1);
            m[i] += x;
            m
        };
        let o = ArrayOptions::default();
        let before = relative_entropy(&p, &q, &o).unwrap();
        let after = relative_entropy(&merge(&p), &merge(&q), &o).unwrap();
        prop_assert!(after <= before + SLACK * before.max(1.0), "{} > {}", after, before);
    }

    #[test]
    fn jensen_shannon_symmetric_bounded_metric((p, q, r) in (2usize..12).prop_flat_map(|n| (probs(n..n + 1), probs(n..n + 1), probs(n..n + 1)))) {
        let o = ArrayOptions::default();
        let js = jensen_shannon(&p, &q, &o).unwrap();
        prop_assert_eq!(js, jensen_shannon(&q, &p, &o).unwrap());
        prop_assert!((0.0..=std::f64::consts::LN_2 + SLACK).contains(&js));
        let d = |a: &[f64], b: &[f64]| jensen_shannon_distance(a, b, &o).unwrap();
        prop_assert!(d(&p, &r) <= d(&p, &q) + d(&q, &r) + 1e-9);
    }

    #[test]
    fn kl_is_never_negative_for_nearly_equal_distributions(
        mu in -5.0f64..5.0, s in 0.1f64..5.0, eps in -1e-9f64..1e-9, k in 0.2f64..20.0,
    ) {
        for (p, q) in [
            (format!("normal({mu}, {s})"), format!("normal({}, {})", mu + eps, s * (1.0 + eps))),
            (format!("gamma({k}, {s})"), format!("gamma({}, {s})", k * (1.0 + eps))),
            (format!("beta({k}, {s})"), format!("beta({}, {})", k * (1.0 + eps), s)),
            (format!("student_t({k}, {mu}, {s})"), format!("student_t({k}, {}, {s})", mu + eps)),
            (format!("von_mises({mu}, {k})"), format!("von_mises({}, {})", mu + eps, k * (1.0 + eps))),
            (format!("continuous_bernoulli({})", s / 5.1), format!("continuous_bernoulli({})", s / 5.1 + eps)),
            (format!("negative_binomial({k}, {})", s / 5.1), format!("negative_binomial({k}, {})", s / 5.1 + eps)),
            (format!("kumaraswamy({k}, {s})"), format!("kumaraswamy({k}, {})", s * (1.0 + eps))),
            (format!("half_cauchy({s})"), format!("half_cauchy({})", s * (1.0 + eps))),
        ] {
            let e = divergence(&p.parse().unwrap(), &q.parse().unwrap(), &Options::default()).unwrap();
            prop_assert!(e.value >= 0.0, "{} ‖ {}: {:?}", p, q, e);
        }
    }

    #[test]
    fn chain_rule_for_independent_components(
        m1 in -3.0f64..3.0, m2 in -3.0f64..3.0, s1 in 0.2f64..3.0, s2 in 0.2f64..3.0,
        n1 in -3.0f64..3.0, n2 in -3.0f64..3.0, t1 in 0.2f64..3.0, t2 in 0.2f64..3.0,
    ) {
        // KL of products of independent components is the sum of the components' KLs.
        let joint_p: Dist = format!("mvnormal(mean=[{m1}, {m2}], cov=[[{}, 0], [0, {}]])", s1 * s1, s2 * s2).parse().unwrap();
        let joint_q: Dist = format!("mvnormal(mean=[{n1}, {n2}], cov=[[{}, 0], [0, {}]])", t1 * t1, t2 * t2).parse().unwrap();
        let o = Options::default();
        let joint = divergence(&joint_p, &joint_q, &o).unwrap().value;
        let parts = divergence(&format!("normal({m1}, {s1})").parse().unwrap(), &format!("normal({n1}, {t1})").parse().unwrap(), &o).unwrap().value
            + divergence(&format!("normal({m2}, {s2})").parse().unwrap(), &format!("normal({n2}, {t2})").parse().unwrap(), &o).unwrap().value;
        prop_assert!((joint - parts).abs() <= 1e-12 * parts.max(1.0), "{} vs {}", joint, parts);
    }
}
