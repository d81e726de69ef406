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
    /// Reproduce the seed notebook chapter (the default): its numbers and its figures.
    Notebook(NotebookArgs),
    /// Draw the densities, log(p/q) and p·log(p/q) of two distributions to PNG or SVG.
    Plot(PlotArgs),
    /// Describe one distribution: its support, moments and entropy, or its pdf, cdf, sf,
    /// quantiles and samples at given points.
    Dist(DistArgs),
    /// KL(P‖Q) between two distributions of the text language, with its error and method.
    Kl(KlArgs),
    /// A measure between two distributions: KL, Jeffreys, JS, Hellinger, total variation,
    /// Rényi, Bhattacharyya or cross-entropy, with its error and method.
    Divergence(DivergenceArgs),
    /// Entropy of an array, or divergence between two (scipy.stats.entropy semantics).
    Entropy(EntropyArgs),
    /// KL(P‖Q) from samples: X drawn from P, Y from Q (or Q a known distribution), with a
    /// confidence interval on request.
    Samples(SamplesArgs),
    /// The chapter made interactive: a local page with sliders for p and q, both divergences,
    /// every measure, the four panels, samples and arrays.
    Serve(ServeArgs),
    /// Data drift between two tables (Parquet, CSV, .npy), column by column: PSI, KL both
    /// ways, JS, Hellinger and TV between histograms over edges from the reference.
    Drift(DriftArgs),
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The reference table: Parquet, CSV with a header line, or .npy (columns 0, 1, …).
    pub reference: String,
    /// The current table, in any of the same formats.
    pub current: String,
    /// The columns to compare (default: every column of the reference).
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    pub columns: Option<Vec<String>>,
    /// Compare each group of the current table (rows with one value of this column) with the
    /// whole reference.
    #[arg(long, value_name = "COL")]
    pub by: Option<String>,
    /// The bins of numeric columns, from the reference: deciles (equal frequency, PSI's
    /// convention), quantiles:N (N equal-frequency bins), N (equal width over the reference's
    /// range, numpy's bins=N), auto (numpy's), or cut points e0,e1,… Values below the first
    /// and above the last edge fall in underflow and overflow bins.
    #[arg(long, default_value = "deciles", allow_hyphen_values = true)]
    pub bins: String,
    /// Add X to every bin count of both sides first (default: none; a bin empty in the
    /// reference then makes KL(current‖reference) and PSI inf, and the output says so).
    #[arg(long, allow_negative_numbers = true, value_name = "X")]
    pub pseudocount: Option<f64>,
    /// The measures, comma-separated: psi, kl (both directions), js, js-distance, hellinger,
    /// tv, jeffreys, bhattacharyya, renyi:ALPHA, cross-entropy. The table sorts by the first.
    #[arg(long, default_value = "psi,kl,js,hellinger,tv")]
    pub measures: String,
    /// The base of the logarithm: e, 2, 10 or any number > 0, ≠ 1.
    #[arg(long, default_value = "e", allow_hyphen_values = true)]
    pub base: String,
    /// Print JSON (with the bins, the counts and the empty bins of every column).
    #[arg(long)]
    pub json: bool,
    /// Print the table as Markdown.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct SamplesArgs {
    /// Points drawn from P: .npy (n or n×d, any numeric dtype), CSV or whitespace text (rows are
    /// points), Parquet (rows are points, every numeric column a coordinate), FILE.npz:NAME, or
    /// '-' for standard input.
    pub x: String,
    /// Points drawn from Q (omit with --q).
    pub y: Option<String>,
    /// Q as a known distribution of the text language instead of Y (one-sample estimator).
    #[arg(long)]
    pub q: Option<String>,
    /// The estimator: wkv (Wang, Kulkarni & Verdú 2009 eq. 5, k-th nearest-neighbour
    /// distances), varying-k (eq. 17: k neighbours in Y, l in X), bias-reduced (eq. 17 with
    /// eq. 29's counts: both distances at one scale), binned (histograms of 1-D samples on
    /// common bins: KL, Jeffreys = PSI, JS), counts (samples of integer category labels)
    /// [default: wkv].
    #[arg(long)]
    pub estimator: Option<String>,
    /// Neighbour order k (in Y for varying-k) [default: 1].
    #[arg(long)]
    pub k: Option<usize>,
    /// Neighbour order in X for varying-k (default: k).
    #[arg(long)]
    pub l: Option<usize>,
    /// Binned: N (equal-frequency bins of Y), auto, or edges e1,e2,… [default: auto].
    #[arg(long, allow_hyphen_values = true)]
    pub bins: Option<String>,
    /// Binned: the count added to every bin (0 for none: an empty Y bin then gives inf)
    /// [default: 0.5].
    #[arg(long, allow_negative_numbers = true)]
    pub pseudocount: Option<f64>,
    /// Counts: the correction: plug-in (the empirical frequencies), miller-madow (minus the
    /// first-order bias), jeffreys (½ added to every category), laplace (1 added), james-stein
    /// (shrinkage toward uniform, Hausser & Strimmer 2009) [default: plug-in].
    #[arg(long)]
    pub correction: Option<String>,
    /// A confidence interval at this level, e.g. 0.95.
    #[arg(long, allow_negative_numbers = true)]
    pub ci: Option<f64>,
    /// How the interval resamples: subsample (size n^(2/3) without replacement, valid for
    /// every estimator) or bootstrap (full size with replacement: binned and counts only)
    /// [default: subsample].
    #[arg(long)]
    pub resampling: Option<String>,
    /// Replicates for the interval [default: 500].
    #[arg(long)]
    pub replicates: Option<usize>,
    /// Seed of the interval's resampling (--jitter takes its own seed) [default: 0].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Break ties between duplicate points (rounded data) with seeded uniform noise within
    /// half of each coordinate's resolution (the smallest gap between its distinct values).
    #[arg(long, value_name = "SEED")]
    pub jitter: Option<u64>,
    /// Coordinates by column name, in this order, from Parquet or from text with a header line
    /// (default: every column).
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    pub columns: Option<Vec<String>>,
    /// Text input: the first line is a header (detected without this when every field is a
    /// name).
    #[arg(long)]
    pub header: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Normalisation of array inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NormalizeArg {
    /// Divide each by its sum (scipy).
    Always,
    /// Use the values as given.
    Never,
    /// Require each to sum to 1 (within --tolerance), then use it as given.
    Validate,
}

