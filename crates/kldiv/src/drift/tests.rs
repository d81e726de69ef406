//! Tests of the drift state and measures. Contents: edges (validation, numpy's quantiles and
//! bins, ties), the edge finder against the in-memory rules, histograms (bins, flat form,
//! merging in any order), measures against their formulas, empty bins and pseudocounts,
//! categories, errors.

use super::*;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The measures computed from their textbook formulas on the proportions agree to this
/// (relative): each term rounds once or twice, sums of ≤ 64 terms.
const FORMULA_TOLERANCE: f64 = 1e-13;

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= FORMULA_TOLERANCE * a.abs().max(b.abs())
}

fn hist(edges: &Edges, xs: &[f64]) -> Histogram {
    let mut h = Histogram::new(edges.clone());
    h.add_slice(xs);
    h
}

fn sample(seed: u64, n: usize, shift: f64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let u: f64 = rng.random();
            let v: f64 = rng.random();
            // A rounded normal-ish value: sums of uniforms, with ties from the rounding.
            ((u + v - 1.0) * 4.0 + shift).mul_add(100.0, 0.0).round() / 100.0
        })
        .collect()
}

#[test]
fn edges_are_validated_with_the_cut_point_named() {
    let msg = |v: Vec<f64>| Edges::new(v).unwrap_err().to_string();
    assert!(msg(vec![]).contains("at least one cut point"));
    assert!(msg(vec![0.0, f64::NAN]).contains("cut point 1 is NaN"));
    assert!(msg(vec![f64::NEG_INFINITY, 0.0]).contains("cut point 0 is -inf"));
    assert!(msg(vec![0.0, 1.0, 1.0]).contains("cut point 2 (1) follows 1"));
    assert!(msg(vec![2.0, 1.0]).contains("increase strictly"));
    let e = Edges::new(vec![-0.0, 1.0]).unwrap();
    assert_eq!(e.cuts()[0].to_bits(), 0.0f64.to_bits());
    assert_eq!(e, Edges::new(vec![0.0, 1.0]).unwrap());
}

#[test]
fn bins_are_closed_on_the_left_with_underflow_and_overflow() {
    let e = Edges::new(vec![0.0, 1.0, 2.0]).unwrap();
    let h = hist(
        &e,
        &[
            f64::NEG_INFINITY,
            -1.0,
            0.0,
            0.5,
            1.0,
            2.0,
            7.0,
            f64::INFINITY,
            f64::NAN,
        ],
    );
    assert_eq!(h.counts(), &[2, 2, 1, 3]);
    assert_eq!(h.nans(), 1);
    assert_eq!(h.total(), 8);
    assert_eq!(e.label(0), "(-inf, 0)");
    assert_eq!(e.label(2), "[1, 2)");
    assert_eq!(e.label(3), "[2, inf)");
}

#[test]
fn equal_frequency_edges_are_numpys_quantiles() {
    let x = [0.7, 2.3, -1.1, 5.5, 3.3, 0.1, 9.9, 4.4];
    // np.quantile(x, np.arange(1, 10) / 10), numpy 2.4.6 (method "linear"), bit for bit.
    let deciles = [
        -0.26,
        0.3400000000000001,
        0.8600000000000001,
        1.9800000000000002,
        2.8,
        3.52,
        4.29,
        5.0600000000000005,
        6.819999999999999,
    ];
    assert_eq!(Edges::equal_frequency(&x, 10).unwrap().cuts(), &deciles);
    // np.quantile(x, np.arange(1, 7) / 7): ranks fall on data points.
    let sevenths = [0.1, 0.7, 2.3, 3.3, 4.4, 5.5];
    assert_eq!(Edges::equal_frequency(&x, 7).unwrap().cuts(), &sevenths);
    // NaN and ±∞ are left out of the quantiles.
    let mut y = x.to_vec();
    y.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
    assert_eq!(Edges::equal_frequency(&y, 10).unwrap().cuts(), &deciles);
}

