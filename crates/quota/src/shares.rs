//! The documented share function: each factor's normalised share of every unit.

use crate::{Factor, QuotaError, Unit, Weights};
use landa_model::HousingMarket;
use std::fmt::Display;

/// Each factor's part of a unit's number; they sum to the unit's exact number.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Contributions {
    pub population: f64,
    pub labour_market: f64,
    pub reception: f64,
    pub housing: f64,
    pub introduction_results: f64,
    pub school_capacity: f64,
}

impl Contributions {
    pub fn get(&self, factor: Factor) -> f64 {
        match factor {
            Factor::Population => self.population,
            Factor::LabourMarket => self.labour_market,
            Factor::Reception => self.reception,
            Factor::Housing => self.housing,
            Factor::IntroductionResults => self.introduction_results,
            Factor::SchoolCapacity => self.school_capacity,
        }
    }

    fn get_mut(&mut self, factor: Factor) -> &mut f64 {
        match factor {
            Factor::Population => &mut self.population,
            Factor::LabourMarket => &mut self.labour_market,
            Factor::Reception => &mut self.reception,
            Factor::Housing => &mut self.housing,
            Factor::IntroductionResults => &mut self.introduction_results,
            Factor::SchoolCapacity => &mut self.school_capacity,
        }
    }

    pub fn sum(&self) -> f64 {
        Factor::ALL.iter().map(|&f| self.get(f)).sum()
    }

    /// Fractions of a total turned into parts of `total`.
    pub(crate) fn scaled(&self, total: u32) -> Contributions {
        let mut scaled = *self;
        for factor in Factor::ALL {
            *scaled.get_mut(factor) *= f64::from(total);
        }
        scaled
    }
}

/// Weight of an inhabitant by housing market, for the housing factor: a municipality
/// where homes are scarce counts half, one with empty homes half again.
pub fn housing_factor(market: HousingMarket) -> f64 {
    match market {
        HousingMarket::Shortage => 0.5,
        HousingMarket::Balance => 1.0,
        HousingMarket::Surplus => 1.5,
    }
}

/// Weight of an inhabitant by reception already carried: 1 with none, 1/2 at
/// `scale` per 1000, 1/3 at twice that ... (decreasing, never zero).
pub fn reception_factor(reception_per_1000: f64, scale: f64) -> f64 {
    1.0 / (1.0 + reception_per_1000 / scale)
}

/// Per factor and unit, the fraction of the total that factor gives the unit:
/// `w_k × basis_k(unit) / Σ basis_k`, with bases
/// population: `pop`; labour market: `pop × employment_rate` (employed inhabitants);
/// reception: `pop × reception_factor`; housing: `pop × housing_factor`; introduction
/// results: `pop × introduction_result_rate`; school capacity: `upper_secondary_places`.
/// Over all units and factors the fractions sum to 1. Factors with weight 0 are not
/// computed, so their facts may be missing. A weighed factor that no unit has any basis
/// for is an error unless `total` is 0.
pub(crate) fn factor_shares<K: Display>(
    units: &[Unit<K>],
    weights: &Weights,
    reception_scale: f64,
    total: u32,
) -> Result<Vec<Contributions>, QuotaError> {
    let mut shares = vec![Contributions::default(); units.len()];
    for factor in Factor::ALL {
        let weight = weights.get(factor);
        if weight == 0.0 {
            continue;
        }
        let bases = units
            .iter()
            .map(|unit| basis(factor, unit, reception_scale))
            .collect::<Result<Vec<f64>, QuotaError>>()?;
        let sum: f64 = bases.iter().sum();
        if sum == 0.0 && total == 0 {
            // Nothing to share (e.g. a region without inhabitants that got 0).
            continue;
        }
        if !(sum > 0.0 && sum.is_finite()) {
            return Err(QuotaError::NoBasis { factor });
        }
        for (share, basis) in shares.iter_mut().zip(bases) {
            *share.get_mut(factor) = weight * basis / sum;
        }
    }
    Ok(shares)
}

fn basis<K: Display>(
    factor: Factor,
    unit: &Unit<K>,
    reception_scale: f64,
) -> Result<f64, QuotaError> {
    let population = f64::from(required(unit, "population", unit.population)?);
    Ok(match factor {
        Factor::Population => population,
        Factor::LabourMarket => {
            population * required(unit, "employment_rate", unit.employment_rate)?
        }
        Factor::Reception => {
            let reception = required(unit, "reception_per_1000", unit.reception_per_1000)?;
            population * reception_factor(reception, reception_scale)
        }
        Factor::Housing => {
            population * housing_factor(required(unit, "housing_market", unit.housing_market)?)
        }
        Factor::IntroductionResults => {
            population
                * required(
                    unit,
                    "introduction_result_rate",
                    unit.introduction_result_rate,
                )?
        }
        Factor::SchoolCapacity => f64::from(required(
            unit,
            "upper_secondary_places",
            unit.upper_secondary_places,
        )?),
    })
}

fn required<K: Display, T>(
    unit: &Unit<K>,
    field: &'static str,
    value: Option<T>,
) -> Result<T, QuotaError> {
    value.ok_or_else(|| QuotaError::MissingValue {
        unit: unit.key.to_string(),
        field,
    })
}

/// Checks the ranges of the facts a unit has (whether weighed or not: a NaN in the data
/// is an error wherever it is), and that floor <= ceiling.
pub(crate) fn check_unit<K: Display>(unit: &Unit<K>) -> Result<(), QuotaError> {
    let invalid = |field, expected, value: f64| QuotaError::InvalidValue {
        unit: unit.key.to_string(),
        field,
        expected,
        value: value.to_string(),
    };
    if let Some(rate) = unit.employment_rate {
        if !(0.0..=1.0).contains(&rate) {
            return Err(invalid("employment_rate", "a share between 0 and 1", rate));
        }
    }
    if let Some(rate) = unit.introduction_result_rate {
        if !(0.0..=1.0).contains(&rate) {
            return Err(invalid(
                "introduction_result_rate",
                "a share between 0 and 1",
                rate,
            ));
        }
    }
    if let Some(reception) = unit.reception_per_1000 {
        if !(reception.is_finite() && reception >= 0.0) {
            return Err(invalid(
                "reception_per_1000",
                "a finite number of at least 0",
                reception,
            ));
        }
    }
    match unit.ceiling {
        Some(ceiling) if unit.floor > ceiling => Err(QuotaError::FloorAboveCeiling {
            unit: unit.key.to_string(),
            floor: unit.floor,
            ceiling,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_order_as_documented() {
        assert!(housing_factor(HousingMarket::Shortage) < housing_factor(HousingMarket::Balance));
        assert!(housing_factor(HousingMarket::Balance) < housing_factor(HousingMarket::Surplus));
        assert_eq!(reception_factor(0.0, 10.0), 1.0);
        assert_eq!(reception_factor(10.0, 10.0), 0.5);
        assert!(reception_factor(50.0, 10.0) < reception_factor(20.0, 10.0));
    }

    #[test]
    fn missing_fact_is_an_error_only_when_weighed() {
        let mut unit = Unit::new("0101".to_string());
        unit.population = Some(100);
        let population_only = Weights::population_only();
        let shares = factor_shares(std::slice::from_ref(&unit), &population_only, 10.0, 1).unwrap();
        assert_eq!(shares[0].population, 1.0);
        assert_eq!(shares[0].sum(), 1.0);
        let err =
            factor_shares(&[unit], &Weights::default().normalised().unwrap(), 10.0, 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "0101 has no employment_rate, which the distribution weighs (its weight is not zero)"
        );
    }
}
