//! How good predicted probabilities are: log-loss, Brier score, AUC, and calibration (the
//! reliability table and the expected calibration error over it).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub persons: usize,
    pub positives: usize,
    /// Mean negative log-likelihood (lower is better; the base rate alone gives the entropy).
    pub log_loss: f64,
    pub brier: f64,
    /// Probability that a random positive is ranked above a random negative (0.5 = chance).
    pub auc: f64,
    /// Mean over persons of |mean predicted − observed| in their reliability bin.
    pub calibration_error: f64,
}

/// One bin of predicted probabilities and what was observed in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    pub from: f64,
    pub to: f64,
    pub persons: usize,
    pub mean_predicted: f64,
    pub observed: f64,
}

const BINS: usize = 10;
const CLIP: f64 = 1e-12;

/// Equal-width bins over 0..1; empty bins are left out.
pub fn reliability(predicted: &[f64], observed: &[bool]) -> Vec<ReliabilityBin> {
    let mut sums = [(0usize, 0.0f64, 0usize); BINS];
    for (&p, &y) in predicted.iter().zip(observed) {
        let bin = ((p * BINS as f64) as usize).min(BINS - 1);
        sums[bin].0 += 1;
        sums[bin].1 += p;
        sums[bin].2 += usize::from(y);
    }
    sums.iter()
        .enumerate()
        .filter(|(_, s)| s.0 > 0)
        .map(|(b, &(n, p, y))| ReliabilityBin {
            from: b as f64 / BINS as f64,
            to: (b + 1) as f64 / BINS as f64,
            persons: n,
            mean_predicted: p / n as f64,
            observed: y as f64 / n as f64,
        })
        .collect()
}

/// Rank-based AUC (Mann-Whitney), ties counted half.
fn auc(predicted: &[f64], observed: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..predicted.len()).collect();
    order.sort_by(|&a, &b| predicted[a].total_cmp(&predicted[b]));
    let positives = observed.iter().filter(|&&y| y).count();
    let negatives = observed.len() - positives;
    if positives == 0 || negatives == 0 {
        return 0.5;
    }
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && predicted[order[j + 1]] == predicted[order[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let mean_rank = (i + j + 2) as f64 / 2.0;
        rank_sum += mean_rank * order[i..=j].iter().filter(|&&k| observed[k]).count() as f64;
        i = j + 1;
    }
    let positives = positives as f64;
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives as f64)
}

pub fn metrics(predicted: &[f64], observed: &[bool]) -> Metrics {
    let n = predicted.len().max(1) as f64;
    let mut log_loss = 0.0;
    let mut brier = 0.0;
    for (&p, &y) in predicted.iter().zip(observed) {
        let p = p.clamp(CLIP, 1.0 - CLIP);
        log_loss -= if y { p.ln() } else { (1.0 - p).ln() };
        brier += (p - f64::from(u8::from(y))).powi(2);
    }
    let calibration_error = reliability(predicted, observed)
        .iter()
        .map(|b| b.persons as f64 * (b.mean_predicted - b.observed).abs())
        .sum::<f64>()
        / n;
    Metrics {
        persons: predicted.len(),
        positives: observed.iter().filter(|&&y| y).count(),
        log_loss: log_loss / n,
        brier: brier / n,
        auc: auc(predicted, observed),
        calibration_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn perfect_and_reversed_rankings() {
        let y = [false, false, true, true];
        assert_eq!(metrics(&[0.1, 0.2, 0.8, 0.9], &y).auc, 1.0);
        assert_eq!(metrics(&[0.9, 0.8, 0.2, 0.1], &y).auc, 0.0);
        assert_eq!(metrics(&[0.5; 4], &y).auc, 0.5);
    }

    proptest! {
        /// AUC agrees with counting every positive-negative pair.
        #[test]
        fn auc_counts_pairs(data in proptest::collection::vec((0u8..5, any::<bool>()), 2..40)) {
            let p: Vec<f64> = data.iter().map(|(v, _)| f64::from(*v) / 4.0).collect();
            let y: Vec<bool> = data.iter().map(|(_, y)| *y).collect();
            let (mut wins, mut pairs) = (0.0, 0.0);
            for i in 0..p.len() {
                for j in 0..p.len() {
                    if y[i] && !y[j] {
                        pairs += 1.0;
                        wins += if p[i] > p[j] { 1.0 } else if p[i] == p[j] { 0.5 } else { 0.0 };
                    }
                }
            }
            let expected = if pairs == 0.0 { 0.5 } else { wins / pairs };
            prop_assert!((metrics(&p, &y).auc - expected).abs() < 1e-12);
        }

        /// Predictions equal to each bin's observed rate have no calibration error.
        #[test]
        fn the_observed_rate_is_calibrated(k in 1usize..10, n in 10usize..50) {
            let rate = k as f64 / 10.0 + 0.05;
            let positives = (rate * n as f64).round() as usize;
            let y: Vec<bool> = (0..n).map(|i| i < positives).collect();
            let p = vec![positives as f64 / n as f64; n];
            prop_assert!(metrics(&p, &y).calibration_error < 1e-12);
        }
    }
}
