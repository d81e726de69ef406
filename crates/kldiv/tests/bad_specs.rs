//! Malformed specs: each gets a clear error naming the problem and where it is, never a panic.
use kldiv::Dist;

/// (spec, the exact message)
const BAD: &[(&str, &str)] = &[
    (
        "",
        "expected a distribution such as normal(0, 1), found an empty spec at column 1",
    ),
    (
        "   ",
        "expected a distribution such as normal(0, 1), found an empty spec at column 1",
    ),
    (
        "normal(0, 1",
        "expected ',' or ')' after 'normal(0, 1', found the end at column 12",
    ),
    (
        "normal 0, 1)",
        "expected '(' after 'normal', found '0' at column 8",
    ),
    (
        "nromal(0, 1)",
        "unknown distribution 'nromal' (known: normal, lognormal, uniform, exponential, gamma, beta, laplace, cauchy, student_t, logistic, gumbel, weibull, chi2, halfnormal, pareto, inverse_gamma, bernoulli, binomial, poisson, geometric, categorical, half_cauchy, negative_binomial, f, kumaraswamy, continuous_bernoulli, von_mises, mvnormal, dirichlet, multinomial, lowrank_mvnormal) at column 1",
    ),
    ("normal(0, 0)", "normal: std must be finite and > 0, got 0"),
    (
        "normal(0, -1)",
        "normal: std must be finite and > 0, got -1",
    ),
    ("normal(nan, 1)", "expected a number, found NaN at column 8"),
    (
        "normal(0, inf)",
        "expected a finite number, found infinity (inf is not a parameter) at column 11",
    ),
    (
        "normal(0, 1e999)",
        "'1e999' overflows a 64-bit float at column 11",
    ),
    (
        "normal(0)",
        "normal needs parameter 'std' (mean, std) at column 9",
    ),
    (
        "normal(0, 1, 2)",
        "normal takes 2 parameters (mean, std), got 3 at column 14",
    ),
    (
        "normal(0, sd=1)",
        "normal has no parameter 'sd' (expected mean, std, loc, scale) at column 11",
    ),
    (
        "normal(mean=0, mean=1)",
        "parameter 'mean' is given twice at column 16",
    ),
    (
        "gamma(2, scale=4, rate=2)",
        "parameter 'rate' is given twice (scale and rate are two ways to give it) at column 19",
    ),
    (
        "normal(mean=0, 1)",
        "positional parameters must come before keywords at column 16",
    ),
    (
        "normal(0, [1])",
        "expected a number for 'std', found a list at column 11",
    ),
    (
        "exponential(-2)",
        "exponential: rate must be finite and > 0, got -2",
    ),
    (
        "gamma(2, scale=0)",
        "gamma: rate must be finite and > 0, got inf",
    ),
    (
        "uniform(3, 1)",
        "uniform: high must be > low (and high − low finite), got 1",
    ),
    ("beta(0, 1)", "beta: alpha must be in (0, 1e15], got 0"),
    ("bernoulli(1.5)", "bernoulli: p must be in [0, 1], got 1.5"),
    (
        "binomial(2.5, 0.5)",
        "binomial: n must be an integer ≥ 0, got 2.5",
    ),
    (
        "0.5*normal(0, 1) + 0.4*normal(3, 1)",
        "mixture: weights must sum to 1 (within 1e-9), got 0.9",
    ),
    (
        "0.5*normal(0, 1) + normal(3, 1)",
        "a mixture component needs a weight, as in 0.5*normal(0, 1) at column 20",
    ),
    (
        "0.5 normal(0, 1)",
        "expected '*' after the weight '0.5', found 'n' at column 5",
    ),
    (
        "-0.5*normal(0, 1) + 1.5*normal(3, 1)",
        "mixture: weight 1 must be finite and > 0, got -0.5",
    ),
    (
        "0.5*normal(0, 1) + 0.5*poisson(3)",
        "mixture: components must be all continuous or all discrete",
    ),
    (
        "0.5*normal(0, 1) + 0.5*dirichlet(alpha=[1, 2])",
        "mixture: component 2 (dirichlet) is not univariate",
    ),
    (
        "0.5*mvnormal([0, 0], [[1, 0], [0, 1]]) + 0.5*dirichlet(alpha=[1, 2])",
        "mixture: a mixture of multivariate distributions takes mvnormal (or lowrank_mvnormal) \
         components only; component 2 is dirichlet",
    ),
    (
        "0.5*mvnormal([0, 0], [[1, 0], [0, 1]]) + 0.5*mvnormal([0], [[1]])",
        "mixture: component 2 has dimension 1 but component 1 has 2",
    ),
    (
        "0.5*mvnormal([0, 0], [[1, 0], [0, 1]]) + 0.6*mvnormal([1, 1], [[1, 0], [0, 1]])",
        "mixture: weights must sum to 1 (within 1e-9), got 1.1",
    ),
    (
        "normal(0, 1) normal(3, 1)",
        "expected '+' or the end after a distribution, found 'n' at column 14",
    ),
    (
        "normal(0, 1) +",
        "expected a distribution such as normal(0, 1), found the end at column 15",
    ),
    (
        "mvnormal(mean=[0, 0], cov=[[1, 2], [2, 1]])",
        "mvnormal: cov is not positive definite: its leading 2×2 minor is not positive (Cholesky pivot -3 at cov[1][1])",
    ),
    (
        "mvnormal(mean=[0, 0], cov=[[1, 0.5], [0.4, 1]])",
        "mvnormal: cov is not symmetric: cov[1][0] = 0.4 but cov[0][1] = 0.5",
    ),
    (
        "mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1], [0, 0]])",
        "mvnormal: cov must be 2×2 to match the mean, got 3 rows",
    ),
    (
        "mvnormal(mean=[0, 0], cov=[1, 0])",
        "expected a row [..] in 'cov', found a number at column 28",
    ),
    (
        "dirichlet(alpha=[1])",
        "dirichlet: alpha needs at least 2 entries, got 1",
    ),
    (
        "dirichlet(alpha=[1, -1])",
        "dirichlet: alpha[1] must be in (0, 1e15], got -1",
    ),
    (
        "multinomial(2.5, p=[0.5, 0.5])",
        "multinomial: n must be an integer ≥ 0, got 2.5",
    ),
    (
        "multinomial(-1, p=[0.5, 0.5])",
        "multinomial: n must be an integer ≥ 0, got -1",
    ),
    (
        "multinomial(1e16, p=[0.5, 0.5])",
        "multinomial: n must be an integer in [0, 1e15], got 1e16",
    ),
    (
        "multinomial(3, p=[1])",
        "multinomial: p needs at least 2 entries, got 1",
    ),
    (
        "multinomial(3, p=[0.5, 0.6, -0.1])",
        "multinomial: p[2] must be finite and ≥ 0, got -0.1",
    ),
    (
        "multinomial(3, p=[0.5, 0.6])",
        "multinomial: p must sum to 1 (within 1e-9), got 1.1",
    ),
    (
        "multinomial(p=[0.5, 0.5])",
        "multinomial needs parameter 'n' (n, p) at column 25",
    ),
    (
        "multinomial(3, p=0.5)",
        "expected a list [..] for 'p', found a number at column 18",
    ),
    (
        "lowrank_mvnormal(mean=[0, 0], cov_factor=[[1], [1]], cov_diag=[1, 0])",
        "lowrank_mvnormal: cov_diag[1] must be finite and > 0, got 0",
    ),
    (
        "lowrank_mvnormal(mean=[0, 0], cov_factor=[[1], [1]], cov_diag=[1])",
        "lowrank_mvnormal: cov_diag must have 2 entries to match the mean, got 1",
    ),
    (
        "lowrank_mvnormal(mean=[0, 0], cov_factor=[[1], [1], [1]], cov_diag=[1, 1])",
        "lowrank_mvnormal: cov_factor must have 2 rows (one per coordinate of the mean), got 3",
    ),
    (
        "lowrank_mvnormal(mean=[0, 0], cov_factor=[[1, 2], [1]], cov_diag=[1, 1])",
        "lowrank_mvnormal: cov_factor row 1 has 1 entries, expected 2 (as row 0)",
    ),
    (
        "lowrank_mvnormal(mean=[0, 0], cov_factor=[1, 1], cov_diag=[1, 1])",
        "expected a row [..] in 'cov_factor', found a number at column 43",
    ),
    (
        "lowrank_mvnormal(mean=[0, 0], cov_factor=[[1e300], [1]], cov_diag=[1, 1])",
        "lowrank_mvnormal: the covariance cov_factor·cov_factorᵀ + diag(cov_diag) overflows at [0][0]",
    ),
    (
        "lowrank_mvnormal(mean=[0, 0], cov_factor=[[1e8], [1e8]], cov_diag=[1e-10, 1e-10])",
        "lowrank_mvnormal: the covariance cov_factor·cov_factorᵀ + diag(cov_diag) is singular in floating point (cov_diag is too small beside cov_factor)",
    ),
    (
        "lowrank_mvnormal(mean=[0, 0], cov_factor=[[1], [1]])",
        "lowrank_mvnormal needs parameter 'cov_diag' (mean, cov_factor, cov_diag) at column 52",
    ),
    (
        "categorical([0.5, 0.6])",
        "categorical: probabilities must sum to 1 (within 1e-9), got 1.1",
    ),
    (
        "categorical([])",
        "expected a value in '[ ]', found ']' at column 14",
    ),
    (
        "categorical([[[[[[[[[0.5]]]]]]]]])",
        "brackets nested deeper than the limit of 8 at column 21",
    ),
    (
        "normal(0, 1)$",
        "expected '+' or the end after a distribution, found '$' at column 13",
    ),
    (
        "normal(0, 1.2.3)",
        "expected ',' or ')' after 'normal(0, 1.2', found '.' at column 14",
    ),
    (
        "normal(0, 1e)",
        "expected digits of an exponent at column 13",
    ),
    (
        "5",
        "expected '*' after the weight '5', found the end at column 2",
    ),
];

#[test]
fn each_bad_spec_gets_its_message() {
    let mut wrong = Vec::new();
    for (spec, want) in BAD {
        match spec.parse::<Dist>() {
            Ok(d) => wrong.push(format!("{spec:?} parsed as {d}")),
            Err(e) if e.to_string() != *want => {
                wrong.push(format!("{spec:?}\n   got: {e}\n  want: {want}"))
            }
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn ten_megabytes_are_refused_before_parsing() {
    let huge = "normal(0, 1) + ".repeat(700_000);
    let e = huge.parse::<Dist>().unwrap_err().to_string();
    assert_eq!(
        e,
        "the spec is 10500000 bytes, more than the limit of 1048576 at column 1"
    );
}

#[test]
fn unicode_and_control_characters_do_not_panic() {
    for s in [
        "normal(0, 1)\u{0}",
        "ñormal(0,1)",
        "normal(0,１)",
        "\u{202e}normal(0,1)",
        "normal((",
        "[[[",
        "*",
        "+",
        "0.5*",
        ")",
    ] {
        assert!(s.parse::<Dist>().is_err(), "{s:?}");
    }
}
