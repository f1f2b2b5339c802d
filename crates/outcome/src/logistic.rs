//! Logistic regression with a ridge penalty per column, fitted by Newton's method on sparse
//! rows. A per-column penalty is what a random-effects model's prior does: municipality
//! effects are shrunk towards zero by how much data each has (an effect estimated from
//! `n` placements moves about `n p (1-p) / (n p (1-p) + λ)` of the way to its raw value),
//! while the person features are barely penalised. The penalised Hessian at the optimum
//! is also the precision of the Laplace approximation of the posterior, which the
//! back-test samples for its uncertainty.

use crate::linalg::Cholesky;

/// Rows of (column, value) pairs in ascending column order, with a 0/1 response.
#[derive(Debug, Clone, Default)]
pub(crate) struct Design {
    starts: Vec<usize>,
    entries: Vec<(u32, f64)>,
    pub response: Vec<f64>,
}

impl Design {
    pub fn push(&mut self, row: &[(u32, f64)], response: bool) {
        self.starts.push(self.entries.len());
        self.entries.extend_from_slice(row);
        self.response.push(f64::from(u8::from(response)));
    }

    pub fn row(&self, i: usize) -> &[(u32, f64)] {
        let end = self
            .starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.entries.len());
        &self.entries[self.starts[i]..end]
    }
}

pub(crate) fn linear(beta: &[f64], row: &[(u32, f64)]) -> f64 {
    row.iter().map(|&(c, v)| beta[c as usize] * v).sum()
}

pub(crate) fn logistic(eta: f64) -> f64 {
    1.0 / (1.0 + (-eta).exp())
}

/// ln(1 + e^x) without overflow.
fn softplus(x: f64) -> f64 {
    if x > 30.0 {
        x
    } else {
        x.exp().ln_1p()
    }
}

/// Log-likelihood of one 0/1 response at log-odds `eta`.
pub(crate) fn log_likelihood(eta: f64, y: f64) -> f64 {
    -(y * softplus(-eta) + (1.0 - y) * softplus(eta))
}

#[derive(Debug, Clone)]
pub(crate) struct Fit {
    pub beta: Vec<f64>,
    /// Cholesky factor of the penalised Hessian at `beta`.
    pub hessian: Cholesky,
}

const MAX_ITERATIONS: usize = 50;
const TOLERANCE: f64 = 1e-7;

fn penalised_objective(design: &Design, rows: &[usize], penalty: &[f64], beta: &[f64]) -> f64 {
    let fit: f64 = rows
        .iter()
        .map(|&i| log_likelihood(linear(beta, design.row(i)), design.response[i]))
        .sum();
    let prior: f64 = beta.iter().zip(penalty).map(|(b, l)| l * b * b).sum();
    fit - 0.5 * prior
}

/// Maximises the penalised log-likelihood over `rows` of `design`, starting from `start`
/// (or zero). Every penalty must be positive, so the Hessian is always invertible.
pub(crate) fn fit(design: &Design, rows: &[usize], penalty: &[f64], start: Option<&[f64]>) -> Fit {
    let n = penalty.len();
    let mut beta = start.map_or_else(|| vec![0.0; n], <[f64]>::to_vec);
    let mut objective = penalised_objective(design, rows, penalty, &beta);
    let mut iterations = 0;
    loop {
        iterations += 1;
        let mut hessian = vec![0.0; n * n];
        let mut gradient: Vec<f64> = beta.iter().zip(penalty).map(|(b, l)| -l * b).collect();
        for &i in rows {
            let row = design.row(i);
            let p = logistic(linear(&beta, row));
            let w = p * (1.0 - p);
            let residual = design.response[i] - p;
            for (a, &(ca, va)) in row.iter().enumerate() {
                gradient[ca as usize] += residual * va;
                let base = ca as usize * n;
                for &(cb, vb) in &row[..=a] {
                    hessian[base + cb as usize] += w * va * vb;
                }
            }
        }
        for (j, l) in penalty.iter().enumerate() {
            hessian[j * n + j] += l;
        }
        let factor = Cholesky::factor(hessian, n).expect("a positive penalty keeps it definite");
        let mut step = gradient;
        factor.solve(&mut step);
        // Newton steps rarely overshoot on this concave objective; halve when one does.
        let mut scale = 1.0;
        let mut candidate: Vec<f64>;
        loop {
            candidate = beta.iter().zip(&step).map(|(b, s)| b + scale * s).collect();
            let value = penalised_objective(design, rows, penalty, &candidate);
            if value >= objective - 1e-12 || scale < 1e-4 {
                objective = value;
                break;
            }
            scale /= 2.0;
        }
        let change = step.iter().map(|s| (scale * s).abs()).fold(0.0, f64::max);
        beta = candidate;
        if change < TOLERANCE || iterations >= MAX_ITERATIONS {
            return Fit {
                beta,
                hessian: factor,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Data drawn from known coefficients: the fit finds them back.
    #[test]
    fn recovers_the_coefficients_it_was_given() {
        let truth = [-0.5, 1.2, -0.8];
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let mut design = Design::default();
        for _ in 0..20_000 {
            let x1: f64 = rng.gen_range(-1.0..1.0);
            let x2 = f64::from(u8::from(rng.gen_bool(0.4)));
            let row = [(0, 1.0), (1, x1), (2, x2)];
            let p = logistic(linear(&truth, &row));
            design.push(&row, rng.gen_bool(p));
        }
        let rows: Vec<usize> = (0..design.response.len()).collect();
        let fitted = fit(&design, &rows, &[1e-6; 3], None);
        for (b, t) in fitted.beta.iter().zip(truth) {
            assert!((b - t).abs() < 0.08, "{b} vs {t}");
        }
    }

    /// A heavy penalty on a column pulls its coefficient to zero, the others stay.
    #[test]
    fn the_penalty_shrinks_its_column() {
        let mut design = Design::default();
        for i in 0..400 {
            let group = f64::from(u8::from(i % 10 == 0));
            design.push(&[(0, 1.0), (1, group)], i % 10 == 0 || i % 2 == 0);
        }
        let rows: Vec<usize> = (0..design.response.len()).collect();
        let loose = fit(&design, &rows, &[1e-6, 1e-3], None);
        let tight = fit(&design, &rows, &[1e-6, 1e4], None);
        assert!(loose.beta[1] > 1.0);
        assert!(tight.beta[1].abs() < 0.01);
    }
}
