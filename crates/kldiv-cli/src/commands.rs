//! The subcommands.
use crate::arrays;
use crate::cli::{
    Cli, Command, DistArgs, EntropyArgs, KlArgs, MeasureArg, MethodArg, NanArg, NormalizeArg,
    NotebookArgs, PlotArgs,
};
use crate::output::{self, Failure, json_num, num, opt_num};
use anyhow::anyhow;
use clap::Parser;
use kldiv::Dist;
use rand::SeedableRng;
use serde_json::json;
use std::ffi::OsString;

/// A pointwise function: (name, argument name, points, f).
type Pointwise<'a> = (&'a str, &'a str, &'a Vec<f64>, &'a dyn Fn(f64) -> f64);

/// The most draws `--sample` prints.
const MAX_SAMPLES: u64 = 100_000_000;

/// Parses the arguments and runs the command.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<(), Failure> {
    let cli = Cli::try_parse_from(args).map_err(Failure::Clap)?;
    match cli.command {
        None => notebook(&NotebookArgs {
            out: ".".into(),
            dpi: 100.0,
        }),
        Some(Command::Notebook(a)) => notebook(&a),
        Some(Command::Plot(a)) => plot(&a),
        Some(Command::Dist(a)) => dist(&a),
        Some(Command::Kl(a)) => kl(&a),
        Some(Command::Entropy(a)) => entropy(&a),
    }
}

fn input(message: String) -> Failure {
    Failure::Input(anyhow!(message))
}

/// Parses a distribution spec, naming the argument in the error.
pub fn parse_spec(spec: &str) -> Result<Dist, Failure> {
    spec.parse::<Dist>().map_err(|e| {
        Failure::Input(anyhow!(e).context(format!("in the distribution '{}'", shorten(spec))))
    })
}

/// A spec cut to a length fit for a message.
fn shorten(s: &str) -> String {
    if s.chars().count() > 60 {
        let head: String = s.chars().take(57).collect();
        format!("{head}…")
    } else {
        s.to_string()
    }
}

fn check_dpi(dpi: f64) -> Result<(), Failure> {
    if !(dpi.is_finite() && (10.0..=1000.0).contains(&dpi)) {
        return Err(input(format!(
            "--dpi: expected a number in [10, 1000], got {dpi}"
        )));
    }
    Ok(())
}

fn notebook(a: &NotebookArgs) -> Result<(), Failure> {
    check_dpi(a.dpi)?;
    crate::notebook::run(&a.out, a.dpi).map_err(|e| {
        if format!("{e}").starts_with("cannot") {
            Failure::Input(e)
        } else {
            Failure::Compute(e)
        }
    })?;
    Ok(())
}

