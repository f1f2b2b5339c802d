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
    /// Cholesky factor of the penalised Hessian of the joint block at `beta`.
    pub hessian: Cholesky,
    /// The penalised Hessian's diagonal over the separable block (its precision).
    pub separable_precision: Vec<f64>,
}

const MAX_ITERATIONS: usize = 200;
const TOLERANCE: f64 = 1e-7;
/// A separable coefficient moves at most this far in one step (the first steps from zero
/// on a small group can overshoot).
const MAX_SEPARABLE_STEP: f64 = 2.0;

fn penalised_objective(design: &Design, rows: &[usize], penalty: &[f64], beta: &[f64]) -> f64 {
    let fit: f64 = rows
        .iter()
        .map(|&i| log_likelihood(linear(beta, design.row(i)), design.response[i]))
        .sum();
    let prior: f64 = beta.iter().zip(penalty).map(|(b, l)| l * b * b).sum();
    fit - 0.5 * prior
}

/// Maximises the penalised log-likelihood over `rows` of `design`. Columns below `joint`
/// are fitted jointly by Newton's method (a dense Hessian); columns from `joint` on are
/// separable, each row having at most one of them (the person's group in the municipality
/// placed in), and are fitted by one-dimensional Newton steps in turn with the joint
/// block: block coordinate ascent on a concave objective. Every penalty must be positive,
/// so every Hessian is invertible.
pub(crate) fn fit(design: &Design, rows: &[usize], penalty: &[f64], joint: usize) -> Fit {
    let n = penalty.len();
    let mut beta = vec![0.0; n];
    let mut objective = penalised_objective(design, rows, penalty, &beta);
    let mut iterations = 0;
    loop {
        iterations += 1;
        let mut hessian = vec![0.0; joint * joint];
        let mut gradient: Vec<f64> = beta[..joint]
            .iter()
            .zip(penalty)
            .map(|(b, l)| -l * b)
            .collect();
        for &i in rows {
            let row = design.row(i);
            let p = logistic(linear(&beta, row));
            let w = p * (1.0 - p);
            let residual = design.response[i] - p;
            let dense = row.partition_point(|&(c, _)| (c as usize) < joint);
            for (a, &(ca, va)) in row[..dense].iter().enumerate() {
                gradient[ca as usize] += residual * va;
                let base = ca as usize * joint;
                for &(cb, vb) in &row[..=a] {
                    hessian[base + cb as usize] += w * va * vb;
                }
            }
        }
        for (j, l) in penalty[..joint].iter().enumerate() {
            hessian[j * joint + j] += l;
        }
        let factor =
            Cholesky::factor(hessian, joint).expect("a positive penalty keeps it definite");
        let mut step = gradient;
        factor.solve(&mut step);
        // Newton steps rarely overshoot on this concave objective; halve when one does.
        let mut scale = 1.0;
        let mut candidate = beta.clone();
        loop {
            for (c, (b, s)) in candidate.iter_mut().zip(beta.iter().zip(&step)) {
                *c = b + scale * s;
            }
            let value = penalised_objective(design, rows, penalty, &candidate);
            if value >= objective - 1e-12 || scale < 1e-4 {
                break;
            }
            scale /= 2.0;
        }
        let mut change = step.iter().map(|s| (scale * s).abs()).fold(0.0, f64::max);
        beta = candidate;
        let separable_precision = if joint < n {
            let (moved, precision) = separable_steps(design, rows, penalty, joint, &mut beta);
            change = change.max(moved);
            precision
        } else {
            Vec::new()
        };
        objective = penalised_objective(design, rows, penalty, &beta);
        if change < TOLERANCE || iterations >= MAX_ITERATIONS {
            return Fit {
                beta,
                hessian: factor,
                separable_precision,
            };
        }
    }
}

/// One Newton step for every separable coefficient given the rest; returns the largest
/// move and each coefficient's penalised curvature.
fn separable_steps(
    design: &Design,
    rows: &[usize],
    penalty: &[f64],
    joint: usize,
    beta: &mut [f64],
) -> (f64, Vec<f64>) {
    let count = penalty.len() - joint;
    let mut gradient: Vec<f64> = (0..count)
        .map(|j| -penalty[joint + j] * beta[joint + j])
        .collect();
    let mut curvature: Vec<f64> = penalty[joint..].to_vec();
    for &i in rows {
        let row = design.row(i);
        let Some(&(c, v)) = row.last().filter(|(c, _)| *c as usize >= joint) else {
            continue;
        };
        let p = logistic(linear(beta, row));
        let j = c as usize - joint;
        gradient[j] += (design.response[i] - p) * v;
        curvature[j] += p * (1.0 - p) * v * v;
    }
    let mut moved: f64 = 0.0;
    for j in 0..count {
        let step = (gradient[j] / curvature[j]).clamp(-MAX_SEPARABLE_STEP, MAX_SEPARABLE_STEP);
        beta[joint + j] += step;
        moved = moved.max(step.abs());
    }
    (moved, curvature)
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
        let fitted = fit(&design, &rows, &[1e-6; 3], 3);
        for (b, t) in fitted.beta.iter().zip(truth) {
            assert!((b - t).abs() < 0.08, "{b} vs {t}");
        }
    }

    /// Fitting group effects as a separable block finds what the joint fit finds.
    #[test]
    fn the_separable_block_agrees_with_the_joint_fit() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let effects = [0.8, -0.5, 0.0, 0.3];
        let mut design = Design::default();
        for _ in 0..4_000 {
            let x: f64 = rng.gen_range(-1.0..1.0);
            let group = rng.gen_range(0..4);
            let row = [(0, 1.0), (1, x), (2 + group as u32, 1.0)];
            let p = logistic(-0.3 + 0.7 * x + effects[group]);
            design.push(&row, rng.gen_bool(p));
        }
        let rows: Vec<usize> = (0..design.response.len()).collect();
        let penalty = [1e-6, 1e-3, 5.0, 5.0, 5.0, 5.0];
        let joint = fit(&design, &rows, &penalty, 6);
        let blocked = fit(&design, &rows, &penalty, 2);
        for (a, b) in joint.beta.iter().zip(&blocked.beta) {
            assert!(
                (a - b).abs() < 1e-4,
                "{:?} vs {:?}",
                joint.beta,
                blocked.beta
            );
        }
        assert_eq!(blocked.separable_precision.len(), 4);
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
        let loose = fit(&design, &rows, &[1e-6, 1e-3], 2);
        let tight = fit(&design, &rows, &[1e-6, 1e4], 2);
        assert!(loose.beta[1] > 1.0);
        assert!(tight.beta[1].abs() < 0.01);
    }
}
