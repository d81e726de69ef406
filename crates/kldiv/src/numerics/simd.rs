//! Runtime choice among compiled forms of a kernel: portable, or for x86-64 feature sets. A
//! kernel is compiled once per path with `#[target_feature(enable = ...)]`; its dispatcher
//! calls the form for [`best`], whose features were detected.

/// A compiled form of the kernels: portable, or for a set of x86-64 features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Path {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

/// The paths this CPU can run: a path counts only when every feature its functions enable
/// is detected: AVX2 and FMA; AVX-512 F and DQ with them. Fastest last.
pub(crate) fn available() -> Vec<Path> {
    #[allow(unused_mut)] // only x86-64 adds paths
    let mut paths = vec![Path::Portable];
    #[cfg(target_arch = "x86_64")]
    {
        use std::is_x86_feature_detected as has;
        if has!("avx2") && has!("fma") {
            paths.push(Path::Avx2);
            if has!("avx512f") && has!("avx512dq") {
                paths.push(Path::Avx512);
            }
        }
    }
    paths
}

/// The fastest path, detected once.
pub(crate) fn best() -> Path {
    static BEST: std::sync::OnceLock<Path> = std::sync::OnceLock::new();
    *BEST.get_or_init(|| available().last().copied().unwrap_or(Path::Portable))
}

/// For the tests of the compiled paths: where the AVX-512 path is absent, a test that compares
/// every available path says so on stderr, naming what it did not compare.
#[cfg(test)]
pub(crate) fn report_skipped_paths(test: &str) {
    let paths = available();
    #[cfg(target_arch = "x86_64")]
    for (path, features) in [
        (Path::Avx2, "AVX2 and FMA"),
        (Path::Avx512, "AVX-512 F and DQ"),
    ] {
        if !paths.contains(&path) {
            eprintln!("SKIPPED {test}: the {path:?} path, this CPU lacks {features}");
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    eprintln!("SKIPPED {test}: only the portable path exists on this architecture ({paths:?})");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marked ignored where the building CPU lacks AVX-512 (see build.rs), so that the test
    /// output shows that the AVX-512 kernels were not compared with the portable ones.
    #[test]
    #[cfg_attr(
        kldiv_no_avx512,
        ignore = "SKIPPED: this CPU lacks AVX-512 F/DQ; its kernels are not compared"
    )]
    fn the_avx512_path_is_available_and_compared() {
        assert!(
            available().contains(&Path::Avx512),
            "built where AVX-512 was detected, run where it is not: rebuild here"
        );
        assert_eq!(best(), Path::Avx512);
    }
}
