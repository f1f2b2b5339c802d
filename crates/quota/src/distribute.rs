//! Distributing a given total over units: the county board's step (kommuntal from a
//! länstal) and, with regions as units, the state's step.

use crate::apportion::{apportion, Apportioned, Claim};
use crate::shares::{check_unit, factor_shares};
use crate::{Adjustment, Contributions, Method, Options, QuotaError, Unit};
use landa_model::MunicipalityCode;
use std::collections::BTreeSet;
use std::fmt::Display;

/// How one unit's number came about, for one count (persons or unaccompanied minors).
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// Per factor: total × weight × the unit's share of that factor.
    pub contributions: Contributions,
    /// The model's number before any bound, adjustment or rounding (sum of contributions).
    pub exact: f64,
    /// The proportional number after floors, ceilings and the re-balancing around
    /// adjusted units, before rounding (equals the value for an adjusted unit).
    pub quota: f64,
    /// The whole number decided.
    pub rounded: u32,
    /// The manual adjustment that fixed this number, with its reason.
    pub adjustment: Option<AppliedAdjustment>,
    /// Without its floor the unit's proportional number would have been lower.
    pub floor_binding: bool,
    /// Without its ceiling the unit's proportional number would have been higher. For
    /// unaccompanied minors the ceiling is the unit's number of persons.
    pub ceiling_binding: bool,
    /// The unit's number would have been above 0 but below the options' minimum, so it
    /// is asked for none and its share went to the others.
    pub below_minimum: bool,
}

/// A manual adjustment as applied to a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedAdjustment {
    pub value: u32,
    pub reason: String,
}

/// One unit's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation<K> {
    pub key: K,
    /// Persons, unaccompanied minors included.
    pub persons: Breakdown,
    pub unaccompanied_minors: Breakdown,
}

/// A total distributed over units; allocations are in the order of the units given,
/// and their `rounded` numbers sum exactly to the totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution<K> {
    pub persons_total: u32,
    pub minors_total: u32,
    pub allocations: Vec<Allocation<K>>,
}

/// Distributes `persons_total` persons, of whom `minors_total` unaccompanied minors,
/// over `units`.
///
/// Persons: each unit's exact number is `persons_total × Σ_k w_k × share_k(unit)` (see
/// [`crate::shares`]); adjusted units are fixed; the rest of the total is apportioned over
/// the others in proportion to their exact numbers, within floors and ceilings, by
/// `options.method`.
///
/// With a minimum (Norway's 10 persons), the unit with the smallest proportional number
/// among those that would get more than none but fewer than the minimum is asked for
/// none and the total apportioned again, until no such unit is left; a unit held up by
/// a floor or an adjustment is never dropped, nor the last unit that could take anyone.
///
/// Unaccompanied minors are distributed the same way with the same shares (so the same
/// model), floor 0, and each unit's number of persons as its ceiling (none for a unit
/// that does not take unaccompanied minors): a unit's minors never exceed its persons,
/// and where that caps a unit the minors it cannot take go to the others in proportion
/// (the cap shows as `ceiling_binding`). The minimum is for persons only.
pub fn distribute<K>(
    persons_total: u32,
    minors_total: u32,
    units: &[Unit<K>],
    options: &Options<K>,
) -> Result<Distribution<K>, QuotaError>
where
    K: Clone + Ord + Display,
{
    let weights = options.weights.normalised()?;
    if !(options.reception_scale.is_finite() && options.reception_scale > 0.0) {
        return Err(QuotaError::InvalidReceptionScale(options.reception_scale));
    }
    let mut seen = BTreeSet::new();
    for unit in units {
        check_unit(unit)?;
        if !seen.insert(&unit.key) {
            return Err(QuotaError::DuplicateUnit {
                unit: unit.key.to_string(),
            });
        }
    }
    if minors_total > persons_total {
        return Err(QuotaError::MinorsExceedPersons {
            minors: minors_total,
            persons: persons_total,
        });
    }
    let shares = factor_shares(units, &weights, options.reception_scale, persons_total)?;

    let person_bounds: Vec<Bounds> = units.iter().map(|u| (u.floor, u.ceiling)).collect();
    let persons = allocate(
        persons_total,
        units,
        &shares,
        &person_bounds,
        &options.adjustments,
        options.method,
        options.minimum,
    )?;
    let minor_bounds: Vec<Bounds> = units
        .iter()
        .zip(&persons)
        .map(|(unit, persons)| {
            let ceiling = if unit.takes_unaccompanied_minors {
                persons.rounded
            } else {
                0
            };
            (0, Some(ceiling))
        })
        .collect();
    let minors = allocate(
        minors_total,
        units,
        &shares,
        &minor_bounds,
        &options.minor_adjustments,
        options.method,
        0,
    )
    .map_err(|e| QuotaError::Minors(Box::new(e)))?;

    Ok(Distribution {
        persons_total,
        minors_total,
        allocations: units
            .iter()
            .zip(persons.into_iter().zip(minors))
            .map(|(unit, (persons, unaccompanied_minors))| Allocation {
                key: unit.key.clone(),
                persons,
                unaccompanied_minors,
            })
            .collect(),
    })
}

