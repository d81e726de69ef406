//! The `kldiv` binary as a user runs it.
//!
//! - `dist`: the seed's first numbers, summaries, JSON, sampling.
//! - bad input: each answered on stderr with exit code 2.
//! - `samples`: Parquet as the same points from .npy; --columns on Parquet and CSV.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use assert_cmd::Command;

fn kldiv() -> Command {
    Command::cargo_bin("kldiv").unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = kldiv().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn ppf_prints_the_seed_notebook_cells() {
    // scipy.stats.norm.ppf(0.01), ppf(0.99): the notebook's first two outputs.
    assert_eq!(
        stdout(&["dist", "normal(0,1)", "--ppf", "0.01", "0.99"]),
        "-2.3263478740408408\n2.3263478740408408\n"
    );
}

#[test]
fn summary_lists_support_moments_entropy() {
    assert_eq!(
        stdout(&["dist", "cauchy(0, 1)"]),
        "distribution  cauchy(0, 1)\nsupport       [-inf, inf]\nmean          undefined\nvariance      undefined\nentropy       2.5310242469692907 nats\n"
    );
}

#[test]
fn json_spells_infinity_as_a_string() {
    let out = stdout(&["dist", "normal(0, 1)", "--ppf", "0", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ppf"]["value"][0], "-inf");
    assert_eq!(v["ppf"]["value"][1], "inf");
}

#[test]
fn seeded_samples_are_reproducible() {
    let a = stdout(&["dist", "gamma(2, 1)", "--sample", "5", "--seed", "3"]);
    let b = stdout(&["dist", "gamma(2, 1)", "--sample", "5", "--seed", "3"]);
    assert_eq!(a, b);
    assert_eq!(a.lines().count(), 5);
    let mv = stdout(&[
        "dist",
        "mvnormal(mean=[0,0], cov=[[1,0],[0,1]])",
        "--sample",
        "2",
    ]);
    assert!(mv.lines().all(|l| l.split(',').count() == 2), "{mv}");
}

#[test]
fn default_run_prints_the_seed_numbers() {
    let out = stdout(&[]);
    assert!(out.contains("-2.3263478740408408"), "{out}");
}

#[test]
fn kl_prints_value_error_unit_and_method() {
    assert_eq!(
        stdout(&["kl", "normal(0,1)", "normal(3,1)", "--both"]),
        "KL(p‖q) = 4.5 ± 6e-14 nats  (closed form)\nKL(q‖p) = 4.5 ± 6e-14 nats  (closed form)\n"
    );
    let out = stdout(&["kl", "normal(0,1)", "0.5*normal(0,1) + 0.5*normal(3,1)"]);
    assert!(out.starts_with("KL(p‖q) = 0.52677730652137"), "{out}");
    assert!(out.contains("nats  (quadrature, "), "{out}");
}

#[test]
fn kl_json_and_bases() {
    let out = stdout(&["kl", "normal(0,1)", "uniform(0,1)", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["value"], "inf");
    assert_eq!(v["method"], "closed form");
    let out = stdout(&["kl", "normal(0,1)", "normal(3,1)", "--base", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!((v["value"].as_f64().unwrap() - 4.5 / std::f64::consts::LN_2).abs() < 1e-13);
    assert!(stdout(&["kl", "normal(0,1)", "normal(3,1)", "--base", "10"]).contains("hartleys"));
}

#[test]
fn kl_monte_carlo_is_seeded() {
    let args = [
        "kl",
        "mvnormal(mean=[0,0], cov=[[1,0],[0,1]])",
        "mvnormal(mean=[1,0], cov=[[2,0.5],[0.5,1]])",
        "--method",
        "mc",
        "--samples",
        "20000",
        "--seed",
        "5",
    ];
    let a = stdout(&args);
    assert_eq!(a, stdout(&args));
    assert!(a.contains("monte carlo, 20000 draws"), "{a}");
}

/// The repository's tests/data.
fn data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("kldiv-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn entropy_of_lists_files_and_stdin() {
    // scipy.stats.entropy([0.1, 0.2, 0.7]) = 0.8018185525433373
    assert_eq!(
        stdout(&["entropy", "[0.1,0.2,0.7]"]),
        "0.8018185525433373\n"
    );
    assert_eq!(stdout(&["entropy", "[0.5, 0.5]", "--base", "2"]), "1\n");
    let a = write("a.csv", "0.1,0.5,0\n0.3,0.2,0.6\n0.6,0.3,0.4\n");
    let b = write(
        "b.txt",
        "# comment\n0.2 0.2 0.1\n0.3 0.5 0.3\n\n0.5 0.3 0.6\n",
    );
    // scipy.stats.entropy(a, b, axis=0) and axis=1
    let cols = stdout(&["entropy", &a, &b]);
    assert_eq!(cols.lines().count(), 3);
    assert!(cols.starts_with("0.0400782160203782"), "{cols}");
    let rows = stdout(&["entropy", &a, &b, "--axis", "1"]);
    // scipy gives 0.4657295230078505; mpmath (40 digits, exact sums) 0.46572952300785036413
    let first: f64 = rows.lines().next().unwrap().parse().unwrap();
    assert!((first - 0.465_729_523_007_850_4).abs() <= 1e-16, "{rows}");
    let m = stdout(&[
        "entropy",
        &a,
        &b,
        "--pairwise",
        "--measure",
        "js",
        "--axis",
        "1",
    ]);
    assert_eq!(m.lines().count(), 3);
    assert_eq!(m.lines().next().unwrap().split(' ').count(), 3);
    let out = kldiv()
        .args(["entropy", "-", "--base", "2"])
        .write_stdin("0.25\n0.75\n")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0.8112781244591328\n");
    let single_row = write("row.csv", "0.25,0.75\n");
    assert_eq!(
        stdout(&["entropy", &single_row, "--base", "2"]),
        "0.8112781244591328\n"
    );
}

/// scipy parity of the CLI on files, relative (its plain sums differ from kldiv's by ~1e-16).
const FILE_PARITY: f64 = 1e-14;

fn values(out: &str) -> Vec<f64> {
    out.split_whitespace().map(|t| t.parse().unwrap()).collect()
}

fn json_values(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn assert_close(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= FILE_PARITY * w.abs(),
            "{what}: {got:?} vs scipy {want:?}"
        );
    }
}

#[test]
fn entropy_reads_npy_of_every_dtype_order_and_layout_like_scipy() {
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data_dir().join("arrays.json")).unwrap())
            .unwrap();
    let rows = data["npy"].as_array().unwrap();
    assert!(rows.len() >= 25, "{} files", rows.len());
    for row in rows {
        let file = data_dir().join(row["file"].as_str().unwrap());
        let f = file.to_str().unwrap();
        assert_close(
            &values(&stdout(&["entropy", f])),
            &json_values(&row["axis0"]),
            f,
        );
        assert_close(
            &values(&stdout(&["entropy", f, "--axis", "-1"])),
            &json_values(&row["axis_last"]),
            f,
        );
    }
    // .npz members, stored and deflated, against each other and scipy.
    let want = json_values(&data["npz"]["relative_entropy_axis0"]);
    for z in data["npz"]["files"].as_array().unwrap() {
        let z = data_dir().join(z.as_str().unwrap());
        let z = z.to_str().unwrap();
        let (p, q) = (format!("{z}:p"), format!("{z}:q"));
        assert_close(&values(&stdout(&["entropy", &p, &q])), &want, z);
    }
    // A binary .npy on standard input.
    let bytes = std::fs::read(data_dir().join("npy/f8_1d.npy")).unwrap();
    let out = kldiv()
        .args(["entropy", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0.8018185525433373\n");
}

#[test]
fn entropy_broadcasts_keeps_dims_and_reads_inline_2d_like_numpy() {
    // scipy.stats.entropy([[1,2],[3,4]], [[1,2]]) = [0.13081204, 0.05663301]: [[1,2]] is 2-D.
    assert_close(
        &values(&stdout(&["entropy", "[[1,2],[3,4]]", "[[1,2]]"])),
        &[0.130_812_035_941_136_88, 0.056_633_012_265_132_4],
        "inline 2-D",
    );
    // entropy(pk (2,3), qk (3,), axis=0) and axis=-1 with keepdims (scipy 1.17).
    let cols = stdout(&["entropy", "[[1,2,3],[4,5,6]]", "[1,2,4]", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&cols).unwrap();
    assert_close(
        &json_values(&v["value"]),
        &[
            0.192_744_757_021_757_42,
            0.094_877_591_974_688_04,
            0.056_633_012_265_132_426,
        ],
        "axis 0",
    );
    let rows = stdout(&[
        "entropy",
        "[[1,2,3],[4,5,6]]",
        "[1,2,4]",
        "--axis",
        "-1",
        "--keepdims",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&rows).unwrap();
    assert_eq!(v["shape"], serde_json::json!([2, 1]));
    assert_eq!(v["value"][1][0].as_f64().unwrap(), 0.075_154_731_453_058_18);
    // Ratios that overflow: ln x − ln y, as scipy ≥ 1.15.
    assert_eq!(
        stdout(&["entropy", "[5e-324, 1.0]", "[1.0, 5e-324]"]),
        "744.4400719213812\n"
    );
}

#[test]
fn entropy_skips_a_csv_header_and_writes_npy_output() {
    let csv = write("header.csv", "a,b,c\n1,2,3\n4,5,6\n");
    let forced = write("header2.csv", "1,2,3\n1,2,3\n4,5,6\n");
    let want = stdout(&["entropy", "[[1,2,3],[4,5,6]]"]);
    assert_eq!(stdout(&["entropy", &csv]), want);
    assert_eq!(stdout(&["entropy", &forced, "--header"]), want);
    // --output: a .npy that reads back to the printed values, with numpy's shape.
    let out = write("pairwise.npy", "");
    let m = stdout(&[
        "entropy",
        "[[1,2],[3,4],[5,6]]",
        "[[1,2],[2,1]]",
        "--pairwise",
        "--axis",
        "-1",
        "--measure",
        "js",
    ]);
    stdout(&[
        "entropy",
        "[[1,2],[3,4],[5,6]]",
        "[[1,2],[2,1]]",
        "--pairwise",
        "--axis",
        "-1",
        "--measure",
        "js",
        "--output",
        &out,
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\x93NUMPY\x01\x00"));
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let header = std::str::from_utf8(&bytes[10..10 + header_len]).unwrap();
    assert!(header.contains("'shape': (3, 2)"), "{header}");
    assert_eq!((10 + header_len) % 64, 0);
    let back: Vec<f64> = bytes[10 + header_len..]
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(back, values(&m));
}

#[test]
fn entropy_prints_inf_and_nan_like_scipy() {
    assert_eq!(stdout(&["entropy", "[0.5,0.5]", "[1,0]"]), "inf\n");
    assert_eq!(stdout(&["entropy", "[0.5,nan]", "[0.5,0.5]"]), "NaN\n");
    let json = stdout(&["entropy", "[0.5,0.5]", "[1,0]", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["value"], "inf");
}

/// (arguments, a part of the message on stderr)
const BAD_INPUT: &[(&[&str], &str)] = &[
    (
        &["dist", "normal(0, 1"],
        "expected ',' or ')' after 'normal(0, 1', found the end at column 12",
    ),
    (&["dist", "foo(1)"], "unknown distribution 'foo'"),
    (
        &[
            "kl",
            "mvnormal(mean=@missing.npy, cov=[[1]])",
            "normal(0, 1)",
        ],
        "cannot read '@missing.npy': cannot read 'missing.npy'",
    ),
    (
        &[
            "kl",
            "mvnormal(mean=@oneline.txt, cov=[[1]])",
            "normal(0, 1)",
        ],
        "'oneline.txt': no numeric rows: its one line ('0;1') is not numbers, so it was read as a header",
    ),
    (
        &["kl", "mvnormal(mean=@f8_3d.npy, cov=[[1]])", "normal(0, 1)"],
        "'@f8_3d.npy' has shape [2, 3, 4]; a parameter takes a vector or a matrix at column 15",
    ),
    (
        &["dist", "normal(0, 0)"],
        "normal: std must be finite and > 0, got 0",
    ),
    (
        &["dist", "exponential(-1)"],
        "exponential: rate must be finite and > 0, got -1",
    ),
    (
        &["dist", "0.5*normal(0,1) + 0.4*normal(3,1)"],
        "weights must sum to 1",
    ),
    (
        &["dist", "mvnormal(mean=[0,0], cov=[[1,2],[2,1]])"],
        "cov is not positive definite",
    ),
    (&["dist", "normal(nan, 1)"], "found NaN"),
    (&["dist", ""], "found an empty spec"),
    (
        &["dist", "categorical([[[[[[[[[1]]]]]]]]])"],
        "nested deeper than the limit",
    ),
    (
        &["dist", "normal(0, 1)", "--ppf", "1.5"],
        "--ppf: a probability must be in [0, 1], got 1.5",
    ),
    (
        &["dist", "normal(0, 1)", "--ppf", "nan"],
        "--ppf: a probability must be in [0, 1], got NaN",
    ),
    (
        &["dist", "normal(0, 1)", "--pdf", "nan"],
        "--pdf: a point must be a number, got NaN",
    ),
    (&["dist", "normal(0, 1)", "--cdf", "x"], "invalid value 'x'"),
    (
        &["dist", "normal(0, 1)", "--sample", "-3"],
        "unexpected argument '-3'",
    ),
    (
        &["dist", "normal(0, 1)", "--sample", "1000000000"],
        "--sample: at most 100000000 draws",
    ),
    (
        &["dist", "dirichlet(alpha=[1,2])", "--cdf", "0.5"],
        "is not defined for dirichlet(alpha=[1, 2])",
    ),
    (&["dist"], "required arguments were not provided"),
    (&["dist", "   "], "found an empty spec at column 1"),
    (
        &["dist", "normal 0, 1)"],
        "expected '(' after 'normal', found '0' at column 8",
    ),
    (
        &["dist", "normal(0, inf)"],
        "found infinity (inf is not a parameter) at column 11",
    ),
    (
        &["dist", "normal(0, 1e999)"],
        "'1e999' overflows a 64-bit float at column 11",
    ),
    (
        &["dist", "normal(0)"],
        "normal needs parameter 'std' (mean, std) at column 9",
    ),
    (
        &["dist", "normal(0, 1, 2)"],
        "normal takes 2 parameters (mean, std), got 3 at column 14",
    ),
    (&["dist", "normal(0, sd=1)"], "normal has no parameter 'sd'"),
    (
        &["dist", "normal(mean=0, mean=1)"],
        "parameter 'mean' is given twice at column 16",
    ),
    (
        &["dist", "normal(mean=0, 1)"],
        "positional parameters must come before keywords",
    ),
    (&["dist", "uniform(3, 1)"], "uniform: high must be > low"),
    (
        &["dist", "binomial(2.5, 0.5)"],
        "binomial: n must be an integer ≥ 0, got 2.5",
    ),
    (
        &["dist", "bernoulli(1.5)"],
        "bernoulli: p must be in [0, 1], got 1.5",
    ),
    (
        &["dist", "0.5*normal(0,1) + normal(3,1)"],
        "a mixture component needs a weight",
    ),
    (
        &["dist", "0.5*normal(0,1) + 0.5*poisson(3)"],
        "components must be all continuous or all discrete",
    ),
    (
        &["dist", "mvnormal(mean=[0, 0], cov=[[1, 0.5], [0.4, 1]])"],
        "cov is not symmetric",
    ),
    (
        &["dist", "dirichlet(alpha=[1])"],
        "dirichlet: alpha needs at least 2 entries, got 1",
    ),
    (
        &["dist", "categorical([0.5, 0.6])"],
        "probabilities must sum to 1 (within 1e-9), got 1.1",
    ),
    (
        &["plot", "nosuch(1)", "normal(0,1)", "-o", "x.png"],
        "unknown distribution 'nosuch'",
    ),
    (
        &[
            "plot",
            "normal(0,1)",
            "normal(1,1)",
            "-o",
            "x.png",
            "--xlim",
            "3",
            "3",
        ],
        "--xlim: expected finite A < B, got 3 3",
    ),
    (
        &[
            "plot",
            "normal(0,1)",
            "normal(1,1)",
            "-o",
            "/nonexistent/dir/x.png",
        ],
        "cannot write /nonexistent/dir/x.png",
    ),
    (
        &["plot", "normal(0,1)", "normal(1,1)", "-o", "x.pdf"],
        "-o x.pdf: the file must end in .png or .svg",
    ),
    (
        &[
            "plot",
            "normal(0,1)",
            "normal(1,1)",
            "-o",
            "x.png",
            "--panels",
            "bars",
        ],
        "--panels: unknown panel 'bars'",
    ),
    (
        &["plot", "poisson(3)", "poisson(2)", "-o", "x.png"],
        "P: only continuous distributions can be plotted",
    ),
    (
        &[
            "plot",
            "normal(0,1)",
            "mvnormal(mean=[0,0], cov=[[1,0],[0,1]])",
            "-o",
            "x.png",
        ],
        "Q: only univariate distributions can be plotted",
    ),
    (
        &[
            "plot",
            "normal(0,1)",
            "normal(1,1)",
            "-o",
            "x.png",
            "--dpi",
            "0",
        ],
        "--dpi: expected a number in [10, 1000], got 0",
    ),
    (
        &["notebook", "--dpi", "5000"],
        "--dpi: expected a number in [10, 1000], got 5000",
    ),
    (
        &["notebook", "--out", "/proc/kldiv-cannot-write"],
        "cannot create /proc/kldiv-cannot-write/assets/kl-divergence",
    ),
    (
        &["entropy", "/nonexistent/p.csv"],
        "cannot read '/nonexistent/p.csv'",
    ),
    (&["entropy", "[0.1, x]"], "item 2: 'x' is not a number"),
    (
        &["entropy", "[[1,2],[3]]"],
        "item 2 has 1 items, but the first list at its depth has 2 (numpy needs a regular shape)",
    ),
    (
        &["entropy", "[0.1, 0.9]", "[0.5, 0.25, 0.25]"],
        "pk of shape (2,) and qk of shape (3,) do not broadcast together",
    ),
    (
        &["entropy", "[0.1, 0.9]", "--axis", "2"],
        "axis 2 is out of bounds for an array of dimension 1",
    ),
    (
        &["entropy", "bad_truncated.npy"],
        "'bad_truncated.npy': .npy data is truncated: 91 bytes for the shape (3, 4) of 12 values of 8 bytes (96 bytes)",
    ),
    (
        &["entropy", "bad_dtype.npy"],
        "'bad_dtype.npy': dtype '<c16' is not supported",
    ),
    (
        &["entropy", "pair.npz:r"],
        "'pair.npz' has no member 'r' (it has: p, q)",
    ),
    (
        &["entropy", "pair.npz"],
        "'pair.npz' holds 2 arrays: name one as 'pair.npz:NAME' (p, q)",
    ),
    (
        &["entropy", "-", "-"],
        "PK and QK are both '-': standard input can be read once",
    ),
    (
        &[
            "divergence",
            "normal(0,1)",
            "normal(1,1)",
            "--measure",
            "bogus",
        ],
        "--measure: unknown measure 'bogus' (known: kl, jeffreys, psi, js, js-distance, hellinger, tv, renyi:ALPHA, bhattacharyya, cross-entropy, entropy)",
    ),
    (
        &[
            "divergence",
            "normal(0,1)",
            "normal(1,1)",
            "--measure",
            "renyi:-1",
        ],
        "--measure: the Rényi order must be finite and > 0, got -1",
    ),
    (
        &[
            "divergence",
            "normal(0,1)",
            "mvnormal(mean=[0,0], cov=[[1,0],[0,1]])",
            "--measure",
            "tv",
        ],
        "a measure between distributions of different dimensions",
    ),
    (
        &["samples", "[[0,1],[1,2],[2,3]]", "[0,1,2]"],
        "samples: X has 2 coordinates per point but Y has 1",
    ),
    (
        &["samples", "[0.5]", "[0,1,2]"],
        "samples: X has 1 point(s); this estimator needs at least 2",
    ),
    (
        &["samples", "[[0,1],[1,nan],[2,3]]", "[[0,1],[1,2]]"],
        "X ('[[0,1],[1,nan],[2,3]]'): samples: row 1, column 1 is NaN: every coordinate must be finite",
    ),
    (
        &["samples", "ab.csv", "ba.csv"],
        "X's columns (a, b) and Y's (b, a) differ or come in another order: name the columns to compare with --columns",
    ),
    (
        &[
            "samples",
            "[[0, 0], [1, 1], [1e160, 0], [2, 2]]",
            "[[0.5, 0], [1.5, 0]]",
        ],
        "samples: row 2 of X has its 1st nearest neighbour in X more than 1.3e154 away",
    ),
    (
        &["samples", "[0.1, 1, 2]", "--q", "poisson(3)"],
        "samples: q = poisson(3) is discrete; the one-sample estimator compares a density",
    ),
    (
        &[
            "samples",
            "[0.1, 1, 2]",
            "[0.5, 1.5]",
            "--estimator",
            "varying-k",
            "--l",
            "18446744073709551615",
        ],
        "samples: the neighbour order 18446744073709551615 is larger than any sample",
    ),
    (
        &[
            "samples",
            "[0.1, 1, 2]",
            "[0.5, 1.5]",
            "--estimator",
            "binned",
            "--bins",
            "3",
        ],
        "samples: 3 bins from 2 points of Y: equal-frequency bins take at most one per point",
    ),
    (
        &[
            "samples",
            "[0.1, 1, 2, 3]",
            "[0.5, 1.5, 4]",
            "--ci",
            "0.9",
            "--replicates",
            "2000000",
        ],
        "replicates: an interval takes 10 to 1000000, got 2000000",
    ),
    (
        &[
            "samples",
            "[9007199254740994, 7]",
            "[7, 7]",
            "--estimator",
            "counts",
        ],
        "samples: X[0] = 9007199254740994 is beyond 2^53, where distinct integer labels round to the same double",
    ),
    (
        &[
            "samples",
            "[0,1,2,3]",
            "[0.5,1]",
            "--estimator",
            "binned",
            "--pseudocount",
            "-1",
        ],
        "pseudocount must be finite and ≥ 0, got -1",
    ),
    (
        &[
            "entropy",
            "[0.5,0.5]",
            "--normalize",
            "validate",
            "--tolerance",
            "-1",
        ],
        "tolerance must be finite and ≥ 0 (how far a sum may be from 1), got -1",
    ),
    (
        &["entropy", "[1,2]", "--output", "out.txt"],
        "--output writes a .npy file (little-endian f8); name it *.npy, got 'out.txt'",
    ),
    (
        &["samples", "[0,1,2,3]", "[0.5,1.5,2.5]", "--bins", "4"],
        "bins applies to estimator binned, not to estimator wkv",
    ),
    (
        &[
            "samples",
            "[0,1,2,3]",
            "[0.5,1.5,2.5]",
            "--estimator",
            "binned",
            "--k",
            "2",
        ],
        "k applies to estimator wkv and varying-k, not to estimator binned",
    ),
    (
        &[
            "samples",
            "[0,1,2,3]",
            "[0.5,1.5,2.5]",
            "--replicates",
            "10",
        ],
        "replicates sets up the confidence interval: give ci too",
    ),
    (
        &["samples", "[0,1,1,2]", "[0.5,1.5]"],
        "samples: 2 points of X have their 1st nearest neighbour in X at distance 0 (duplicate points, or closer than 1.5e-154 where the squared distance underflows; the first is row 1)",
    ),
    (
        &["samples", "empty.csv", "[0.5,1.5]"],
        "X: 'empty.csv': holds no numbers (it is empty, or only comments)",
    ),
    (
        &[
            "samples",
            "[0,1,2]",
            "[0.5,1.5]",
            "--ci",
            "0.9",
            "--resampling",
            "bootstrap",
        ],
        "resampling bootstrap: a resample with replacement repeats points",
    ),
    (
        &["samples", "[0,1,2]"],
        "needs Y (samples of Q) or --q SPEC",
    ),
    (
        &["samples", "mixed.parquet", "x.parquet"],
        "X: 'mixed.parquet': column 'label' is a string, not a number; pick numeric columns with --columns (numeric here: x, y)",
    ),
    (
        &[
            "samples",
            "mixed.parquet",
            "mixed.parquet",
            "--columns",
            "x,when",
        ],
        "X: 'mixed.parquet': column 'when' is a timestamp, not a number (numeric columns: x, y)",
    ),
    (
        &[
            "samples",
            "mixed.parquet",
            "mixed.parquet",
            "--columns",
            "price",
        ],
        "column 'price' is a decimal(5, 2), not a number",
    ),
    (
        &[
            "samples",
            "mixed.parquet",
            "mixed.parquet",
            "--columns",
            "tags,x",
        ],
        "column 'tags' is a nested group (a list, map or struct), not a number",
    ),
    (
        &[
            "samples",
            "mixed.parquet",
            "mixed.parquet",
            "--columns",
            "x,z",
        ],
        "X: 'mixed.parquet': column 'z' does not exist (it has: x, label, when, price, flag, tags, y)",
    ),
    (
        &["samples", "x.parquet", "nulls.parquet", "--columns", "a,b"],
        "Y: 'nulls.parquet' row 2, column 'b': missing value (null): every coordinate must be a number",
    ),
    (
        &["samples", "nan.parquet", "x.parquet", "--columns", "a,b"],
        "X ('nan.parquet'): samples: row 4, column 1 is NaN: every coordinate must be finite",
    ),
    (
        &["samples", "empty.parquet", "x.parquet"],
        "X: 'empty.parquet': no rows",
    ),
    (
        &["samples", "not.parquet", "x.parquet"],
        "X: 'not.parquet': not a readable Parquet file",
    ),
    (
        &["samples", "x.parquet", "x.parquet", "--columns", "a,b,a"],
        "--columns: 'a' is named twice",
    ),
    (
        &["samples", "x.npy", "x.parquet", "--columns", "a"],
        "X: --columns picks columns by name, and the .npy 'x.npy' has none",
    ),
    (
        &["samples", "x.parquet", "empty.csv", "--columns", "a"],
        "Y: 'empty.csv': holds no numbers (it is empty, or only comments)",
    ),
    (
        &[
            "samples",
            "[0,1,2]",
            "[0.5,1.5]",
            "--estimator",
            "binned",
            "--bins",
            "1,x",
        ],
        "bins must be a number of bins, auto, or edges e1,e2,…; got '1,x'",
    ),
    (
        &["entropy", "[0.1, 0.9]", "--base", "0"],
        "base must be finite, > 0 and ≠ 1, got 0",
    ),
    (
        &["entropy", "[0.5, 0.6]", "--normalize", "validate"],
        "pk sums to 1.1, not 1 within 1e-9",
    ),
    (
        &["entropy", "[0.5, nan]", "--nan", "raise"],
        "pk[1] is NaN (the NaN policy is raise)",
    ),
    (
        &["entropy", "[0.5, 0.5]", "--measure", "js"],
        "--measure js: needs QK",
    ),
    (
        &["entropy", "[0.5, 0.5]", "--pairwise"],
        "--pairwise needs QK",
    ),
    (
        &["entropy", "[0.5, 0.5]", "--nan", "ignore"],
        "invalid value 'ignore'",
    ),
    (&["entropy", "/tmp"], "'/tmp' is a directory"),
    (
        &["kl", "normal(0,1)"],
        "required arguments were not provided",
    ),
    (
        &["kl", "normal(0,1)", "normal(0,"],
        "in the distribution 'normal(0,'",
    ),
    (
        &["kl", "normal(0,1)", "normal(0,1)", "--base", "1"],
        "base must be finite and > 1 (below 1 a logarithm turns every divergence negative), got 1",
    ),
    (
        &["kl", "normal(0,1)", "normal(1,1)", "--base", "0.5"],
        "base must be finite and > 1 (below 1 a logarithm turns every divergence negative), got 0.5",
    ),
    (
        &["kl", "normal(0,1)", "normal(0,1)", "--base", "-2"],
        "base must be finite and > 1 (below 1 a logarithm turns every divergence negative), got -2",
    ),
    (
        &["kl", "normal(0,1)", "normal(0,1)", "--base", "pi"],
        "--base: expected e, 2, 10 or a number, got 'pi'",
    ),
    (
        &["kl", "normal(0,1)", "normal(0,1)", "--method", "magic"],
        "invalid value 'magic'",
    ),
    (
        &[
            "kl",
            "normal(0,1)",
            "normal(0,1)",
            "--method",
            "mc",
            "--samples",
            "1",
        ],
        "--samples: expected 2 to",
    ),
    (
        &["kl", "student_t(3)", "logistic(0,1)", "--method", "exact"],
        "no closed form for KL(student_t(3, 0, 1) ‖ logistic(0, 1))",
    ),
    (
        &[
            "kl",
            "normal(0,1)",
            "mvnormal(mean=[0,0], cov=[[1,0],[0,1]])",
        ],
        "different dimensions",
    ),
    (
        &[
            "kl",
            "mvnormal(mean=[0,0], cov=[[1,0],[0,1]])",
            "mvnormal(mean=[0,0], cov=[[1,0],[0,2]])",
            "--method",
            "quad",
        ],
        "quadrature",
    ),
    (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
];

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    // Runs in an empty directory so that relative output paths are harmless.
    let dir = std::env::temp_dir().join(format!("kldiv-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in [
        "bad_truncated.npy",
        "bad_dtype.npy",
        "pair.npz",
        "f8_3d.npy",
    ] {
        std::fs::copy(data_dir().join("npy").join(f), dir.join(f)).unwrap();
    }
    for f in [
        "mixed.parquet",
        "x.parquet",
        "x.npy",
        "nulls.parquet",
        "nan.parquet",
        "empty.parquet",
    ] {
        std::fs::copy(data_dir().join("parquet").join(f), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join("empty.csv"), "").unwrap();
    std::fs::write(dir.join("oneline.txt"), "0;1\n").unwrap();
    std::fs::write(dir.join("ab.csv"), "a,b\n1,2\n3,4.5\n5,6\n").unwrap();
    std::fs::write(dir.join("ba.csv"), "b,a\n1,2.2\n3,4.1\n5,6.5\n").unwrap();
    std::fs::write(dir.join("not.parquet"), "a,b\n1,2\n").unwrap();
    let mut table = vec![
        "# Bad input: what kldiv says, and its exit code".to_string(),
        String::new(),
        "Generated by `crates/kldiv-cli/tests/cli.rs` (`UPDATE_DOCS=1 cargo test -p kldiv-cli`); the test".to_string(),
        "fails if this file and the program disagree. Exit code 2 is bad input or usage, 1 a".to_string(),
        "computation that failed, 0 success.".to_string(),
        String::new(),
        "| command | exit | message (first line of stderr) |".to_string(),
        "|---|---|---|".to_string(),
    ];
    let mut wrong = Vec::new();
    for (args, want) in BAD_INPUT {
        let out = kldiv().current_dir(&dir).args(*args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(2) || !err.contains(want) {
            wrong.push(format!(
                "{args:?} exit {:?}:\n   got: {err}\n  want: {want}",
                out.status.code()
            ));
        }
        let quoted: Vec<String> = args
            .iter()
            .map(|a| {
                if a.is_empty() || a.contains([' ', '(', '[', '*', '|']) {
                    format!("'{a}'")
                } else {
                    a.to_string()
                }
            })
            .collect();
        let first = err.lines().next().unwrap_or("").replace('|', "\\|");
        table.push(format!(
            "| `kldiv {}` | {} | {} |",
            quoted.join(" ").replace('|', "\\|"),
            2,
            first
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let text = table.join("\n") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/errors.md");
    if std::env::var("UPDATE_DOCS").is_ok() {
        std::fs::write(&path, &text).unwrap();
    } else {
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == text,
            "docs/errors.md is out of date: rerun with UPDATE_DOCS=1"
        );
    }
    assert!(BAD_INPUT.len() >= 60, "{} bad inputs", BAD_INPUT.len());
}

#[test]
fn a_long_garbage_spec_is_an_error_not_a_panic() {
    let spec = "normal(0, 1) + ".repeat(8_000);
    let out = kldiv().args(["dist", &spec]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("found the end at column 120001"));
}

#[test]
fn clap_configuration_is_valid() {
    // Cli::command().debug_assert() lives in the binary; `--help` exercises it end to end.
    let out = kldiv().arg("--help").output().unwrap();
    assert!(out.status.success());
}

#[test]
fn a_method_out_of_budget_exits_1_with_its_best_value() {
    let out = kldiv()
        .args([
            "kl",
            "student_t(3)",
            "logistic(0,1)",
            "--method",
            "quad",
            "--max-evaluations",
            "100",
            "--rel-tol",
            "0",
            "--abs-tol",
            "0",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("did not converge") && err.contains("best value 0.070"),
        "{err}"
    );
    assert!(
        err.contains("--max-evaluations"),
        "the binary adds its flag: {err}"
    );
}

#[test]
fn a_spec_can_come_from_a_file() {
    let dir = std::env::temp_dir().join(format!("kldiv-at-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let q = dir.join("q.txt");
    std::fs::write(&q, "0.5*normal(0, 1) +\n 0.5*normal(3, 1)\n").unwrap();
    let out = kldiv()
        .args(["kl", "normal(0, 1)", &format!("@{}", q.display())])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("KL(p‖q) = 0.52677730652137"));
    let missing = kldiv()
        .args(["kl", "normal(0, 1)", "@/nonexistent/q.txt"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/q.txt"));
}

/// A little-endian f8 `.npy` in C order.
fn npy(values: &[f64], shape: &[usize]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    let shape = if dims.len() == 1 {
        format!("({},)", dims[0])
    } else {
        format!("({})", dims.join(", "))
    };
    let mut header = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend((header.len() as u16).to_le_bytes());
    out.extend(header.as_bytes());
    out.extend(values.iter().flat_map(|v| v.to_le_bytes()));
    out
}

#[test]
fn vector_and_matrix_parameters_can_come_from_npy_files() {
    // d = 100: a covariance too long for a command line, from files, in a mixture.
    let dir = std::env::temp_dir().join(format!("kldiv-npy-params-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let d = 100;
    let mean: Vec<f64> = (0..d).map(|i| (i as f64 * 0.1).sin()).collect();
    let cov: Vec<f64> = (0..d * d)
        .map(|k| {
            let (i, j) = (k / d, k % d);
            if i == j {
                2.0
            } else {
                0.5f64.powi((i as i32 - j as i32).abs())
            }
        })
        .collect();
    std::fs::write(dir.join("m.npy"), npy(&mean, &[d])).unwrap();
    std::fs::write(dir.join("S.npy"), npy(&cov, &[d, d])).unwrap();
    let list = |v: &[f64]| {
        let items: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let rows: Vec<String> = cov.chunks(d).map(list).collect();
    let inline = format!("mvnormal(mean={}, cov=[{}])", list(&mean), rows.join(", "));
    std::fs::write(dir.join("inline.txt"), &inline).unwrap();
    // Inside a spec file, file names are relative to its directory.
    std::fs::write(dir.join("files.txt"), "mvnormal(mean=@m.npy, cov=@S.npy)").unwrap();
    let zero = format!(
        "mvnormal(mean={}, cov=@{})",
        list(&vec![0.0; d]),
        dir.join("S.npy").display()
    );
    let kl = |p: &str| {
        let out = kldiv().args(["kl", p, &zero, "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["value"].as_f64().unwrap()
    };
    let from_files = kl(&format!("@{}", dir.join("files.txt").display()));
    assert_eq!(
        from_files,
        kl(&format!("@{}", dir.join("inline.txt").display()))
    );
    assert!(from_files > 0.0);
    // The same files inside a mixture, with guaranteed bounds.
    std::fs::write(
        dir.join("mix.txt"),
        format!("0.5*mvnormal(mean=@m.npy, cov=@S.npy) + 0.5*{zero}"),
    )
    .unwrap();
    let out = kldiv()
        .args([
            "kl",
            &format!("@{}", dir.join("mix.txt").display()),
            &zero,
            "--method",
            "bounds",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (lower, upper) = (v["lower"].as_f64().unwrap(), v["upper"].as_f64().unwrap());
    // Convexity: KL(½p + ½q ‖ q) ≤ ½ KL(p‖q).
    assert!(0.0 <= lower && lower <= upper && upper <= 0.5 * from_files * (1.0 + 1e-8));
}

#[test]
fn mixture_methods_refuse_other_pairs_and_measures() {
    let cases: [(&[&str], &str); 2] = [
        (
            &["kl", "gamma(2, 1)", "normal(0, 1)", "--method", "bounds"],
            "guaranteed bounds cannot estimate this pair: it is defined for Gaussian mixtures",
        ),
        (
            &[
                "divergence",
                "normal(0, 1)",
                "normal(1, 1)",
                "--measure",
                "tv",
                "--method",
                "moments",
            ],
            "they are methods of KL only",
        ),
    ];
    for (args, want) in cases {
        let out = kldiv().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn samples_estimate_with_interval_and_json() {
    let x = write(
        "sx.csv",
        &(0..200)
            .map(|i| format!("{}\n", (i as f64 * 0.37).sin()))
            .collect::<String>(),
    );
    let y = write(
        "sy.csv",
        &(0..180)
            .map(|i| format!("{}\n", 0.5 + (i as f64 * 0.71).cos()))
            .collect::<String>(),
    );
    let out = stdout(&[
        "samples",
        &x,
        &y,
        "--ci",
        "0.9",
        "--replicates",
        "100",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["value", "ci", "n", "m", "d", "k", "estimator"] {
        assert!(!v[key].is_null(), "{key} missing: {out}");
    }
    assert_eq!(
        (v["n"].as_u64(), v["m"].as_u64(), v["d"].as_u64()),
        (Some(200), Some(180), Some(1))
    );
    let (lo, hi, val) = (
        v["ci"][0].as_f64().unwrap(),
        v["ci"][1].as_f64().unwrap(),
        v["value"].as_f64().unwrap(),
    );
    assert!(lo < val && val < hi, "{out}");
    // The same seed, the same interval.
    assert_eq!(
        out,
        stdout(&[
            "samples",
            &x,
            &y,
            "--ci",
            "0.9",
            "--replicates",
            "100",
            "--json"
        ])
    );
    // Text: value, interval, what ran.
    let text = stdout(&["samples", &x, &y, "--estimator", "binned", "--bins", "5"]);
    assert!(
        text.contains("(binned, n = 200, m = 180, d = 1)") && text.contains("jeffreys:"),
        "{text}"
    );
    let one = stdout(&["samples", &x, "--q", "normal(0, 1)"]);
    assert!(one.contains("(one-sample, k = 1, n = 200, d = 1)"), "{one}");
}

/// tests/data/parquet/NAME as a path argument.
fn parquet_data(name: &str) -> String {
    data_dir()
        .join("parquet")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// The rows of a little-endian f8 .npy of shape (n, d) that numpy wrote (version 1 header).
fn npy_rows(name: &str, d: usize) -> Vec<Vec<f64>> {
    let b = std::fs::read(parquet_data(name)).unwrap();
    let start = 10 + u16::from_le_bytes([b[8], b[9]]) as usize;
    let v: Vec<f64> = b[start..]
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    v.chunks(d).map(<[f64]>::to_vec).collect()
}

/// CSV with a header line; Rust prints the shortest decimal that reads back to the same f64.
fn csv(header: &str, rows: &[Vec<f64>], cols: &[usize]) -> String {
    let mut text = format!("{header}\n");
    for r in rows {
        let line: Vec<String> = cols.iter().map(|&c| format!("{}", r[c])).collect();
        text.push_str(&(line.join(",") + "\n"));
    }
    text
}

#[test]
fn samples_from_parquet_equal_the_same_points_from_npy() {
    let run = |x: &str, y: &str| stdout(&["samples", &parquet_data(x), &parquet_data(y), "--json"]);
    let want = run("x.npy", "y.npy");
    assert!(want.contains("\"d\": 3"), "{want}");
    // Snappy (pyarrow's default) and row groups of 64; then zstd, gzip and lz4.
    for x in [
        "x.parquet",
        "x_zstd.parquet",
        "x_gzip.parquet",
        "x_lz4.parquet",
    ] {
        assert_eq!(run(x, "y.parquet"), want, "{x}");
    }
    // Every integer width, signed and unsigned, float32 and float16, as numpy's astype(float64).
    assert_eq!(
        run("ints_x.parquet", "ints_y.parquet"),
        run("ints_x.npy", "ints_y.npy")
    );
    // Parquet on standard input.
    let out = kldiv()
        .args(["samples", "-", &parquet_data("y.parquet"), "--json"])
        .write_stdin(std::fs::read(parquet_data("x.parquet")).unwrap())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
    // kldiv entropy reads the same table: rows × numeric columns.
    let entropy = |f: &str| stdout(&["entropy", &parquet_data(f), "--axis", "0", "--json"]);
    assert_eq!(entropy("ints_y.parquet"), entropy("ints_y.npy"));
}

#[test]
fn columns_pick_and_order_parquet_and_csv_columns_by_name() {
    let (x, y) = (npy_rows("x.npy", 3), npy_rows("y.npy", 3));
    // One-sample against a q whose mean differs between its coordinates: the order matters.
    let q = "mvnormal(mean=[0, 0.5], cov=[[1, 0], [0, 2]])";
    let run = |xs: &str, extra: &[&str]| {
        let mut args = vec!["samples", xs, "--q", q, "--json"];
        args.extend(extra);
        stdout(&args)
    };
    let ca = run(&parquet_data("x.parquet"), &["--columns", "c,a"]);
    // The same two columns in that order, as a CSV without the third.
    let only_ca = write("x_ca.csv", &csv("c,a", &x, &[2, 0]));
    assert_eq!(run(&only_ca, &[]), ca);
    // --columns on a CSV with a header, quoted names included.
    let full = write("x_abc.csv", &csv("\"a\",\"b\",\"c\"", &x, &[0, 1, 2]));
    assert_eq!(run(&full, &["--columns", "c,a"]), ca);
    assert_ne!(run(&parquet_data("x.parquet"), &["--columns", "a,c"]), ca);
    // Two samples, a subset of one column: Y from Parquet, X from CSV.
    let ycsv = write("y_abc.csv", &csv("a,b,c", &y, &[0, 1, 2]));
    let args = |xs: String, ys: String| stdout(&["samples", &xs, &ys, "--columns", "b", "--json"]);
    let b = args(full.clone(), parquet_data("y.parquet"));
    assert!(b.contains("\"d\": 1"), "{b}");
    assert_eq!(b, args(parquet_data("x.parquet"), ycsv));
}

#[test]
fn divergence_measures_dist_entropy_and_measure_plots() {
    let out = stdout(&[
        "divergence",
        "normal(0,1)",
        "normal(1,2)",
        "--measure",
        "bhattacharyya",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["measure"], "bhattacharyya");
    assert_eq!(v["method"], "closed form");
    // ¼·1/(1 + 4) + ½ ln((1 + 4)/(2·2)) = 0.05 + ½ ln 1.25
    let want = 0.05 + 0.5 * 1.25f64.ln();
    assert!((v["value"].as_f64().unwrap() - want).abs() < 1e-15, "{out}");
    let text = stdout(&[
        "divergence",
        "normal(0,1)",
        "normal(1,2)",
        "--measure",
        "tv",
    ]);
    assert!(text.starts_with("tv(p, q) = 0.39006566012105"), "{text}");
    // The entropy of a mixture, by quadrature, with its bar.
    let d = stdout(&["dist", "0.5*normal(0,1) + 0.5*normal(3,1)", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&d).unwrap();
    assert!((v["entropy"].as_f64().unwrap() - 1.945_715_839_726_046).abs() < 1e-12);
    assert!(v["entropy_abs_error"].as_f64().unwrap() < 1e-10);
    assert_eq!(v["entropy_method"], "quadrature");
    let fig = write("tv.svg", "");
    let p = stdout(&[
        "plot",
        "normal(0,1)",
        "normal(1,2)",
        "--measure",
        "tv",
        "-o",
        &fig,
    ]);
    assert!(p.contains("tv(p, q) = 0.39006566012105"), "{p}");
    assert!(
        std::fs::read_to_string(&fig)
            .unwrap()
            .contains("the integrand of tv")
    );
}

/// `kldiv samples --ci` is `kldiv::samples::estimate`, bit for bit: value, interval, the bias
/// check and its warning (d = 5, where the warning fires).
#[test]
fn samples_with_an_interval_is_the_library_estimate_bit_for_bit() {
    use kldiv::samples::{Points, SampleEstimator, SampleOptions};
    use rand::SeedableRng;
    let dir = std::env::temp_dir().join(format!("kldiv-samples-lib-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(9);
    let (p, q): (kldiv::Dist, kldiv::Dist) = (
        "normal(0, 1)".parse().unwrap(),
        "normal(0.5, 1.2)".parse().unwrap(),
    );
    let mut one = Vec::new();
    let mut draw = |dist: &kldiv::Dist, count: usize| -> Vec<f64> {
        (0..count)
            .map(|_| {
                dist.draw_into(&mut rng, &mut one);
                one[0]
            })
            .collect()
    };
    for (d, args, o) in [
        (
            5,
            vec![
                "--ci",
                "0.9",
                "--seed",
                "4",
                "--replicates",
                "60",
                "--k",
                "2",
            ],
            SampleOptions::default().ci(0.9).seed(4).replicates(60).k(2),
        ),
        (
            1,
            vec!["--ci", "0.95", "--estimator", "bias-reduced"],
            SampleOptions::default()
                .ci(0.95)
                .estimator(SampleEstimator::BiasReduced),
        ),
    ] {
        let (x, y) = (draw(&p, 400 * d), draw(&q, 300 * d));
        // Debug formatting of a double reads back as the same double.
        let write = |name: &str, v: &[f64]| {
            let text: String = v
                .chunks(d)
                .map(|r| {
                    r.iter()
                        .map(|c| format!("{c:?}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                        + "\n"
                })
                .collect();
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path.to_string_lossy().into_owned()
        };
        let (xf, yf) = (write("x.txt", &x), write("y.txt", &y));
        let mut cli = vec!["samples", xf.as_str(), yf.as_str(), "--json"];
        cli.extend(args.iter().copied());
        let v: serde_json::Value = serde_json::from_str(&stdout(&cli)).unwrap();
        let e =
            kldiv::samples::estimate(Points::new(&x, d).unwrap(), Points::new(&y, d).unwrap(), &o)
                .unwrap();
        let c = e.confidence.unwrap().interval;
        let f = |key: &str| v[key].as_f64().unwrap().to_bits();
        assert_eq!(f("value"), e.value.to_bits(), "{v}");
        assert_eq!(v["ci"][0].as_f64().unwrap().to_bits(), c.lower.to_bits());
        assert_eq!(v["ci"][1].as_f64().unwrap().to_bits(), c.upper.to_bits());
        let mv = e.sample.unwrap().movement.unwrap();
        assert_eq!(f("bias"), mv.bias.to_bits());
        assert_eq!(
            v["warning"].as_str().map(str::to_string),
            e.warning.map(|w| w.to_string())
        );
        if d == 5 {
            assert!(v["warning"].as_str().unwrap().contains("in d = 5"), "{v}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
