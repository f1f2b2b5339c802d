use crate::Factor;
use thiserror::Error;

/// Why a distribution cannot be made. Every variant names the unit, field or numbers
/// involved, so the message can be shown to the person who entered the data.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum QuotaError {
    #[error("{unit} has no {field}, which the distribution weighs (its weight is not zero)")]
    MissingValue { unit: String, field: &'static str },

    #[error("{unit}: {field} must be {expected}, got {value}")]
    InvalidValue {
        unit: String,
        field: &'static str,
        expected: &'static str,
        value: String,
    },

    #[error("the weight for {factor} must be a finite number of at least 0, got {value}")]
    InvalidWeight { factor: Factor, value: f64 },

    #[error("at least one weight must be above 0")]
    AllWeightsZero,

    #[error("reception_scale must be a finite number above 0, got {0}")]
    InvalidReceptionScale(f64),

    #[error("{unit} appears more than once")]
    DuplicateUnit { unit: String },

    #[error("{unit}: floor {floor} is above ceiling {ceiling}")]
    FloorAboveCeiling {
        unit: String,
        floor: u32,
        ceiling: u32,
    },

    #[error("floors sum to {floors}, more than the {total} to distribute")]
    FloorsExceedTotal { total: u64, floors: u64 },

    #[error("ceilings sum to {ceilings}, less than the {total} to distribute")]
    CeilingsBelowTotal { total: u64, ceilings: u64 },

    #[error("no unit has any {factor} basis, so that factor has nothing to share by; give it weight 0 or complete the data")]
    NoBasis { factor: Factor },

    #[error("the adjustment of {unit} has no written reason; every manual change must say why")]
    AdjustmentWithoutReason { unit: String },

    #[error("an adjustment names {unit}, which is not among the units distributed over")]
    UnknownAdjustedUnit { unit: String },

    #[error("{unit} is adjusted more than once")]
    DuplicateAdjustment { unit: String },

    #[error(
        "the adjustment sets {unit} to {value}, outside its floor {floor} and ceiling {ceiling}"
    )]
    AdjustmentOutOfBounds {
        unit: String,
        value: u32,
        floor: u32,
        ceiling: String,
    },

    #[error("adjustments fix {adjusted} in total, more than the {total} to distribute")]
    AdjustmentsExceedTotal { total: u64, adjusted: u64 },

    #[error("{minors} unaccompanied minors cannot fit in {persons} persons (minors are part of persons)")]
    MinorsExceedPersons { minors: u32, persons: u32 },

    #[error("the national step cannot weigh the housing market (a county-level judgement); set the regional housing weight to 0")]
    HousingAtNationalStep,

    #[error("unaccompanied minors: {0}")]
    Minors(Box<QuotaError>),

    #[error("region {region}: {source}")]
    InRegion {
        region: String,
        source: Box<QuotaError>,
    },
}
