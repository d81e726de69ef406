//! The default run and `kldiv plot`: every figure renders, decodes, has the notebook's size,
//! is not blank, has the right colours where the densities are high, and its SVG carries the
//! title and the computed annotations. SVG structure is snapshotted so that layout changes are
//! deliberate (`UPDATE_SNAPSHOTS=1 cargo test` rewrites the snapshots).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn kldiv() -> Command {
    Command::cargo_bin("kldiv").unwrap()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kldiv-fig-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// (width, height, RGBA pixels)
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba, "{}", path.display());
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn pixel(img: &(u32, u32, Vec<u8>), x: u32, y: u32) -> [u8; 4] {
    let i = ((y * img.0 + x) * 4) as usize;
    [img.2[i], img.2[i + 1], img.2[i + 2], img.2[i + 3]]
}

/// The pixel at fraction (fx, fy) of the figure.
fn at(img: &(u32, u32, Vec<u8>), fx: f64, fy: f64) -> [u8; 4] {
    pixel(img, (fx * img.0 as f64) as u32, (fy * img.1 as f64) as u32)
}

/// Reddish (tab:red #d62728 over white, at 80%) and bluish (tab:blue #1f77b4).
fn is_red(p: [u8; 4]) -> bool {
    p[0] > 180 && p[1] < 120 && p[2] < 120
}
fn is_blue(p: [u8; 4]) -> bool {
    p[2] > 150 && p[0] < 120
}

/// Element names in order, one per line: the structure, not the coordinates.
fn structure(svg: &str) -> String {
    let mut out = Vec::new();
    for part in svg.split('<').skip(1) {
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        if !name.is_empty() && !name.starts_with('/') {
            out.push(name);
        }
    }
    // Runs of the same element collapse to "name ×n".
    let mut lines: Vec<String> = Vec::new();
    let mut i = 0;
    while i < out.len() {
        let mut j = i;
        while j < out.len() && out[j] == out[i] {
            j += 1;
        }
        lines.push(if j - i > 1 {
            format!("{} ×{}", out[i], j - i)
        } else {
            out[i].clone()
        });
        i = j;
    }
    lines.join("\n") + "\n"
}

fn check_snapshot(name: &str, svg: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    let got = structure(svg);
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}: run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(
        got, want,
        "SVG structure of {name} changed; if deliberate, rerun with UPDATE_SNAPSHOTS=1"
    );
}

const FIGURES: [&str; 6] = [
    "two-gaussians",
    "integrants",
    "guassian-mixture",
    "guassian-mixture-integrants",
    "guassian-mixture-integrants-d-q-p",
    "guassian-mixture-mirrored",
];