/// NaN policy for array inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NanArg {
    /// The result is NaN (scipy).
    Propagate,
    /// Drop indices where either input is NaN.
    Omit,
    /// Fail, naming the first NaN.
    Raise,
}

#[derive(Debug, Args)]
pub struct EntropyArgs {
    /// Probabilities: a file (.npy of any numeric dtype, FILE.npz:NAME, CSV or whitespace text,
    /// Parquet: rows × numeric columns), '-' for stdin (.npy, Parquet or text), or a list such as
    /// [0.1,0.2,0.7] or [[1,2],[3,4]].
    pub pk: String,
    /// Optional second array: then the divergence of PK from QK.
    pub qk: Option<String>,
    /// The base of the logarithm: e, 2, 10 or any number > 0, ≠ 1.
    #[arg(long, default_value = "e", allow_hyphen_values = true)]
    pub base: String,
    /// The axis along which each distribution lies (numpy's meaning; negative counts from the
    /// end): for 2-D input 0 — each column is a distribution (the default), 1 or -1 — each row.
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub axis: isize,
    /// Keep the reduced axis in the result, with length 1 (numpy's keepdims).
    #[arg(long)]
    pub keepdims: bool,
    /// Coordinates by column name, in this order, from Parquet or from text with a header line
    /// (default: every column).
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    pub columns: Option<Vec<String>>,
    /// Text input: the first line is a header of column names, skipped (detected without this
    /// when every field of the first line is a name).
    #[arg(long)]
    pub header: bool,
    /// Write the result array to this .npy file (little-endian f8) instead of printing it.
    #[arg(long, value_name = "FILE.npy")]
    pub output: Option<String>,
    /// Normalisation of the inputs.
    #[arg(long, value_enum, default_value_t = NormalizeArg::Always)]
    pub normalize: NormalizeArg,
    /// Tolerance of --normalize validate.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1e-9)]
    pub tolerance: f64,
    /// What to do with NaN entries.
    #[arg(long, value_enum, default_value_t = NanArg::Propagate)]
    pub nan: NanArg,
    /// The inputs are natural-log probabilities.
    #[arg(long)]
    pub log_input: bool,
    /// With QK: kl (scipy.stats.entropy(pk, qk); without QK the entropy of PK), cross, js,
    /// js-distance (scipy.spatial.distance.jensenshannon), hellinger, tv, renyi:ALPHA or
    /// bhattacharyya.
    #[arg(long, default_value = "kl")]
    pub measure: String,
    /// The matrix of the measure between every distribution of PK and every one of QK (rows
    /// with --axis -1 or 1, columns with --axis 0).
    #[arg(long)]
    pub pairwise: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
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
    /// Guaranteed lower and upper bounds, for Gaussian mixtures (normal, mvnormal and mixtures).
    Bounds,
    /// Hershey–Olsen variational approximation (Gaussian mixtures; ± reaches the bounds).
    Variational,
    /// Hershey–Olsen product-of-Gaussians approximation (Gaussian mixtures).
    Product,
    /// Goldberger's matched-bound approximation (Gaussian mixtures).
    Matched,
    /// Goldberger's unscented-transform approximation (Gaussian mixtures).
    Unscented,
    /// KL of the moment-matched Gaussians (Gaussian mixtures).
    Moments,
}

