//! The JSON endpoints of `kldiv serve`: each maps a request's fields to one library call (or a
//! few, one per number shown) and the result to JSON. Nothing here computes a number.
//!
//! Every computation runs under [`options`]: a budget of evaluations and draws, so that a hard
//! pair ends in a refusal (an `error` in place of a value) rather than holding a worker.

use crate::output::json_num;
use kldiv::arrays::{self, ArrayOptions};
use kldiv::dist::family::{Arg, Kind};
use kldiv::samples::{self, Points, Resampling, SampleEstimator, SampleOptions};
use kldiv::{Dist, Estimate, Measure, Options};
use serde_json::{Map, Value, json};

/// The most characters of a distribution spec (a mixture of ~100 components).
pub const MAX_SPEC_CHARS: usize = 4096;
/// Quadrature evaluations per number: a few milliseconds at most for the seed's pairs, a
/// refusal rather than a stall for a pair that needs more.
pub const MAX_EVALUATIONS: u64 = 200_000;
/// Monte Carlo draws per number (multivariate pairs without a closed form).
pub const MC_SAMPLES: u64 = 200_000;
/// The largest sample the samples endpoint draws from each distribution.
pub const MAX_SAMPLE_SIZE: usize = 20_000;
/// The most sample sizes in one request.
pub const MAX_SIZES: usize = 8;
/// Replicates of each interval (subsamples): enough for a 90 % interval's ends.
pub const REPLICATES: usize = 100;
/// The most entries of an array in the arrays endpoint.
pub const MAX_ARRAY: usize = 100_000;
/// Rényi orders accepted (the page's slider spans (0, 10]).
const MAX_ALPHA: f64 = 1e3;

/// A request the endpoint cannot answer: the status (400 or 422) and a message naming the field.
#[derive(Debug)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError {
        status: 400,
        message: message.into(),
    }
}

/// The options of every computation: the library's defaults within the server's budget.
pub fn options() -> Options {
    Options::default()
        .max_evaluations(MAX_EVALUATIONS)
        .samples(MC_SAMPLES)
}

fn field<'a>(body: &'a Value, name: &str) -> Result<&'a Value, ApiError> {
    body.get(name)
        .ok_or_else(|| bad(format!("'{name}' is missing")))
}

fn string<'a>(body: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    field(body, name)?
        .as_str()
        .ok_or_else(|| bad(format!("'{name}': expected a string")))
}

fn number_or(body: &Value, name: &str, default: f64) -> Result<f64, ApiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_f64()
            .ok_or_else(|| bad(format!("'{name}': expected a number"))),
    }
}

fn count_or(body: &Value, name: &str, default: u64) -> Result<u64, ApiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| bad(format!("'{name}': expected a whole number ≥ 0"))),
    }
}

/// A distribution from the spec in field `name`; a parse error is a 422 naming the field.
fn dist(body: &Value, name: &str) -> Result<Dist, ApiError> {
    let spec = string(body, name)?;
    if spec.chars().count() > MAX_SPEC_CHARS {
        return Err(bad(format!(
            "'{name}': a spec of at most {MAX_SPEC_CHARS} characters"
        )));
    }
    spec.parse().map_err(|e: kldiv::Error| ApiError {
        status: 422,
        message: format!("{name}: {e}"),
    })
}

/// An estimate as JSON: value ("inf" for +∞), its bar, method and cost; or its refusal.
fn estimate(result: Result<Estimate, kldiv::Error>) -> Value {
    match result {
        Ok(e) => json!({
            "value": json_num(e.value),
            "abs_error": json_num(e.abs_error),
            "method": e.method.to_string(),
            "evaluations": e.evaluations,
            "warning": e.warning.map(|w| w.to_string()),
        }),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// `GET /api/families`: each family of the text language with its parameters and their ranges.
pub fn families() -> Value {
    let list: Vec<Value> = kldiv::dist::FAMILIES
        .iter()
        .map(|f| {
            let params: Vec<Value> = f
                .params
                .iter()
                .map(|p| {
                    json!({
                        "name": p.name,
                        "kind": match p.kind {
                            Kind::Scalar => "scalar",
                            Kind::Vector => "vector",
                            Kind::Matrix => "matrix",
                        },
                        "default": p.default,
                        "range": p.range.map(|(lo, hi)| [lo, hi]),
                    })
                })
                .collect();
            json!({
                "name": f.name,
                "aliases": f.aliases,
                "univariate": f.univariate,
                "params": params,
            })
        })
        .collect();
    json!({ "families": list })
}

/// One atom's weight in its mixture (1 alone), and its parameters with their values and ranges.
fn atom(d: &Dist, weight: f64) -> Value {
    let info = kldiv::dist::FamilyInfo::lookup(d.family());
    let args = d.args().unwrap_or_default();
    let params: Vec<Value> = args
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let p = info.and_then(|f| f.params.get(i));
            json!({
                "name": p.map(|p| p.name),
                "value": match a {
                    Arg::Number(x) => json_num(*x),
                    Arg::Vector(v) => json!(v),
                    Arg::Matrix(m) => json!(m),
                },
                "range": p.and_then(|p| p.range).map(|(lo, hi)| [lo, hi]),
            })
        })
        .collect();
    json!({ "family": d.family(), "text": d.to_string(), "weight": weight, "params": params })
}