#[test]
fn duplicate_quantiles_are_merged() {
    // np.quantile([3,1,4,1,5,9,2,6,5,3,5], np.arange(1,10)/10) = [1,2,3,3,4,5,5,5,6].
    let x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0];
    let e = Edges::equal_frequency(&x, 10).unwrap();
    assert_eq!(e.cuts(), &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    // Bin (−∞, 1) holds no reference value: the minimum is a cut point.
    assert_eq!(hist(&e, &x).counts(), &[0, 2, 1, 2, 1, 3, 2]);
}

#[test]
fn equal_width_and_auto_edges_are_numpys() {
    let x = [0.7, 2.3, -1.1, 5.5, 3.3, 0.1, 9.9, 4.4];
    // np.histogram_bin_edges(x, 3)[1:-1]
    assert_eq!(
        Edges::equal_width(&x, 3).unwrap().cuts(),
        &[2.5666666666666664, 6.2333333333333325]
    );
    // np.histogram_bin_edges(x, "auto")[1:-1]
    assert_eq!(Edges::auto(&x).unwrap().cuts(), &[1.65, 4.4, 7.15]);
    // np.histogram_bin_edges([3,1,4,1,5,9,2,6,5,3,5], "auto")[1:-1]
    let y = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0];
    assert_eq!(
        Edges::auto(&y).unwrap().cuts(),
        &[2.6, 4.2, 5.800000000000001, 7.4]
    );
    // A constant column: np.histogram_bin_edges([2, 2], 4) = [1.5, 1.75, 2, 2.25, 2.5].
    assert_eq!(
        Edges::equal_width(&[2.0, 2.0], 4).unwrap().cuts(),
        &[1.75, 2.0, 2.25]
    );
}

#[test]
fn rules_refuse_what_they_cannot_bin() {
    let none = [f64::NAN, f64::INFINITY];
    for e in [
        Edges::equal_frequency(&none, 10),
        Edges::equal_width(&none, 10),
        Edges::auto(&none),
        Edges::equal_frequency(&[], 10),
    ] {
        assert!(e.unwrap_err().to_string().contains("no finite value"));
    }
    assert!(
        Edges::equal_frequency(&[1.0], 1)
            .unwrap_err()
            .to_string()
            .contains("from 2 to")
    );
}

#[test]
fn binning_parses_each_form() {
    let p = |s: &str| s.parse::<Binning>();
    assert_eq!(p("deciles").unwrap(), Binning::EqualFrequency(10));
    assert_eq!(p("quantiles:4").unwrap(), Binning::EqualFrequency(4));
    assert_eq!(p("20").unwrap(), Binning::EqualWidth(20));
    assert_eq!(p("AUTO").unwrap(), Binning::Auto);
    assert_eq!(
        p("0, 1.5,3").unwrap(),
        Binning::Given(Edges::new(vec![0.0, 1.5, 3.0]).unwrap())
    );
    assert_eq!(Binning::default(), Binning::EqualFrequency(10));
    assert!(p("ten").unwrap_err().to_string().contains("'ten'"));
    assert!(p("1,x").unwrap_err().to_string().contains("'x'"));
    assert!(p("2,1").unwrap_err().to_string().contains("increase"));
    assert!(p("1").unwrap_err().to_string().contains("from 2"));
}

/// Runs the finder over the column in `parts` chunks (each chunk its own pass state, merged in
/// reverse order).
fn find(finder: EdgeFinder, xs: &[f64], parts: usize) -> (Result<Edges, Error>, usize) {
    let mut finder = finder;
    loop {
        let mut states: Vec<FinderPass> = xs
            .chunks(xs.len().div_ceil(parts).max(1))
            .map(|c| {
                let mut s = finder.pass();
                s.add_slice(c);
                s
            })
            .collect();
        let mut pass = states.pop().unwrap_or_else(|| finder.pass());
        while let Some(s) = states.pop() {
            pass.merge(s).unwrap();
        }
        match finder.finish_pass(pass) {
            Err(e) => return (Err(e), finder.passes()),
            Ok(true) => return (Ok(finder.edges().unwrap().clone()), finder.passes()),
            Ok(false) => {}
        }
    }
}