fn plot(a: &PlotArgs) -> Result<(), Failure> {
    use crate::figures::{self, PanelKind};
    check_dpi(a.dpi)?;
    let ext = a
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let png = match ext.as_deref() {
        Some("png") => true,
        Some("svg") => false,
        _ => {
            return Err(input(format!(
                "-o {}: the file must end in .png or .svg",
                a.output.display()
            )));
        }
    };
    let (mut p, mut q) = (parse_spec(&a.p)?, parse_spec(&a.q)?);
    if a.reverse {
        std::mem::swap(&mut p, &mut q);
    }
    let pu = figures::plottable(&p, "P").map_err(input)?;
    let qu = figures::plottable(&q, "Q").map_err(input)?;
    let xlim = match a.xlim.as_slice() {
        [lo, hi] => {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(input(format!(
                    "--xlim: expected finite A < B, got {lo} {hi}"
                )));
            }
            (*lo, *hi)
        }
        _ => figures::auto_xlim(pu, qu),
    };
    let kinds: Vec<PanelKind> = a
        .panels
        .split(',')
        .map(|s| {
            PanelKind::parse(s).ok_or_else(|| {
                input(format!(
                    "--panels: unknown panel '{}' (expected densities, log-ratio, integrand)",
                    s.trim()
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let e = kldiv::divergence(&p, &q, &kldiv::Options::default()).map_err(Failure::from)?;
    let (pn, qn) = if a.reverse { ("q", "p") } else { ("p", "q") };
    let mut panels = Vec::new();
    for (i, k) in kinds.iter().enumerate() {
        let default_title = match k {
            PanelKind::Densities => format!("{p} and {q}"),
            PanelKind::LogRatio => format!("log(${pn}$/${qn}$)"),
            PanelKind::Integrand => format!("${pn}$ log(${pn}$/${qn}$)"),
        };
        let title = match (&a.title, i) {
            (Some(t), 0) => t.clone(),
            _ => default_title,
        };
        let mut panel = match k {
            PanelKind::Densities => figures::densities(&title, xlim, pu, qu),
            PanelKind::LogRatio => figures::log_ratio(&title, xlim, pu, qu),
            PanelKind::Integrand => figures::integrand(&title, xlim, pu, qu),
        };
        match k {
            PanelKind::Integrand => {
                let (x, y) = figures::peak(&panel);
                let dx = 0.25 * (xlim.1 - xlim.0);
                let from_x = if x + dx < xlim.1 { x + dx } else { x - dx };
                panel.arrows.push(figures::arrow(
                    format!("Area under curve {}", figures::kl_label(pn, qn, &e)),
                    (from_x, y * 0.8),
                    (x, y * 0.5),
                    kldiv_plot::BLACK_RGB,
                ));
            }
            PanelKind::Densities => {
                let top = figures::peak(&panel).1;
                let at = (xlim.0 + 0.62 * (xlim.1 - xlim.0), top);
                panel
                    .labels
                    .push(figures::label(figures::kl_label(pn, qn, &e), at));
            }
            PanelKind::LogRatio => {}
        }
        panels.push(panel);
    }
    let mut fig = kldiv_plot::Figure::stacked(panels);
    fig.dpi = a.dpi;
    let bytes = if png {
        fig.to_png().map_err(|e| Failure::Compute(anyhow!(e)))?
    } else {
        fig.to_svg()
            .map_err(|e| Failure::Compute(anyhow!(e)))?
            .into_bytes()
    };
    std::fs::write(&a.output, bytes)
        .map_err(|e| input(format!("cannot write {}: {e}", a.output.display())))?;
    output::print_lines(&[format!(
        "{}  ({})",
        output::estimate_line(&format!("KL({pn}‖{qn})"), &e, "nats"),
        a.output.display()
    )])?;
    Ok(())
}
fn dist(a: &DistArgs) -> Result<(), Failure> {
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
    let h = d.entropy();
    let note = if h.is_none() {
        " (no closed form)"
    } else {
        " nats"
    };
    lines.push(format!("entropy       {}{note}", opt_num(h)));
    obj.insert("entropy".into(), opt(h));
}

/// The most Monte Carlo draws accepted.
const MAX_MC_SAMPLES: u64 = 10_000_000_000;

/// A log base from its name or value, with the unit it gives.
pub fn parse_base(text: &str) -> Result<(f64, String), Failure> {
    let (b, unit) = match text {
        "e" => (std::f64::consts::E, "nats".to_string()),
        "2" => (2.0, "bits".to_string()),
        "10" => (10.0, "hartleys".to_string()),
        other => {
            let b: f64 = other.parse().map_err(|_| {
                input(format!(
                    "--base: expected e, 2, 10 or a number, got '{other}'"
                ))
            })?;
            (b, format!("(log base {})", num(b)))
        }
    };
    if !(b.is_finite() && b > 0.0 && b != 1.0) {
        return Err(input(format!(
            "--base: must be finite, > 0 and ≠ 1, got {text}"
        )));
    }
    Ok((b, unit))
}

fn kl(a: &KlArgs) -> Result<(), Failure> {
    let p = parse_spec(&a.p)?;
    let q = parse_spec(&a.q)?;
    let (base, unit) = parse_base(&a.base)?;
    if a.samples < 2 || a.samples > MAX_MC_SAMPLES {
        return Err(input(format!(
            "--samples: expected 2 to {MAX_MC_SAMPLES}, got {}",
            a.samples
        )));
    }
    let method = match a.method {
        MethodArg::Auto => kldiv::Method::Auto,
        MethodArg::Exact => kldiv::Method::Exact,
        MethodArg::Quad => kldiv::Method::Quadrature,
        MethodArg::Mc => kldiv::Method::MonteCarlo {
            samples: a.samples,
            seed: a.seed,
        },
    };
    let options = kldiv::Options::default()
        .method(method)
        .base(base)
        .samples(a.samples)
        .seed(a.seed);
    let mut pairs = vec![(&p, &q, "p‖q")];
    if a.both {
        pairs.push((&q, &p, "q‖p"));
    }
    let mut lines = Vec::new();
    let mut results = Vec::new();
    for (x, y, label) in pairs {
        let e = kldiv::divergence(x, y, &options).map_err(|e| match e {
            kldiv::Error::NotConverged { .. } => Failure::Compute(anyhow!(e)),
            other => Failure::from(other),
        })?;
        lines.push(output::estimate_line(&format!("KL({label})"), &e, &unit));
        results.push(output::estimate_json(
            &x.to_string(),
            &y.to_string(),
            &e,
            &a.base,
        ));
    }
    if a.json {
        let v = if results.len() == 1 {
            results.remove(0)
        } else {
            serde_json::Value::Array(results)
        };
        output::print_json(&v)?;
    } else {
        output::print_lines(&lines)?;
    }
    Ok(())
}

fn entropy(a: &EntropyArgs) -> Result<(), Failure> {
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
        vec![match (&qk, measure) {
            (None, _) => discrete::entropy(&pk.data, &options)?,
            (Some(q), Measure::RelativeEntropy) => {
                discrete::relative_entropy(&pk.data, &q.data, &options)?
            }
            (Some(q), Measure::CrossEntropy) => {
                discrete::cross_entropy(&pk.data, &q.data, &options)?
            }
            (Some(q), Measure::JensenShannon) => {
                discrete::jensen_shannon(&pk.data, &q.data, &options)?
            }
            (Some(q), _) => discrete::jensen_shannon_distance(&pk.data, &q.data, &options)?,
        }]
    } else {
        // A 1-D QK against 2-D PK is broadcast to every distribution along the axis.
        let q_full: Option<arrays::Array> = match &qk {
            Some(q) if q.one_d && !pk.one_d => {
                let slice_len = if a.axis == 0 { pk.rows } else { pk.cols };
                if q.data.len() != slice_len {
                    return Err(input(format!(
                        "QK has {} values but each distribution of PK along axis {} has {slice_len}",
                        q.data.len(),
                        a.axis
                    )));
                }
                let data = (0..pk.rows)
                    .flat_map(|i| (0..pk.cols).map(move |j| (i, j)))
                    .map(|(i, j)| {
                        q.data
                            .get(if a.axis == 0 { i } else { j })
                            .copied()
                            .unwrap_or(f64::NAN)
                    })
                    .collect();
                Some(arrays::Array {
                    data,
                    rows: pk.rows,
                    cols: pk.cols,
                    one_d: false,
                })
            }
            Some(q) if !q.one_d && pk.one_d => {
                return Err(input(format!(
                    "PK is 1-D but QK is {} × {}",
                    q.rows, q.cols
                )));
            }
            other => other.clone(),
        };
        let qv = match &q_full {
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
