//! `kldiv drift REF CUR`: per column (and per group of `--by`), how far the current table has
//! moved from the reference, between histograms over edges taken from the reference.
//!
//! Passes: for edges that depend on the reference (deciles, equal width, auto) one to a few
//! passes over the reference's numeric columns ([`kldiv::drift::EdgeFinder`]), then one pass
//! over both files counting every column into its histogram or category table. Each pass reads
//! the files' chunks (Parquet row groups, CSV blocks, `.npy` row ranges) on all cores, each
//! chunk one column at a time in batches, into per-chunk states merged by integer addition:
//! memory is the histograms and a batch per thread, not the rows.

use super::{input, parse_base};
use crate::cli::DriftArgs;
use crate::output::{self, Failure, json_num, num};
use anyhow::{Result, anyhow};
use kldiv::Progress;
use kldiv::drift::{
    Binning, Categories, ColumnDrift, DriftOptions, DriftWarning, EdgeFinder, Edges, FinderPass,
    Histogram, compare, compare_categories, parse_measures,
};
use kldiv_io::columns::{Batch, ColumnType, Table};
use rayon::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

/// The state of one column on one side.
#[derive(Debug, Clone)]
enum State {
    Number(Histogram),
    Text(Categories),
}

impl State {
    fn merge(&mut self, other: &State) -> Result<()> {
        match (self, other) {
            (State::Number(a), State::Number(b)) => a.merge(b)?,
            (State::Text(a), State::Text(b)) => a.merge(b),
            _ => return Err(anyhow!("merging a histogram with a category table")),
        }
        Ok(())
    }
}

/// A column to compare: its index on each side, and whether it is numbers.
struct Picked {
    name: String,
    reference: usize,
    current: usize,
    number: bool,
}

/// The states of one chunk or of a whole file, per group (one group "" without `--by`).
type Groups = BTreeMap<String, Vec<State>>;

pub fn run(a: &DriftArgs) -> Result<(), Failure> {
    let mut options = DriftOptions::default().measures(parse_measures(&a.measures)?);
    if let Some(x) = a.pseudocount {
        options = options.pseudocount(x);
    }
    let (base, unit) = parse_base(&a.base)?;
    if a.base != "e" {
        options = options.base(base);
    }
    options
        .validate()
        .map_err(|e| Failure::Input(anyhow!(e).context("--measures, --pseudocount or --base")))?;
    let binning: Binning = a
        .bins
        .parse()
        .map_err(|e: kldiv::Error| Failure::Input(anyhow!(e).context("--bins")))?;
    if a.json && a.markdown {
        return Err(input("--json and --markdown: choose one".into()));
    }
    let reference =
        Table::open(&a.reference).map_err(|e| Failure::Input(anyhow!(e).context("REF")))?;
    let current = Table::open(&a.current).map_err(|e| Failure::Input(anyhow!(e).context("CUR")))?;
    let picked = pick(&reference, &current, a)?;
    let by = match &a.by {
        None => None,
        Some(col) => Some(current.find(col).ok_or_else(|| {
            input(format!(
                "--by: '{}' has no column '{col}' (it has: {})",
                current.name(),
                names(&current)
            ))
        })?),
    };
    let bar = crate::progress::Bar::start();
    let edges = find_edges(&reference, &picked, &binning, &bar)?;
    let rows = bar.stage("rows");
    rows.add_total((reference.rows() + current.rows()) as usize);
    let (ref_states, cur_states) = rayon::join(
        || count(&reference, &picked, &edges, None, |p| p.reference, &rows),
        || count(&current, &picked, &edges, by, |p| p.current, &rows),
    );
    drop(bar);
    let ref_states = ref_states?.remove("").unwrap_or_default();
    let cur_states = cur_states?;
    let mut results: Vec<Row> = Vec::new();
    for (i, p) in picked.iter().enumerate() {
        for (group, states) in &cur_states {
            let drift = match (ref_states.get(i), states.get(i)) {
                (Some(State::Number(r)), Some(State::Number(c))) => compare(r, c, &options),
                (Some(State::Text(r)), Some(State::Text(c))) => compare_categories(r, c, &options),
                _ => unreachable_states(),
            };
            let drift = match drift {
                Ok(d) => Ok(d),
                // The reference's fault, or the current's without groups: the run fails.
                Err(e) if by.is_none() || e.to_string().contains("the reference") => {
                    return Err(Failure::Input(anyhow!(e).context(format!(
                        "column '{}' ({} against {})",
                        p.name,
                        current.name(),
                        reference.name()
                    ))));
                }
                Err(e) => Err(e.to_string()),
            };
            results.push(Row {
                column: p.name.clone(),
                group: by.map(|_| group.clone()),
                number: p.number,
                drift,
            });
        }
    }
    // Most drift first by the first measure (+∞ first); rows without values last.
    let key = |r: &Row| {
        r.drift
            .as_ref()
            .ok()
            .and_then(|d| d.values.first())
            .map_or(f64::NEG_INFINITY, |v| {
                if v.value.is_nan() {
                    f64::NEG_INFINITY
                } else {
                    v.value
                }
            })
    };
    results.sort_by(|x, y| key(y).total_cmp(&key(x)));
    let header = Header {
        reference: reference.name(),
        current: current.name(),
        bins: &a.bins,
        pseudocount: a.pseudocount,
        base: &a.base,
        unit: &unit,
    };
    if a.json {
        output::print_json(&to_json(&header, &results))?;
    } else {
        for r in &results {
            if let Ok(d) = &r.drift {
                for w in &d.warnings {
                    eprintln!("warning: {}: {w} (--pseudocount X)", r.label());
                }
            }
        }
        output::print_lines(&table(&header, &results, a.markdown))?;
    }
    Ok(())
}

