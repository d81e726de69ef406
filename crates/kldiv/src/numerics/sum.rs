//! Compensated summation.

/// Neumaier's variant of Kahan summation: the error of a sum of n terms stays near one rounding,
/// not n.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Kahan {
    sum: f64,
    compensation: f64,
}

impl Kahan {
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if !t.is_finite() {
            // ±∞ or NaN: the compensation has nothing to add (and ∞ − ∞ would poison it).
            self.sum = t;
            self.compensation = 0.0;
            return;
        }
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    pub(crate) fn value(&self) -> f64 {
        if self.sum.is_finite() {
            self.sum + self.compensation
        } else {
            self.sum
        }
    }
}

/// The compensated sum of a slice.
pub(crate) fn sum(xs: &[f64]) -> f64 {
    let mut k = Kahan::default();
    for &x in xs {
        k.add(x);
    }
    k.value()
}
