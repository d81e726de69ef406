//! `kldiv serve` as a client sees it, over raw HTTP on a port the system picks:
//!
//! - the page: served self-contained (no other origin named);
//! - the endpoints: the seed pairs' divergences equal the mpmath fixtures within their bars,
//!   the families carry the library's ranges, panels, measures, samples and arrays answer;
//! - bounds: malformed JSON, a body that is not an object, a missing field and a bad spec are
//!   4xx with a message; an oversized body is 413 before it is read; a foreign or missing Host
//!   is 403 (DNS rebinding); a hard pair is refused, not hung;
//! - concurrency: with all but one worker held by stalled clients, a request is still answered.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Workers of the server (`kldiv_cli::serve::WORKERS`, not exported from the binary).
const WORKERS: usize = 4;
/// A guard against a hang, far above any answer's time: a request that takes this long has
/// stalled (speed is measured by bench/serve_latency.py, not here).
const HANG: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kldiv"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "kldiv serve: http://127.0.0.1:PORT/"
    let url = line
        .trim()
        .strip_prefix("kldiv serve: ")
        .unwrap()
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "binds 127.0.0.1 by default: {url}"
    );
    let port = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Server { child, port }
}

/// Sends raw request bytes, returns (status, body).
fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(HANG)).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

fn request(port: u16, method: &str, path: &str, host: &str, body: &str) -> (u16, String) {
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    raw(port, req.as_bytes())
}

fn post(srv: &Server, path: &str, body: &str) -> (u16, Value) {
    let (status, text) = request(
        srv.port,
        "POST",
        path,
        &format!("127.0.0.1:{}", srv.port),
        body,
    );
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
    )
}

fn get(srv: &Server, path: &str) -> (u16, String) {
    request(
        srv.port,
        "GET",
        path,
        &format!("localhost:{}", srv.port),
        "",
    )
}

fn error_of(v: &Value) -> &str {
    v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error in {v}"))
}

