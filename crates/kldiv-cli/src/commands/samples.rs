//! `kldiv samples X [Y] [--q SPEC]`: KL from samples, with an interval on request.

use super::{input, parse_spec};
use crate::cli::{CorrectionArg, ResamplingArg, SampleEstimatorArg, SamplesArgs};
use crate::output::{self, Failure, json_num, num};
use kldiv::samples::{
    self, Bins, CountsMethod, EmptyBins, Estimator, Points, Progress, Resampling,
};
use kldiv_io as arrays;
use serde_json::json;
use std::borrow::Cow;

/// An estimate as a function of the two samples, counting its work in a [`Progress`]: the full
/// estimate and each of the interval's replicates.
type EstimateFn = dyn Fn(Points<'_>, Points<'_>, &Progress) -> Result<f64, kldiv::Error> + Sync;

/// The points of an array: a 1-D array is n points of one coordinate, a 2-D one n rows of d.
/// The values are borrowed from the array (a memory-mapped `.npy` is used in place).
fn points_of<'a>(name: &str, a: &'a arrays::Array) -> Result<(Cow<'a, [f64]>, usize), Failure> {
    let d = match a.shape.as_slice() {
        [_] => 1,
        [_, d] => *d,
        s => {
            return Err(input(format!(
                "{name}: samples are 1-D (n points) or 2-D (n rows of d coordinates); this array \
                 has shape {s:?}"
            )));
        }
    };
    Ok((Cow::Borrowed(a.data()), d))
}

/// An option that the chosen estimator or mode would ignore is an error naming it: a user who
/// gives `--bins` to a nearest-neighbour run expects it to matter.
fn check_applicable(a: &SamplesArgs) -> Result<(), Failure> {
    use SampleEstimatorArg::{Binned, Counts, VaryingK, Wkv};
    let est = a.estimator;
    let name = value_name(est);
    let only = |given: bool, option: &str, applies: &str| {
        if given {
            Err(input(format!(
                "{option} applies to {applies}, not to --estimator {name}"
            )))
        } else {
            Ok(())
        }
    };
    only(
        a.k.is_some() && !matches!(est, Wkv | VaryingK),
        "--k",
        "--estimator wkv and varying-k",
    )?;
    only(
        a.l.is_some() && est != VaryingK,
        "--l",
        "--estimator varying-k",
    )?;
    only(
        a.bins.is_some() && est != Binned,
        "--bins",
        "--estimator binned",
    )?;
    only(
        a.pseudocount.is_some() && est != Binned,
        "--pseudocount",
        "--estimator binned",
    )?;
    only(
        a.correction.is_some() && est != Counts,
        "--correction",
        "--estimator counts",
    )?;
    if a.ci.is_none() {
        for (given, option) in [
            (a.resampling.is_some(), "--resampling"),
            (a.replicates.is_some(), "--replicates"),
            (a.seed.is_some(), "--seed"),
        ] {
            if given {
                return Err(input(format!(
                    "{option} sets up the confidence interval: give --ci LEVEL too"
                )));
            }
        }
    }
    Ok(())
}

