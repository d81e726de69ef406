#![allow(missing_docs, clippy::unwrap_used)]
use kldiv::{Dist, Options, divergence};
fn main() {
    let p: Dist = "normal(0, 1)".parse().unwrap();
    let q: Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse().unwrap();
    let mut acc = 0.0;
    for _ in 0..20000 {
        acc += divergence(&p, &q, &Options::default()).unwrap().value;
    }
    println!("{acc}");
}
