//! Many distributions at once, as numpy does it: N-D arrays reduced along an axis (negative
//! axes count from the end, `keepdims` keeps it as length 1), pk and qk broadcast against each
//! other first (scipy ≥ 1.15 broadcasts, then normalises), and every pair of rows of two
//! matrices.

use super::{
    ArrayOptions, bhattacharyya, cross_entropy, entropy, hellinger, jensen_shannon,
    jensen_shannon_distance, relative_entropy, renyi, total_variation,
};
use crate::{Error, Measure};
use rayon::prelude::*;
use std::borrow::Cow;

/// An N-D array in C (row-major) order: numpy's `shape` and its values.
#[derive(Debug, Clone, Copy)]
pub struct ArrayView<'a> {
    data: &'a [f64],
    shape: &'a [usize],
}

impl<'a> ArrayView<'a> {
    /// A view of `data` with `shape` (an empty shape is a 0-d array of one value).
    ///
    /// # Errors
    /// When the shape's product is not `data.len()`.
    pub fn new(data: &'a [f64], shape: &'a [usize]) -> Result<ArrayView<'a>, Error> {
        let n = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        if n != Some(data.len()) {
            return Err(shape_error(format!(
                "{} values do not fill the shape {}",
                data.len(),
                show_shape(shape)
            )));
        }
        Ok(ArrayView { data, shape })
    }

    /// The shape.
    pub fn shape(&self) -> &'a [usize] {
        self.shape
    }

    /// The values in C order.
    pub fn data(&self) -> &'a [f64] {
        self.data
    }
}

/// An owned N-D result in C order.
#[derive(Debug, Clone, PartialEq)]
pub struct NdArray {
    /// The shape (empty for a 0-d result: one value).
    pub shape: Vec<usize>,
    /// The values in C order.
    pub data: Vec<f64>,
}

fn shape_error(message: String) -> Error {
    Error::InvalidShape {
        family: "arrays",
        message,
    }
}

