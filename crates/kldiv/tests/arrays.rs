//! Arrays: scipy parity on frozen fixtures, the notebook's grid, and accuracy on 10⁷ elements.
use crate::common::{fixture, num, splitmix64};
use kldiv::Measure;
use kldiv::arrays::{
    self, ArrayOptions, ArrayView, NanPolicy, Normalize, entropy, jensen_shannon,
    jensen_shannon_distance, relative_entropy,
};
use kldiv::{Normal, Univariate};
use serde_json::Value;

/// Parity with scipy, relative.
const PARITY: f64 = 1e-13;

fn arr(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

/// Same value, or both NaN, or the same infinity; else within PARITY relative.
fn same(got: f64, want: f64) -> bool {
    if want.is_nan() || !want.is_finite() {
        return got.is_nan() == want.is_nan() && (want.is_nan() || got == want);
    }
    (got - want).abs() <= PARITY * want.abs().max(1e-300) + SUM_ROUNDING * want.abs().sqrt()
}

/// Normalising divides by Σp and Σq, each rounded once; for p ≈ q that moves the divergence
/// by about 1e-16·√KL (the first-order change of Σ q h(p/q), h(r) = r ln r − r + 1), the
/// accuracy bound `relative_entropy` documents for tiny divergences.
const SUM_ROUNDING: f64 = 1e-16;

/// The absolute accuracy of a measure first order in p − q (TV, Hellinger) after normalising.
const NORMALISATION_ABSOLUTE: f64 = 1e-16;

fn opts(base: &Value) -> ArrayOptions {
    match base.as_f64() {
        Some(b) => ArrayOptions::default().base(b),
        None => ArrayOptions::default(),
    }
}

#[test]
fn matches_the_truth_and_scipy_on_every_case() {
    let data = fixture("arrays.json");
    let mut bad = Vec::new();
    for c in data["cases"].as_array().unwrap() {
        let p = arr(&c["pk"]);
        let o = opts(&c["base"]);
        // The 40-digit truth where the inputs are ordinary; scipy's convention (NaN, ±∞, 0 for
        // empty input) where they are not.
        let want = match &c["truth"] {
            Value::Null => num(&c["value"]),
            t => num(t),
        };
        let got = match c["fn"].as_str().unwrap() {
            "entropy" => entropy(&p, &o).unwrap(),
            "relative_entropy" => relative_entropy(&p, &arr(&c["qk"]), &o).unwrap(),
            _ => jensen_shannon_distance(&p, &arr(&c["qk"]), &o).unwrap(),
        };
        // scipy#20083: jensenshannon is NaN where rounding makes JS slightly negative; kldiv
        // clamps to 0. Not the case in these fixtures, so NaN must match NaN.
        if !same(got, want) {
            bad.push(format!(
                "{} {:?} {:?} base {}: {got} vs {want}",
                c["fn"],
                p,
                c.get("qk"),
                c["base"]
            ));
        }
    }
    for e in data["elementwise"].as_array().unwrap() {
        let (x, y) = (num(&e["x"]), num(&e["y"]));
        for (name, got) in [
            ("rel_entr", arrays::rel_entr(x, y)),
            ("kl_div", arrays::kl_div(x, y)),
            ("entr", arrays::entr(x)),
        ] {
            // The truth (scipy's own kl_div is −∞ at (5e-324, 3), where x/y underflows).
            if !same(got, num(&e[format!("{name}_truth")])) {
                bad.push(format!(
                    "{name}({x}, {y}) = {got} vs {}",
                    e[format!("{name}_truth")]
                ));
            }
        }
    }
    for m in data["matrices"].as_array().unwrap() {
        let rows: Vec<Vec<f64>> = m["pk"].as_array().unwrap().iter().map(arr).collect();
        let qrows: Vec<Vec<f64>> = m["qk"].as_array().unwrap().iter().map(arr).collect();
        let (flat, qflat): (Vec<f64>, Vec<f64>) = (rows.concat(), qrows.concat());
        let shape = [rows.len(), rows[0].len()];
        let a = ArrayView::new(&flat, &shape).unwrap();
        let b = ArrayView::new(&qflat, &shape).unwrap();
        let axis = m["axis"].as_i64().unwrap() as isize;
        for (name, measure, q) in [
            ("entropy", Measure::Entropy, None),
            ("relative_entropy", Measure::Kl, Some(b)),
            ("jensenshannon", Measure::JensenShannonDistance, Some(b)),
        ] {
            let got = arrays::reduce(measure, a, q, axis, false, &ArrayOptions::default())
                .unwrap()
                .data;
            let want = arr(&m[name]);
            if got.len() != want.len() || got.iter().zip(&want).any(|(g, w)| !same(*g, *w)) {
                bad.push(format!("{name} axis {axis}: {got:?} vs scipy {want:?}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// numpy.linspace(start, stop, n): start + i·step, the last point exactly stop.
fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    let step = (stop - start) / (n - 1) as f64;
    let mut v: Vec<f64> = (0..n).map(|i| i as f64 * step + start).collect();
    v[n - 1] = stop;
    v
}

#[test]
fn the_notebook_grid_values() {
    let g = &fixture("arrays.json")["grid"];
    let x = linspace(-10.0, 10.0, 10_000);
    let (n0, n3, nm3) = (
        Normal::new(0.0, 1.0).unwrap(),
        Normal::new(3.0, 1.0).unwrap(),
        Normal::new(-3.0, 1.0).unwrap(),
    );
    let y: Vec<f64> = x.iter().map(|&v| n0.pdf(v)).collect();
    let ya: Vec<f64> = x.iter().map(|&v| n3.pdf(v)).collect();
    let yb: Vec<f64> = x
        .iter()
        .map(|&v| n0.pdf(v) / 2.0 + n3.pdf(v) / 2.0)
        .collect();
    let yc: Vec<f64> = x
        .iter()
        .map(|&v| n0.pdf(v) / 2.0 + nm3.pdf(v) / 2.0)
        .collect();
    let o = ArrayOptions::default();
    for (key, a, b) in [
        ("entropy(y, y_a)", &y, &ya),
        ("entropy(y_a, y)", &ya, &y),
        ("entropy(y, y_b)", &y, &yb),
        ("entropy(y_b, y)", &yb, &y),
        ("entropy(y, y_c)", &y, &yc),
        ("entropy(y_c, y)", &yc, &y),
    ] {
        let got = relative_entropy(a, b, &o).unwrap();
        let want = g[key].as_f64().unwrap();
        assert!(
            (got - want).abs() <= PARITY * want,
            "{key}: {got} vs scipy {want}"
        );
    }
    // The notebook's printed values, to the digits it printed.
    assert!((relative_entropy(&y, &ya, &o).unwrap() - 4.499999999998729).abs() < 1e-13);
    assert!((relative_entropy(&y, &yb, &o).unwrap() - 0.526777306520738).abs() < 1e-13);
    assert!((relative_entropy(&yb, &y, &o).unwrap() - 1.723222693464332).abs() < 1e-13);
}

#[test]
fn ten_million_elements_within_1e13_of_long_double_and_as_close_as_scipy() {
    let big = &fixture("arrays.json")["big"];
    let n = big["n"].as_u64().unwrap() as usize;
    let p = splitmix64(big["seed_p"].as_u64().unwrap(), n);
    let q = splitmix64(big["seed_q"].as_u64().unwrap(), n);
    let reference = big["reference"].as_f64().unwrap();
    let scipy = big["scipy"].as_f64().unwrap();
    let got = relative_entropy(&p, &q, &ArrayOptions::default()).unwrap();
    let err = (got - reference).abs();
    assert!(err <= 1e-13 * reference, "{got} vs {reference}");
    // As close as scipy, allowing the reference's own last-bit uncertainty (1 ulp).
    assert!(
        err <= (scipy - reference).abs() + f64::EPSILON * reference,
        "kldiv off by {err:e}, scipy by {:e}",
        (scipy - reference).abs()
    );
}

#[test]
fn policies() {
    let (p, q) = ([0.2, f64::NAN, 0.8], [0.3, 0.3, 0.4]);
    let o = ArrayOptions::default();
    assert!(relative_entropy(&p, &q, &o).unwrap().is_nan());
    let omit = relative_entropy(&p, &q, &o.nan(NanPolicy::Omit)).unwrap();
    let direct = relative_entropy(&[0.2, 0.8], &[0.3, 0.4], &o).unwrap();
    assert_eq!(omit, direct);
    let e = relative_entropy(&p, &q, &o.nan(NanPolicy::Raise)).unwrap_err();
    assert_eq!(e.to_string(), "pk[1] is NaN (the NaN policy is raise)");
    let e = relative_entropy(
        &[0.5, 0.6],
        &[0.5, 0.5],
        &o.normalize(Normalize::Validate(1e-9)),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "pk sums to 1.1, not 1 within 1e-9");
    // Never: unnormalised values as given: Σ rel_entr.
    let never = relative_entropy(&[1.0, 1.0], &[0.5, 0.5], &o.normalize(Normalize::Never)).unwrap();
    assert!((never - 2.0 * 2f64.ln()).abs() < 1e-15);
    assert_eq!(
        relative_entropy(&[1.0], &[1.0, 2.0], &o)
            .unwrap_err()
            .to_string(),
        "pk has 1 values but qk has 2: they must match"
    );
    assert!(entropy(&[0.5, 0.5], &o.base(1.0)).is_err());
    assert!(entropy(&[0.5, 0.5], &o.base(-2.0)).is_err());
}

#[test]
fn log_inputs_equal_linear_inputs() {
    let p = [0.1, 0.2, 0.7];
    let q = [0.3, 0.3, 0.4];
    let (lp, lq): (Vec<f64>, Vec<f64>) = (
        p.iter().map(|v: &f64| v.ln()).collect(),
        q.iter().map(|v: &f64| v.ln()).collect(),
    );
    let o = ArrayOptions::default();
    let lin = relative_entropy(&p, &q, &o).unwrap();
    let log = relative_entropy(&lp, &lq, &o.log_input(true)).unwrap();
    assert!((lin - log).abs() < 1e-15);
    // −∞ is probability 0.
    let h = entropy(
        &[f64::NEG_INFINITY, 0.5f64.ln(), 0.5f64.ln()],
        &o.log_input(true),
    )
    .unwrap();
    assert!((h - 2f64.ln()).abs() < 1e-15);
    // Unnormalised log inputs far beyond exp's range are normalised in log space: shifting
    // every log by 800 (e^800 overflows) changes nothing but the rounding of x + 800.
    let shifted = |v: &[f64]| v.iter().map(|x| x + 800.0).collect::<Vec<f64>>();
    let far = relative_entropy(&shifted(&lp), &shifted(&lq), &o.log_input(true)).unwrap();
    assert!((lin - far).abs() < 1e-12, "{lin} vs {far}");
}

#[test]
fn jensen_shannon_is_symmetric_bounded_and_never_nan() {
    let o = ArrayOptions::default();
    let (p, q) = ([0.1, 0.2, 0.7], [0.5, 0.4, 0.1]);
    let a = jensen_shannon(&p, &q, &o).unwrap();
    assert_eq!(a, jensen_shannon(&q, &p, &o).unwrap());
    assert!(a <= std::f64::consts::LN_2);
    // Near-equal inputs: rounding must not produce NaN (scipy#20083).
    let r = [1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0 + 1e-17];
    // Equal up to one rounding of 1/3: JS within a few ε of 0, so its square root within
    // √(4ε) = 2⁻²⁵ (the distance of a rounding, never a NaN or a visible number).
    let d = jensen_shannon_distance(&r, &[1.0, 1.0, 1.0], &o).unwrap();
    assert!((0.0..=2f64.powi(-25)).contains(&d), "{d}");
}

#[test]
fn pairwise_matrix_matches_single_calls() {
    let a = [0.1, 0.9, 0.5, 0.5, 0.3, 0.7];
    let b = [0.2, 0.8, 0.6, 0.4];
    let (ma, mb) = (
        ArrayView::new(&a, &[3, 2]).unwrap(),
        ArrayView::new(&b, &[2, 2]).unwrap(),
    );
    let o = ArrayOptions::default();
    let m = arrays::pairwise(Measure::Kl, ma, mb, -1, &o).unwrap();
    assert_eq!(m.shape, vec![3, 2]);
    assert_eq!(
        m.data[2 * 2 + 1],
        relative_entropy(&a[4..6], &b[2..4], &o).unwrap()
    );
    // axis 0: the columns are the distributions.
    let t = arrays::pairwise(Measure::Kl, ma, ma, 0, &o).unwrap();
    assert_eq!(t.shape, vec![2, 2]);
    let cols = [[0.1, 0.5, 0.3], [0.9, 0.5, 0.7]];
    assert_eq!(t.data[1], relative_entropy(&cols[0], &cols[1], &o).unwrap());
    assert_eq!(t.data[0], 0.0);
}

#[test]
fn pairwise_symmetric_measure_of_an_array_with_itself_fills_both_triangles() {
    let a = [0.1, 0.9, 0.5, 0.5, 0.3, 0.7, 0.25, 0.75];
    let v = ArrayView::new(&a, &[4, 2]).unwrap();
    let o = ArrayOptions::default();
    let m = arrays::pairwise(Measure::JensenShannon, v, v, 1, &o).unwrap();
    for i in 0..4 {
        for j in 0..4 {
            let want = jensen_shannon(&a[2 * i..2 * i + 2], &a[2 * j..2 * j + 2], &o).unwrap();
            assert_eq!(m.data[i * 4 + j], want, "({i}, {j})");
        }
    }
}

/// Against the 40-digit truth: relative, with an absolute floor for values that are exactly 0
/// (a distribution against itself).
const TRUTH_RELATIVE: f64 = 1e-13;
const TRUTH_ABSOLUTE: f64 = 1e-16;
/// scipy's plain sums are themselves up to 4e-12 off the truth on these cases.
const SCIPY_LOOSE: f64 = 1e-11;

fn close(got: f64, truth: f64) -> bool {
    (got - truth).abs() <= TRUTH_RELATIVE * truth.abs() + TRUTH_ABSOLUTE
}

fn near_scipy(got: f64, scipy: f64) -> bool {
    (got - scipy).abs() <= SCIPY_LOOSE * scipy.abs() + TRUTH_ABSOLUTE
}

fn shape_of(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect()
}

/// Flattens a nested JSON list of any depth.
fn flat(v: &Value) -> Vec<f64> {
    match v.as_array() {
        Some(items) => items.iter().flat_map(flat).collect(),
        None => vec![num(v)],
    }
}

#[test]
fn broadcasting_every_axis_and_keepdims_matches_scipy() {
    let data = fixture("arrays.json");
    let o = ArrayOptions::default();
    let mut bad = Vec::new();
    let cases = data["broadcast"].as_array().unwrap();
    assert!(cases.len() >= 200, "{} cases", cases.len());
    for c in cases {
        let (ps, qs) = (shape_of(&c["pk_shape"]), shape_of(&c["qk_shape"]));
        let (pd, qd) = (flat(&c["pk"]), flat(&c["qk"]));
        let p = ArrayView::new(&pd, &ps).unwrap();
        let q = ArrayView::new(&qd, &qs).unwrap();
        let axis = c["axis"].as_i64().unwrap() as isize;
        let keep = c["keepdims"].as_bool().unwrap();
        let mut check = |name: &str, measure, q| {
            let got = arrays::reduce(measure, p, q, axis, keep, &o).unwrap();
            let (truth, scipy) = (arr(&c[format!("{name}_truth")]), arr(&c[name]));
            let shape_key = if name == "entropy_pk" {
                "entropy_pk_shape"
            } else {
                "shape"
            };
            let fine = got.shape == shape_of(&c[shape_key])
                && got.data.len() == truth.len()
                && got.data.iter().zip(&truth).all(|(g, t)| close(*g, *t))
                && got.data.iter().zip(&scipy).all(|(g, s)| near_scipy(*g, *s));
            if !fine {
                bad.push(format!(
                    "{name} {ps:?} vs {qs:?} axis {axis} keepdims {keep}: {:?} {:?} vs truth {truth:?}, scipy {scipy:?} {}",
                    got.shape, got.data, c[shape_key]
                ));
            }
        };
        check("relative_entropy", Measure::Kl, Some(q));
        check("jensenshannon", Measure::JensenShannonDistance, Some(q));
        if c["entropy_pk"].is_array() {
            check("entropy_pk", Measure::Entropy, None);
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn shapes_that_do_not_broadcast_and_axes_out_of_bounds_are_named() {
    let o = ArrayOptions::default();
    let (a, b) = ([1.0; 6], [1.0; 4]);
    let p = ArrayView::new(&a, &[2, 3]).unwrap();
    let q = ArrayView::new(&b, &[4]).unwrap();
    let e = arrays::reduce(Measure::Kl, p, Some(q), 0, false, &o).unwrap_err();
    assert_eq!(
        e.to_string(),
        "arrays: pk of shape (2, 3) and qk of shape (4,) do not broadcast together"
    );
    let e = arrays::reduce(Measure::Entropy, p, None, 2, false, &o).unwrap_err();
    assert_eq!(
        e.to_string(),
        "arrays: axis 2 is out of bounds for an array of dimension 2"
    );
    let e = arrays::reduce(Measure::Entropy, p, None, -3, false, &o).unwrap_err();
    assert!(e.to_string().contains("axis -3 is out of bounds"), "{e}");
    assert!(ArrayView::new(&a, &[4, 2]).is_err());
}

#[test]
fn hellinger_tv_bhattacharyya_and_renyi_of_arrays_match_mpmath() {
    let data = fixture("arrays.json");
    let o = ArrayOptions::default();
    let mut bad = Vec::new();
    for c in data["measures"].as_array().unwrap() {
        let (p, q) = (arr(&c["pk"]), arr(&c["qk"]));
        for (name, got) in [
            ("hellinger", arrays::hellinger(&p, &q, &o).unwrap()),
            ("tv", arrays::total_variation(&p, &q, &o).unwrap()),
            ("bhattacharyya", arrays::bhattacharyya(&p, &q, &o).unwrap()),
            ("renyi_0.5", arrays::renyi(&p, &q, 0.5, &o).unwrap()),
            ("renyi_2.0", arrays::renyi(&p, &q, 2.0, &o).unwrap()),
            ("renyi_0.999", arrays::renyi(&p, &q, 0.999, &o).unwrap()),
        ] {
            let want = num(&c[name]);
            // TV and H are first order in p − q: normalising (rounding each pᵢ/Σp) moves them
            // by about 1e-16 absolute, however small they are.
            let floor = if matches!(name, "tv" | "hellinger") {
                NORMALISATION_ABSOLUTE
            } else {
                0.0
            };
            if !same(got, want) && (got - want).abs() > floor {
                bad.push(format!("{name} {p:?} {q:?}: {got} vs mpmath {want}"));
            }
        }
        // Rényi(½) = 2·Bhattacharyya, each by its own sum.
        let (r, b) = (
            arrays::renyi(&p, &q, 0.5, &o).unwrap(),
            arrays::bhattacharyya(&p, &q, &o).unwrap(),
        );
        assert!(
            (r - 2.0 * b).abs() <= 1e-14 * r.abs() + SUM_ROUNDING * r.abs().sqrt(),
            "{r} vs 2·{b}"
        );
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(arrays::renyi(&[0.5, 0.5], &[0.5, 0.5], 0.0, &o).is_err());
}

#[test]
fn inputs_whose_sum_overflows_are_normalised_exactly() {
    // [1e308, 1e308] sums to ∞ in doubles, but normalises to [½, ½]: every measure as for it.
    let o = ArrayOptions::default();
    // The same value to a few ulps: the scaled and the plain inputs round differently.
    let assert_near =
        |a: f64, b: f64| assert!((a - b).abs() <= 8.0 * f64::EPSILON * b.abs(), "{a} vs {b}");
    let (p, big, half) = ([1.0, 2.0], [1e308, 1e308], [0.5, 0.5]);
    assert_near(
        relative_entropy(&p, &big, &o).unwrap(),
        relative_entropy(&p, &half, &o).unwrap(),
    );
    assert_near(
        relative_entropy(&big, &p, &o).unwrap(),
        relative_entropy(&half, &p, &o).unwrap(),
    );
    assert_near(entropy(&big, &o).unwrap(), entropy(&half, &o).unwrap());
    assert_near(
        jensen_shannon(&p, &big, &o).unwrap(),
        jensen_shannon(&p, &half, &o).unwrap(),
    );
    assert_near(
        arrays::hellinger(&p, &big, &o).unwrap(),
        arrays::hellinger(&p, &half, &o).unwrap(),
    );
    assert_near(
        arrays::total_variation(&p, &big, &o).unwrap(),
        arrays::total_variation(&p, &half, &o).unwrap(),
    );
    // And the value: KL([⅓, ⅔] ‖ [½, ½]) = (5/3) ln 2 − ln 3 = 0.0566330122651324909668…
    // (Python's decimal at 40 digits; in doubles the difference would cancel 4 bits).
    assert_near(
        relative_entropy(&p, &big, &o).unwrap(),
        0.056_633_012_265_132_49,
    );
}

/// Ratios near 1 keep their relative accuracy: the kernel takes ln(p/q) of the pair, never of
/// a rounded p/q (whose ulp of 1 would be a relative error of 1e-7 against a logarithm of 1e-9).
/// mpmath's sums of the exact inputs, `tests/data/ln_ratio.json`.
#[test]
fn ratios_near_one_keep_their_relative_accuracy() {
    let fx = fixture("ln_ratio.json");
    for case in fx["sums"].as_array().unwrap() {
        let (p, q) = (arr(&case["p"]), arr(&case["q"]));
        let truth = num(&case["truth"]);
        let o = if case["normalize"].as_bool().unwrap() {
            ArrayOptions::default()
        } else {
            ArrayOptions::default().normalize(Normalize::Never)
        };
        let got = relative_entropy(&p, &q, &o).unwrap();
        assert!(
            close(got, truth),
            "n = {}: {got:e}, mpmath {truth:e}, relative error {:e}",
            p.len(),
            (got - truth) / truth
        );
    }
}

/// The entropy of a nearly certain distribution (tiny) keeps its relative accuracy: the
/// normalised largest element's logarithm is never taken of a quotient rounded near 1.
#[test]
fn nearly_certain_distributions_have_exact_tiny_entropies() {
    let fx = fixture("ln_ratio.json");
    for case in fx["entropies"].as_array().unwrap() {
        let p = arr(&case["p"]);
        let truth = num(&case["truth"]);
        let got = entropy(&p, &ArrayOptions::default()).unwrap();
        assert!(
            close(got, truth),
            "n = {}: {got:e}, mpmath {truth:e}, relative error {:e}",
            p.len(),
            (got - truth) / truth
        );
    }
}

/// Every measure at the edges of float64 (subnormal and huge entries, ratios past the range,
/// negative weights, distributions that barely overlap, Rényi orders 1e-9 to 1e308) against
/// 80-digit mpmath on the exact inputs (`tests/data/gen_array_extremes.py`).
#[test]
fn measures_at_the_edges_of_the_float_range() {
    let fx = fixture("array_extremes.json");
    let o = ArrayOptions::default();
    let mut bad = Vec::new();
    for c in fx["cases"].as_array().unwrap() {
        let p = arr(&c["p"]);
        let q = (!c["q"].is_null()).then(|| arr(&c["q"]));
        let truth = num(&c["truth"]);
        let got = match (c["measure"].as_str().unwrap(), &q) {
            ("kl", Some(q)) => relative_entropy(&p, q, &o),
            ("entropy", None) => entropy(&p, &o),
            ("cross", Some(q)) => arrays::cross_entropy(&p, q, &o),
            ("bhattacharyya", Some(q)) => arrays::bhattacharyya(&p, q, &o),
            ("renyi", Some(q)) => arrays::renyi(&p, q, c["alpha"].as_f64().unwrap(), &o),
            (m, _) => panic!("unknown case {m}"),
        }
        .unwrap();
        if !close(got, truth) {
            bad.push(format!(
                "{} α {} p {:?}: {got:e} vs mpmath {truth:e}",
                c["measure"],
                c["alpha"],
                &p[..p.len().min(3)]
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// An infinite weight is an error naming it (scipy's normalising makes it NaN), in every
/// measure; a Jensen–Shannon distance in a base below 1 has no root and is refused.
#[test]
fn infinite_weights_and_a_root_of_a_negative_are_errors() {
    let o = ArrayOptions::default();
    let inf = f64::INFINITY;
    let msg = |r: Result<f64, kldiv::Error>| r.unwrap_err().to_string();
    assert!(msg(relative_entropy(&[1.0, 2.0], &[1.0, inf], &o)).contains("qk[1] is infinite"));
    assert!(msg(relative_entropy(&[inf, 1.0], &[1.0, 1.0], &o)).contains("pk[0] is infinite"));
    assert!(msg(entropy(&[1.0, -inf], &o)).contains("pk[1] is infinite"));
    assert!(msg(jensen_shannon(&[1.0, 2.0], &[inf, 1.0], &o)).contains("qk[0] is infinite"));
    assert!(msg(arrays::hellinger(&[1.0, inf], &[1.0, 1.0], &o)).contains("pk[1]"));
    let unnormalised = o.normalize(Normalize::Never);
    assert!(relative_entropy(&[1.0, 2.0], &[1.0, inf], &unnormalised).is_err());
    let half = ArrayOptions::default().base(0.5);
    assert!(
        msg(jensen_shannon_distance(&[1.0, 2.0], &[2.0, 1.0], &half)).contains("base must be > 1")
    );
    // p = q at any order is 0, not NaN (the series met ∞·0 at α = 1e308).
    assert_eq!(
        arrays::renyi(&[0.2, 0.8], &[0.2, 0.8], 1e308, &o).unwrap(),
        0.0
    );
    assert_eq!(
        arrays::renyi(&[0.2, 0.8], &[0.2, 0.8], 0.5, &o)
            .unwrap()
            .to_bits(),
        0f64.to_bits()
    );
}