/// The county board's step: distributes a region's given number (länstal, or the
/// number IMDi asks of a county) over its municipalities as kommuntal / requests.
/// The same as [`distribute`] with municipalities as units.
pub fn distribute_region(
    region_total: u32,
    minors_total: u32,
    municipalities: &[Unit<MunicipalityCode>],
    options: &Options<MunicipalityCode>,
) -> Result<Distribution<MunicipalityCode>, QuotaError> {
    distribute(region_total, minors_total, municipalities, options)
}

type Bounds = (u32, Option<u32>);

fn allocate<K>(
    total: u32,
    units: &[Unit<K>],
    shares: &[Contributions],
    bounds: &[Bounds],
    adjustments: &[Adjustment<K>],
    method: Method,
    minimum: u32,
) -> Result<Vec<Breakdown>, QuotaError>
where
    K: Ord + Display,
{
    let fixed = adjusted_units(units, bounds, adjustments)?;
    let adjusted: u64 = fixed.iter().flatten().map(|a| u64::from(a.value)).sum();
    let rest = u64::from(total)
        .checked_sub(adjusted)
        .and_then(|rest| u32::try_from(rest).ok())
        .ok_or(QuotaError::AdjustmentsExceedTotal {
            total: u64::from(total),
            adjusted,
        })?;
    let free: Vec<usize> = (0..units.len()).filter(|&i| fixed[i].is_none()).collect();
    let mut claims: Vec<Claim> = free
        .iter()
        .map(|&i| Claim {
            weight: shares[i].sum(),
            floor: bounds[i].0,
            ceiling: bounds[i].1,
        })
        .collect();
    let mut apportioned = apportion(rest, &claims, method)?;
    let mut dropped = vec![false; free.len()];
    while let Some(smallest) = below_minimum(&claims, &apportioned, minimum) {
        // A unit asked for none keeps its weight but gets a ceiling of 0, so every other
        // unit's share is what it would be without it.
        let mut without = claims.clone();
        without[smallest].ceiling = Some(0);
        match apportion(rest, &without, method) {
            Ok(again) => {
                dropped[smallest] = true;
                claims = without;
                apportioned = again;
            }
            // The others' ceilings cannot take its share: it keeps its number.
            Err(_) => break,
        }
    }

    let mut breakdowns: Vec<Breakdown> = fixed
        .iter()
        .zip(shares)
        .map(|(adjustment, shares)| {
            let contributions = shares.scaled(total);
            let value = adjustment.map_or(0, |a| a.value);
            Breakdown {
                contributions,
                exact: contributions.sum(),
                quota: f64::from(value),
                rounded: value,
                adjustment: adjustment.map(|a| AppliedAdjustment {
                    value: a.value,
                    reason: a.reason.clone(),
                }),
                floor_binding: false,
                ceiling_binding: false,
                below_minimum: false,
            }
        })
        .collect();
    for ((&i, share), dropped) in free.iter().zip(apportioned).zip(dropped) {
        let breakdown = &mut breakdowns[i];
        breakdown.quota = share.quota;
        breakdown.rounded = share.seats;
        breakdown.floor_binding = share.floor_binding;
        breakdown.ceiling_binding = share.ceiling_binding && !dropped;
        breakdown.below_minimum = dropped;
    }
    Ok(breakdowns)
}

/// Of the claims given more than none but fewer than `minimum` and not held up by a
/// floor, the one with the smallest proportional share (the first on a tie), unless it
/// is the only claim still receiving anyone.
fn below_minimum(claims: &[Claim], apportioned: &[Apportioned], minimum: u32) -> Option<usize> {
    let receiving = apportioned.iter().filter(|a| a.seats > 0).count();
    if receiving <= 1 {
        return None;
    }
    claims
        .iter()
        .zip(apportioned)
        .enumerate()
        .filter(|(_, (claim, share))| share.seats > 0 && share.seats < minimum && claim.floor == 0)
        .min_by(|(_, (_, a)), (_, (_, b))| a.quota.total_cmp(&b.quota))
        .map(|(index, _)| index)
}

/// Per unit, the adjustment fixing it, after checking every adjustment: a written
/// reason, a known unit, at most one per unit, and within the unit's bounds.
fn adjusted_units<'a, K>(
    units: &[Unit<K>],
    bounds: &[Bounds],
    adjustments: &'a [Adjustment<K>],
) -> Result<Vec<Option<&'a Adjustment<K>>>, QuotaError>
where
    K: Ord + Display,
{
    let mut fixed: Vec<Option<&Adjustment<K>>> = vec![None; units.len()];
    for adjustment in adjustments {
        let unit = adjustment.key.to_string();
        if adjustment.reason.trim().is_empty() {
            return Err(QuotaError::AdjustmentWithoutReason { unit });
        }
        let index = units
            .iter()
            .position(|u| u.key == adjustment.key)
            .ok_or_else(|| QuotaError::UnknownAdjustedUnit { unit: unit.clone() })?;
        if fixed[index].is_some() {
            return Err(QuotaError::DuplicateAdjustment { unit });
        }
        let (floor, ceiling) = bounds[index];
        if adjustment.value < floor || ceiling.is_some_and(|c| adjustment.value > c) {
            return Err(QuotaError::AdjustmentOutOfBounds {
                unit,
                value: adjustment.value,
                floor,
                ceiling: ceiling.map_or_else(|| "none".to_owned(), |c| c.to_string()),
            });
        }
        fixed[index] = Some(adjustment);
    }
    Ok(fixed)
}
