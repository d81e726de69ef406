//! `kldiv entropy PK [QK]`: the array measures, scipy.stats.entropy semantics.

use super::{input, parse_base};
use crate::cli::{EntropyArgs, NanArg, NormalizeArg};
use crate::output::{self, Failure, json_num, num};
use kldiv_io as arrays;
use serde_json::json;

pub fn run(a: &EntropyArgs) -> Result<(), Failure> {
    use kldiv::Measure;
    use kldiv::arrays::{ArrayOptions, NanPolicy, Normalize};
    let (base, _) = parse_base(&a.base)?;
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
    let header = if a.header {
        arrays::Header::Skip
    } else {
        arrays::Header::Detect
    };
    if a.pk == "-" && a.qk.as_deref() == Some("-") {
        return Err(input(
            "PK and QK are both '-': standard input can be read once; put one in a file".into(),
        ));
    }
    let pk = arrays::load(&a.pk, header)
        .map_err(|e| Failure::Input(anyhow::Error::new(e).context("PK")))?;
    let qk = match &a.qk {
        Some(s) => Some(
            arrays::load(s, header)
                .map_err(|e| Failure::Input(anyhow::Error::new(e).context("QK")))?,
        ),
        None => None,
    };
    let named: Measure = a
        .measure
        .parse()
        .map_err(|e: kldiv::Error| input(format!("--measure: {e}")))?;
    let measure = match (&qk, named) {
        (None, Measure::Kl | Measure::Entropy) => Measure::Entropy,
        (None, _) => return Err(input(format!("--measure {}: needs QK", a.measure))),
        (Some(_), Measure::Entropy) => {
            return Err(input(
                "--measure entropy: takes PK alone (with QK it is kl)".into(),
            ));
        }
        (Some(_), m) => m,
    };
    let pv = kldiv::arrays::ArrayView::new(pk.data(), &pk.shape)?;
    let qv = match &qk {
        Some(q) => Some(kldiv::arrays::ArrayView::new(q.data(), &q.shape)?),
        None => None,
    };
    let result = if a.pairwise {
        let Some(qv) = qv else {
            return Err(input("--pairwise needs QK".into()));
        };
        if a.keepdims {
            return Err(input("--keepdims: not with --pairwise".into()));
        }
        kldiv::arrays::pairwise(measure, pv, qv, a.axis, &options)?
    } else {
        kldiv::arrays::reduce(measure, pv, qv, a.axis, a.keepdims, &options)?
    };
    if let Some(path) = &a.output {
        // It writes .npy: another name would hold binary a reader of that name does not expect.
        if !path.ends_with(".npy") {
            return Err(input(format!(
                "--output writes a .npy file (little-endian f8); name it *.npy, got '{path}'"
            )));
        }
        return arrays::write_npy(path, &result.data, &result.shape)
            .map_err(|e| Failure::Input(anyhow::Error::new(e).context("--output")));
    }
    if a.json {
        let value = if result.shape.is_empty() {
            json_num(result.data.first().copied().unwrap_or(f64::NAN))
        } else {
            nested_json(&result.data, &result.shape)
        };
        let key = if a.pairwise { "matrix" } else { "value" };
        output::print_json(&json!({
            "measure": measure.name(),
            "base": a.base,
            "shape": result.shape,
            key: value,
        }))?;
    } else {
        // One line per run of the last axis: a matrix prints as its rows.
        let width = match result.shape.as_slice() {
            [.., last] if result.shape.len() >= 2 => (*last).max(1),
            _ => 1,
        };
        let lines: Vec<String> = result
            .data
            .chunks(width)
            .map(|r| r.iter().map(|&v| num(v)).collect::<Vec<_>>().join(" "))
            .collect();
        output::print_lines(&lines)?;
    }
    Ok(())
}

/// Values of `shape` (C order) as nested JSON lists.
fn nested_json(data: &[f64], shape: &[usize]) -> serde_json::Value {
    match shape {
        [] => data
            .first()
            .map_or(serde_json::Value::Null, |&v| json_num(v)),
        [_] => json!(data.iter().map(|&v| json_num(v)).collect::<Vec<_>>()),
        [n, rest @ ..] => {
            let step: usize = rest.iter().product::<usize>().max(1);
            json!(
                data.chunks(step)
                    .take(*n)
                    .map(|c| nested_json(c, rest))
                    .collect::<Vec<_>>()
            )
        }
    }
}
