//! `kldiv entropy PK [QK]`: the array measures, scipy.stats.entropy semantics.

use super::{input, parse_base};
use crate::arrays;
use crate::cli::{EntropyArgs, MeasureArg, NanArg, NormalizeArg};
use crate::output::{self, Failure, json_num, num};
use serde_json::json;

pub fn run(a: &EntropyArgs) -> Result<(), Failure> {
    use kldiv::discrete::{self, ArrayOptions, Measure, NanPolicy, Normalize};
    let (base, _) = parse_base(&a.base)?;
    if a.axis > 1 {
        return Err(input(format!("--axis: expected 0 or 1, got {}", a.axis)));
    }
    if !(a.tolerance.is_finite() && a.tolerance >= 0.0) {
        return Err(input(format!(
            "--tolerance: expected a finite number ≥ 0, got {}",
            a.tolerance
        )));
    }
    let options = ArrayOptions::default()
        .base(base)
        .normalize(match a.normalize {
            NormalizeArg::Always => Normalize::Always,
            NormalizeArg::Never => Normalize::Never,
            NormalizeArg::Validate => Normalize::Validate(a.tolerance),
        })
        .nan(match a.nan {
            NanArg::Propagate => NanPolicy::Propagate,
            NanArg::Omit => NanPolicy::Omit,
            NanArg::Raise => NanPolicy::Raise,
        })
        .log_input(a.log_input);
    let pk = arrays::load(&a.pk).map_err(|e| Failure::Input(e.context("PK")))?;
    let qk = match &a.qk {
        Some(s) => Some(arrays::load(s).map_err(|e| Failure::Input(e.context("QK")))?),
        None => None,
    };
    let measure = match (&qk, a.measure) {
        (None, MeasureArg::Kl) => Measure::Entropy,
        (None, m) => return Err(input(format!("--measure {}: needs QK", measure_name(m)))),
        (Some(_), MeasureArg::Kl) => Measure::RelativeEntropy,
        (Some(_), MeasureArg::Cross) => Measure::CrossEntropy,
        (Some(_), MeasureArg::Js) => Measure::JensenShannon,
        (Some(_), MeasureArg::JsDistance) => Measure::JensenShannonDistance,
    };
    if a.pairwise {
        let Some(q) = &qk else {
            return Err(input("--pairwise needs QK".into()));
        };
        let m = discrete::pairwise(measure, view_of(&pk)?, view_of(q)?, &options)?;
        let lines: Vec<String> = m
            .iter()
            .map(|r| r.iter().map(|&v| num(v)).collect::<Vec<_>>().join(" "))
            .collect();
        if a.json {
            let rows: Vec<serde_json::Value> = m
                .iter()
                .map(|r| json!(r.iter().map(|&v| json_num(v)).collect::<Vec<_>>()))
                .collect();
            output::print_json(&json!({ "measure": measure_label(measure), "matrix": rows }))?;
        } else {
            output::print_lines(&lines)?;
        }
        return Ok(());
    }
    let values: Vec<f64> = if pk.one_d && qk.as_ref().is_none_or(|q| q.one_d) {
        vec![measure.compute(&pk.data, qk.as_ref().map(|q| &q.data[..]), &options)?]
    } else {
        if let Some(q) = qk.as_ref().filter(|q| !q.one_d && pk.one_d) {
            return Err(input(format!(
                "PK is 1-D but QK is {} × {}",
                q.rows, q.cols
            )));
        }
        let qv = match &qk {
            Some(q) => Some(view_of(q)?),
            None => None,
        };
        discrete::batch(measure, view_of(&pk)?, qv, a.axis, &options)?
    };
    if a.json {
        let v: Vec<serde_json::Value> = values.iter().map(|&v| json_num(v)).collect();
        let value = if let ([one], true) = (v.as_slice(), pk.one_d) {
            one.clone()
        } else {
            json!(v)
        };
        output::print_json(
            &json!({ "measure": measure_label(measure), "base": a.base, "value": value }),
        )?;
    } else {
        output::print_lines(&values.iter().map(|&v| num(v)).collect::<Vec<_>>())?;
    }
    Ok(())
}

fn measure_name(m: MeasureArg) -> &'static str {
    match m {
        MeasureArg::Kl => "kl",
        MeasureArg::Cross => "cross",
        MeasureArg::Js => "js",
        MeasureArg::JsDistance => "js-distance",
    }
}

fn view_of(x: &arrays::Array) -> Result<kldiv::discrete::Matrix<'_>, Failure> {
    kldiv::discrete::Matrix::new(&x.data, x.rows, x.cols).map_err(Failure::from)
}

fn measure_label(m: kldiv::discrete::Measure) -> &'static str {
    use kldiv::discrete::Measure;
    match m {
        Measure::Entropy => "entropy",
        Measure::RelativeEntropy => "relative_entropy",
        Measure::CrossEntropy => "cross_entropy",
        Measure::JensenShannon => "jensen_shannon",
        Measure::JensenShannonDistance => "jensen_shannon_distance",
    }
}
