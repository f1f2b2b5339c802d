//! Indicators landa computes from its own data instead of having them entered: from the
//! planning data the share of the municipal quota decided, the share of decisions placed
//! and beds on offer per person still to come; from the integration register the share in
//! work or education after the introduction programme; over the agreement's municipalities.

use crate::agreement::{Agreement, Computed, Value};
use crate::Date;
use chrono::NaiveDate;

/// One municipality's planning figures for a year, as landa holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanningFigures {
    pub year: i32,
    pub municipality: String,
    /// Persons requested (kommuntal / anmodning).
    pub requested: u64,
    /// Persons decided (vedtak); None when no decision is registered.
    pub decided: Option<u64>,
    pub placed: u64,
    /// Decided (or else requested) minus placed.
    pub remaining: u64,
    /// Beds in dwellings offered and not let.
    pub beds_offered: u64,
    /// Persons settled in the year with a status at the country's published measure in the
    /// integration register, and of them those in work or education.
    pub with_status: u64,
    pub in_work_or_education: u64,
}

/// The municipalities an agreement's computed indicators cover: its municipal parties,
/// or when it names none, every municipality in `figures` (the caller passes the
/// agreement's region).
fn covered<'a>(agreement: &Agreement, figures: &'a [PlanningFigures]) -> Vec<&'a PlanningFigures> {
    let parties: Vec<&str> = agreement
        .parties
        .iter()
        .filter_map(|p| p.municipality.as_deref())
        .collect();
    figures
        .iter()
        .filter(|f| parties.is_empty() || parties.contains(&f.municipality.as_str()))
        .collect()
}

/// The values of the agreement's computed indicators, one per indicator and year in
/// `figures` with something to measure, dated the year's last day or `today` within the
/// year still running.
pub fn computed_values(
    agreement: &Agreement,
    figures: &[PlanningFigures],
    today: NaiveDate,
) -> Vec<Value> {
    let rows = covered(agreement, figures);
    let mut years: Vec<i32> = rows.iter().map(|f| f.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut values = Vec::new();
    for indicator in &agreement.indicators {
        let Some(kind) = indicator.computed else {
            continue;
        };
        for &year in &years {
            let of_year: Vec<&&PlanningFigures> = rows.iter().filter(|f| f.year == year).collect();
            let sum = |pick: &dyn Fn(&PlanningFigures) -> u64| -> u64 {
                of_year.iter().map(|f| pick(f)).sum()
            };
            let (part, whole) = match kind {
                Computed::ShareOfQuotaDecided => {
                    (sum(&|f| f.decided.unwrap_or(0)), sum(&|f| f.requested))
                }
                Computed::ShareOfDecisionPlaced => {
                    (sum(&|f| f.placed), sum(&|f| f.decided.unwrap_or(0)))
                }
                Computed::DwellingsOfferedPerPersonRemaining => {
                    (sum(&|f| f.beds_offered), sum(&|f| f.remaining))
                }
                Computed::ShareInWorkOrEducation => {
                    (sum(&|f| f.in_work_or_education), sum(&|f| f.with_status))
                }
            };
            let data = match kind {
                Computed::ShareInWorkOrEducation => "integration register, settled",
                _ => "planning data",
            };
            let Some(date) = NaiveDate::from_ymd_opt(year, 12, 31).map(|end| end.min(today)) else {
                continue;
            };
            if whole > 0 {
                values.push(Value {
                    indicator: indicator.id.clone(),
                    date: Date(date),
                    value: part as f64 / whole as f64,
                    source: Some(format!(
                        "landa: {data} {year}, {} municipalities",
                        of_year.len()
                    )),
                    note: None,
                });
            }
        }
    }
    values
}

/// The agreement with its computed indicators' values added (entered values of the same
/// indicator and date give way: landa's own data is the source of these).
pub fn with_computed(
    agreement: &Agreement,
    figures: &[PlanningFigures],
    today: NaiveDate,
) -> Agreement {
    let computed = computed_values(agreement, figures, today);
    let mut merged = agreement.clone();
    merged.values.retain(|v| {
        !computed
            .iter()
            .any(|c| c.indicator == v.indicator && c.date == v.date)
    });
    merged.values.extend(computed);
    merged
}
