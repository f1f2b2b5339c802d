//! Reminders for the planning work of a year (what the reports found nobody followed up):
//! municipalities without a decision, proposals left unanswered, households waiting long
//! for a municipality, dwellings that stand empty (with what that has cost), first-hand
//! contracts soon to pass to their households. Each role gets those of its own
//! jurisdiction; they are counts, never a household, so reading them is not audited.

use crate::access::{scope_in, Scope};
use crate::planning::gap_report_of;
use crate::{AppError, AppResult, Principal};
use chrono::{NaiveDate, TimeDelta};
use landa_followup::Lang;
use landa_model::{Country, Municipality, MunicipalityCode};
use landa_quota::GapReport;
use landa_store::{Overdue, OverdueFacts, OverdueLimits, Store};

/// What a planning reminder is about, most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlanningReminderKind {
    NoDecision,
    UnansweredProposals,
    LongWaiting,
    EmptyDwellings,
    PassingOver,
}

/// One reminder: what, where, how many, since when, and a sentence in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanningReminder {
    pub kind: PlanningReminderKind,
    /// None for households waiting, which are in no municipality yet.
    pub municipality: Option<MunicipalityCode>,
    /// Persons requested (no decision), or how many proposals, households, dwellings.
    pub count: u32,
    /// The oldest one's day: proposed, waiting since, available from.
    pub since: Option<NaiveDate>,
    pub message: String,
}

/// After how many days each thing is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderDays {
    pub unanswered: u32,
    pub waiting: u32,
    pub empty: u32,
    /// How many days ahead a contract passing to its household is reminded of.
    pub passing_over: u32,
}

impl Default for ReminderDays {
    /// A week to answer a proposal, a quarter to wait, a month to stand empty.
    fn default() -> Self {
        ReminderDays {
            unanswered: 7,
            waiting: 90,
            empty: 30,
            passing_over: 30,
        }
    }
}

/// The longest limit a reminder takes, in days.
pub const LONGEST_REMINDER_DAYS: u32 = 366;

impl ReminderDays {
    fn check(&self) -> AppResult<()> {
        for (field, days) in [
            ("unanswered_days", self.unanswered),
            ("waiting_days", self.waiting),
            ("empty_days", self.empty),
            ("passing_over_days", self.passing_over),
        ] {
            if !(1..=LONGEST_REMINDER_DAYS).contains(&days) {
                return Err(AppError::invalid(
                    field,
                    format!("{field} must be from 1 to {LONGEST_REMINDER_DAYS}, got {days}"),
                ));
            }
        }
        Ok(())
    }

    fn limits(&self, today: NaiveDate) -> OverdueLimits {
        // At the ends of the calendar a day is as far as it goes, never a panic.
        let days = |days: u32| TimeDelta::days(i64::from(days));
        let before = |n: u32| today.checked_sub_signed(days(n)).unwrap_or(NaiveDate::MIN);
        OverdueLimits::new(
            today,
            before(self.unanswered)
                .and_time(chrono::NaiveTime::MIN)
                .and_utc(),
            before(self.waiting),
            before(self.empty),
            today
                .checked_add_signed(days(self.passing_over))
                .unwrap_or(NaiveDate::MAX),
        )
    }
}

/// The planning reminders of `scenario` on `today` that the caller's jurisdiction holds,
/// most pressing kind first, with sentences in `lang`.
pub async fn planning_reminders(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    today: NaiveDate,
    days: ReminderDays,
    lang: Lang,
) -> AppResult<Vec<PlanningReminder>> {
    days.check()?;
    let scope = scope_in(store, principal, scenario).await?;
    let view = store.planning_view(scenario, scope.only()).await?;
    let facts = store.overdue(scenario, &days.limits(today)).await?;
    Ok(reminders_of(
        &Situation {
            country: view.meta.country,
            year: view.meta.year,
            municipalities: &view.municipalities,
            gaps: &gap_report_of(&view),
            facts: &facts,
        },
        &scope,
        days,
        lang,
    ))
}

/// What the reminders are drawn from.
struct Situation<'a> {
    country: Country,
    year: i32,
    municipalities: &'a [Municipality],
    gaps: &'a GapReport,
    facts: &'a OverdueFacts,
}

