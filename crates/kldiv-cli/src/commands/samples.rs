//! `kldiv samples X [Y] [--q SPEC]`: KL from samples, with an interval on request.

use super::{input, parse_spec};
use crate::cli::SamplesArgs;
use crate::output::{self, Failure, json_num, num};
use kldiv::Estimate;
use kldiv::samples::{self, Bins, Points, SampleOptions};
use kldiv_io as arrays;
use serde_json::json;
use std::borrow::Cow;

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

/// The library's options from the flags: names parsed by the library, and only the options
/// given, so that the library's defaults and its check of what applies hold.
fn options(a: &SamplesArgs) -> Result<SampleOptions, Failure> {
    let mut o = SampleOptions::default();
    if let Some(e) = &a.estimator {
        o = o.estimator(e.parse()?);
    }
    if let Some(k) = a.k {
        o = o.k(k);
    }
    if let Some(l) = a.l {
        o = o.l(l);
    }
    if let Some(b) = &a.bins {
        o = o.bins(b.parse::<Bins>()?);
    }
    if let Some(p) = a.pseudocount {
        o = o.pseudocount(p);
    }
    if let Some(c) = &a.correction {
        o = o.correction(c.parse()?);
    }
    if let Some(level) = a.ci {
        o = o.ci(level);
    }
    if let Some(r) = &a.resampling {
        o = o.resampling(r.parse()?);
    }
    if let Some(n) = a.replicates {
        o = o.replicates(n);
    }
    if let Some(seed) = a.seed {
        o = o.seed(seed);
    }
    if let Some(seed) = a.jitter {
        o = o.jitter(seed);
    }
    Ok(o)
}

pub fn run(a: &SamplesArgs) -> Result<(), Failure> {
    let options = options(a)?;
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
    let named = |which: &str, arg: &str| format!("{which} ('{}')", super::shorten(arg));
    let x = Points::new(&xs, d)
        .map_err(|e| Failure::Input(anyhow::anyhow!(e).context(named("X", &a.x))))?;
    let y = Points::new(&ys, dy).map_err(|e| {
        Failure::Input(anyhow::anyhow!(e).context(named("Y", a.y.as_deref().unwrap_or(""))))
    })?;
    // Drawn only on a terminal, after a second; the library counts queries and replicates.
    let bar = crate::progress::Bar::start();
    let stage = |what: &str| bar.stage(what);
    let e = match &q {
        Some(qd) => samples::estimate_with_progress(x, qd, &options, &stage)?,
        None => samples::estimate_with_progress(x, y, &options, &stage)?,
    };
    drop(bar); // cleared before the result is printed
    print(a, &e, q.as_ref())
}

/// The estimate as text or JSON; a warning also on stderr.
fn print(a: &SamplesArgs, e: &Estimate, q: Option<&kldiv::Dist>) -> Result<(), Failure> {
    let Some(info) = &e.sample else {
        return Err(Failure::Input(anyhow::anyhow!(
            "the library returned an estimate without its samples"
        )));
    };
    let mut extra = serde_json::Map::new();
    if let Some(b) = &info.binned {
        extra.insert("jeffreys".into(), json_num(b.jeffreys));
        extra.insert("js".into(), json_num(b.js));
        extra.insert("bins".into(), json!(b.edges.len() - 1));
        extra.insert("empty_bins".into(), json!(b.empty_bins));
        extra.insert(
            "empty_bin_handling".into(),
            json!(if b.pseudocount == 0.0 {
                "none: an empty bin of Y gives inf".to_string()
            } else {
                format!("pseudocount {} in every bin", b.pseudocount)
            }),
        );
    }
    if let Some(c) = info.correction {
        extra.insert("correction".into(), json!(c.name()));
    }
    let warning = e.warning.map(|w| w.to_string());
    if a.json {
        let mut v = json!({
            "value": json_num(e.value),
            "n": info.n,
            "m": info.m,
            "d": info.d,
            "k": info.k,
            "estimator": info.estimator.name(),
            "warning": warning,
        });
        if let Some(obj) = v.as_object_mut() {
            if let Some(c) = &e.confidence {
                obj.insert(
                    "ci".into(),
                    json!([json_num(c.interval.lower), json_num(c.interval.upper)]),
                );
                obj.insert("ci_level".into(), json!(c.level));
                obj.insert("resampling".into(), json!(c.resampling.name()));
                obj.insert("replicates".into(), json!(c.replicates));
            }
            if let Some(mv) = &info.movement {
                obj.insert(
                    "by_size".into(),
                    json!(
                        mv.levels
                            .iter()
                            .map(|(n, v)| json!({"n": n, "value": json_num(*v)}))
                            .collect::<Vec<_>>()
                    ),
                );
                obj.insert("bias".into(), json_num(mv.bias));
                obj.insert("bias_se".into(), json_num(mv.bias_se));
            }
            if let Some(qd) = q {
                obj.insert("q".into(), json!(qd.to_string()));
            }
            if let Some(l) = info.l {
                obj.insert("l".into(), json!(l));
            }
            obj.extend(extra);
        }
        output::print_json(&v)?;
    } else {
        let mut line = format!("{} nats", num(e.value));
        if let Some(c) = &e.confidence {
            line.push_str(&format!(
                "  {}% CI [{}, {}]",
                c.level * 100.0,
                num(c.interval.lower),
                num(c.interval.upper)
            ));
        }
        let mut what = vec![info.estimator.name().to_string()];
        if let Some(k) = info.k {
            what.push(format!("k = {k}"));
        }
        what.push(format!("n = {}", info.n));
        if let Some(m) = info.m {
            what.push(format!("m = {m}"));
        }
        what.push(format!("d = {}", info.d));
        line.push_str(&format!("  ({})", what.join(", ")));
        let mut lines = vec![line];
        for (key, val) in &extra {
            lines.push(format!("{key}: {}", val.to_string().trim_matches('"')));
        }
        output::print_lines(&lines)?;
    }
    if let Some(w) = warning {
        eprintln!("warning: samples: {w}");
    }
    Ok(())
}