#[test]
fn the_finder_finds_the_in_memory_edges() {
    let mut xs = sample(1, 20_000, 0.0);
    xs.extend([f64::NAN, f64::INFINITY, -0.0, 1e300, -1e-300]);
    for binning in [
        Binning::EqualFrequency(10),
        Binning::EqualFrequency(7),
        Binning::EqualFrequency(100),
        Binning::EqualWidth(13),
        Binning::Auto,
    ] {
        // Auto's width from a range that reaches 1e300 would ask for 1e300 bins.
        let xs: Vec<f64> = if binning == Binning::Auto {
            xs.iter().copied().filter(|x| x.abs() < 1e10).collect()
        } else {
            xs.clone()
        };
        let want = binning.edges(&xs).unwrap();
        for parts in [1, 3] {
            let (got, passes) = find(EdgeFinder::new(binning.clone()), &xs, parts);
            assert_eq!(got.unwrap(), want, "{binning:?}");
            let most = if matches!(binning, Binning::EqualWidth(_)) {
                1
            } else {
                2
            };
            assert_eq!(passes, most, "{binning:?}");
        }
        // Nothing collected: refined down to the whole key, 1 + 4 passes.
        let (got, passes) = find(
            EdgeFinder::new(binning.clone()).with_collect_limit(0),
            &xs,
            2,
        );
        assert_eq!(got.unwrap(), want, "{binning:?} refined");
        assert!(passes <= 5);
    }
    // Given edges need no pass.
    let e = Edges::new(vec![1.0]).unwrap();
    assert_eq!(
        find(EdgeFinder::new(Binning::Given(e.clone())), &xs, 1)
            .0
            .unwrap(),
        e
    );
}

#[test]
fn the_finder_refuses_a_column_without_finite_values() {
    let (got, _) = find(
        EdgeFinder::new(Binning::default()),
        &[f64::NAN, f64::INFINITY],
        1,
    );
    assert!(got.unwrap_err().to_string().contains("no finite value"));
}

#[test]
fn merging_in_any_partition_order_is_exact() {
    let xs = sample(2, 10_000, 0.3);
    let edges = Edges::equal_frequency(&sample(3, 5_000, 0.0), 10).unwrap();
    let whole = hist(&edges, &xs);
    // Independent count: partition_point per value.
    let mut naive = vec![0u64; edges.bins()];
    for &x in &xs {
        naive[edges.cuts().partition_point(|&c| c <= x)] += 1;
    }
    assert_eq!(whole.counts(), &naive[..]);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    for _ in 0..20 {
        let mut bounds: Vec<usize> = (0..rng.random_range(1..9usize))
            .map(|_| rng.random_range(0..=xs.len()))
            .collect();
        bounds.extend([0, xs.len()]);
        bounds.sort_unstable();
        let mut parts: Vec<Histogram> = bounds
            .windows(2)
            .map(|w| hist(&edges, &xs[w[0]..w[1]]))
            .collect();
        // Merge in a shuffled order, through the flat form.
        for i in (1..parts.len()).rev() {
            parts.swap(i, rng.random_range(0..=i));
        }
        let mut total = Histogram::new(edges.clone());
        for p in &parts {
            let flat = Histogram::from_flat(edges.clone(), &p.to_flat()).unwrap();
            total.merge(&flat).unwrap();
        }
        assert_eq!(total, whole);
    }
}

#[test]
fn the_flat_form_and_merge_check_their_input() {
    let e = Edges::new(vec![0.0, 1.0]).unwrap();
    let mut h = Histogram::new(e.clone());
    h.add_slice(&[0.5, f64::NAN]);
    h.add_nulls(2);
    assert_eq!(h.to_flat(), vec![0, 1, 0, 2, 1]);
    assert_eq!(Histogram::from_flat(e.clone(), &h.to_flat()).unwrap(), h);
    let err = Histogram::from_flat(e.clone(), &[1, 2, 3]).unwrap_err();
    assert!(err.to_string().contains("3 counts for 3 bins"));
    let other = Histogram::new(Edges::new(vec![0.0, 2.0]).unwrap());
    let err = h.merge(&other).unwrap_err().to_string();
    assert!(err.contains("different edges"), "{err}");
    let err = compare(&h, &other, &DriftOptions::default()).unwrap_err();
    assert!(err.to_string().contains("different edges"));
}