#[derive(Debug, Args)]
pub struct DivergenceArgs {
    #[command(flatten)]
    pub common: KlArgs,
    /// kl, jeffreys, js, js-distance, hellinger, tv, renyi:ALPHA, bhattacharyya or cross-entropy.
    #[arg(long, default_value = "kl")]
    pub measure: String,
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
    /// Relative tolerance of quadrature and summation.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1e-12)]
    pub rel_tol: f64,
    /// Absolute tolerance of quadrature and summation, in nats.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1e-15)]
    pub abs_tol: f64,
    /// Evaluation budget of quadrature and summation (integrand evaluations or terms).
    #[arg(long, default_value_t = 2_000_000)]
    pub max_evaluations: u64,
    /// Print both KL(P‖Q) and KL(Q‖P).
    #[arg(long)]
    pub both: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port (0 for one the system picks; the address is printed on stdout).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// The address to listen on: only this machine by default.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Open the page in the desktop's browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args, Default)]
pub struct NotebookArgs {
    /// Where to write assets/kl-divergence/*.png and *.svg.
    #[arg(long, default_value = ".")]
    pub out: std::path::PathBuf,
    /// Resolution of the PNG figures (the notebook's is 100).
    #[arg(long, allow_negative_numbers = true, default_value_t = 100.0)]
    pub dpi: f64,
}

#[derive(Debug, Args)]
pub struct PlotArgs {
    /// The distribution P.
    pub p: String,
    /// The distribution Q.
    pub q: String,
    /// The output file, .png or .svg.
    #[arg(short = 'o', long = "output")]
    pub output: std::path::PathBuf,
    /// x limits (default: from the 0.001 and 0.999 quantiles of both).
    #[arg(long, num_args = 2, value_names = ["A", "B"], allow_negative_numbers = true)]
    pub xlim: Vec<f64>,
    /// Panels, comma-separated: densities, log-ratio, integrand.
    #[arg(long, default_value = "densities,log-ratio,integrand")]
    pub panels: String,
    /// Swap P and Q: draw KL(Q‖P).
    #[arg(long)]
    pub reverse: bool,
    /// Title of the first panel.
    #[arg(long)]
    pub title: Option<String>,
    /// Resolution of a PNG.
    #[arg(long, allow_negative_numbers = true, default_value_t = 100.0)]
    pub dpi: f64,
    /// The measure whose integrand the integrand panel draws (as `kldiv divergence`'s).
    #[arg(long, default_value = "kl")]
    pub measure: String,
    /// A legend naming p (red) and q (blue) on the densities panel.
    #[arg(long)]
    pub legend: bool,
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_grammar_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
