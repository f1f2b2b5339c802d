//! Writing a scenario as a bundle folder that `read_bundle` reads back equal.

use crate::meta;
use crate::schema::{self, Table};
use crate::values::{DATE_FORMAT, LIST_SEPARATOR};
use landa_model::{History, NaiveDate, Scenario, ServiceName};
use std::collections::BTreeSet;
use std::fmt::Display;
use std::fs::{self, File};
use std::io;
use std::path::Path;

pub(crate) fn write(scenario: &Scenario, dir: &Path) -> io::Result<()> {
    check_one_year(scenario)?;
    fs::create_dir_all(dir)?;
    fs::write(
        dir.join(schema::scenario::FILE),
        meta::to_toml(&scenario.meta),
    )?;
    write_geography(scenario, dir)?;
    write_people(scenario, dir)?;
    write_placement(scenario, dir)?;
    write_planning(scenario, dir)?;
    write_preferences(scenario, dir)
}

/// The bundle gives the year once, in scenario.toml; requests and decisions of another
/// year would silently change year on the way back, so they are refused.
fn check_one_year(scenario: &Scenario) -> io::Result<()> {
    let year = scenario.meta.year;
    let other = scenario
        .request_rounds
        .iter()
        .map(|r| r.year)
        .chain(scenario.decisions.iter().map(|d| d.year))
        .find(|y| *y != year);
    match other {
        Some(other) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a bundle holds one year ({year}), but the scenario has requests or decisions for {other}"),
        )),
        None => Ok(()),
    }
}

/// Opens `table`'s file and writes its header: every column, then `extra` ones.
fn create(dir: &Path, table: &Table, extra: &[String]) -> io::Result<csv::Writer<File>> {
    create_at(&dir.join(table.file), table, extra)
}

fn create_at(path: &Path, table: &Table, extra: &[String]) -> io::Result<csv::Writer<File>> {
    let mut writer = csv::Writer::from_path(path)?;
    let fixed = table.columns.iter().map(|c| c.name);
    writer.write_record(fixed.chain(extra.iter().map(String::as_str)))?;
    Ok(writer)
}

/// A history as one CSV file; refuses what the file could not hold (no outcome, an
/// outcome twice, a person whose outcomes do not match the history's).
pub(crate) fn write_history(history: &History, path: &Path) -> io::Result<()> {
    let invalid = |message: String| Err(io::Error::new(io::ErrorKind::InvalidInput, message));
    let names: BTreeSet<&str> = history.outcomes.iter().map(|o| o.as_str()).collect();
    if names.is_empty() || names.len() != history.outcomes.len() {
        return invalid(format!(
            "a history file needs at least one outcome, each once; got {:?}",
            history
                .outcomes
                .iter()
                .map(|o| o.as_str())
                .collect::<Vec<_>>()
        ));
    }
    use schema::history::{OUTCOME_PREFIX, TABLE};
    let columns: Vec<String> = history
        .outcomes
        .iter()
        .map(|o| format!("{OUTCOME_PREFIX}{o}"))
        .collect();
    let mut writer = create_at(path, &TABLE, &columns)?;
    for household in &history.households {
        let (id, municipality) = (household.id.as_str(), household.municipality.as_str());
        let placed_on = date(household.placed_on);
        for p in household.members() {
            if p.outcomes.len() != columns.len() {
                return invalid(format!(
                    "person {} has {} outcomes, the history names {}",
                    p.id,
                    p.outcomes.len(),
                    columns.len()
                ));
            }
            let fixed = [
                p.id.to_string(),
                id.to_owned(),
                municipality.to_owned(),
                placed_on.clone(),
                p.birth_year.to_string(),
                p.sex.to_string(),
                p.education.to_string(),
                optional(&p.origin),
                list(&p.languages),
            ];
            let outcomes = p.outcomes.iter().map(optional);
            writer.write_record(fixed.into_iter().chain(outcomes))?;
        }
    }
    writer.flush()
}

fn optional<T: Display>(value: &Option<T>) -> String {
    value.as_ref().map_or_else(String::new, ToString::to_string)
}

fn date(value: NaiveDate) -> String {
    value.format(DATE_FORMAT).to_string()
}

fn list<T: Display>(items: &BTreeSet<T>) -> String {
    let mut text = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            text.push(LIST_SEPARATOR);
        }
        text.push_str(&item.to_string());
    }
    text
}

fn write_geography(scenario: &Scenario, dir: &Path) -> io::Result<()> {
    let mut regions = create(dir, &schema::regions::TABLE, &[])?;
    for region in &scenario.regions {
        regions.write_record([region.code.as_str(), &region.name])?;
    }
    regions.flush()?;
    let mut municipalities = create(dir, &schema::municipalities::TABLE, &[])?;
    for m in &scenario.municipalities {
        municipalities.write_record([
            m.code.as_str(),
            &m.name,
            m.region.as_str(),
            &optional(&m.population),
            &optional(&m.employment_rate()),
            &optional(&m.reception_per_1000()),
            &optional(&m.housing_market),
            &optional(&m.takes_unaccompanied_minors),
            &optional(&m.language_form),
            &optional(&m.introduction_result_rate()),
            &optional(&m.upper_secondary_places),
        ])?;
    }
    municipalities.flush()
}