/// `(2, 3)`, `(3,)`, `()` as numpy prints a shape.
pub fn show_shape(s: &[usize]) -> String {
    match s {
        [one] => format!("({one},)"),
        _ => format!(
            "({})",
            s.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The measure of one distribution p (against q, for the measures of two), as arrays with
/// scipy's semantics.
///
/// # Errors
/// A measure of two without q, or any error of the measure.
pub fn measure(m: Measure, p: &[f64], q: Option<&[f64]>, o: &ArrayOptions) -> Result<f64, Error> {
    let need_q = || {
        q.ok_or(Error::InvalidArgument {
            name: "qk",
            value: f64::NAN,
            expected: "given for this measure",
        })
    };
    match m {
        Measure::Entropy => entropy(p, o),
        Measure::Kl => relative_entropy(p, need_q()?, o),
        Measure::Jeffreys => {
            let q = need_q()?;
            Ok(relative_entropy(p, q, o)? + relative_entropy(q, p, o)?)
        }
        Measure::CrossEntropy => cross_entropy(p, need_q()?, o),
        Measure::JensenShannon => jensen_shannon(p, need_q()?, o),
        Measure::JensenShannonDistance => jensen_shannon_distance(p, need_q()?, o),
        Measure::Hellinger => hellinger(p, need_q()?, o),
        Measure::TotalVariation => total_variation(p, need_q()?, o),
        Measure::Renyi(a) => renyi(p, need_q()?, a, o),
        Measure::Bhattacharyya => bhattacharyya(p, need_q()?, o),
    }
}

/// numpy's broadcast shape of two shapes: aligned at the right, each dimension equal or 1.
///
/// # Errors
/// When a dimension pair is neither equal nor has a 1, as numpy words it.
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Vec<usize>, Error> {
    let n = a.len().max(b.len());
    let at = |s: &[usize], i: usize| {
        (i + s.len())
            .checked_sub(n)
            .and_then(|k| s.get(k))
            .copied()
            .unwrap_or(1)
    };
    (0..n)
        .map(|i| match (at(a, i), at(b, i)) {
            (x, y) if x == y || y == 1 => Ok(x),
            (1, y) => Ok(y),
            _ => Err(shape_error(format!(
                "pk of shape {} and qk of shape {} do not broadcast together",
                show_shape(a),
                show_shape(b)
            ))),
        })
        .collect()
}

/// The axis as an index in 0..ndim (negative counts from the end, as numpy).
///
/// # Errors
/// An axis outside −ndim..ndim.
pub fn normalize_axis(axis: isize, ndim: usize) -> Result<usize, Error> {
    let n = ndim as isize;
    if axis >= n || axis < -n {
        return Err(Error::InvalidShape {
            family: "arrays",
            message: format!("axis {axis} is out of bounds for an array of dimension {ndim}"),
        });
    }
    Ok(if axis < 0 { axis + n } else { axis } as usize)
}

/// Element strides of `shape` seen through the broadcast shape `to` (0 along broadcast
/// dimensions).
fn strides_in(shape: &[usize], to: &[usize]) -> Vec<usize> {
    let mut own = vec![0usize; shape.len()];
    let mut s = 1;
    for (k, &d) in shape.iter().enumerate().rev() {
        own[k] = if d == 1 { 0 } else { s };
        s *= d;
    }
    let pad = to.len() - shape.len();
    (0..to.len())
        .map(|i| i.checked_sub(pad).map_or(0, |k| own[k]))
        .collect()
}

/// One operand laid out against the broadcast shape: where each reduced slice starts, and the
/// step along the axis.
struct Operand<'a> {
    data: &'a [f64],
    strides: Vec<usize>,
}

impl<'a> Operand<'a> {
    /// The slice along `axis` through the output position `out` (indices of the other axes).
    fn slice(&self, out: &[usize], axis: usize, len: usize) -> Cow<'a, [f64]> {
        let mut start = 0;
        let mut k = 0;
        for (i, &st) in self.strides.iter().enumerate() {
            if i != axis {
                start += out[k] * st;
                k += 1;
            }
        }
        let step = self.strides[axis];
        if step == 1 {
            Cow::Borrowed(&self.data[start..start + len])
        } else {
            Cow::Owned((0..len).map(|j| self.data[start + j * step]).collect())
        }
    }
}

/// A measure of each distribution along `axis` of pk (and qk, broadcast with it), numpy
/// semantics: `scipy.stats.entropy(pk, qk, axis=axis, keepdims=keepdims)`.
///
/// ```
/// use kldiv::Measure;
/// use kldiv::arrays::{reduce, ArrayOptions, ArrayView};
/// // Two distributions as the columns of a 2 × 3 array, against one q broadcast to each.
/// let (p, q) = ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [1.0, 2.0, 4.0]);
/// let p = ArrayView::new(&p, &[2, 3])?;
/// let q = ArrayView::new(&q, &[3])?;
/// let r = reduce(Measure::Kl, p, Some(q), -1, false, &ArrayOptions::default())?;
/// assert_eq!(r.shape, vec![2]);
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// An infinite entry makes its slice NaN when there are several slices (one bad row does not
/// sink the batch; scipy gives NaN there too), unless the NaN policy is raise.
///
/// # Errors
/// Shapes that do not broadcast, an axis out of bounds, a 0-d input, or any error of the
/// measure (the first, by position).
pub fn reduce(
    measure: Measure,
    p: ArrayView<'_>,
    q: Option<ArrayView<'_>>,
    axis: isize,
    keepdims: bool,
    options: &ArrayOptions,
) -> Result<NdArray, Error> {
    let shape = match q {
        Some(q) => broadcast_shapes(p.shape, q.shape)?,
        None => p.shape.to_vec(),
    };
    let ax = normalize_axis(axis, shape.len())?;
    let len = shape[ax];
    let outer: Vec<usize> = shape
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != ax)
        .map(|(_, &d)| d)
        .collect();
    let count: usize = outer.iter().product();
    let pa = Operand {
        data: p.data,
        strides: strides_in(p.shape, &shape),
    };
    let qa = q.map(|q| Operand {
        data: q.data,
        strides: strides_in(q.shape, &shape),
    });
    let one = |k: usize| {
        let mut idx = vec![0usize; outer.len()];
        let mut rest = k;
        for (i, &d) in outer.iter().enumerate().rev() {
            idx[i] = rest % d;
            rest /= d;
        }
        let ps = pa.slice(&idx, ax, len);
        let qs = qa.as_ref().map(|qa| qa.slice(&idx, ax, len));
        match self::measure(measure, &ps, qs.as_deref(), options) {
            // The policy for an infinite weight in a batch: its slice has no value (NaN, as
            // scipy's normalising gives), the others keep theirs; one distribution alone, or
            // the NaN policy raise, is the error naming it.
            Err(Error::InfiniteInput { .. })
                if count > 1 && options.nan != super::NanPolicy::Raise =>
            {
                Ok(f64::NAN)
            }
            r => r,
        }
    };
    let data: Vec<f64> = if count == 1 {
        vec![one(0)?]
    } else {
        (0..count)
            .into_par_iter()
            .map(one)
            .collect::<Result<_, _>>()?
    };
    let mut out_shape = outer;
    if keepdims {
        out_shape.insert(ax, 1);
    }
    Ok(NdArray {
        shape: out_shape,
        data,
    })
}