fn unreachable_states() -> Result<ColumnDrift, kldiv::Error> {
    Err(kldiv::Error::InvalidArgument {
        name: "column",
        value: f64::NAN,
        expected: "the same kind of state on both sides",
    })
}

fn names(t: &Table) -> String {
    t.columns()
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns to compare: `--columns`, or every column of the reference (but `--by`), each
/// present on both sides with the same kind of values.
fn pick(reference: &Table, current: &Table, a: &DriftArgs) -> Result<Vec<Picked>, Failure> {
    let wanted: Vec<String> = match &a.columns {
        Some(c) => {
            kldiv_io::check_columns(c).map_err(|e| Failure::Input(e.into()))?;
            c.clone()
        }
        None => reference
            .columns()
            .iter()
            .map(|c| c.name.clone())
            .filter(|n| Some(n) != a.by.as_ref())
            .collect(),
    };
    if let Some(b) = &a.by
        && wanted.contains(b)
    {
        return Err(input(format!(
            "--by '{b}' is also in --columns: the groups' column is not compared itself"
        )));
    }
    let mut out = Vec::new();
    for name in wanted {
        let find = |t: &Table, side: &str| {
            t.find(&name).ok_or_else(|| {
                input(format!(
                    "column '{name}' is missing from {side} '{}' (it has: {}){}",
                    t.name(),
                    names(t),
                    if a.columns.is_none() {
                        "; pick the columns to compare with --columns"
                    } else {
                        ""
                    }
                ))
            })
        };
        let (r, c) = (find(reference, "REF")?, find(current, "CUR")?);
        let ty = |t: &Table, i: usize| t.columns().get(i).map(|c| c.ty.clone());
        let (Some(rt), Some(ct)) = (ty(reference, r), ty(current, c)) else {
            return Err(input(format!("column '{name}' vanished from the schema")));
        };
        let (rt, ct) = (&rt, &ct);
        let what = |t: &ColumnType| match t {
            ColumnType::Number => "numbers".to_string(),
            ColumnType::Text => "text".to_string(),
            ColumnType::Other(w) => w.clone(),
        };
        for (t, side, table) in [(rt, "REF", reference), (ct, "CUR", current)] {
            if let ColumnType::Other(w) = t {
                return Err(input(format!(
                    "column '{name}' of {side} '{}' is {w}: drift compares numbers and text \
                     (categories); leave it out with --columns",
                    table.name()
                )));
            }
        }
        if rt != ct {
            return Err(input(format!(
                "column '{name}' holds {} in REF '{}' but {} in CUR '{}': the types must match",
                what(rt),
                reference.name(),
                what(ct),
                current.name()
            )));
        }
        out.push(Picked {
            name,
            reference: r,
            current: c,
            number: *rt == ColumnType::Number,
        });
    }
    if out.is_empty() {
        return Err(input("no column to compare".into()));
    }
    Ok(out)
}

/// The edges of each numeric column (None for a text column): given, or from passes over the
/// reference.
fn find_edges(
    reference: &Table,
    picked: &[Picked],
    binning: &Binning,
    bar: &crate::progress::Bar,
) -> Result<Vec<Option<Edges>>, Failure> {
    let mut finders: Vec<Option<EdgeFinder>> = picked
        .iter()
        .map(|p| p.number.then(|| EdgeFinder::new(binning.clone())))
        .collect();
    let mut pass_no = 0;
    loop {
        let open: Vec<usize> = finders
            .iter()
            .enumerate()
            .filter(|(_, f)| f.as_ref().is_some_and(|f| f.edges().is_none()))
            .map(|(i, _)| i)
            .collect();
        if open.is_empty() {
            break;
        }
        pass_no += 1;
        let progress = bar.stage(&format!("edges, pass {pass_no}: rows"));
        progress.add_total(reference.rows() as usize);
        let columns: Vec<usize> = open
            .iter()
            .filter_map(|&i| picked.get(i))
            .map(|p| p.reference)
            .collect();
        let fresh = || -> Vec<FinderPass> {
            open.iter()
                .filter_map(|&i| finders.get(i).and_then(Option::as_ref))
                .map(EdgeFinder::pass)
                .collect()
        };
        let passes = (0..reference.chunks())
            .into_par_iter()
            .map(|chunk| {
                let mut passes = fresh();
                reference.read_chunk(chunk, &columns, &mut |col, _, batch| {
                    let k = columns.iter().position(|&c| c == col).unwrap_or(0);
                    if let (Batch::Number { values, .. }, Some(pass)) = (batch, passes.get_mut(k)) {
                        // Nulls hold NaN, which the finder skips with the other NaNs.
                        pass.add_slice(values);
                        if k == 0 {
                            progress.advance(values.len());
                        }
                    }
                    Ok(())
                })?;
                Ok(passes)
            })
            .try_reduce(fresh, |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    x.merge(y)?;
                }
                Ok(a)
            })
            .map_err(Failure::Input)?;
        for (&i, pass) in open.iter().zip(passes) {
            if let (Some(Some(f)), Some(p)) = (finders.get_mut(i), picked.get(i)) {
                f.finish_pass(pass).map_err(|e| {
                    Failure::Input(anyhow!(e).context(format!(
                        "column '{}' of REF '{}'",
                        p.name,
                        reference.name()
                    )))
                })?;
            }
        }
    }
    Ok(finders
        .into_iter()
        .map(|f| f.and_then(|f| f.edges().cloned()))
        .collect())
}

