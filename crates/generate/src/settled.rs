//! A past settlement year as the store holds it once the year is over: the households the
//! synthetic history placed that year, each moved in where it was placed, and the
//! integration register of its working-age adults drawn from the history's own outcomes
//! (employed within one and two years), so that indicators computed from the register and
//! a model trained on it meet the known truth.

use crate::history::{generate_history, HistoryOptions, EMPLOYED_1Y, EMPLOYED_2Y, OUTCOME_AGES};
use crate::{generate, stream, GenerateError, GenerateOptions, Step};
use chrono::{Datelike, Days, Months, NaiveDate};
use landa_model::{
    Activity, Checkpoint, EndReason, Household, HouseholdId, MunicipalityCode, PastHousehold,
    Person, PersonId, PersonStatus, Programme, ProgrammeGoal, Scenario, ADULT_AGE,
};
use rand::Rng;

/// Share of persons living in another municipality two years after settling (secondary
/// migration; Statistics Norway counts about one in five within five years).
const MOVED_ON_BY_YEAR_TWO: f64 = 0.1;
/// Share of those not employed who are in education at a checkpoint.
const IN_EDUCATION: f64 = 0.2;

/// One person's register: the programme and the statuses due by the given day.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRegisterEntries {
    pub person: PersonId,
    pub programme: Programme,
    pub statuses: Vec<PersonStatus>,
}

/// A settled year: its scenario (households and persons of the year), where and when each
/// household moved in, and the register entries.
#[derive(Debug, Clone, PartialEq)]
pub struct SettledYear {
    pub scenario: Scenario,
    pub moved_in: Vec<(HouseholdId, MunicipalityCode, NaiveDate)>,
    pub register: Vec<PersonRegisterEntries>,
}

/// The `years` years before `options.year`, settled: `households_per_year` households a
/// year placed as practice placed them (one synthetic history, so one known truth behind
/// every year), moved in on their placement day, with the register entries whose day has
/// come by `today` (a programme of up to two years; statuses 90 days and a year after it
/// and one and two years after settling). Each scenario is named
/// `synthetic-<country>-<year>-settled`; oldest first.
pub fn settled_years(
    options: &GenerateOptions,
    years: u32,
    households_per_year: usize,
    today: NaiveDate,
) -> Result<Vec<SettledYear>, GenerateError> {
    let history = generate_history(
        options,
        &HistoryOptions {
            years,
            households_per_year,
        },
    )?
    .history;
    let outcomes = (
        history.outcome_index(EMPLOYED_1Y),
        history.outcome_index(EMPLOYED_2Y),
    );
    let mut rng = stream(options.seed, Step::Register);
    (options.year - years as i32..options.year)
        .map(|year| {
            let placed: Vec<&PastHousehold> = history
                .households
                .iter()
                .filter(|h| h.placed_on.year() == year)
                .collect();
            let options = GenerateOptions {
                year,
                households: households_per_year,
                ..options.clone()
            };
            settled_year(&options, &placed, outcomes, &mut rng, today)
        })
        .collect()
}

/// One settled year from the history's households placed in it.
fn settled_year(
    options: &GenerateOptions,
    placed: &[&PastHousehold],
    (employed_1y, employed_2y): (Option<usize>, Option<usize>),
    rng: &mut impl Rng,
    today: NaiveDate,
) -> Result<SettledYear, GenerateError> {
    // The year's numbers as decided for as many households as settled.
    let mut scenario = generate(&GenerateOptions {
        with_dwellings: false,
        with_preferences: false,
        ..options.clone()
    })?;
    scenario.meta.name = format!(
        "synthetic-{}-{}-settled",
        options.country.code().to_ascii_lowercase(),
        options.year
    );
    scenario.households.clear();
    scenario.persons.clear();
    scenario.scores.clear();
    let municipalities: Vec<MunicipalityCode> = scenario
        .municipalities
        .iter()
        .map(|m| m.code.clone())
        .collect();
    let mut moved_in = Vec::new();
    let mut register = Vec::new();
    for past in placed {
        let adults = past.adults();
        let children = past.members().len() as u32 - adults;
        let household = Household::new(
            past.id.clone(),
            adults,
            children,
            adults == 0,
            past.placed_on,
        )?;
        scenario.households.push(household);
        moved_in.push((past.id.clone(), past.municipality.clone(), past.placed_on));
        for member in past.members() {
            scenario.persons.push(Person {
                id: member.id.clone(),
                household: past.id.clone(),
                birth_year: member.birth_year,
                sex: member.sex,
                education: member.education,
                languages: member.languages.clone(),
            });
            let age = past.age_of(member);
            if age < ADULT_AGE || !u32::try_from(age).is_ok_and(|age| OUTCOME_AGES.contains(&age)) {
                continue;
            }
            let outcome = |index: Option<usize>| {
                index
                    .and_then(|i| member.outcomes.get(i).copied().flatten())
                    .unwrap_or(false)
            };
            let (first, second) = (outcome(employed_1y), outcome(employed_2y));
            let entries = draw_register(
                rng,
                past.placed_on,
                &past.municipality,
                &municipalities,
                (first, second),
                today,
            );
            if let Some((programme, statuses)) = entries {
                register.push(PersonRegisterEntries {
                    person: member.id.clone(),
                    programme,
                    statuses,
                });
            }
        }
    }
    Ok(SettledYear {
        scenario,
        moved_in,
        register,
    })
}