pub fn run(a: &SamplesArgs) -> Result<(), Failure> {
    check_applicable(a)?;
    let k = a.k.unwrap_or(1);
    let resampling_arg = a.resampling.unwrap_or(ResamplingArg::Subsample);
    let correction = a.correction.unwrap_or(CorrectionArg::PlugIn);
    let header = if a.header {
        arrays::Header::Skip
    } else {
        arrays::Header::Detect
    };
    if let Some(columns) = &a.columns {
        arrays::check_columns(columns).map_err(|e| Failure::Input(e.into()))?;
    }
    let load = |name: &str, arg: &str| {
        arrays::load_columns(arg, header, a.columns.as_deref())
            .map_err(|e| Failure::Input(anyhow::Error::new(e).context(name.to_string())))
    };
    let xa = load("X", &a.x)?;
    let (xs, d) = points_of("X", &xa)?;
    let q = match (&a.y, &a.q) {
        (Some(_), Some(_)) => return Err(input("give Y or --q, not both".into())),
        (None, None) => return Err(input("needs Y (samples of Q) or --q SPEC".into())),
        (None, Some(spec)) => Some(parse_spec(spec)?),
        (Some(_), None) => None,
    };
    let ya;
    let (ys, dy) = match &a.y {
        Some(y) => {
            ya = load("Y", y)?;
            // Two tables with named columns are matched by name, not silently by position.
            if a.columns.is_none()
                && let (Some(nx), Some(ny)) = (&xa.names, &ya.names)
                && nx != ny
            {
                return Err(input(format!(
                    "X's columns ({}) and Y's ({}) differ or come in another order: name the \
                     columns to compare with --columns",
                    nx.join(", "),
                    ny.join(", ")
                )));
            }
            if a.x == "-" && y == "-" {
                return Err(input(
                    "X and Y are both '-': standard input can be read once; put one in a file"
                        .into(),
                ));
            }
            points_of("Y", &ya)?
        }
        None => (Cow::Borrowed(&[][..]), d),
    };
    let jittered = |v: Cow<'_, [f64]>, dim: usize, offset: u64| -> Result<Vec<f64>, Failure> {
        Ok(samples::jitter(Points::new(&v, dim)?, offset))
    };
    let (xs, ys) = match a.jitter {
        Some(seed) => (
            Cow::Owned(jittered(xs, d, seed)?),
            Cow::Owned(jittered(ys, dy, seed.wrapping_add(1))?),
        ),
        None => (xs, ys),
    };
    let named = |which: &str, arg: &str| format!("{which} ('{}')", super::shorten(arg));
    let x = Points::new(&xs, d)
        .map_err(|e| Failure::Input(anyhow::anyhow!(e).context(named("X", &a.x))))?;
    let y = Points::new(&ys, dy).map_err(|e| {
        Failure::Input(anyhow::anyhow!(e).context(named("Y", a.y.as_deref().unwrap_or(""))))
    })?;
    let l = a.l.unwrap_or(k);
    let estimator_name;
    let mut extra = serde_json::Map::new();
    // The estimate as a function of the two samples, for the interval's replicates.
    let estimate: Box<EstimateFn> = match (a.estimator, &q) {
        (SampleEstimatorArg::Wkv, Some(qd)) => {
            estimator_name = "one-sample";
            let qd = qd.clone();
            Box::new(move |x, _, p| samples::one_sample_with_progress(x, &qd, k, p))
        }
        (_, Some(_)) => {
            return Err(input(
                "--q: the one-sample estimator is wkv's; use --estimator wkv".into(),
            ));
        }
        (
            SampleEstimatorArg::Wkv
            | SampleEstimatorArg::VaryingK
            | SampleEstimatorArg::BiasReduced,
            None,
        ) => {
            let e = match a.estimator {
                SampleEstimatorArg::Wkv => Estimator::Wkv { k },
                SampleEstimatorArg::VaryingK => Estimator::VaryingK { k, l },
                _ => Estimator::BiasReduced,
            };
            estimator_name = e.name();
            Box::new(move |x, y, p| samples::knn_with_progress(x, y, e, p))
        }
        (SampleEstimatorArg::Binned, None) => {
            if d != 1 {
                return Err(input(format!(
                    "--estimator binned takes 1-D samples; X has {d} coordinates per point"
                )));
            }
            estimator_name = "binned";
            let bins = parse_bins(a.bins.as_deref().unwrap_or("auto"))?;
            let pseudocount = a.pseudocount.unwrap_or(0.5);
            let empty = if pseudocount == 0.0 {
                EmptyBins::Infinite
            } else {
                EmptyBins::Pseudocount(pseudocount)
            };
            let full = samples::binned(&xs, &ys, &bins, empty)?;
            extra.insert("jeffreys".into(), json_num(full.jeffreys));
            extra.insert("js".into(), json_num(full.js));
            extra.insert("bins".into(), json!(full.counts.len()));
            extra.insert("empty_bins".into(), json!(full.empty_bins));
            extra.insert(
                "empty_bin_handling".into(),
                json!(match empty {
                    EmptyBins::Infinite => "none: an empty bin of Y gives inf".to_string(),
                    EmptyBins::Pseudocount(p) => format!("pseudocount {p} in every bin"),
                }),
            );
            // Replicates reuse the full sample's edges.
            let edges = Bins::Edges(full.edges.clone());
            Box::new(move |x, y, _| {
                samples::binned(x.values(), y.values(), &edges, empty).map(|b| b.kl)
            })
        }
        (SampleEstimatorArg::Counts, None) => {
            if d != 1 {
                return Err(input(format!(
                    "--estimator counts takes 1-D samples of labels; X has {d} coordinates per point"
                )));
            }
            estimator_name = "counts";
            let method = match correction {
                CorrectionArg::PlugIn => CountsMethod::PlugIn,
                CorrectionArg::MillerMadow => CountsMethod::MillerMadow,
                CorrectionArg::Jeffreys => CountsMethod::Pseudocount(0.5),
                CorrectionArg::Laplace => CountsMethod::Pseudocount(1.0),
                CorrectionArg::JamesStein => CountsMethod::JamesStein,
            };
            extra.insert("correction".into(), json!(value_name(correction)));
            Box::new(move |x, y, _| samples::counts(x.values(), y.values(), method))
        }
    };
    // Drawn only on a terminal, after a second; the library counts queries and replicates.
    let bar = crate::progress::Bar::start();
    let value = estimate(x, y, &bar.stage(&format!("{estimator_name}: queries")))?;
    let ci = match a.ci {
        None => None,
        Some(level) => {
            let resampling = match resampling_arg {
                ResamplingArg::Subsample => Resampling::Subsample,
                ResamplingArg::Bootstrap => Resampling::Bootstrap,
            };
            if resampling == Resampling::Bootstrap
                && matches!(
                    a.estimator,
                    SampleEstimatorArg::Wkv
                        | SampleEstimatorArg::VaryingK
                        | SampleEstimatorArg::BiasReduced
                )
            {
                return Err(input(
                    "--resampling bootstrap: a resample with replacement repeats points, and a \
                     point at distance 0 from its copy has no nearest-neighbour estimate; use \
                     subsample"
                        .into(),
                ));
            }
            let y_for = if q.is_some() { x } else { y };
            let options = samples::IntervalOptions {
                level,
                resampling,
                replicates: a.replicates.unwrap_or(500),
                seed: a.seed.unwrap_or(0),
            };
            // Each replicate counts its own queries apart; the bar counts replicates.
            let one = |x: Points<'_>, y: Points<'_>| estimate(x, y, &Progress::new());
            Some(samples::interval_with_progress(
                one,
                x,
                y_for,
                value,
                &options,
                &bar.stage(&format!("{estimator_name}: interval replicates")),
            )?)
        }
    };
    drop(bar); // cleared before the result is printed
    let k_shown = match a.estimator {
        SampleEstimatorArg::Wkv | SampleEstimatorArg::VaryingK => Some(k),
        _ => None,
    };
    if a.json {
        let mut v = json!({
            "value": json_num(value),
            "n": x.len(),
            "m": if q.is_some() { serde_json::Value::Null } else { json!(y.len()) },
            "d": d,
            "k": k_shown,
            "estimator": estimator_name,
        });
        if let Some(obj) = v.as_object_mut() {
            if let Some(c) = ci {
                obj.insert("ci".into(), json!([json_num(c.low), json_num(c.high)]));
                obj.insert("ci_level".into(), json!(c.level));
                obj.insert("resampling".into(), json!(value_name(resampling_arg)));
                obj.insert("replicates".into(), json!(c.replicates));
            }
            if let Some(qd) = &q {
                obj.insert("q".into(), json!(qd.to_string()));
            }
            if estimator_name == "varying-k" {
                obj.insert("l".into(), json!(l));
            }
            obj.extend(extra);
        }
        output::print_json(&v)?;
    } else {
        let mut line = format!("{} nats", num(value));
        if let Some(c) = ci {
            line.push_str(&format!(
                "  {}% CI [{}, {}]",
                c.level * 100.0,
                num(c.low),
                num(c.high)
            ));
        }
        let mut what = vec![estimator_name.to_string()];
        if let Some(k) = k_shown {
            what.push(format!("k = {k}"));
        }
        what.push(format!("n = {}", x.len()));
        if q.is_none() {
            what.push(format!("m = {}", y.len()));
        }
        what.push(format!("d = {d}"));
        line.push_str(&format!("  ({})", what.join(", ")));
        let mut lines = vec![line];
        for (key, val) in &extra {
            lines.push(format!("{key}: {}", val.to_string().trim_matches('"')));
        }
        output::print_lines(&lines)?;
    }
    Ok(())
}

/// The name of a value as the command line spells it.
fn value_name(v: impl clap::ValueEnum) -> String {
    v.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}

fn parse_bins(s: &str) -> Result<Bins, Failure> {
    if s == "auto" {
        return Ok(Bins::Auto);
    }
    if let Ok(n) = s.parse::<usize>() {
        return Ok(Bins::Count(n));
    }
    let edges: Result<Vec<f64>, _> = s.split(',').map(|t| t.trim().parse::<f64>()).collect();
    match edges {
        Ok(e) if e.len() >= 2 => Ok(Bins::Edges(e)),
        _ => Err(input(format!(
            "--bins: expected a number of bins, auto, or edges e1,e2,…; got '{s}'"
        ))),
    }
}
