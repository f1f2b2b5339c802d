//! Reminders: what needs someone's attention in an agreement on a given day. Each rule
//! answers one failure the evaluations found: agreements that expired without revision,
//! signatures without a formal decision, goals nobody can measure or owns, indicators
//! nobody updates, actions past due, governance bodies that stopped meeting.

use crate::agreement::{ActionStatus, Agreement};
use crate::lang::Lang;
use crate::status::{goal_statuses, Status};
use chrono::{Months, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    ExpiredWithoutRevision,
    ExpiringWithoutRevision,
    NoDecisionRegistered,
    GoalNotMeasurable,
    GoalWithoutOwner,
    NoRecentValues,
    ActionOverdue,
    NoRecentMeeting,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reminder {
    pub kind: ReminderKind,
    /// The id of what it is about: the agreement, a party, goal, action or body.
    pub subject: String,
    /// One sentence, in the language asked for ([`reminders_in`]; English otherwise).
    pub message: String,
}

/// Months before expiry from which a missing revision is a reminder.
pub const EXPIRY_WARNING_MONTHS: u32 = 6;
/// Months after which an indicator's latest value is no longer recent.
pub const RECENT_VALUE_MONTHS: u32 = 12;

fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The reminders of `agreement` on `today`, most serious kinds first, in English. For an
/// agreement that has ended, what was due is judged on its last day.
pub fn reminders(agreement: &Agreement, today: NaiveDate) -> Vec<Reminder> {
    reminders_in(agreement, today, Lang::En)
}

/// The reminders with their messages in `lang`.
pub fn reminders_in(agreement: &Agreement, today: NaiveDate, lang: Lang) -> Vec<Reminder> {
    let mut found = Vec::new();
    // The message in English, Swedish and bokmål; the one in `lang` is kept.
    let mut remind = |kind, subject: &str, [en, sv, nb]: [String; 3]| {
        found.push(Reminder {
            kind,
            subject: subject.to_owned(),
            message: lang.pick(&en, &sv, &nb).to_owned(),
        })
    };
    let end = agreement.valid_until.0;
    let judged_on = today.min(end);
    if agreement.revision_started.is_none() {
        if end < today {
            remind(
                ReminderKind::ExpiredWithoutRevision,
                &agreement.id,
                [
                    format!("expired on {end} and no revision or new agreement was started"),
                    format!("löpte ut {end} och ingen revidering eller ny överenskommelse har påbörjats"),
                    format!("utløp {end}, og ingen revisjon eller ny avtale er startet"),
                ],
            );
        } else if months_before(end, EXPIRY_WARNING_MONTHS) <= today {
            remind(
                ReminderKind::ExpiringWithoutRevision,
                &agreement.id,
                [
                    format!("expires on {end}, within {EXPIRY_WARNING_MONTHS} months, and no revision has been started"),
                    format!("löper ut {end}, inom {EXPIRY_WARNING_MONTHS} månader, och ingen revidering har påbörjats"),
                    format!("utløper {end}, innen {EXPIRY_WARNING_MONTHS} måneder, og ingen revisjon er startet"),
                ],
            );
        }
    }
    for party in agreement.signatories().filter(|p| p.decision.is_none()) {
        remind(
            ReminderKind::NoDecisionRegistered,
            &party.id,
            [
                format!("{} signed without a registered formal decision (body, date, registration number)", party.name),
                format!("{} undertecknade utan ett registrerat formellt beslut (organ, datum, diarienummer)", party.name),
                format!("{} signerte uten et registrert formelt vedtak (organ, dato, saksnummer)", party.name),
            ],
        );
    }
    let statuses = goal_statuses(agreement, judged_on);
    for (goal, status) in agreement.goals.iter().zip(&statuses) {
        if status.status == Status::NotMeasurable {
            remind(
                ReminderKind::GoalNotMeasurable,
                &goal.id,
                [
                    format!(
                        "goal {:?} has no indicator with a target and a target date",
                        goal.text
                    ),
                    format!(
                        "målet {:?} saknar en indikator med målvärde och måldatum",
                        goal.text
                    ),
                    format!(
                        "målet {:?} mangler en indikator med målverdi og måldato",
                        goal.text
                    ),
                ],
            );
        }
        if goal.owner.is_none() {
            remind(
                ReminderKind::GoalWithoutOwner,
                &goal.id,
                [
                    format!("goal {:?} has no owner", goal.text),
                    format!("målet {:?} saknar ägare", goal.text),
                    format!("målet {:?} mangler eier", goal.text),
                ],
            );
        }
        if status.indicators.is_empty() {
            continue;
        }
        let latest = status
            .indicators
            .iter()
            .filter_map(|a| a.latest)
            .map(|(d, _)| d.0)
            .max();
        let recent_from = months_before(judged_on, RECENT_VALUE_MONTHS);
        match latest {
            Some(date) if date >= recent_from => {}
            Some(date) => remind(
                ReminderKind::NoRecentValues,
                &goal.id,
                [
                    format!(
                        "goal {:?}: its indicators were last measured on {date}",
                        goal.text
                    ),
                    format!(
                        "målet {:?}: dess indikatorer mättes senast {date}",
                        goal.text
                    ),
                    format!("målet {:?}: indikatorene ble sist målt {date}", goal.text),
                ],
            ),
            // Never measured is only late once the agreement has run that long.
            None if agreement.valid_from.0 <= recent_from => remind(
                ReminderKind::NoRecentValues,
                &goal.id,
                [
                    format!(
                        "goal {:?}: its indicators have never been measured",
                        goal.text
                    ),
                    format!("målet {:?}: dess indikatorer har aldrig mätts", goal.text),
                    format!("målet {:?}: indikatorene er aldri målt", goal.text),
                ],
            ),
            None => {}
        }
    }
    for action in &agreement.actions {
        let open = matches!(action.status, ActionStatus::Planned | ActionStatus::Ongoing);
        if let Some(due) = action.due.filter(|due| open && due.0 < judged_on) {
            remind(
                ReminderKind::ActionOverdue,
                &action.id,
                [
                    format!("{:?} was due on {due} and is not done", action.activity),
                    format!(
                        "{:?} skulle vara klar {due} och är inte genomförd",
                        action.activity
                    ),
                    format!(
                        "{:?} hadde frist {due} og er ikke gjennomført",
                        action.activity
                    ),
                ],
            );
        }
    }
    for body in &agreement.bodies {
        let Some(every) = body.meets_every_months else {
            continue;
        };
        let last = agreement
            .meetings
            .iter()
            .filter(|m| m.body == body.id && m.date.0 <= judged_on)
            .map(|m| m.date.0)
            .max();
        let due_since = months_before(judged_on, every);
        match last {
            Some(date) if date >= due_since => {}
            Some(date) => remind(
                ReminderKind::NoRecentMeeting,
                &body.id,
                [
                    format!(
                        "{} should meet every {every} months; last met on {date}",
                        body.name
                    ),
                    format!(
                        "{} ska mötas med {every} månaders mellanrum; möttes senast {date}",
                        body.name
                    ),
                    format!(
                        "{} skal møtes hver {every}. måned; møttes sist {date}",
                        body.name
                    ),
                ],
            ),
            // A body is only late once the agreement has run for a whole interval.
            None if agreement.valid_from.0 <= due_since => remind(
                ReminderKind::NoRecentMeeting,
                &body.id,
                [
                    format!(
                        "{} should meet every {every} months; no meeting is recorded",
                        body.name
                    ),
                    format!(
                        "{} ska mötas med {every} månaders mellanrum; inget möte är registrerat",
                        body.name
                    ),
                    format!(
                        "{} skal møtes hver {every}. måned; ingen møter er registrert",
                        body.name
                    ),
                ],
            ),
            None => {}
        }
    }
    found.sort_by_key(|r| r.kind);
    found
}