/// The distributions of a 1-D or 2-D array along `axis`, each as a contiguous row.
fn rows_along<'a>(a: ArrayView<'a>, axis: isize, which: &str) -> Result<Cow<'a, [f64]>, Error> {
    match a.shape {
        [_] => {
            normalize_axis(axis, 1)?;
            Ok(Cow::Borrowed(a.data))
        }
        [r, c] => {
            if normalize_axis(axis, 2)? == 1 {
                Ok(Cow::Borrowed(a.data))
            } else {
                // Columns are the distributions: transpose once.
                Ok(Cow::Owned(
                    (0..*c)
                        .flat_map(|j| (0..*r).map(move |i| a.data[i * c + j]))
                        .collect(),
                ))
            }
        }
        s => Err(shape_error(format!(
            "pairwise takes 1-D or 2-D arrays; {which} has shape {}",
            show_shape(s)
        ))),
    }
}

/// The matrix M[i][j] = measure(a_i, b_j) between the distributions of a and of b along `axis`
/// (rows for −1, columns for 0), like scipy's cdist; users ask for it in pytorch#64528 and
/// scipy#13707. Rows of the result are computed in parallel; a symmetric measure of an array
/// against itself is computed once per pair.
///
/// # Errors
/// Arrays of more than two dimensions, distributions of different lengths, an axis out of
/// bounds, or any error of the measure.
pub fn pairwise(
    measure: Measure,
    a: ArrayView<'_>,
    b: ArrayView<'_>,
    axis: isize,
    options: &ArrayOptions,
) -> Result<NdArray, Error> {
    // (number of distributions, their length)
    let layout = |v: ArrayView<'_>| -> Result<(usize, usize), Error> {
        Ok(match v.shape {
            [n] => (1, *n),
            [r, c] if normalize_axis(axis, 2)? == 1 => (*r, *c),
            [r, c] => (*c, *r),
            _ => (0, 0), // refused by rows_along
        })
    };
    let ((na, la), (nb, lb)) = (layout(a)?, layout(b)?);
    let same = std::ptr::eq(a.data, b.data) && a.shape == b.shape;
    let ra = rows_along(a, axis, "pk")?;
    let rb = if same {
        ra.clone()
    } else {
        rows_along(b, axis, "qk")?
    };
    if la != lb {
        return Err(Error::LengthMismatch { p: la, q: lb });
    }
    let row = |i: usize| i * la..(i + 1) * la;
    let symmetric = same && measure.is_symmetric();
    let rows: Vec<Vec<f64>> = (0..na)
        .into_par_iter()
        .map(|i| {
            let pi = &ra[row(i)];
            (0..nb)
                .map(|j| {
                    if symmetric && j < i {
                        Ok(f64::NAN) // filled from the upper triangle below
                    } else {
                        self::measure(measure, pi, Some(&rb[row(j)]), options)
                    }
                })
                .collect::<Result<Vec<f64>, Error>>()
        })
        .collect::<Result<_, _>>()?;
    let mut data: Vec<f64> = rows.concat();
    if symmetric {
        for i in 0..na {
            for j in 0..i {
                data[i * nb + j] = data[j * nb + i];
            }
        }
    }
    Ok(NdArray {
        shape: vec![na, nb],
        data,
    })
}