/// A programme and statuses for a person settled on `settled` in `home` who was employed
/// within one and within two years as `employed` says; only what has happened by `today`.
fn draw_register(
    rng: &mut impl Rng,
    settled: NaiveDate,
    home: &MunicipalityCode,
    municipalities: &[MunicipalityCode],
    employed: (bool, bool),
    today: NaiveDate,
) -> Option<(Programme, Vec<PersonStatus>)> {
    let decided = settled.checked_add_days(Days::new(rng.gen_range(7..30)))?;
    let started = decided.checked_add_days(Days::new(rng.gen_range(7..30)))?;
    // Employed within a year: the programme ends for work within it; within two: in the
    // second year; otherwise its two years run out.
    let (months, reason) = match employed {
        (true, _) => (rng.gen_range(6..12), EndReason::Work),
        (false, true) => (rng.gen_range(12..24), EndReason::Work),
        (false, false) => (24, EndReason::Other),
    };
    let ended = started
        .checked_add_months(Months::new(months))
        .filter(|end| *end <= today);
    if decided > today {
        return None;
    }
    let started = (started <= today).then_some(started);
    let programme = Programme::new(
        decided,
        started,
        ProgrammeGoal::Work,
        ended,
        ended.map(|_| reason),
    )
    .ok()?;
    let moved_on = rng.gen_bool(MOVED_ON_BY_YEAR_TWO);
    let elsewhere = municipalities[rng.gen_range(0..municipalities.len())].clone();
    let mut activity = |working: bool| {
        if working {
            Activity::Work
        } else if rng.gen_bool(IN_EDUCATION) {
            Activity::Education
        } else {
            Activity::Neither
        }
    };
    let at = [
        (Checkpoint::SettledYears(1), activity(employed.0), false),
        (Checkpoint::SettledYears(2), activity(employed.1), moved_on),
        (Checkpoint::ProgrammeDays90, activity(employed.1), false),
        (Checkpoint::ProgrammeYear1, activity(employed.1), moved_on),
    ];
    let statuses = at
        .into_iter()
        .filter(|(checkpoint, ..)| {
            checkpoint
                .date(ended, settled)
                .is_some_and(|day| day <= today)
        })
        .map(|(checkpoint, activity, moved)| PersonStatus {
            checkpoint,
            activity,
            living_in: if moved {
                elsewhere.clone()
            } else {
                home.clone()
            },
        })
        .collect();
    Some((programme, statuses))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settled_year_registers_what_its_history_drew_and_nothing_ahead_of_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let options = GenerateOptions {
            year: 2025,
            seed: 3,
            ..Default::default()
        };
        let years = settled_years(&options, 2, 200, today).unwrap();
        let names: Vec<&str> = years
            .iter()
            .map(|y| y.scenario.meta.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["synthetic-se-2023-settled", "synthetic-se-2024-settled"]
        );
        assert_ne!(years[0].scenario.persons.len(), 0);
        assert_ne!(
            years[0]
                .scenario
                .persons
                .iter()
                .map(|p| p.birth_year)
                .collect::<Vec<_>>(),
            years[1]
                .scenario
                .persons
                .iter()
                .map(|p| p.birth_year)
                .collect::<Vec<_>>(),
            "each year its own households"
        );
        let year = &years[1];
        assert_eq!(year.scenario.households.len(), year.moved_in.len());
        assert!(year
            .moved_in
            .iter()
            .all(|(_, _, on)| on.format("%Y").to_string() == "2024"));
        assert!(!year.register.is_empty());
        let settled_on = |person: &PersonId| {
            let household = &year
                .scenario
                .persons
                .iter()
                .find(|p| &p.id == person)
                .unwrap()
                .household;
            year.moved_in
                .iter()
                .find(|(id, ..)| id == household)
                .unwrap()
                .2
        };
        for entry in &year.register {
            let programme = &entry.programme;
            assert!(programme.ended_on().is_none_or(|end| end <= today));
            for status in &entry.statuses {
                let due = status
                    .checkpoint
                    .date(programme.ended_on(), settled_on(&entry.person));
                assert!(
                    due.is_some_and(|day| day <= today),
                    "{status:?} of {programme:?}"
                );
            }
        }
        // Employed within a year is recorded as work a year after settling.
        let working = year
            .register
            .iter()
            .flat_map(|e| &e.statuses)
            .filter(|s| s.checkpoint == Checkpoint::SettledYears(1))
            .filter(|s| s.activity == Activity::Work)
            .count();
        assert!(working > 0);
        // Deterministic for its seed.
        assert_eq!(settled_years(&options, 2, 200, today).unwrap(), years);
    }
}
