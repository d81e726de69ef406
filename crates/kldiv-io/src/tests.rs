//! The readers on random input (a random-input harness: cargo fuzz needs nightly). Each input
//! must read or fail with a message; never panic. `FUZZ_SECONDS=600` runs it for ten minutes.
#![allow(clippy::indexing_slicing, clippy::unwrap_used)] // fixed tables by in-range index; tests
use crate::Header;
use crate::inline::parse_inline;
use crate::npy::{half_to_f64, parse_npy};
use crate::npz::{zip_data, zip_entries};
use crate::text::parse_text;
use rand::{Rng, RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::time::{Duration, Instant};

fn npy_header(rng: &mut Xoshiro256PlusPlus) -> Vec<u8> {
    let descr = [
        "<f8", "<f4", "<i8", ">f8", "float64", "|b1", "<f2", ">u4", "<c16",
    ][rng.random_range(0..9)];
    let shape = [
        "(3,)",
        "(2, 2)",
        "()",
        "(0,)",
        "(1, 4)",
        "(2, 3, 1)",
        "(99999999999,)",
        "(3",
        "(4611686018427387904, 4)",
    ][rng.random_range(0..9)];
    let order = if rng.random_bool(0.5) {
        "False"
    } else {
        "True"
    };
    let header = format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}\n");
    let mut b = b"\x93NUMPY".to_vec();
    b.push(rng.random_range(0..4));
    b.push(0);
    b.extend((header.len() as u16).to_le_bytes());
    b.extend(header.as_bytes());
    b
}

fn text(rng: &mut Xoshiro256PlusPlus) -> String {
    const TOKENS: &[&str] = &[
        "0.5", "1e-300", "nan", "inf", "-inf", "x", ",", " ", "\n", "#c", "\t", "1", "-2.5e3",
        "1e999", "", "..", "+",
    ];
    (0..rng.random_range(0..40))
        .map(|_| TOKENS[rng.random_range(0..TOKENS.len())])
        .collect()
}

fn npy(version: u8, descr: &str, fortran: bool, shape: &str, body: &[u8]) -> Vec<u8> {
    let order = if fortran { "True" } else { "False" };
    let header = format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}\n");
    let mut b = b"\x93NUMPY".to_vec();
    b.extend([version, 0]);
    if version == 1 {
        b.extend((header.len() as u16).to_le_bytes());
    } else {
        b.extend((header.len() as u32).to_le_bytes());
    }
    b.extend(header.as_bytes());
    b.extend(body);
    b
}