/// Counts every picked column of one file into its states, per group of the `by` column.
fn count(
    table: &Table,
    picked: &[Picked],
    edges: &[Option<Edges>],
    by: Option<usize>,
    side: impl Fn(&Picked) -> usize + Sync,
    progress: &Progress,
) -> Result<Groups, Failure> {
    let empty = || -> Vec<State> {
        edges
            .iter()
            .map(|e| match e {
                Some(e) => State::Number(Histogram::new(e.clone())),
                None => State::Text(Categories::new()),
            })
            .collect()
    };
    let mut columns: Vec<usize> = picked.iter().map(&side).collect();
    if let Some(b) = by {
        columns.insert(0, b);
    }
    let merge = |mut a: Groups, b: Groups| -> Result<Groups> {
        for (g, states) in b {
            match a.get_mut(&g) {
                None => {
                    a.insert(g, states);
                }
                Some(mine) => {
                    for (x, y) in mine.iter_mut().zip(&states) {
                        x.merge(y)?;
                    }
                }
            }
        }
        Ok(a)
    };
    let groups = (0..table.chunks())
        .into_par_iter()
        .map(|chunk| -> Result<Groups> {
            let mut groups: Groups = BTreeMap::new();
            // The group of each row of the chunk, as an index into `labels`.
            let mut labels: Vec<String> = Vec::new();
            let mut row_group: Vec<u32> = Vec::new();
            let mut local: Vec<Vec<State>> = Vec::new();
            if by.is_none() {
                local.push(empty());
                labels.push(String::new());
            }
            let first = picked.first().map(&side);
            table.read_chunk(chunk, &columns, &mut |col, at, batch| {
                // The --by column is read first in each chunk, and is not compared itself.
                if Some(col) == by {
                    add_keys(batch, &mut labels, &mut row_group, &mut local, &empty);
                    return Ok(());
                }
                let Some(k) = picked.iter().position(|p| side(p) == col) else {
                    return Ok(());
                };
                if Some(col) == first {
                    progress.advance(batch.len());
                }
                if by.is_none() {
                    if let Some(state) = local.first_mut().and_then(|s| s.get_mut(k)) {
                        add(state, batch);
                    }
                } else {
                    let ids = row_group.get(at..at + batch.len()).ok_or_else(|| {
                        kldiv_io::Error::Request {
                            message: "the --by column has fewer rows than the others".into(),
                        }
                    })?;
                    add_grouped(&mut local, k, batch, ids);
                }
                Ok(())
            })?;
            for (label, states) in labels.into_iter().zip(local) {
                groups = merge(groups, BTreeMap::from([(label, states)]))?;
            }
            Ok(groups)
        })
        .try_reduce(BTreeMap::new, merge)
        .map_err(Failure::Input)?;
    Ok(groups)
}