fn proportions(v: &[u64], add: f64) -> Vec<f64> {
    let s: f64 = v.iter().map(|&x| x as f64 + add).sum();
    v.iter().map(|&x| (x as f64 + add) / s).collect()
}

#[test]
fn measures_equal_their_formulas_on_the_counts() {
    let edges = Edges::equal_frequency(&sample(5, 20_000, 0.0), 20).unwrap();
    let r = hist(&edges, &sample(6, 20_000, 0.0));
    for shift in [0.0, 0.05, 1.0] {
        let c = hist(&edges, &sample(7, 15_000, shift));
        let options = DriftOptions::default().measures(vec![
            Measure::Jeffreys,
            Measure::Kl,
            Measure::JensenShannon,
            Measure::JensenShannonDistance,
            Measure::Hellinger,
            Measure::TotalVariation,
        ]);
        let d = compare(&r, &c, &options).unwrap();
        let (p, q) = (proportions(r.counts(), 0.0), proportions(c.counts(), 0.0));
        let sum = |f: &dyn Fn(f64, f64) -> f64| p.iter().zip(&q).map(|(&a, &b)| f(a, b)).sum();
        let psi: f64 = sum(&|a, b| (b - a) * (b / a).ln());
        let kl_cr: f64 = sum(&|a, b| b * (b / a).ln());
        let kl_rc: f64 = sum(&|a, b| a * (a / b).ln());
        let js: f64 = sum(&|a, b| {
            let m = (a + b) / 2.0;
            0.5 * a * (a / m).ln() + 0.5 * b * (b / m).ln()
        });
        let h2: f64 = sum(&|a, b| 0.5 * (a.sqrt() - b.sqrt()).powi(2));
        let tv: f64 = sum(&|a, b| 0.5 * (a - b).abs());
        let names: Vec<String> = d.values.iter().map(DriftValue::name).collect();
        assert_eq!(
            names,
            [
                "psi",
                "kl_cur_ref",
                "kl_ref_cur",
                "js",
                "js_distance",
                "hellinger",
                "tv"
            ]
        );
        // Where the proportions nearly agree the formulas lose digits to cancellation (the
        // library keeps them): compare there only loosely, as a check of the sign and size.
        let tol = |want: f64, got: f64| {
            if shift == 0.0 {
                (want - got).abs() <= 1e-9 * want.abs().max(1e-12)
            } else {
                close(want, got)
            }
        };
        for (name, want) in [
            ("psi", psi),
            ("kl_cur_ref", kl_cr),
            ("kl_ref_cur", kl_rc),
            ("js", js),
            ("js_distance", js.sqrt()),
            ("hellinger", h2.sqrt()),
            ("tv", tv),
        ] {
            let got = d.value(name).unwrap();
            assert!(tol(want, got), "shift {shift} {name}: {got} vs {want}");
        }
        assert!(d.warnings.is_empty());
        assert_eq!(d.reference, r.counts());
    }
}

#[test]
fn an_empty_reference_bin_is_infinite_and_said() {
    let e = Edges::new(vec![0.0, 1.0]).unwrap();
    let r = hist(&e, &[0.5, 0.5, 2.0]);
    let c = hist(&e, &[-1.0, 0.5, 2.0, 2.0]);
    let d = compare(&r, &c, &DriftOptions::default()).unwrap();
    assert_eq!(d.value("psi"), Some(f64::INFINITY));
    assert_eq!(d.value("kl_cur_ref"), Some(f64::INFINITY));
    assert!(d.value("kl_ref_cur").unwrap().is_finite());
    assert!(d.value("js").unwrap().is_finite());
    assert_eq!(d.empty_reference, vec![0]);
    assert_eq!(
        d.warnings,
        vec![DriftWarning::EmptyReferenceBins {
            bins: vec![0],
            current: 1
        }]
    );
    assert!(d.warnings[0].to_string().contains("pseudocount"));

    // A pseudocount x is added to every bin of both sides.
    let d = compare(&r, &c, &DriftOptions::default().pseudocount(0.5)).unwrap();
    assert!(d.warnings.is_empty());
    let (p, q) = (proportions(&[0, 2, 1], 0.5), proportions(&[1, 1, 2], 0.5));
    let psi: f64 = p
        .iter()
        .zip(&q)
        .map(|(&a, &b)| (b - a) * (b / a).ln())
        .sum();
    assert!(close(d.value("psi").unwrap(), psi));
    assert_eq!(d.reference, vec![0, 2, 1]); // the counts, not the smoothed values
    assert_eq!(d.pseudocount, Some(0.5));
}