fn write_people(scenario: &Scenario, dir: &Path) -> io::Result<()> {
    let mut households = create(dir, &schema::households::TABLE, &[])?;
    for h in &scenario.households {
        households.write_record([
            h.id.as_str(),
            &h.size().to_string(),
            &h.adults().to_string(),
            &h.children().to_string(),
            &h.is_unaccompanied_minor().to_string(),
            &date(h.waiting_since),
            &optional(&h.tie),
            &list(&h.needs),
            &list(&h.languages),
            h.intake.category().as_str(),
            &optional(&h.intake.settled_in()),
            &optional(&h.permit_date.map(date)),
        ])?;
    }
    households.flush()?;
    let mut persons = create(dir, &schema::persons::TABLE, &[])?;
    for p in &scenario.persons {
        persons.write_record([
            p.id.as_str(),
            p.household.as_str(),
            &p.birth_year.to_string(),
            &p.sex.to_string(),
            &p.education.to_string(),
            &list(&p.languages),
        ])?;
    }
    persons.flush()
}

fn write_placement(scenario: &Scenario, dir: &Path) -> io::Result<()> {
    let services: BTreeSet<&ServiceName> = scenario
        .capacities
        .iter()
        .flat_map(|c| c.services.keys())
        .collect();
    let service_columns: Vec<String> = services
        .iter()
        .map(|s| format!("{}{s}", schema::capacities::SERVICE_PREFIX))
        .collect();
    let mut capacities = create(dir, &schema::capacities::TABLE, &service_columns)?;
    for c in &scenario.capacities {
        let fixed = [
            c.municipality.to_string(),
            c.persons().to_string(),
            c.unaccompanied_minors().to_string(),
        ];
        let offered = services.iter().map(|s| optional(&c.services.get(*s)));
        capacities.write_record(fixed.into_iter().chain(offered))?;
    }
    capacities.flush()?;
    let mut dwellings = create(dir, &schema::dwellings::TABLE, &[])?;
    for d in &scenario.dwellings {
        dwellings.write_record([
            d.id.as_str(),
            d.municipality.as_str(),
            &d.beds().to_string(),
            &date(d.available_from),
            &d.accessible.to_string(),
            &d.contract.to_string(),
            &optional(&d.rent),
            &optional(&d.passes_over_on().map(date)),
            d.offered_by.as_deref().unwrap_or_default(),
            d.address().unwrap_or_default(),
        ])?;
    }
    dwellings.flush()?;
    let mut scores = create(dir, &schema::scores::TABLE, &[])?;
    for s in &scenario.scores {
        scores.write_record([
            s.household.as_str(),
            s.municipality.as_str(),
            &s.value().to_string(),
        ])?;
    }
    scores.flush()
}

fn write_planning(scenario: &Scenario, dir: &Path) -> io::Result<()> {
    let mut requests = create(dir, &schema::requests::TABLE, &[])?;
    for round in &scenario.request_rounds {
        let number = round.round.to_string();
        let sent_on = optional(&round.sent_on.map(date));
        for r in &round.requests {
            requests.write_record([
                number.as_str(),
                &sent_on,
                &round.sent_by,
                r.municipality.as_str(),
                &r.persons.to_string(),
                &r.unaccompanied_minors.to_string(),
            ])?;
        }
    }
    requests.flush()?;
    let mut decisions = create(dir, &schema::decisions::TABLE, &[])?;
    for d in &scenario.decisions {
        decisions.write_record([
            d.municipality.as_str(),
            &d.persons.to_string(),
            &d.unaccompanied_minors.to_string(),
            &optional(&d.body),
            &optional(&d.decided_on.map(date)),
            &optional(&d.registration_number),
            &optional(&d.document_url),
        ])?;
    }
    decisions.flush()
}

/// Preferences, criteria and priorities are optional files, written only when there is something in them.
fn write_preferences(scenario: &Scenario, dir: &Path) -> io::Result<()> {
    if !scenario.preferences.is_empty() {
        let mut preferences = create(dir, &schema::preferences::TABLE, &[])?;
        for p in &scenario.preferences {
            preferences.write_record([
                p.household.as_str(),
                p.municipality.as_str(),
                &p.rank().to_string(),
            ])?;
        }
        preferences.flush()?;
    }
    if !scenario.criteria.is_empty() {
        let mut criteria = create(dir, &schema::criteria::TABLE, &[])?;
        for c in &scenario.criteria {
            criteria.write_record([
                c.household.as_str(),
                &c.criterion.to_string(),
                &c.weight().to_string(),
            ])?;
        }
        criteria.flush()?;
    }
    if !scenario.priorities.is_empty() {
        let mut priorities = create(dir, &schema::priorities::TABLE, &[])?;
        for p in &scenario.priorities {
            priorities.write_record([
                p.municipality.as_str(),
                &p.group.to_string(),
                &p.rank().to_string(),
            ])?;
        }
        priorities.flush()?;
    }
    Ok(())
}
