//! Phase 1 of settlement (anmodning / vedtak; länstal / kommuntal): distributing the
//! year's number of persons to settle over regions and municipalities, and reporting
//! the gap between what was asked, decided and placed.
//!
//! Architecture invariant: pure functions over model types. No IO, no SQL, no CSV.
//!
//! # The distribution model
//!
//! A [`Unit`] (region or municipality) has a population, an employment rate, the
//! reception of newcomers and asylum seekers already carried per 1000 inhabitants, a
//! housing market, a floor and an optional ceiling. Its exact (unrounded) number is
//! additive over factors, so the explanation is exact:
//!
//! ```text
//! exact_i = total × Σ_k w_k × basis_k(i) / Σ_j basis_k(j)        Σ_k w_k = 1
//! basis_population(i) = pop_i
//! basis_labour(i)     = pop_i × employment_rate_i                  (employed inhabitants)
//! basis_reception(i)  = pop_i / (1 + reception_per_1000_i / c)     (c = reception_scale, 10)
//! basis_housing(i)    = pop_i × {shortage 0.5, balance 1, surplus 1.5}
//! basis_introduction(i) = pop_i × introduction_result_rate_i       (Norway)
//! basis_school(i)     = upper_secondary_places_i                    (Norway)
//! ```
//!
//! Each factor's contribution `total × w_k × share_k(i)` is kept in the unit's
//! [`Breakdown`]. Default weights and their rationale: [`Weights`]. Whole numbers
//! then come from [`apportion`] (Hamilton by default, Sainte-Laguë as option), within
//! floors and ceilings, around manual [`Adjustment`]s, summing exactly to the total.
//!
//! Monotonicity: raising one unit's population, employment rate, introduction results or
//! school places raises its share of every factor it has and lowers everyone else's, so
//! its number never falls; raising
//! its reception does the opposite. Both methods keep this (Hamilton because the unit's
//! remainder grows while every other remainder shrinks or wraps around to a whole
//! person more; Sainte-Laguë as every divisor method). Known paradox: with Hamilton,
//! raising the *total* can lower a unit's number (Alabama paradox); Sainte-Laguë cannot.
//! When the total is the government's given number this matters little, but a run
//! comparing totals should use Sainte-Laguë.
//!
//! Unaccompanied minors use the same shares, with each unit's persons as their ceiling.
//!
//! # Entry points
//!
//! [`distribute_national`] (the state's total over regions, then each region's over its
//! municipalities), [`distribute_region`] (a county board with its given number),
//! [`distribute`] (the same over any units), [`units_from_scenario`] (model data in),
//! and [`gap_report`].

mod apportion;
mod distribute;
mod error;
mod gap;
mod national;
mod options;
pub mod shares;

pub use apportion::{apportion, Apportioned, Claim, Method};
pub use distribute::{
    distribute, distribute_region, Allocation, AppliedAdjustment, Breakdown, Distribution,
};
pub use error::QuotaError;
pub use gap::{gap_report, Counts, GapReport, GapTotals, MunicipalityGap, RegionGap};
pub use national::{
    distribute_national, opt_in_by_decisions, units_by_region, units_from_scenario,
    NationalDistribution, NationalOptions, UnitsByRegion,
};
pub use options::{
    Adjustment, Factor, Options, Unit, Weights, DEFAULT_RECEPTION_SCALE, NORWEGIAN_MINIMUM_REQUEST,
};
pub use shares::Contributions;