#[test]
fn an_empty_current_bin_is_said_too() {
    let e = Edges::new(vec![0.0]).unwrap();
    let d = compare(
        &hist(&e, &[-1.0, 1.0]),
        &hist(&e, &[1.0]),
        &DriftOptions::default(),
    )
    .unwrap();
    assert_eq!(d.value("kl_ref_cur"), Some(f64::INFINITY));
    assert_eq!(d.value("kl_cur_ref"), Some(2f64.ln()));
    assert!(matches!(
        d.warnings[..],
        [DriftWarning::EmptyCurrentBins { reference: 1, .. }]
    ));
}

#[test]
fn a_side_without_values_is_an_error() {
    let e = Edges::new(vec![0.0]).unwrap();
    let mut empty = Histogram::new(e.clone());
    empty.add_nulls(3);
    empty.add(f64::NAN);
    let full = hist(&e, &[1.0]);
    let err = compare(&empty, &full, &DriftOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "drift: the reference has no value to compare (3 null, 1 NaN)"
    );
    let err = compare(&full, &empty, &DriftOptions::default()).unwrap_err();
    assert!(err.to_string().contains("the current has no value"));
}

#[test]
fn options_are_validated() {
    let e = Edges::new(vec![0.0]).unwrap();
    let h = hist(&e, &[1.0, -1.0]);
    let bad = [
        DriftOptions::default().measures(vec![]),
        DriftOptions::default().pseudocount(0.0),
        DriftOptions::default().pseudocount(f64::NAN),
        DriftOptions::default().base(1.0),
        DriftOptions::default().measures(vec![Measure::Renyi(-1.0)]),
    ];
    for o in bad {
        assert!(compare(&h, &h, &o).is_err(), "{o:?}");
    }
    // Base 2: the divergences in bits, H and TV unchanged.
    let c = hist(&e, &[1.0, 1.0, -1.0]);
    let nats = compare(&h, &c, &DriftOptions::default()).unwrap();
    let bits = compare(&h, &c, &DriftOptions::default().base(2.0)).unwrap();
    for (n, b) in nats.values.iter().zip(&bits.values) {
        if n.measure.has_base() {
            assert!(close(b.value, n.value / 2f64.ln()));
        } else {
            assert_eq!(b.value, n.value);
        }
    }
}

#[test]
fn categories_compare_over_the_union_of_labels() {
    let mut r = Categories::new();
    for l in ["a", "b", "b", "c"] {
        r.add(l);
    }
    r.add_null();
    let mut c = Categories::new();
    for l in ["b", "c", "c", "d"] {
        c.add(l);
    }
    let d = compare_categories(&r, &c, &DriftOptions::default()).unwrap();
    assert_eq!(d.bins, ["a", "b", "c", "d"]);
    assert_eq!(d.reference, [1, 2, 1, 0]);
    assert_eq!(d.current, [0, 1, 2, 1]);
    assert_eq!(d.reference_missing.nulls, 1);
    assert_eq!(d.value("psi"), Some(f64::INFINITY));
    assert_eq!(d.warnings.len(), 2);
    let tv = d.value("tv").unwrap();
    // ½ (|¼ − 0| + |½ − ¼| + |¼ − ½| + |0 − ¼|) = ½
    assert!(close(tv, 0.5));
    // Merging tables is addition, in any order.
    let mut ab = r.clone();
    ab.merge(&c);
    let mut ba = c.clone();
    ba.merge(&r);
    assert_eq!(ab, ba);
    assert_eq!(ab.count("c"), 3);
    assert_eq!(ab.total(), 8);
}