#[test]
fn npy_orders_versions_and_widths() {
    let values = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0];
    let f8: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    // C order, 2 × 3: rows (1 2 3), (4 5 6).
    let c = parse_npy(&npy(1, "<f8", false, "(2, 3)", &f8)).unwrap();
    assert_eq!((c.shape.clone(), c.data()), (vec![2, 3], &values[..]));
    // Fortran order, 2 × 3: the same bytes are the columns (1 2), (3 4), (5 6).
    let f = parse_npy(&npy(2, "<f8", true, "(2, 3)", &f8)).unwrap();
    assert_eq!(f.data(), [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
    let f4: Vec<u8> = values
        .iter()
        .flat_map(|v| (*v as f32).to_le_bytes())
        .collect();
    let g = parse_npy(&npy(3, "<f4", false, "(3, 2)", &f4)).unwrap();
    assert_eq!(g.shape, vec![3, 2]);
    assert!(
        parse_npy(&npy(1, "<f8", false, "(2, 3)", &f8[..40]))
            .unwrap_err()
            .to_string()
            .contains("truncated")
    );
    assert!(
        parse_npy(&npy(1, "<c16", false, "(6,)", &f8))
            .unwrap_err()
            .to_string()
            .contains("not supported")
    );
    // Big-endian and 3-D Fortran order: element (i, j, k) at i + 2j + 2·3k.
    let be: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
    assert_eq!(
        parse_npy(&npy(1, ">f8", false, "(6,)", &be))
            .unwrap()
            .data(),
        values
    );
    let f3 = parse_npy(&npy(1, "<f8", true, "(1, 2, 3)", &f8)).unwrap();
    assert_eq!(f3.data(), [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
    assert_eq!(half_to_f64(0x3c00), 1.0);
    assert_eq!(half_to_f64(0x0001), 2f64.powi(-24));
    assert_eq!(half_to_f64(0xfc00), f64::NEG_INFINITY);
}

#[test]
fn text_comments_blank_lines_and_columns() {
    let d = Header::Detect;
    let a = parse_text("# header\n1 2\n\n3 4  # trailing\n", "t", d).unwrap();
    assert_eq!(
        (a.shape.clone(), a.data()),
        (vec![2, 2], &[1.0, 2.0, 3.0, 4.0][..])
    );
    let col = parse_text("0.25\n0.75\n", "t", d).unwrap();
    assert_eq!(
        (col.shape.clone(), col.data()),
        (vec![2], &[0.25, 0.75][..])
    );
    let e = parse_text("1,2\n3, x\n", "f.csv", d)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "'f.csv' line 2, column 2: 'x' is not a number");
    let m = parse_text("a,b\n1,2\n3,\n", "m.csv", d)
        .unwrap_err()
        .to_string();
    assert_eq!(m, "'m.csv' line 3, column 'b': missing value");
    let empty = parse_text("# only a comment\n", "e.csv", d)
        .unwrap_err()
        .to_string();
    assert!(empty.contains("holds no numbers"), "{empty}");
    let h = parse_text("p, q\n1, 2\n3, 4\n", "h.csv", d).unwrap();
    assert_eq!(h.shape, vec![2, 2]);
}

#[test]
fn inline_lists_have_numpy_shapes() {
    let shape = |s: &str| parse_inline(s).unwrap().shape;
    assert_eq!(shape("[1, 2]"), vec![2]);
    assert_eq!(shape("[[1, 2]]"), vec![1, 2]);
    assert_eq!(shape("[[[1], [2]], [[3], [4]]]"), vec![2, 2, 1]);
    assert_eq!(shape("[]"), vec![0]);
    let e = parse_inline("[[1, 2], [[3], [4]]]")
        .unwrap_err()
        .to_string();
    assert!(e.contains("numpy needs a regular shape"), "{e}");
}

#[test]
fn fuzz_readers() {
    let budget = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let npz = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/npy/pair_compressed.npz"),
    )
    .unwrap_or_default();
    let start = Instant::now();
    let mut n = 0u64;
    while budget.map_or(n < 30_000, |b| start.elapsed() < b) {
        let t = Instant::now();
        if n % 4 == 3 && !npz.is_empty() {
            // A damaged .npz: bytes flipped and cut; it must read or fail, never panic.
            let mut b = npz.clone();
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..b.len());
                b[at] = rng.next_u64() as u8;
            }
            b.truncate(rng.random_range(1..=b.len()));
            if let Ok(entries) = zip_entries(&b) {
                for e in &entries {
                    let _ = zip_data(&b, e).map(|d| parse_npy(&d));
                }
            }
            n += 1;
            continue;
        }
        let result = match n % 3 {
            0 => {
                let mut b = npy_header(&mut rng);
                let extra: Vec<u8> = (0..rng.random_range(0..64))
                    .map(|_| rng.next_u64() as u8)
                    .collect();
                b.extend(extra);
                if rng.random_bool(0.2) {
                    let cut = rng.random_range(0..b.len());
                    b.truncate(cut);
                }
                if b.starts_with(b"\x93NUMPY") {
                    parse_npy(&b)
                } else {
                    parse_text("", "f", Header::Detect).map_err(|e| e.to_string())
                }
            }
            1 => parse_text(&text(&mut rng), "f.csv", Header::Detect).map_err(|e| e.to_string()),
            _ => parse_inline(&format!("[{}]", text(&mut rng).replace('\n', ","))),
        };
        if let Ok(a) = result {
            assert_eq!(
                a.data().len(),
                a.shape.iter().product::<usize>(),
                "input {n}"
            );
        }
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "input {n} took {:?}",
            t.elapsed()
        );
        n += 1;
    }
    eprintln!(
        "fuzz readers: {n} inputs in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}