/// The reminders of a situation within `scope`.
fn reminders_of(
    situation: &Situation,
    scope: &Scope,
    days: ReminderDays,
    lang: Lang,
) -> Vec<PlanningReminder> {
    let name = |code: &MunicipalityCode| {
        situation
            .municipalities
            .iter()
            .find(|m| &m.code == code)
            .map_or_else(|| code.to_string(), |m| format!("{} ({code})", m.name))
    };
    let covers = |code: &MunicipalityCode| {
        let region = situation
            .municipalities
            .iter()
            .find(|m| &m.code == code)
            .map(|m| &m.region);
        scope.covers(code, region)
    };
    let norway = situation.country == Country::Norway;
    let year = situation.year;
    let mut found = Vec::new();
    for gap in &situation.gaps.municipalities {
        if gap.without_decision() && gap.requested.persons > 0 && covers(&gap.municipality) {
            let (who, persons) = (name(&gap.municipality), gap.requested.persons);
            found.push(PlanningReminder {
                kind: PlanningReminderKind::NoDecision,
                municipality: Some(gap.municipality.clone()),
                count: persons,
                since: None,
                message: if norway {
                    pick(
                        lang,
                        format!("{who} has registered no decision (vedtak) for {year}; the request (anmodning) is {persons} persons"),
                        format!("{who} har inte registrerat något vedtak för {year}; anmodningen är {persons} personer"),
                        format!("{who} har ikke registrert noe vedtak for {year}; anmodningen er {persons} personer"),
                        format!("{who} har ikkje registrert noko vedtak for {year}; oppmodinga er {persons} personar"),
                    )
                } else {
                    pick(
                        lang,
                        format!("{who} has registered no decision for {year}; {persons} persons were requested"),
                        format!("{who} har inte registrerat något beslut för {year}; kommuntalet är {persons} personer"),
                        format!("{who} har ikke registrert noe beslutt for {year}; kommuntallet er {persons} personer"),
                        format!("{who} har ikkje registrert noko vedtak for {year}; kommuntalet er {persons} personar"),
                    )
                },
            });
        }
    }
    let mut each = |kind, rows: &[Overdue], sentence: &dyn Fn(&Overdue, String) -> String| {
        for row in rows {
            if row
                .municipality
                .as_ref()
                .map_or(matches!(scope, Scope::All), &covers)
            {
                let who = row.municipality.as_ref().map(&name).unwrap_or_default();
                found.push(PlanningReminder {
                    kind,
                    municipality: row.municipality.clone(),
                    count: row.count,
                    since: Some(row.oldest),
                    message: sentence(row, who),
                });
            }
        }
    };
    let facts = situation.facts;
    each(
        PlanningReminderKind::UnansweredProposals,
        &facts.unanswered_proposals,
        &|row, who| {
            let (n, d, since) = (row.count, days.unanswered, row.oldest);
            pick(
                lang,
                format!("Proposals to {who} unanswered for more than {d} days: {n} (the oldest since {since})"),
                format!("Förslag till {who} obesvarade i mer än {d} dagar: {n} (det äldsta sedan {since})"),
                format!("Forslag til {who} ubesvart i mer enn {d} dager: {n} (det eldste siden {since})"),
                format!("Forslag til {who} utan svar i meir enn {d} dagar: {n} (det eldste sidan {since})"),
            )
        },
    );
    each(
        PlanningReminderKind::LongWaiting,
        &facts.long_waiting,
        &|row, _| {
            let (n, d, since) = (row.count, days.waiting, row.oldest);
            let (sv, nb, nn) = match norway {
                true => ("bosättning", "bosetting", "busetjing"),
                false => ("anvisning", "anvisning", "anvising"),
            };
            pick(
            lang,
            format!("Households waiting for a municipality for more than {d} days: {n} (the longest since {since})"),
            format!("Hushåll som väntat på {sv} i mer än {d} dagar: {n} (längst sedan {since})"),
            format!("Husstander som har ventet på {nb} i mer enn {d} dager: {n} (lengst siden {since})"),
            format!("Hushald som har venta på {nn} i meir enn {d} dagar: {n} (lengst sidan {since})"),
        )
        },
    );
    each(
        PlanningReminderKind::EmptyDwellings,
        &facts.empty_dwellings,
        &|row, who| {
            let (n, d, since, cost) = (row.count, days.empty, row.oldest, row.cost);
            let (en, sv, nb, nn) = match cost {
                0 => Default::default(),
                _ => (
                    format!("; {cost} kr in rent so far"),
                    format!("; {cost} kr i hyra hittills"),
                    format!("; {cost} kr i leie så langt"),
                    format!("; {cost} kr i leige så langt"),
                ),
            };
            pick(
                lang,
                format!("Dwellings in {who} empty for more than {d} days: {n} (the first available since {since}{en})"),
                format!("Bostäder i {who} tomma i mer än {d} dagar: {n} (den första ledig sedan {since}{sv})"),
                format!("Boliger i {who} tomme i mer enn {d} dager: {n} (den første ledig siden {since}{nb})"),
                format!("Bustader i {who} tomme i meir enn {d} dagar: {n} (den første ledig sidan {since}{nn})"),
            )
        },
    );
    each(
        PlanningReminderKind::PassingOver,
        &facts.passing_over,
        &|row, who| {
            let (n, d, first) = (row.count, days.passing_over, row.oldest);
            pick(
                lang,
                format!("First-hand contracts in {who} to pass to their households within {d} days: {n} (the first on {first})"),
                format!("Förstahandskontrakt i {who} som ska övergå till hushållen inom {d} dagar: {n} (det första den {first})"),
                format!("Førstehåndskontrakter i {who} som skal overdras til husstandene innen {d} dager: {n} (den første {first})"),
                format!("Førstehandskontraktar i {who} som skal overdragast til hushalda innan {d} dagar: {n} (den første {first})"),
            )
        },
    );
    found.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(a.municipality.cmp(&b.municipality))
    });
    found
}

fn pick(lang: Lang, en: String, sv: String, nb: String, nn: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Sv => sv,
        Lang::Nb => nb,
        Lang::Nn => nn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limits_at_the_ends_of_the_calendar_stay_within_it() {
        let days = ReminderDays::default();
        let last = days.limits(NaiveDate::MAX);
        assert_eq!(last.today, NaiveDate::MAX);
        assert!(last.available_before < NaiveDate::MAX);
        let first = days.limits(NaiveDate::MIN);
        assert_eq!(first.waiting_since_before, NaiveDate::MIN);
    }
}
