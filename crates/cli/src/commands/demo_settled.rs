//! The demo's settled years: Swedish years before the synthetic one whose households moved
//! in where the synthetic history placed them, with the integration register its outcomes
//! make (`landa_generate::settled_year`), so that a new user sees the register's indicators
//! and its households' registers without loading a file.

use crate::progress;
use anyhow::Result;
use landa_model::{
    Country, Destination, HouseholdState, Lifecycle, PersonId, PersonStatus, Programme,
};
use landa_store::{AuditEntry, RegisterWrites, Store, Transition};

/// The year the demo plans; the settled years are the ones before it.
const FIRST_PLANNED_YEAR: i32 = 2025;
/// Settled years (2023 and 2024) and the households each settled.
const SETTLED_YEARS: u32 = 2;
const HOUSEHOLDS_PER_YEAR: usize = 400;

/// What the demo writes is recorded in its name.
const DEMO_ACTOR: &str = "landa demo";

fn entry(action: &str, resource: String, detail: &str) -> AuditEntry {
    AuditEntry {
        at: chrono::Utc::now(),
        actor: DEMO_ACTOR.to_owned(),
        role: "national".to_owned(),
        action: action.to_owned(),
        resource,
        detail: detail.to_owned(),
        remote: None,
        request_id: None,
    }
}

/// Loads each settled year that is not stored yet: the scenario, its households moved in,
/// its register. A stored one is kept as it is.
pub async fn load(store: &Store, seed: u64) -> Result<Vec<String>> {
    let today = chrono::Utc::now().date_naive();
    let stored: Vec<String> = store
        .scenarios()
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let mut names = Vec::new();
    let options = landa_generate::GenerateOptions {
        country: Country::Sweden,
        seed,
        year: FIRST_PLANNED_YEAR,
        ..Default::default()
    };
    let years = progress::step("generating the settled years", || {
        landa_generate::settled_years(&options, SETTLED_YEARS, HOUSEHOLDS_PER_YEAR, today)
    })?;
    for settled in years {
        let name = settled.scenario.meta.name.clone();
        names.push(name.clone());
        if stored.contains(&name) {
            continue;
        }
        let spinner = progress::Spinner::start("storing it with its register");
        let operator =
            landa_app::Principal::local_operator(landa_model::Role::National(Country::Sweden));
        landa_app::scenarios::import_scenario(
            store,
            &operator,
            &settled.scenario,
            landa_store::ImportMode::Replace,
        )
        .await?;
        let lifecycles: Vec<Lifecycle> = settled
            .moved_in
            .iter()
            .map(|(_, municipality, on)| Lifecycle {
                // Placed before landa kept runs: no run of its own.
                state: HouseholdState::MovedIn {
                    destination: Destination {
                        run: 0,
                        municipality: municipality.clone(),
                        dwelling: None,
                    },
                    on: *on,
                },
                excluded: Default::default(),
            })
            .collect();
        let transitions: Vec<Transition> = settled
            .moved_in
            .iter()
            .zip(&lifecycles)
            .map(|((household, ..), next)| Transition {
                household,
                version: 1,
                step: "moved_in",
                next,
                note: "settled before landa (synthetic)",
                recorded_by: DEMO_ACTOR,
                lets: None,
            })
            .collect();
        let moved = entry(
            "update",
            format!("/api/v1/scenarios/{name}/households"),
            "synthetic settlements of the year (landa demo)",
        );
        store.step_households(&name, &transitions, &moved).await?;
        let programmes: Vec<(PersonId, Programme)> = settled
            .register
            .iter()
            .map(|r| (r.person.clone(), r.programme.clone()))
            .collect();
        let statuses: Vec<(PersonId, PersonStatus)> = settled
            .register
            .iter()
            .flat_map(|r| r.statuses.iter().map(|s| (r.person.clone(), s.clone())))
            .collect();
        let writes = RegisterWrites {
            programmes: &programmes,
            statuses: &statuses,
            recorded_by: DEMO_ACTOR,
        };
        let household_of: std::collections::HashMap<&PersonId, &landa_model::HouseholdId> = settled
            .scenario
            .persons
            .iter()
            .map(|p| (&p.id, &p.household))
            .collect();
        let resource = |person: &PersonId, what: String| {
            format!(
                "/api/v1/scenarios/{name}/households/{}/register/{person}/{what}",
                household_of[person]
            )
        };
        store
            .record_register(
                &name,
                &writes,
                |person, _, _| {
                    entry(
                        "create",
                        resource(person, "programme".into()),
                        "synthetic (landa demo)",
                    )
                },
                |person, status, _| {
                    entry(
                        "create",
                        resource(person, format!("statuses/{}", status.checkpoint)),
                        "synthetic (landa demo)",
                    )
                },
            )
            .await?;
        spinner.finish();
    }
    Ok(names)
}
