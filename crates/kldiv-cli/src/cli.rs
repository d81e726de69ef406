//! The command-line grammar (clap derive).
use clap::{Args, Parser, Subcommand};

/// The Kullback–Leibler divergence, exact where mathematics allows and certified where it does
/// not. With no command, reproduces the seed notebook chapter.
#[derive(Debug, Parser)]
#[command(name = "kldiv", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reproduce the seed notebook chapter (the default).
    Notebook,
    /// Describe one distribution: its support, moments and entropy, or its pdf, cdf, sf,
    /// quantiles and samples at given points.
    Dist(DistArgs),
    /// KL(P‖Q) between two distributions of the text language, with its error and method.
    Kl(KlArgs),
}

/// How to compute a divergence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// Closed form, else quadrature (one dimension), else Monte Carlo.
    Auto,
    /// Closed form only (an error lists the pairs that have one).
    Exact,
    /// Adaptive quadrature, or a bounded sum for a discrete P.
    Quad,
    /// Monte Carlo from seeded draws of P (± is one standard error).
    Mc,
}

#[derive(Debug, Args)]
pub struct KlArgs {
    /// The distribution P, e.g. 'normal(0, 1)'.
    pub p: String,
    /// The distribution Q, e.g. '0.5*normal(0,1) + 0.5*normal(3,1)'.
    pub q: String,
    /// The method.
    #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
    pub method: MethodArg,
    /// The base of the logarithm: e (nats), 2 (bits), 10 (hartleys) or any number > 0, ≠ 1.
    #[arg(long, default_value = "e", allow_hyphen_values = true)]
    pub base: String,
    /// Monte Carlo draws.
    #[arg(long, default_value_t = 1_000_000)]
    pub samples: u64,
    /// Monte Carlo seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Print both KL(P‖Q) and KL(Q‖P).
    #[arg(long)]
    pub both: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DistArgs {
    /// The distribution, e.g. 'normal(0, 1)' or '0.5*normal(0,1) + 0.5*normal(3,1)'.
    pub spec: String,
    /// Print the density (pmf for a discrete family) at each X.
    #[arg(long, num_args = 1.., value_name = "X", allow_negative_numbers = true)]
    pub pdf: Vec<f64>,
    /// Print the cumulative distribution function at each X.
    #[arg(long, num_args = 1.., value_name = "X", allow_negative_numbers = true)]
    pub cdf: Vec<f64>,
    /// Print the survival function 1 − cdf, computed directly, at each X.
    #[arg(long, num_args = 1.., value_name = "X", allow_negative_numbers = true)]
    pub sf: Vec<f64>,
    /// Print the quantile (inverse cdf) at each probability P in [0, 1].
    #[arg(long, num_args = 1.., value_name = "P", allow_negative_numbers = true)]
    pub ppf: Vec<f64>,
    /// Print N random draws, one per line.
    #[arg(long, value_name = "N")]
    pub sample: Option<u64>,
    /// The seed for --sample.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}