/// `POST /api/parse {"spec": S}`: the canonical text and, per component, the family and its
/// parameters (the page's sliders). A spec that does not parse is an answer, not a failed
/// request: `{"error": message}` with status 200.
pub fn parse(body: &Value) -> Result<Value, ApiError> {
    let d = match dist(body, "spec") {
        Ok(d) => d,
        Err(e) if e.status == 422 => {
            let message = e.message.strip_prefix("spec: ").unwrap_or(&e.message);
            return Ok(json!({ "error": message }));
        }
        Err(e) => return Err(e),
    };
    let components: Vec<Value> = match &d {
        Dist::Mixture(m) => m
            .weights()
            .iter()
            .zip(m.components())
            .map(|(w, c)| atom(c, *w))
            .collect(),
        other => vec![atom(other, 1.0)],
    };
    Ok(json!({
        "text": d.to_string(),
        "dim": d.dim(),
        "univariate": d.as_univariate().is_some(),
        "components": components,
    }))
}

/// `POST /api/kl {"p", "q"}`: KL(p‖q) and KL(q‖p), each with its bar and method, or its refusal.
pub fn kl(body: &Value) -> Result<Value, ApiError> {
    let (p, q) = (dist(body, "p")?, dist(body, "q")?);
    let o = options();
    Ok(json!({
        "pq": estimate(kldiv::divergence(&p, &q, &o)),
        "qp": estimate(kldiv::divergence(&q, &p, &o)),
    }))
}

/// `POST /api/measures {"p", "q", "alpha"}`: every measure between p and q (Rényi of order
/// alpha, default 0.5), the cross-entropies both ways and both entropies.
pub fn measures(body: &Value) -> Result<Value, ApiError> {
    let (p, q) = (dist(body, "p")?, dist(body, "q")?);
    let alpha = number_or(body, "alpha", 0.5)?;
    if !(alpha > 0.0 && alpha <= MAX_ALPHA) {
        return Err(bad(format!(
            "'alpha': expected a number in (0, {MAX_ALPHA}]"
        )));
    }
    let o = options();
    let one = |m: Measure| estimate(kldiv::measure(&p, &q, m, &o));
    Ok(json!({
        "jeffreys": one(Measure::Jeffreys),
        "js": one(Measure::JensenShannon),
        "js_distance": one(Measure::JensenShannonDistance),
        "hellinger": one(Measure::Hellinger),
        "tv": one(Measure::TotalVariation),
        "renyi": one(Measure::Renyi(alpha)),
        "alpha": alpha,
        "bhattacharyya": one(Measure::Bhattacharyya),
        "cross_entropy_pq": one(Measure::CrossEntropy),
        "cross_entropy_qp": estimate(kldiv::measure(&q, &p, Measure::CrossEntropy, &o)),
        "entropy_p": estimate(kldiv::entropy(&p, &o)),
        "entropy_q": estimate(kldiv::entropy(&q, &o)),
    }))
}

/// `POST /api/panels {"p", "q"}`: the four panels as SVG: densities, log(p/q), p·log(p/q) and
/// q·log(q/p), the integrands' areas annotated with the divergences (or their refusal).
pub fn panels(body: &Value) -> Result<Value, ApiError> {
    let (p, q) = (dist(body, "p")?, dist(body, "q")?);
    let panels = kldiv_plot::kl::explorer_panels(&p, &q, &options()).map_err(|e| ApiError {
        status: 422,
        message: e.to_string(),
    })?;
    let mut out = Map::new();
    for (name, panel) in ["densities", "log_ratio", "integrand_pq", "integrand_qp"]
        .iter()
        .zip(panels)
    {
        let fig = kldiv_plot::Figure {
            // About the pixels it is shown at: text the size of the page's.
            width_in: 7.5,
            panel_height_in: 2.8,
            dpi: 75.0,
            panels: vec![panel],
        };
        let svg = fig.to_svg().map_err(|e| ApiError {
            status: 500,
            message: e.to_string(),
        })?;
        out.insert((*name).into(), json!(svg));
    }
    Ok(Value::Object(out))
}

