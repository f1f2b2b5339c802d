//! The one dense operation the fit needs: a Cholesky factorisation of a symmetric positive
//! definite matrix of a few hundred rows, and solves with its factor. Thirty lines here
//! instead of a linear-algebra crate (see ARCHITECTURE.md).

/// A lower-triangular factor `L` with `L Lᵀ = A`, row-major `n × n` (upper part zero).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cholesky {
    pub n: usize,
    pub lower: Vec<f64>,
}

impl Cholesky {
    /// Factors the symmetric matrix whose lower triangle is in `a` (row-major `n × n`).
    /// `None` when it is not positive definite.
    pub fn factor(mut a: Vec<f64>, n: usize) -> Option<Cholesky> {
        for j in 0..n {
            let mut d = a[j * n + j];
            for k in 0..j {
                d -= a[j * n + k] * a[j * n + k];
            }
            if !(d > 0.0 && d.is_finite()) {
                return None;
            }
            let d = d.sqrt();
            a[j * n + j] = d;
            for i in j + 1..n {
                let mut s = a[i * n + j];
                for k in 0..j {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / d;
            }
            for k in j + 1..n {
                a[j * n + k] = 0.0;
            }
        }
        Some(Cholesky { n, lower: a })
    }

    /// Solves `L y = b` in place.
    pub fn solve_lower(&self, b: &mut [f64]) {
        let n = self.n;
        for i in 0..n {
            let row = &self.lower[i * n..i * n + i];
            let s = b[i] - row.iter().zip(&b[..i]).map(|(l, x)| l * x).sum::<f64>();
            b[i] = s / self.lower[i * n + i];
        }
    }

    /// Solves `Lᵀ x = y` in place.
    pub fn solve_upper(&self, y: &mut [f64]) {
        let n = self.n;
        for i in (0..n).rev() {
            let s = y[i]
                - (i + 1..n)
                    .map(|k| self.lower[k * n + i] * y[k])
                    .sum::<f64>();
            y[i] = s / self.lower[i * n + i];
        }
    }

    /// Solves `A x = b` in place.
    pub fn solve(&self, b: &mut [f64]) {
        self.solve_lower(b);
        self.solve_upper(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// For A = M Mᵀ + I, solving A x = b gives back b when multiplied out.
        #[test]
        fn solves_what_it_factors(
            entries in proptest::collection::vec(-3.0f64..3.0, 16),
            b in proptest::collection::vec(-5.0f64..5.0, 4),
        ) {
            let n = 4;
            let mut a = vec![0.0; n * n];
            for i in 0..n {
                for j in 0..n {
                    let dot: f64 = (0..n).map(|k| entries[i * n + k] * entries[j * n + k]).sum();
                    a[i * n + j] = dot + if i == j { 1.0 } else { 0.0 };
                }
            }
            let factor = Cholesky::factor(a.clone(), n).expect("positive definite");
            let mut x = b.clone();
            factor.solve(&mut x);
            for i in 0..n {
                let back: f64 = (0..n).map(|j| a[i * n + j] * x[j]).sum();
                prop_assert!((back - b[i]).abs() < 1e-8);
            }
        }
    }

    #[test]
    fn refuses_an_indefinite_matrix() {
        assert!(Cholesky::factor(vec![1.0, 0.0, 2.0, 1.0], 2).is_none());
    }
}
