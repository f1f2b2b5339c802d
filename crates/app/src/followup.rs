//! What an agreement's follow-up needs from the planning data: the figures of the
//! agreement's municipalities in every stored planning year of its country within its
//! validity, for the indicators landa computes itself.

use chrono::Datelike;
use landa_followup::{with_computed, Agreement, PlanningFigures};
use landa_model::Checkpoint;
use landa_store::{Store, StoreError};
use std::collections::HashMap;

/// The agreement with the values of its computed indicators added from the store's
/// planning years; unchanged (and no query made) when it has no computed indicator.
pub async fn with_planning_data(
    store: &Store,
    agreement: &Agreement,
) -> Result<Agreement, StoreError> {
    if agreement.indicators.iter().all(|i| i.computed.is_none()) {
        return Ok(agreement.clone());
    }
    let years = agreement.valid_from.0.year()..=agreement.valid_until.0.year();
    let mut figures = Vec::new();
    for scenario in store.scenarios().await? {
        if !scenario
            .country
            .code()
            .eq_ignore_ascii_case(&agreement.country)
            || !years.contains(&scenario.year)
        {
            continue;
        }
        let view = store.planning_view(&scenario.name, None).await?;
        // The register's share in work or education at the country's measure, by the
        // municipality settled in.
        let measure = Checkpoint::published_measure(scenario.country);
        let mut register: HashMap<String, (u64, u64)> = HashMap::new();
        for fact in store.status_facts(&scenario.name).await? {
            if fact.status.checkpoint == measure {
                let counts = register.entry(fact.settled_in.to_string()).or_default();
                counts.0 += 1;
                counts.1 += u64::from(fact.status.activity.is_work_or_education());
            }
        }
        let report = crate::planning::gap_report_of(&view);
        let mut beds: HashMap<String, u64> = HashMap::new();
        for record in store.dwellings(&scenario.name, None).await? {
            if record.let_on.is_none() {
                *beds
                    .entry(record.dwelling.municipality.to_string())
                    .or_default() += u64::from(record.dwelling.beds());
            }
        }
        figures.extend(
            report
                .municipalities
                .iter()
                .filter(|m| {
                    agreement.region.is_none()
                        || m.region.as_ref().map(|r| r.as_str()) == agreement.region.as_deref()
                })
                .map(|m| PlanningFigures {
                    year: scenario.year,
                    municipality: m.municipality.to_string(),
                    requested: u64::from(m.requested.persons),
                    decided: m.decided.map(|d| u64::from(d.persons)),
                    placed: u64::from(m.placed.persons),
                    remaining: u64::from(m.remaining.persons),
                    beds_offered: beds.get(m.municipality.as_str()).copied().unwrap_or(0),
                    with_status: register.get(m.municipality.as_str()).map_or(0, |c| c.0),
                    in_work_or_education: register.get(m.municipality.as_str()).map_or(0, |c| c.1),
                }),
        );
    }
    Ok(with_computed(
        agreement,
        &figures,
        chrono::Local::now().date_naive(),
    ))
}