/// The mpmath fixture of KL(p‖q) (tests/data/kl.json, from gen_kl.py).
fn fixture(p: &str, q: &str) -> f64 {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/kl.json");
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    data["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["p"] == p && r["q"] == q)
        .and_then(|r| r["kl"].as_f64())
        .unwrap_or_else(|| panic!("no fixture for {p} ‖ {q}"))
}

#[test]
fn the_page_is_served_and_names_no_other_origin() {
    let srv = start();
    for path in ["/", "/app.js", "/style.css"] {
        let (status, body) = get(&srv, path);
        assert_eq!(status, 200, "{path}");
        for outside in ["http://", "https://", "//cdn", "@import", "fonts.g"] {
            assert!(!body.contains(outside), "{path} names '{outside}'");
        }
    }
    let (_, index) = get(&srv, "/");
    assert!(index.contains(r#"<script src="/app.js">"#));
    assert!(index.contains(r#"<label for="spec-p">"#));
}

#[test]
fn the_seed_pairs_through_the_server_equal_the_mpmath_fixtures() {
    let srv = start();
    let mix = "0.5*normal(0, 1) + 0.5*normal(3, 1)";
    for (p, q) in [("normal(0, 1)", "normal(3, 1)"), ("normal(0, 1)", mix)] {
        let body = serde_json::json!({ "p": p, "q": q }).to_string();
        let (status, v) = post(&srv, "/api/kl", &body);
        assert_eq!(status, 200, "{v}");
        for (key, (a, b)) in [("pq", (p, q)), ("qp", (q, p))] {
            let e = &v[key];
            let (value, bar) = (
                e["value"].as_f64().unwrap(),
                e["abs_error"].as_f64().unwrap(),
            );
            // Unit-variance normals 3 apart: Δ²/2 both ways, exactly.
            let truth = if b == mix || a == mix {
                fixture(a, b)
            } else {
                4.5
            };
            assert!(
                (value - truth).abs() <= bar,
                "KL({a}‖{b}) = {value} ± {bar}, mpmath {truth}"
            );
            assert!(e["method"].is_string());
        }
    }
}

#[test]
fn disjoint_supports_are_infinite_in_json() {
    let srv = start();
    let (_, v) = post(
        &srv,
        "/api/kl",
        r#"{"p": "uniform(0, 1)", "q": "uniform(2, 3)"}"#,
    );
    assert_eq!(v["pq"]["value"], "inf");
    assert_eq!(v["qp"]["value"], "inf");
}

#[test]
fn families_carry_the_library_ranges() {
    let srv = start();
    let (status, text) = get(&srv, "/api/families");
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&text).unwrap();
    let normal = v["families"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "normal")
        .unwrap();
    let lib = kldiv::dist::FamilyInfo::lookup("normal").unwrap();
    for (json, param) in normal["params"].as_array().unwrap().iter().zip(lib.params) {
        let (lo, hi) = param.range.unwrap();
        assert_eq!(json["name"], param.name);
        assert_eq!(json["range"], serde_json::json!([lo, hi]));
    }
}

#[test]
fn parse_gives_each_component_its_parameters() {
    let srv = start();
    let (status, v) = post(
        &srv,
        "/api/parse",
        r#"{"spec": "0.25*normal(0,1) + 0.75*normal(3, 2)"}"#,
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["text"], "0.25*normal(0, 1) + 0.75*normal(3, 2)");
    let c = &v["components"][1];
    assert_eq!(c["weight"], 0.75);
    assert_eq!(c["params"][0]["name"], "mean");
    assert_eq!(c["params"][0]["value"], 3.0);
    assert_eq!(c["params"][1]["value"], 2.0);
    // A spec that does not parse is an answer naming the problem.
    let (status, v) = post(&srv, "/api/parse", r#"{"spec": "normal(0, -1)"}"#);
    assert_eq!(status, 200);
    assert!(error_of(&v).contains("std"), "{v}");
}

#[test]
fn measures_and_panels_answer() {
    let srv = start();
    let body = r#"{"p": "normal(0, 1)", "q": "normal(3, 1)", "alpha": 2}"#;
    let (status, m) = post(&srv, "/api/measures", body);
    assert_eq!(status, 200, "{m}");
    // Closed forms for two unit-variance normals 3 apart: Jeffreys = 2 · 9/2; Rényi of order
    // α = α·Δ²/2 = 9; Bhattacharyya = Δ²/8.
    for (key, truth) in [
        ("jeffreys", 9.0),
        ("renyi", 9.0),
        ("bhattacharyya", 9.0 / 8.0),
    ] {
        let (v, bar) = (
            m[key]["value"].as_f64().unwrap(),
            m[key]["abs_error"].as_f64().unwrap(),
        );
        assert!(
            (v - truth).abs() <= bar.max(1e-14 * truth),
            "{key} {v} ± {bar}"
        );
    }
    for key in [
        "js",
        "js_distance",
        "hellinger",
        "tv",
        "cross_entropy_pq",
        "cross_entropy_qp",
        "entropy_p",
        "entropy_q",
    ] {
        assert!(m[key]["value"].is_number(), "{key}: {m}");
    }
    let (status, v) = post(
        &srv,
        "/api/panels",
        r#"{"p": "normal(0, 1)", "q": "0.5*normal(0, 1) + 0.5*normal(3, 1)"}"#,
    );
    assert_eq!(status, 200);
    for key in ["densities", "log_ratio", "integrand_pq", "integrand_qp"] {
        assert!(v[key].as_str().unwrap().starts_with("<svg"), "{key}");
    }
    assert!(v["integrand_pq"].as_str().unwrap().contains("0.5268"));
    assert!(v["integrand_qp"].as_str().unwrap().contains("1.7232"));
    let (_, v) = post(
        &srv,
        "/api/panels",
        r#"{"p": "uniform(0, 1)", "q": "uniform(0.5, 3)"}"#,
    );
    assert!(
        v["integrand_pq"].as_str().unwrap().contains("+∞"),
        "the infinite KL is written on its panel"
    );
}

#[test]
fn samples_are_seeded_and_beside_the_certified_value() {
    let srv = start();
    let body = r#"{"p": "normal(0, 1)", "q": "normal(1, 1)", "sizes": [100, 2000], "seed": 7}"#;
    let (status, a) = post(&srv, "/api/samples", body);
    assert_eq!(status, 200, "{a}");
    let (_, b) = post(&srv, "/api/samples", body);
    assert_eq!(a, b, "the same seed draws the same points");
    assert_eq!(a["certified"]["value"], 0.5);
    let rows = a["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for r in rows {
        for est in ["knn", "binned"] {
            let e = &r[est];
            let (lo, v, hi) = (
                e["low"].as_f64().unwrap(),
                e["value"].as_f64().unwrap(),
                e["high"].as_f64().unwrap(),
            );
            assert!(lo <= hi && v.is_finite(), "{est} {e}");
        }
    }
    let (status, v) = post(
        &srv,
        "/api/samples",
        r#"{"p": "normal(0,1)", "q": "normal(1,1)", "sizes": [1000000]}"#,
    );
    assert_eq!(status, 400);
    assert!(error_of(&v).contains("sizes"));
}

#[test]
fn arrays_follow_scipy_entropy() {
    let srv = start();
    let (_, v) = post(&srv, "/api/arrays", r#"{"pk": [1, 2, 7], "qk": [3, 3, 4]}"#);
    // Normalised: 0.1 ln(0.1/0.3) + 0.2 ln(0.2/0.3) + 0.7 ln(0.7/0.4), by hand.
    let truth = 0.1 * (1.0f64 / 3.0).ln() + 0.2 * (2.0f64 / 3.0).ln() + 0.7 * (7.0f64 / 4.0).ln();
    assert!((v["value"].as_f64().unwrap() - truth).abs() < 1e-15, "{v}");
    let (_, v) = post(&srv, "/api/arrays", r#"{"pk": [1, 1, 1, 1], "base": 2}"#);
    assert_eq!(v["value"], 2.0);
    let (status, v) = post(&srv, "/api/arrays", r#"{"pk": [1, "x"]}"#);
    assert_eq!(status, 400);
    assert!(error_of(&v).contains("'pk'[1]"));
    let (status, v) = post(&srv, "/api/arrays", r#"{"pk": [1, 2], "qk": [1]}"#);
    assert_eq!(status, 422, "{v}");
}

#[test]
fn malformed_requests_get_4xx_with_a_message() {
    let srv = start();
    let (status, v) = post(&srv, "/api/kl", r#"{"p": "normal(0, 1)", "q": "#);
    assert_eq!(status, 400);
    assert!(error_of(&v).contains("not valid JSON"));
    let (status, v) = post(&srv, "/api/kl", "[1, 2]");
    assert_eq!(status, 400);
    assert!(error_of(&v).contains("JSON object"));
    let (status, v) = post(&srv, "/api/kl", r#"{"p": "normal(0, 1)"}"#);
    assert_eq!(status, 400);
    assert!(error_of(&v).contains("'q' is missing"));
    let (status, v) = post(
        &srv,
        "/api/kl",
        r#"{"p": "normal(0, 1)", "q": "normal(0, -1)"}"#,
    );
    assert_eq!(status, 422);
    assert!(error_of(&v).starts_with("q: "), "{v}");
    let (status, v) = post(&srv, "/api/nothing", "{}");
    assert_eq!(status, 404, "{v}");
    let (status, _) = get(&srv, "/api/kl");
    assert_eq!(status, 405);
}

#[test]
fn an_oversized_body_is_refused_before_it_is_read() {
    let srv = start();
    let head = format!(
        "POST /api/kl HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 100000000\r\n\
         Connection: close\r\n\r\n{{\"p\":",
        srv.port
    );
    let (status, body) = raw(srv.port, head.as_bytes());
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("bytes"));
}

#[test]
fn a_foreign_host_is_refused() {
    let srv = start();
    for host in [
        "evil.example:80".to_string(),
        format!("evil.example:{}", srv.port),
        "127.0.0.1:1".into(),
    ] {
        let (status, body) = request(srv.port, "GET", "/api/families", &host, "");
        assert_eq!(status, 403, "{host}: {body}");
        assert!(body.contains("not this server's local name"));
    }
    for host in [
        format!("[::1]:{}", srv.port),
        format!("LOCALHOST:{}", srv.port),
    ] {
        assert_eq!(request(srv.port, "GET", "/", &host, "").0, 200, "{host}");
    }
    let (status, _) = raw(srv.port, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403, "no Host at all");
}

#[test]
fn a_hard_pair_is_refused_not_hung() {
    let srv = start();
    // 100 needles 1e-9 wide spread over 1e8: the quadrature cannot find where p lives within
    // the server's evaluation budget, and says so.
    let comps = |f: &dyn Fn(usize) -> String| (0..100).map(f).collect::<Vec<_>>().join(" + ");
    let p = comps(&|i| format!("0.01*normal({}, 1e-9)", (i * i) as f64 * 1e4));
    let q = comps(&|i| format!("0.01*student_t(0.7, {}, 1e-9)", (i * i) as f64 * 1e4 + 0.5));
    let body = serde_json::json!({ "p": p, "q": q }).to_string();
    let (status, v) = post(&srv, "/api/kl", &body);
    assert_eq!(status, 200);
    assert!(error_of(&v["pq"]).contains("did not converge"), "{v}");
    assert_eq!(v["qp"]["value"], "inf");
}

#[test]
fn requests_are_served_while_workers_are_held() {
    let srv = start();
    // Clients that send headers promising a body and then stall: each holds a worker.
    let held: Vec<TcpStream> = (0..WORKERS - 1)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
            let head = format!(
                "POST /api/kl HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 100\r\n\r\n{{",
                srv.port
            );
            s.write_all(head.as_bytes()).unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let port = srv.port;
            std::thread::spawn(move || {
                request(
                    port,
                    "POST",
                    "/api/kl",
                    &format!("127.0.0.1:{port}"),
                    r#"{"p": "normal(0,1)", "q": "normal(3,1)"}"#,
                )
            })
        })
        .collect();
    for t in threads {
        let (status, body) = t.join().unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("4.5"));
    }
    drop(held);
}