#[test]
fn the_default_run_reproduces_the_chapter() {
    let dir = temp("nb");
    let out = kldiv().current_dir(&dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    for want in [
        "-2.3263478740408408",
        "4.5 ± 6e-14 (closed form)",
        "0.52677730652137",
        "1.72322269347862",
        "4.49955",
        "dx = (x.max() − x.min())/len(x) = 0.002",
        "\"Two Gaussians\"",
    ] {
        assert!(table.contains(want), "table lacks {want:?}:\n{table}");
    }
    let assets = dir.join("assets/kl-divergence");
    for name in FIGURES {
        let png = assets.join(format!("{name}.png"));
        let img = decode(&png);
        let panels = if name.contains("integrants") { 2 } else { 1 };
        assert_eq!((img.0, img.1), (1000, (618 * panels) as u32), "{name}");
        // Not blank: more than a tenth of the pixels are not white.
        let inked = img
            .2
            .chunks(4)
            .filter(|p| p[0] < 240 || p[1] < 240 || p[2] < 240)
            .count();
        assert!(
            inked > (img.0 * img.1 / 10) as usize,
            "{name} is nearly blank ({inked} inked pixels)"
        );
        let svg = std::fs::read_to_string(assets.join(format!("{name}.svg"))).unwrap();
        assert!(svg.contains("D</tspan>"), "{name}: no D_KL annotation");
        check_snapshot(name, &svg);
    }
    // Where the densities are high, the fills have their colours: p = N(0,1) peaks at x = 0,
    // which is 40% across [−4, 6]; q = N(3,1) at 70%.
    let two = decode(&assets.join("two-gaussians.png"));
    assert!(
        is_red(at(&two, 0.09 + 0.4 * 0.88, 0.5)),
        "{:?}",
        at(&two, 0.09 + 0.4 * 0.88, 0.5)
    );
    assert!(
        is_blue(at(&two, 0.09 + 0.7 * 0.88, 0.5)),
        "{:?}",
        at(&two, 0.09 + 0.7 * 0.88, 0.5)
    );
    let svg = std::fs::read_to_string(assets.join("two-gaussians.svg")).unwrap();
    assert!(svg.contains("Two Gaussians"));
    // Ticks as matplotlib writes them: a true minus, no needless decimals.
    for tick in [">\n−2\n<", ">\n0\n<", ">\n2\n<"] {
        assert!(svg.contains(tick), "no tick {tick:?}");
    }
    assert!(!svg.contains(">\n-2.0\n<") && !svg.contains(">\n0.0\n<"));
    assert!(
        svg.contains(">KL</tspan>") && svg.contains(") = 4.5</tspan>"),
        "computed annotation"
    );
    let mix = std::fs::read_to_string(assets.join("guassian-mixture.svg")).unwrap();
    assert!(mix.contains(") = 0.5268</tspan>") && mix.contains(") = 1.7232</tspan>"));
    let rev =
        std::fs::read_to_string(assets.join("guassian-mixture-integrants-d-q-p.svg")).unwrap();
    assert!(
        rev.contains("Mixture ‖ Gaussian: "),
        "the reverse panel is titled for what it shows"
    );
}

#[test]
fn notebook_takes_an_output_directory_and_dpi() {
    let dir = temp("dpi");
    let out = kldiv()
        .args(["notebook", "--out", dir.to_str().unwrap(), "--dpi", "50"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let img = decode(&dir.join("assets/kl-divergence/two-gaussians.png"));
    assert_eq!((img.0, img.1), (500, 309));
}

#[test]
fn plot_writes_png_and_svg() {
    let dir = temp("plot");
    let png = dir.join("kl.png");
    let out = kldiv()
        .args([
            "plot",
            "gamma(2, 1)",
            "lognormal(0.5, 0.6)",
            "-o",
            png.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("KL(p‖q) = "), "{text}");
    let img = decode(&png);
    assert_eq!((img.0, img.1), (1000, 3 * 618));
    let svg = dir.join("kl.svg");
    let out = kldiv()
        .args([
            "plot",
            "normal(0,1)",
            "cauchy(0,1)",
            "-o",
            svg.to_str().unwrap(),
            "--panels",
            "integrand",
            "--xlim",
            "-5",
            "5",
            "--reverse",
            "--title",
            "Heavy tails",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = std::fs::read_to_string(&svg).unwrap();
    assert!(s.contains("Heavy tails") && s.contains("Area under curve"));
}

#[test]
fn plot_draws_a_legend_on_request() {
    let dir = temp("legend");
    let svg = dir.join("kl.svg");
    let run = |legend: bool| {
        let mut cmd = kldiv();
        cmd.args([
            "plot",
            "normal(0,1)",
            "normal(3,1)",
            "-o",
            svg.to_str().unwrap(),
        ]);
        if legend {
            cmd.arg("--legend");
        }
        assert!(cmd.output().unwrap().status.success());
        std::fs::read_to_string(&svg).unwrap()
    };
    let (plain, with) = (run(false), run(true));
    // Two swatches, the colours of p and q, and their names.
    let swatches = |s: &str| s.matches("<rect").count();
    assert_eq!(swatches(&with), swatches(&plain) + 2);
    assert!(with.contains(r##"fill="#D62728""##) && with.contains(r##"fill="#1F77B4""##));
}