/// The group labels of a batch of the `--by` column: text as it is, numbers as numbers print,
/// a null as "null".
fn add_keys(
    batch: &Batch,
    labels: &mut Vec<String>,
    rows: &mut Vec<u32>,
    states: &mut Vec<Vec<State>>,
    empty: &dyn Fn() -> Vec<State>,
) {
    let mut index: std::collections::HashMap<String, u32> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), i as u32))
        .collect();
    let mut id = |label: String| -> u32 {
        if let Some(&i) = index.get(&label) {
            return i;
        }
        let i = labels.len() as u32;
        labels.push(label.clone());
        states.push(empty());
        index.insert(label, i);
        i
    };
    match batch {
        Batch::Number { values, valid } => {
            for (j, &x) in values.iter().enumerate() {
                let null = valid.as_ref().is_some_and(|v| v.get(j) == Some(&false));
                rows.push(id(if null { "null".into() } else { num(x) }));
            }
        }
        Batch::Text(values) => {
            for v in values {
                rows.push(id(v.clone().unwrap_or_else(|| "null".into())));
            }
        }
    }
}

/// Counts a batch into one state.
fn add(state: &mut State, batch: &Batch) {
    match (state, batch) {
        (State::Number(h), Batch::Number { values, valid }) => match valid {
            None => h.add_slice(values),
            Some(valid) => {
                let present: Vec<f64> = values
                    .iter()
                    .zip(valid)
                    .filter(|(_, ok)| **ok)
                    .map(|(&x, _)| x)
                    .collect();
                h.add_slice(&present);
                h.add_nulls((values.len() - present.len()) as u64);
            }
        },
        (State::Text(t), Batch::Text(values)) => {
            for v in values {
                match v {
                    Some(s) => t.add(s),
                    None => t.add_null(),
                }
            }
        }
        // A column's batches always match its state (the types were checked).
        _ => {}
    }
}

/// The state of column k in group g.
fn state_of(states: &mut [Vec<State>], g: u32, k: usize) -> Option<&mut State> {
    states.get_mut(g as usize).and_then(|s| s.get_mut(k))
}

/// Counts a batch of column k into the states of each row's group.
fn add_grouped(states: &mut [Vec<State>], k: usize, batch: &Batch, ids: &[u32]) {
    match batch {
        Batch::Number { values, valid } => {
            for (j, (&x, &g)) in values.iter().zip(ids).enumerate() {
                if let Some(State::Number(h)) = state_of(states, g, k) {
                    if valid.as_ref().is_some_and(|v| v.get(j) == Some(&false)) {
                        h.add_null();
                    } else {
                        h.add(x);
                    }
                }
            }
        }
        Batch::Text(values) => {
            for (v, &g) in values.iter().zip(ids) {
                if let Some(State::Text(t)) = state_of(states, g, k) {
                    match v {
                        Some(s) => t.add(s),
                        None => t.add_null(),
                    }
                }
            }
        }
    }
}

/// One line of the result.
struct Row {
    column: String,
    group: Option<String>,
    number: bool,
    drift: Result<ColumnDrift, String>,
}

impl Row {
    fn label(&self) -> String {
        match &self.group {
            Some(g) => format!("column '{}', group '{g}'", self.column),
            None => format!("column '{}'", self.column),
        }
    }
}

struct Header<'a> {
    reference: &'a str,
    current: &'a str,
    bins: &'a str,
    pseudocount: Option<f64>,
    base: &'a str,
    unit: &'a str,
}

fn to_json(h: &Header, rows: &[Row]) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            o.insert("column".into(), json!(r.column));
            o.insert(
                "type".into(),
                json!(if r.number { "number" } else { "text" }),
            );
            if let Some(g) = &r.group {
                o.insert("group".into(), json!(g));
            }
            match &r.drift {
                Err(e) => {
                    o.insert("error".into(), json!(e));
                }
                Ok(d) => {
                    let measures: serde_json::Map<String, serde_json::Value> = d
                        .values
                        .iter()
                        .map(|v| (v.name(), json_num(v.value)))
                        .collect();
                    o.insert("measures".into(), json!(measures));
                    o.insert("bins".into(), json!(d.bins));
                    o.insert("reference_counts".into(), json!(d.reference));
                    o.insert("current_counts".into(), json!(d.current));
                    o.insert("reference_nulls".into(), json!(d.reference_missing.nulls));
                    o.insert("reference_nans".into(), json!(d.reference_missing.nans));
                    o.insert("current_nulls".into(), json!(d.current_missing.nulls));
                    o.insert("current_nans".into(), json!(d.current_missing.nans));
                    o.insert("empty_reference_bins".into(), json!(d.empty_reference));
                    o.insert("empty_current_bins".into(), json!(d.empty_current));
                    o.insert(
                        "warnings".into(),
                        json!(d.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>()),
                    );
                }
            }
            serde_json::Value::Object(o)
        })
        .collect();
    json!({
        "reference": h.reference,
        "current": h.current,
        "bins": h.bins,
        "pseudocount": h.pseudocount,
        "base": h.base,
        "columns": rows,
    })
}

