//! Inputs the random-input harnesses found, each kept as a named test.
use kldiv::{Dist, Error, Options, divergence};

fn d(s: &str) -> Result<Dist, Error> {
    s.parse()
}

#[test]
fn fuzz_dirichlet_with_a_huge_alpha_is_an_error_not_a_nan_constant() {
    // Parsed to a Dirichlet whose ln B(α) was NaN (and so not equal to itself).
    let e = d("dirichlet(alpha=[0.5, .1e309])").unwrap_err();
    assert_eq!(
        e.to_string(),
        "dirichlet: alpha[1] must be in (0, 1e15], got 1e308"
    );
}

#[test]
fn fuzz_beta_with_a_huge_shape_is_an_error() {
    // beta(339, 1e300) is numerically a point mass and made quadrature run for seconds.
    let e = d("beta(3.398208826670275e2, 1e300)").unwrap_err();
    assert_eq!(e.to_string(), "beta: beta must be in (0, 1e15], got 1e300");
}

#[test]
fn fuzz_normal_scales_whose_ratio_overflows_give_infinity_not_nan() {
    let p = d("normal(9.51990380566252e-15, 1e300)").unwrap();
    let q = d("normal(0, 5.040096832538778e-6)").unwrap();
    let e = divergence(&p, &q, &Options::default()).unwrap();
    assert_eq!(e.value, f64::INFINITY);
}

#[test]
fn fuzz_student_t_with_a_huge_scale_does_not_iterate_on_nan() {
    // The incomplete beta looped 10⁵ times per call on a NaN argument: 12 s for one KL.
    let p = d("student_t(3.3777872926354644, 3.5593479951733547, 1e300)").unwrap();
    let q = d("cauchy(1e-300, 3.0180340182834685e15)").unwrap();
    // A value, or (its mass reaching 1e300) an honest refusal — quickly either way.
    match divergence(&p, &q, &Options::default()) {
        Ok(e) => assert!(e.value.is_finite() && e.value > 0.0, "{e:?}"),
        Err(e) => assert!(!e.is_invalid_input(), "{e}"),
    }
}

#[test]
fn fuzz_kumaraswamy_with_shapes_of_1e_300_has_a_finite_entropy() {
    // a·b underflowed to 0 in −ln(ab), and 1 + b rounded b away in H_b: KL was −∞. The entropy
    // is (1 − 1/b) + (1 − 1/a)H_b − ln a − ln b ≈ −1e300, and E_p[−ln q] is of order 10³.
    let p = d("kumaraswamy(1e-300, 1e-300)").unwrap();
    let q = d("chi2(3.5565711445779282)").unwrap();
    let e = divergence(&p, &q, &Options::default()).unwrap();
    assert!((e.value - 1e300).abs() <= 1e-10 * 1e300, "{e:?}");
}

#[test]
fn fuzz_pareto_entropy_does_not_overflow_in_scale_over_alpha() {
    // ln(s/α) overflowed to +∞ for s = 1e300, α = 1e-300, and KL came out −∞. Against an
    // inverse gamma of shape a, KL = a/α to leading order (E_p[ln x] = ln s + 1/α).
    let p = d("pareto(1e300, 1e-300)").unwrap();
    let q = d("inverse_gamma(0.15975883544227737, 1.8408599196866107)").unwrap();
    let e = divergence(&p, &q, &Options::default()).unwrap();
    let leading = 0.15975883544227737 * 1e300;
    assert!((e.value - leading).abs() <= 1e-10 * leading, "{e:?}");
}

#[test]
fn kumaraswamy_ln_pdf_with_shapes_of_1e_300_is_finite() {
    // ln(ab) underflowed to ln 0 = −∞. At x = ½: ln a + ln b + (a − 1) ln ½ + (b − 1) ln(1 − ½ᵃ),
    // with 1 − ½ᵃ = a ln 2 to the last bit here.
    let p = d("kumaraswamy(1e-300, 1e-300)").unwrap();
    let u = p.as_univariate().unwrap();
    let a: f64 = 1e-300;
    let want = 2.0 * a.ln() - 0.5f64.ln() - (a * std::f64::consts::LN_2).ln();
    let got = u.ln_pdf(0.5);
    assert!((got - want).abs() <= 1e-13 * want.abs(), "{got} vs {want}");
}

#[test]
fn fuzz_negative_binomial_with_a_tiny_r_has_a_positive_tail() {
    // sf(0) = 1 − p^r was taken as 1 − I_p(r, 1) with I ≈ 1: −1e-13, and KL against a Poisson
    // came out as −1.5e-301 ± −2.5e-13 (a negative bar).
    let p = d("negative_binomial(1e-300, 0.31518502873303617)").unwrap();
    let u = p.as_univariate().unwrap();
    // −r ln p (mpmath): the tail beyond 0.
    let want = 1.154_595_419_800_841e-300;
    assert!((u.sf(0.0) - want).abs() < 1e-13 * want, "{}", u.sf(0.0));
    assert!(u.cdf(0.0) <= 1.0);
    let e = divergence(&p, &d("poisson(1e-300)").unwrap(), &Options::default()).unwrap();
    assert!(e.value >= 0.0 && e.abs_error >= 0.0, "{e:?}");
}

/// A common location of 1e12 with unit scales: quadrature refused there (the doubles' spacing
/// is 1.2e-4); KL is invariant under the shift, and both are moved exactly to 0.
#[test]
fn a_common_far_location_is_moved_to_zero() {
    use kldiv::{Dist, Options, divergence};
    for (p, q, p0, q0) in [
        (
            "logistic(1e12, 1)",
            "laplace(1e12, 1)",
            "logistic(0, 1)",
            "laplace(0, 1)",
        ),
        (
            "logistic(-3e15, 2)",
            "0.5*laplace(-3e15, 1) + 0.5*normal(-3.0000000000001e15, 2)",
            "logistic(0, 2)",
            "0.5*laplace(0, 1) + 0.5*normal(-100, 2)",
        ),
    ] {
        let far = |s: &str| s.parse::<Dist>().unwrap();
        let e = divergence(&far(p), &far(q), &Options::default()).unwrap();
        let z = divergence(&far(p0), &far(q0), &Options::default()).unwrap();
        assert!(
            (e.value - z.value).abs() <= e.abs_error + z.abs_error && e.abs_error < 1e-10,
            "{p} ‖ {q}: {e:?} vs {z:?}"
        );
    }
}
