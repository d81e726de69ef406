//! Tells the tests whether the building CPU runs AVX-512 F and DQ, so that the tests of the
//! AVX-512 kernels are marked ignored ("SKIPPED: …" in the test output) where it does not,
//! instead of passing without comparing anything. Tests run where they are built; a test built
//! with AVX-512 and run without it fails with a message saying so.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(kldiv_no_avx512)");
    let host_x86_64 = cfg!(target_arch = "x86_64");
    let target_x86_64 = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "x86_64");
    if !(host_x86_64 && target_x86_64 && avx512()) {
        println!("cargo::rustc-cfg=kldiv_no_avx512");
    }
}

#[cfg(target_arch = "x86_64")]
fn avx512() -> bool {
    std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512dq")
}

#[cfg(not(target_arch = "x86_64"))]
fn avx512() -> bool {
    false
}