/// The table: a row per column (and group), the measures, and a note of empty bins.
fn table(h: &Header, rows: &[Row], markdown: bool) -> Vec<String> {
    let measure_names: Vec<String> = rows
        .iter()
        .find_map(|r| r.drift.as_ref().ok())
        .map(|d| d.values.iter().map(|v| v.name()).collect())
        .unwrap_or_default();
    let grouped = rows.iter().any(|r| r.group.is_some());
    let mut head = vec!["column".to_string()];
    if grouped {
        head.push("group".into());
    }
    head.extend(measure_names.iter().cloned());
    head.push("note".into());
    let mut body: Vec<Vec<String>> = Vec::new();
    for r in rows {
        let mut line = vec![r.column.clone()];
        if let Some(g) = &r.group {
            line.push(g.clone());
        }
        match &r.drift {
            Ok(d) => {
                line.extend(d.values.iter().map(|v| cell(v.value)));
                line.push(note(d));
            }
            Err(e) => {
                line.extend(measure_names.iter().map(|_| "-".to_string()));
                line.push(e.clone());
            }
        }
        body.push(line);
    }
    let mut out = Vec::new();
    if markdown {
        out.push(format!("| {} |", head.join(" | ")));
        out.push(format!(
            "|{}",
            head.iter()
                .enumerate()
                .map(
                    |(i, _)| if i < 1 + usize::from(grouped) || i == head.len() - 1 {
                        " --- |"
                    } else {
                        " ---: |"
                    }
                )
                .collect::<String>()
        ));
        for l in &body {
            out.push(format!("| {} |", l.join(" | ")));
        }
        return out;
    }
    let mut width: Vec<usize> = head.iter().map(|s| s.chars().count()).collect();
    for l in &body {
        for (w, s) in width.iter_mut().zip(l) {
            *w = (*w).max(s.chars().count());
        }
    }
    let last = head.len() - 1;
    let line = |cells: &[String]| {
        cells
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let pad = width
                    .get(i)
                    .map_or(0, |w| w.saturating_sub(s.chars().count()));
                if i == last {
                    s.clone()
                } else if i < 1 + usize::from(grouped) {
                    format!("{s}{}", " ".repeat(pad))
                } else {
                    format!("{}{s}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    out.push(format!(
        "drift of {} against {} (bins: {}{}; {}; sorted by {})",
        h.current,
        h.reference,
        h.bins,
        h.pseudocount
            .map(|x| format!(", pseudocount {}", num(x)))
            .unwrap_or_default(),
        if h.base == "e" {
            "nats".to_string()
        } else {
            format!("base {} ({})", h.base, h.unit)
        },
        measure_names.first().map_or("", String::as_str)
    ));
    out.push(line(&head));
    for l in &body {
        out.push(line(l));
    }
    out
}

/// A value in a table cell: six decimals, or four significant digits below 10⁻³.
fn cell(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        num(x)
    } else if x.abs() < 1e-3 {
        format!("{x:.3e}")
    } else {
        format!("{x:.6}")
    }
}

/// What the numbers need said: empty bins (why a value is inf), nulls.
fn note(d: &ColumnDrift) -> String {
    let mut parts: Vec<String> = d
        .warnings
        .iter()
        .map(|w| match w {
            DriftWarning::EmptyReferenceBins { bins, .. } => {
                format!("{} bin(s) empty in REF", bins.len())
            }
            DriftWarning::EmptyCurrentBins { bins, .. } => {
                format!("{} bin(s) empty in CUR", bins.len())
            }
            other => other.to_string(),
        })
        .collect();
    let (rn, cn) = (
        d.reference_missing.nulls + d.reference_missing.nans,
        d.current_missing.nulls + d.current_missing.nans,
    );
    if rn + cn > 0 {
        parts.push(format!("missing {rn} REF, {cn} CUR"));
    }
    parts.join("; ")
}
