//! Small sampling helpers shared by the generators.

use rand::Rng;
use rand_distr::StandardNormal;

pub(crate) fn normal<R: Rng>(rng: &mut R, mean: f64, sd: f64) -> f64 {
    let z: f64 = rng.sample(StandardNormal);
    mean + sd * z
}

/// Log-normal given by its median, which reads better than the log-scale mean.
pub(crate) fn log_normal<R: Rng>(rng: &mut R, median: f64, sigma: f64) -> f64 {
    (median.ln() + normal(rng, 0.0, sigma)).exp()
}

/// Index drawn with probability proportional to `weights`; `None` when no weight is positive.
pub(crate) fn weighted_index<R: Rng>(rng: &mut R, weights: &[f64]) -> Option<usize> {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    let mut target = rng.gen::<f64>() * total;
    let mut last_positive = None;
    for (index, &weight) in weights.iter().enumerate() {
        if weight > 0.0 {
            if target < weight {
                return Some(index);
            }
            target -= weight;
            last_positive = Some(index);
        }
    }
    // Floating-point rounding can leave a sliver of `target`; it belongs to the last bucket.
    last_positive
}

pub(crate) fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

pub(crate) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}
