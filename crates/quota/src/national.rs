//! The two-level distribution: the state's total over regions (länstal), then each
//! region's number over its municipalities (kommuntal / requests).

use crate::shares::check_unit;
use crate::{distribute, Adjustment, Distribution, Options, QuotaError, Unit};
use landa_model::{
    MunicipalDecision, Municipality, MunicipalityCode, Region, RegionCode, Scenario,
};
use std::collections::{BTreeMap, BTreeSet};

/// Municipalities grouped by the region they belong to.
pub type UnitsByRegion = BTreeMap<RegionCode, Vec<Unit<MunicipalityCode>>>;

/// Options for each step: the state's (over regions) and the regions' (over
/// municipalities). Municipal adjustments apply within the municipality's region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NationalOptions {
    pub regional: Options<RegionCode>,
    pub municipal: Options<MunicipalityCode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NationalDistribution {
    /// The total over regions, in region-code order.
    pub regional: Distribution<RegionCode>,
    /// Each region's number over its municipalities.
    pub municipal: BTreeMap<RegionCode, Distribution<MunicipalityCode>>,
}

/// Distributes `total` persons, of whom `minors_total` unaccompanied minors, first over
/// regions and then within each region over its municipalities.
///
/// A region is weighed by its municipalities' facts aggregated: population summed,
/// employment rate, introduction results and reception per 1000 population-weighted (so
/// the labour-market and introduction bases of a region equal the sum of its
/// municipalities'; the reception basis is the region's mean reception put through the
/// same curve), upper-secondary places summed. Its floor is the sum of
/// its municipalities' floors (adjusted municipalities count at their value) and its
/// ceiling the sum of their ceilings when all have one, so the second step is always
/// feasible for persons. Housing cannot be weighed at this step.
pub fn distribute_national(
    total: u32,
    minors_total: u32,
    regions: &UnitsByRegion,
    options: &NationalOptions,
) -> Result<NationalDistribution, QuotaError> {
    if options.regional.weights.normalised()?.housing > 0.0 {
        return Err(QuotaError::HousingAtNationalStep);
    }
    let known: BTreeSet<&MunicipalityCode> = regions.values().flatten().map(|u| &u.key).collect();
    let municipal_adjustments = options
        .municipal
        .adjustments
        .iter()
        .chain(&options.municipal.minor_adjustments);
    for adjustment in municipal_adjustments {
        if !known.contains(&adjustment.key) {
            return Err(QuotaError::UnknownAdjustedUnit {
                unit: adjustment.key.to_string(),
            });
        }
    }

    let region_units = regions
        .iter()
        .map(|(code, municipalities)| {
            region_unit(
                code,
                municipalities,
                &options.regional,
                &options.municipal.adjustments,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let regional = distribute(total, minors_total, &region_units, &options.regional)?;

    let mut municipal = BTreeMap::new();
    for (allocation, (code, municipalities)) in regional.allocations.iter().zip(regions) {
        let in_region =
            |list: &[Adjustment<MunicipalityCode>]| -> Vec<Adjustment<MunicipalityCode>> {
                list.iter()
                    .filter(|a| municipalities.iter().any(|u| u.key == a.key))
                    .cloned()
                    .collect()
            };
        let region_options = Options {
            adjustments: in_region(&options.municipal.adjustments),
            minor_adjustments: in_region(&options.municipal.minor_adjustments),
            ..options.municipal.clone()
        };
        let distribution = distribute(
            allocation.persons.rounded,
            allocation.unaccompanied_minors.rounded,
            municipalities,
            &region_options,
        )
        .map_err(|e| QuotaError::InRegion {
            region: code.to_string(),
            source: Box::new(e),
        })?;
        municipal.insert(code.clone(), distribution);
    }
    Ok(NationalDistribution {
        regional,
        municipal,
    })
}

/// A region as one unit, from its municipalities.
fn region_unit(
    code: &RegionCode,
    municipalities: &[Unit<MunicipalityCode>],
    options: &Options<RegionCode>,
    adjustments: &[Adjustment<MunicipalityCode>],
) -> Result<Unit<RegionCode>, QuotaError> {
    let weights = options.weights.normalised()?;
    let missing = |unit: &Unit<MunicipalityCode>, field| QuotaError::MissingValue {
        unit: format!("municipality {} (region {code})", unit.key),
        field,
    };
    let mut population: u64 = 0;
    let mut employed = 0.0;
    let mut received = 0.0;
    let mut introduced = 0.0;
    let mut school_places: u64 = 0;
    let mut floor: u64 = 0;
    let mut ceiling: Option<u64> = Some(0);
    for unit in municipalities {
        check_unit(unit)?;
        let inhabitants = unit.population.ok_or_else(|| missing(unit, "population"))?;
        population += u64::from(inhabitants);
        if weights.labour_market > 0.0 {
            let rate = unit
                .employment_rate
                .ok_or_else(|| missing(unit, "employment_rate"))?;
            employed += f64::from(inhabitants) * rate;
        }
        if weights.reception > 0.0 {
            let reception = unit
                .reception_per_1000
                .ok_or_else(|| missing(unit, "reception_per_1000"))?;
            received += f64::from(inhabitants) * reception;
        }
        if weights.introduction_results > 0.0 {
            let rate = unit
                .introduction_result_rate
                .ok_or_else(|| missing(unit, "introduction_result_rate"))?;
            introduced += f64::from(inhabitants) * rate;
        }
        if weights.school_capacity > 0.0 {
            let places = unit
                .upper_secondary_places
                .ok_or_else(|| missing(unit, "upper_secondary_places"))?;
            school_places += u64::from(places);
        }
        let (unit_floor, unit_ceiling) = match adjustments.iter().find(|a| a.key == unit.key) {
            Some(adjustment) => (adjustment.value, Some(adjustment.value)),
            None => (unit.floor, unit.ceiling),
        };
        floor += u64::from(unit_floor);
        ceiling = ceiling.zip(unit_ceiling).map(|(sum, c)| sum + u64::from(c));
    }
    let too_large = |field, value: u64| QuotaError::InvalidValue {
        unit: format!("region {code}"),
        field,
        expected: "a sum over its municipalities below 4 294 967 296",
        value: value.to_string(),
    };
    let per_inhabitant = |sum: f64| {
        if population == 0 {
            0.0
        } else {
            sum / population as f64
        }
    };
    Ok(Unit {
        key: code.clone(),
        population: Some(
            u32::try_from(population).map_err(|_| too_large("population", population))?,
        ),
        // A mean of shares is a share; the clamp only absorbs float rounding.
        employment_rate: (weights.labour_market > 0.0)
            .then(|| per_inhabitant(employed).clamp(0.0, 1.0)),
        reception_per_1000: (weights.reception > 0.0).then(|| per_inhabitant(received)),
        housing_market: None,
        introduction_result_rate: (weights.introduction_results > 0.0)
            .then(|| per_inhabitant(introduced).clamp(0.0, 1.0)),
        upper_secondary_places: (weights.school_capacity > 0.0)
            .then(|| {
                u32::try_from(school_places)
                    .map_err(|_| too_large("upper_secondary_places", school_places))
            })
            .transpose()?,
        floor: u32::try_from(floor).map_err(|_| too_large("floor", floor))?,
        ceiling: ceiling
            .map(|c| u32::try_from(c).map_err(|_| too_large("ceiling", c)))
            .transpose()?,
        // A region is asked for minors when one of its municipalities takes them.
        takes_unaccompanied_minors: municipalities.iter().any(|u| u.takes_unaccompanied_minors),
    })
}

/// A municipality that decided (vedtak) to settle unaccompanied minors in `year` has said
/// it takes them, whatever its fact says: this is how a Norwegian municipality opts in.
pub fn opt_in_by_decisions(units: &mut UnitsByRegion, decisions: &[MunicipalDecision], year: i32) {
    for unit in units.values_mut().flatten() {
        if decisions
            .iter()
            .any(|d| d.municipality == unit.key && d.year == year && d.unaccompanied_minors > 0)
        {
            unit.takes_unaccompanied_minors = true;
        }
    }
}

/// A scenario's municipalities as units grouped by region: every region of the
/// scenario appears (possibly with no municipalities), and municipalities keep the
/// facts they have (`None` stays `None`), floor 0 and no ceiling.
pub fn units_from_scenario(scenario: &Scenario) -> UnitsByRegion {
    units_by_region(&scenario.regions, &scenario.municipalities)
}

/// `units_from_scenario` for regions and municipalities held apart from a scenario.
pub fn units_by_region(regions: &[Region], municipalities: &[Municipality]) -> UnitsByRegion {
    let mut grouped: UnitsByRegion = regions
        .iter()
        .map(|region| (region.code.clone(), Vec::new()))
        .collect();
    for municipality in municipalities {
        grouped
            .entry(municipality.region.clone())
            .or_default()
            .push(Unit::from(municipality));
    }
    grouped
}