/// `POST /api/samples {"p", "q", "sizes": [n, …], "seed", "k"}`: for each n, n points drawn
/// from p and n from q (seeded), the k-NN (Wang–Kulkarni–Verdú) and binned estimates of
/// KL(p‖q) with 90 % subsampling intervals, beside the certified value.
pub fn samples(body: &Value) -> Result<Value, ApiError> {
    let (p, q) = (dist(body, "p")?, dist(body, "q")?);
    let seed = count_or(body, "seed", 0)?;
    let k = count_or(body, "k", 1)?;
    if !(1..=50).contains(&k) {
        return Err(bad("'k': expected 1 to 50"));
    }
    let sizes: Vec<usize> = match body.get("sizes") {
        None => vec![100, 1000, 10_000],
        Some(v) => v
            .as_array()
            .ok_or_else(|| bad("'sizes': expected a list of sample sizes"))?
            .iter()
            .map(|n| n.as_u64().map(|n| n as usize))
            .collect::<Option<_>>()
            .ok_or_else(|| bad("'sizes': expected whole numbers"))?,
    };
    if sizes.is_empty()
        || sizes.len() > MAX_SIZES
        || sizes.iter().any(|&n| !(10..=MAX_SAMPLE_SIZE).contains(&n))
    {
        return Err(bad(format!(
            "'sizes': 1 to {MAX_SIZES} sizes, each 10 to {MAX_SAMPLE_SIZE}"
        )));
    }
    let d = p.dim();
    if q.dim() != d {
        return Err(ApiError {
            status: 422,
            message: format!("p has {d} coordinates and q has {}", q.dim()),
        });
    }
    let certified = estimate(kldiv::divergence(&p, &q, &options()));
    let largest = sizes.iter().copied().max().unwrap_or(0);
    // One stream per distribution: the first n points are the same whatever the largest n.
    let draw = |dist: &Dist, seed: u64| {
        use rand::SeedableRng;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut out = Vec::with_capacity(largest * d);
        let mut point = Vec::with_capacity(d);
        for _ in 0..largest {
            dist.draw_into(&mut rng, &mut point);
            out.extend_from_slice(&point);
        }
        out
    };
    let (xs, ys) = (draw(&p, seed), draw(&q, seed.wrapping_add(1)));
    // One library call per estimate: samples::estimate with its options (a 90 % subsampling
    // interval, its bias check and warning included).
    const LEVEL: f64 = 0.9;
    let base = SampleOptions::default()
        .ci(LEVEL)
        .resampling(Resampling::Subsample)
        .replicates(REPLICATES)
        .seed(seed);
    let knn_options = base.clone().estimator(SampleEstimator::Wkv).k(k as usize);
    let binned_options = base.estimator(SampleEstimator::Binned);
    let rows: Vec<Value> = sizes
        .iter()
        .map(|&n| {
            // n ≤ the largest size, so each prefix is whole.
            let (xn, yn) = (
                xs.get(..n * d).unwrap_or_default(),
                ys.get(..n * d).unwrap_or_default(),
            );
            let run =
                |o: &SampleOptions| samples::estimate(Points::new(xn, d)?, Points::new(yn, d)?, o);
            let knn = run(&knn_options);
            let binned = (d == 1).then(|| run(&binned_options));
            let row = |r: Result<Estimate, kldiv::Error>| match r {
                Ok(e) => {
                    let ci = e.confidence.map(|c| c.interval);
                    json!({
                        "value": json_num(e.value),
                        "low": ci.map(|c| json_num(c.lower)),
                        "high": ci.map(|c| json_num(c.upper)),
                        "warning": e.warning.map(|w| w.to_string()),
                    })
                }
                Err(e) => json!({ "error": e.to_string() }),
            };
            json!({ "n": n, "knn": row(knn), "binned": binned.map(row) })
        })
        .collect();
    Ok(json!({
        "certified": certified,
        "level": LEVEL,
        "k": k,
        "seed": seed,
        "rows": rows,
    }))
}

fn array(body: &Value, name: &str) -> Result<Option<Vec<f64>>, ApiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => {
            if items.len() > MAX_ARRAY {
                return Err(bad(format!("'{name}': at most {MAX_ARRAY} entries")));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_f64()
                        .ok_or_else(|| bad(format!("'{name}'[{i}]: expected a number")))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some)
        }
        Some(_) => Err(bad(format!("'{name}': expected a list of numbers"))),
    }
}

/// `POST /api/arrays {"pk": [..], "qk": [..] or null, "base"}`: scipy.stats.entropy(pk, qk,
/// base): the entropy of pk, or KL(pk‖qk) with qk; both normalised to sum 1.
pub fn arrays(body: &Value) -> Result<Value, ApiError> {
    let pk = array(body, "pk")?.ok_or_else(|| bad("'pk' is missing"))?;
    let qk = array(body, "qk")?;
    let base = number_or(body, "base", std::f64::consts::E)?;
    let o = ArrayOptions::default().base(base);
    let result = match &qk {
        None => arrays::entropy(&pk, &o),
        Some(qk) => arrays::relative_entropy(&pk, qk, &o),
    };
    let value = result.map_err(|e| ApiError {
        status: 422,
        message: e.to_string(),
    })?;
    Ok(json!({
        "value": json_num(value),
        "what": if qk.is_some() { "KL(pk‖qk)" } else { "H(pk)" },
        "base": base,
    }))
}
