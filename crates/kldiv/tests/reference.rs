//! Every family against mpmath at 60 digits (`tests/data/gen_distributions.py`): pdf, ln_pdf,
//! cdf, sf and quantiles, and mean, variance and entropy where the fixture carries them; the
//! multivariate families' ln_pdf and entropy at 50 digits (`tests/data/gen_multivariate.py`).
use crate::common::{fixture, num, rel_err, ulps};
use kldiv::Dist;

/// pdf, ln_pdf, cdf, sf against the mpmath truth.
const REL_TOL: f64 = 1e-13;
/// Quantiles, in units in the last place ...
const QUANTILE_ULPS: u64 = 4;
/// ... or, where the cdf itself is only good to `REL_TOL`, the error a `REL_TOL` relative change
/// of the tail probability implies through the density: |Δx| · pdf(x) ≤ REL_TOL · min(F, S).
/// Below this magnitude a quantile is compared absolutely (the median of a symmetric law is 0).
const QUANTILE_ZERO: f64 = 1e-15;
/// The pdf inherits ln_pdf's rounding through exp: its relative tolerance grows with |ln_pdf|.
const LN_PDF_ULPS: f64 = 4.0 * f64::EPSILON;
/// A tail probability of 1e-264 is e^{−607}, computed through its log: it inherits that log's
/// rounding, as the pdf does, so its tolerance grows with |ln P| beyond `REL_TOL`.
fn tail_tol(prob: f64) -> f64 {
    if prob > 0.0 {
        REL_TOL.max(LN_PDF_ULPS * prob.ln().abs())
    } else {
        REL_TOL
    }
}
/// cdf and sf where the incomplete beta function's shapes reach 5e5–1e6: its continued
/// fraction then takes ~√(a+b) ≈ 1400 steps, each rounding, and the roundings add up to 5e-13
/// (I_½(5e5, 5e5) comes out as ½ − 6e-14). Everything else about these cases meets `REL_TOL`.
const LARGE_SHAPE_TAILS: (&[&str], f64) = (
    &["negative_binomial(1000000, 0.5)", "f(1000000, 1000000)"],
    1e-12,
);

/// Multivariate ln_pdf and entropy, relative (absolute below 1 in magnitude, as for ln_pdf
/// above): the Cholesky solves of a well-conditioned covariance and the stirlerr terms of a
/// multinomial pmf each cost a few ulps (the worst case here is 1.1e-15).
const MULTIVARIATE_REL_TOL: f64 = 1e-14;

