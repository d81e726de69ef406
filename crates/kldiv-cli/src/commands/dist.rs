//! `kldiv dist SPEC`: a distribution's summary, pointwise functions and draws.

use super::{input, parse_spec};
use crate::cli::DistArgs;
use crate::output::{self, Failure, json_num, num, opt_num};
use kldiv::Dist;
use rand::SeedableRng;
use serde_json::json;

/// A pointwise function: (name, argument name, points, f).
type Pointwise<'a> = (&'a str, &'a str, &'a Vec<f64>, &'a dyn Fn(f64) -> f64);

/// The most draws `--sample` prints.
const MAX_SAMPLES: u64 = 100_000_000;

pub fn run(a: &DistArgs) -> Result<(), Failure> {
    let d = parse_spec(&a.spec)?;
    for (flag, xs) in [("--pdf", &a.pdf), ("--cdf", &a.cdf), ("--sf", &a.sf)] {
        if let Some(x) = xs.iter().find(|x| x.is_nan()) {
            return Err(input(format!("{flag}: a point must be a number, got {x}")));
        }
    }
    if let Some(p) = a.ppf.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(input(format!(
            "--ppf: a probability must be in [0, 1], got {p}"
        )));
    }
    if let Some(n) = a.sample.filter(|&n| n > MAX_SAMPLES) {
        return Err(input(format!(
            "--sample: at most {MAX_SAMPLES} draws, got {n}"
        )));
    }
    let pointwise = !(a.pdf.is_empty() && a.cdf.is_empty() && a.sf.is_empty() && a.ppf.is_empty());
    let mut lines = Vec::new();
    let mut obj = serde_json::Map::new();
    obj.insert("dist".into(), json!(d.to_string()));
    if pointwise {
        let operation = if a.pdf.is_empty() {
            "a cdf, sf or quantile"
        } else {
            "a pdf at a number"
        };
        let u = d
            .as_univariate()
            .ok_or_else(|| input(format!("{operation} is not defined for {d}")))?;
        let table: [Pointwise; 4] = [
            ("pdf", "x", &a.pdf, &|x| u.pdf(x)),
            ("cdf", "x", &a.cdf, &|x| u.cdf(x)),
            ("sf", "x", &a.sf, &|x| u.sf(x)),
            ("ppf", "p", &a.ppf, &|p| u.quantile(p)),
        ];
        for (name, arg, xs, f) in table {
            if xs.is_empty() {
                continue;
            }
            let values: Vec<f64> = xs.iter().map(|&x| f(x)).collect();
            lines.extend(values.iter().map(|&v| num(v)));
            obj.insert(
                name.into(),
                json!({ arg: xs.iter().map(|&x| json_num(x)).collect::<Vec<_>>(),
                        "value": values.iter().map(|&v| json_num(v)).collect::<Vec<_>>() }),
            );
        }
    }
    if let Some(n) = a.sample {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(a.seed);
        let mut point = Vec::with_capacity(d.dim());
        let mut draws = Vec::new();
        for _ in 0..n {
            d.draw_into(&mut rng, &mut point);
            lines.push(point.iter().map(|&v| num(v)).collect::<Vec<_>>().join(","));
            if a.json {
                draws.push(if let [v] = point.as_slice() {
                    json_num(*v)
                } else {
                    json!(point.iter().map(|&v| json_num(v)).collect::<Vec<_>>())
                });
            }
        }
        obj.insert("sample".into(), json!({ "seed": a.seed, "draws": draws }));
    }
    if !pointwise && a.sample.is_none() {
        summary(&d, &mut lines, &mut obj);
    }
    if a.json {
        output::print_json(&serde_json::Value::Object(obj))?;
    } else {
        output::print_lines(&lines)?;
    }
    Ok(())
}

/// Support, mean, variance and entropy.
fn summary(
    d: &Dist,
    lines: &mut Vec<String>,
    obj: &mut serde_json::Map<String, serde_json::Value>,
) {
    lines.push(format!("distribution  {d}"));
    let opt = |x: Option<f64>| x.map_or(serde_json::Value::Null, json_num);
    match d.as_univariate() {
        Some(u) => {
            let s = u.support();
            let support = if s.discrete {
                format!("{{{}, …, {}}}", num(s.lower), num(s.upper))
            } else {
                format!("[{}, {}]", num(s.lower), num(s.upper))
            };
            lines.push(format!("support       {support}"));
            lines.push(format!("mean          {}", opt_num(u.mean())));
            lines.push(format!("variance      {}", opt_num(u.variance())));
            obj.insert("support".into(), json!({"lower": json_num(s.lower), "upper": json_num(s.upper), "discrete": s.discrete}));
            obj.insert("mean".into(), opt(u.mean()));
            obj.insert("variance".into(), opt(u.variance()));
        }
        None => {
            lines.push(format!("dimension     {}", d.dim()));
            obj.insert("dimension".into(), json!(d.dim()));
        }
    }
    // The entropy of every distribution: closed form, else quadrature or Monte Carlo, with its
    // error bar; a computation that fails is reported in place of the value.
    match kldiv::entropy(d, &kldiv::Options::default()) {
        Ok(e) => {
            let line = match e.method {
                kldiv::Algorithm::ClosedForm => format!("{} nats", num(e.value)),
                m => format!(
                    "{} ± {} nats ({m})",
                    num(e.value),
                    crate::output::error_digits(e.abs_error)
                ),
            };
            lines.push(format!("entropy       {line}"));
            if let Some(b) = e.bounds {
                lines.push(format!(
                    "              in [{}, {}] guaranteed",
                    num(b.lower),
                    num(b.upper)
                ));
                obj.insert("entropy_lower".into(), json_num(b.lower));
                obj.insert("entropy_upper".into(), json_num(b.upper));
            }
            obj.insert("entropy".into(), json_num(e.value));
            obj.insert("entropy_abs_error".into(), json_num(e.abs_error));
            obj.insert("entropy_method".into(), json!(e.method.to_string()));
        }
        Err(err) => {
            lines.push(format!("entropy       not computed: {err}"));
            obj.insert("entropy".into(), serde_json::Value::Null);
            obj.insert("entropy_error".into(), json!(err.to_string()));
        }
    }
}