#[test]
fn every_multivariate_family_matches_mpmath() {
    let data = fixture("multivariate.json");
    let mut failures = Vec::new();
    let mut checked = 0;
    let err = |got: f64, want: f64| {
        if want.is_finite() && want.abs() < 1.0 {
            (got - want).abs()
        } else {
            rel_err(got, want)
        }
    };
    for case in data["cases"].as_array().unwrap() {
        let spec = case["spec"].as_str().unwrap();
        let d: Dist = spec.parse().unwrap();
        // The fixture writes specs in the canonical form: Display gives them back.
        assert_eq!(d.to_string(), spec);
        assert!(
            d.as_multivariate().is_some() && d.as_univariate().is_none(),
            "{spec}"
        );
        for pt in case["points"].as_array().unwrap() {
            let x: Vec<f64> = pt["x"].as_array().unwrap().iter().map(num).collect();
            let (got, want) = (d.ln_pdf_at(&x).unwrap(), num(&pt["ln_pdf"]));
            checked += 1;
            if err(got, want) > MULTIVARIATE_REL_TOL {
                failures.push(format!("{spec} ln_pdf({x:?}) = {got:e}, mpmath {want:e}"));
            }
        }
        if let Some(want) = case.get("entropy") {
            let want = num(want);
            checked += 1;
            match d.entropy() {
                Some(got) if err(got, want) <= MULTIVARIATE_REL_TOL => {}
                got => failures.push(format!("{spec} entropy = {got:?}, mpmath {want:e}")),
            }
        }
    }
    assert!(checked > 60, "{checked} values");
    assert!(
        failures.is_empty(),
        "{} of {checked} values off:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_family_matches_mpmath() {
    let data = fixture("distributions.json");
    let mut failures = Vec::new();
    let mut worst = 0.0f64;
    let mut checked = 0;
    for case in data["cases"].as_array().unwrap() {
        let spec = case["spec"].as_str().unwrap();
        let d: Dist = spec.parse().unwrap();
        let u = d.as_univariate().unwrap();
        for pt in case["points"].as_array().unwrap() {
            let x = num(&pt["x"]);
            for (what, got) in [
                ("ln_pdf", u.ln_pdf(x)),
                ("pdf", u.pdf(x)),
                ("cdf", u.cdf(x)),
                ("sf", u.sf(x)),
            ] {
                let want = num(&pt[what]);
                // ln_pdf near 0 is compared absolutely: its relative error is meaningless there.
                let e = if what == "ln_pdf" && want.abs() < 1.0 {
                    (got - want).abs()
                } else {
                    rel_err(got, want)
                };
                let tol = if what == "pdf" {
                    REL_TOL.max(LN_PDF_ULPS * u.ln_pdf(x).abs())
                } else if (what == "cdf" || what == "sf") && LARGE_SHAPE_TAILS.0.contains(&spec) {
                    LARGE_SHAPE_TAILS.1
                } else {
                    tail_tol(want)
                };
                checked += 1;
                worst = worst.max(e);
                if e > tol {
                    failures.push(format!(
                        "{spec} {what}({x}) = {got:e}, mpmath {want:e}, rel {e:.1e}"
                    ));
                }
            }
        }
        for what in ["mean", "variance", "entropy"] {
            let Some(want) = case.get(what) else {
                continue;
            };
            let got = match what {
                "mean" => u.mean(),
                "variance" => u.variance(),
                _ => u.entropy(),
            };
            checked += 1;
            match (got, want.is_null()) {
                (None, true) => continue,
                (Some(g), false) => {
                    let want = num(want);
                    // An entropy is a log: near 0 compared absolutely, as ln_pdf is.
                    let e = if what == "entropy" && want.abs() < 1.0 {
                        (g - want).abs()
                    } else {
                        rel_err(g, want)
                    };
                    worst = worst.max(e);
                    if e > REL_TOL {
                        failures.push(format!(
                            "{spec} {what} = {g:e}, mpmath {want:e}, rel {e:.1e}"
                        ));
                    }
                }
                _ => failures.push(format!("{spec} {what} = {got:?}, mpmath {want}")),
            }
        }
        for q in case["quantiles"].as_array().unwrap() {
            let p = num(&q["p"]);
            let want = num(&q["x"]);
            let got = u.quantile(p);
            checked += 1;
            // A lognormal quantile is exp of a normal one: compared on ln x, since exp turns the
            // rounding of ln x (4 ulp of 27 at p = 1e-300) into ~60 ulp of x.
            let n = if spec.starts_with("lognormal") {
                ulps(got.ln(), want.ln())
            } else {
                ulps(got, want)
            };
            let tail = u.cdf(want).min(u.sf(want));
            let implied = (got - want).abs() * u.pdf(want) <= tail_tol(tail) * tail;
            let near_zero = want.abs() < QUANTILE_ZERO && (got - want).abs() < QUANTILE_ZERO;
            if n > QUANTILE_ULPS && !implied && !near_zero && !case["discrete"].as_bool().unwrap() {
                failures.push(format!(
                    "{spec} quantile({p:e}) = {got:e}, mpmath {want:e}, {n} ulp"
                ));
            }
            if case["discrete"].as_bool().unwrap() && got != want {
                failures.push(format!("{spec} quantile({p:e}) = {got}, mpmath {want}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} values off (worst passing rel {worst:.1e}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
