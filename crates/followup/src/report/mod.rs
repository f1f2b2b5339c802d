//! The yearly follow-up report of an agreement (årlig uppföljning / årlig oppfølging):
//! goals against measured values, decisions registered, action plan, meetings, lessons,
//! grants and projects, and the findings that follow from them. Every finding is derived
//! by a rule from the data; none is written by hand. Renders as print-ready HTML (the
//! browser's "Save as PDF" gives the PDF) and serialises as JSON for data export.
//!
//! The report's data and its words are here; `findings` derives its conclusions by rule,
//! `html` renders it.

mod findings;
mod html;

pub use html::{render_html, report_body, REPORT_STYLE};

use crate::agreement::{ActionStatus, Agreement, BodyKind, Date, GoalOrigin, Indicator, PartyKind};
use crate::lang::Lang;
use crate::reminders::{reminders_in, Reminder, ReminderKind};
use crate::status::{goal_statuses, Assessment, Status};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpReport {
    pub agreement: String,
    pub title: String,
    pub kind: String,
    /// The language of its fixed texts and findings: en, sv, nb or nn.
    pub lang: Lang,
    /// The language the agreement itself is written in (its country's): its title, goals,
    /// indicators, actions and parties' words, marked so where it differs from `lang`.
    pub written_in: Lang,
    pub valid_from: Date,
    pub valid_until: Date,
    pub revision_started: Option<Date>,
    pub year: i32,
    /// The day the report judges on: the end of its year, or today if earlier.
    pub as_of: Date,
    pub findings: Vec<String>,
    pub signatories: Vec<SignatoryRow>,
    pub goals: Vec<GoalRow>,
    pub actions: Vec<ActionRow>,
    pub meetings: Vec<MeetingRow>,
    pub lessons: Vec<LessonRow>,
    pub projects: Vec<ProjectRow>,
    /// Each party's role and instruments in settlement and integration.
    pub roles: Vec<RoleRow>,
    pub bodies: Vec<BodyRow>,
    pub reminders: Vec<Reminder>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignatoryRow {
    pub party: String,
    /// "body, date, registration number", or None when none is registered.
    pub decision: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalRow {
    pub theme: String,
    pub goal: String,
    pub from_evaluation: bool,
    pub owner: Option<String>,
    pub status: Status,
    pub indicators: Vec<IndicatorRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub name: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub target_date: Option<Date>,
    pub assessment: Assessment,
    /// The series up to the report's day, oldest first.
    pub values: Vec<(Date, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub activity: String,
    pub responsible: Option<String>,
    pub due: Option<Date>,
    pub status: ActionStatus,
    pub overdue: bool,
    pub result: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingRow {
    pub body: String,
    pub date: Date,
    pub decisions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonRow {
    pub date: Date,
    pub what_happened: String,
    pub learned: String,
    pub change: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleRow {
    pub party: String,
    pub kind: String,
    pub signatory: bool,
    pub responsibilities: Vec<String>,
    pub instruments: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BodyRow {
    pub name: String,
    pub kind: String,
    pub members: Vec<String>,
    pub meets_every_months: Option<u32>,
    /// Its latest meeting up to the report's day.
    pub last_met: Option<Date>,
}

/// An enum's name as the file writes it, e.g. `state_agency`.
fn file_name_of(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    pub scheme: String,
    pub funder: Option<String>,
    pub name: String,
    pub municipality: Option<String>,
    pub amount: Option<String>,
    pub goal: Option<String>,
    pub result: Option<String>,
}

fn party_name(agreement: &Agreement, id: &str) -> String {
    agreement
        .party(id)
        .map_or_else(|| id.to_owned(), |p| p.name.clone())
}

/// The follow-up report of `agreement` for `year`, judged on the year's last day or on
/// `today` if that comes first, its findings written in `lang`.
pub fn follow_up_report(
    agreement: &Agreement,
    year: i32,
    today: NaiveDate,
    lang: Lang,
) -> FollowUpReport {
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let as_of = year_end.min(today);
    let in_year = |date: Date| date.0.year_ce().1 as i32 == year && date.0 <= as_of;
    let found = reminders_in(agreement, as_of, lang);
    let statuses = goal_statuses(agreement, as_of);
    let signatories: Vec<SignatoryRow> = agreement
        .signatories()
        .map(|p| SignatoryRow {
            party: p.name.clone(),
            decision: p.decision.as_ref().map(|d| {
                let number = d.registration_number.as_deref().unwrap_or(lang.pick_nn(
                    "no registration number",
                    "inget diarienummer",
                    "uten saksnummer",
                    "utan saksnummer",
                ));
                format!("{}, {}, {number}", d.body, d.date)
            }),
        })
        .collect();
    let goals: Vec<GoalRow> = agreement
        .goals
        .iter()
        .zip(statuses)
        .map(|(goal, status)| GoalRow {
            theme: agreement
                .theme(&goal.theme)
                .map_or_else(|| goal.theme.clone(), |t| t.name.clone()),
            goal: goal.text.clone(),
            from_evaluation: goal.origin == GoalOrigin::Evaluation,
            owner: goal.owner.as_deref().map(|o| party_name(agreement, o)),
            status: status.status,
            indicators: agreement
                .indicators_of(&goal.id)
                .zip(status.indicators)
                .map(|(indicator, assessment)| {
                    indicator_row(agreement, indicator, assessment, as_of)
                })
                .collect(),
        })
        .collect();
    let actions: Vec<ActionRow> = agreement
        .actions
        .iter()
        .map(|a| ActionRow {
            activity: a.activity.clone(),
            responsible: a.responsible.as_deref().map(|r| party_name(agreement, r)),
            due: a.due,
            status: a.status,
            overdue: found
                .iter()
                .any(|r| r.kind == ReminderKind::ActionOverdue && r.subject == a.id),
            result: a.result.clone(),
        })
        .collect();
    let meetings: Vec<MeetingRow> = agreement
        .meetings
        .iter()
        .filter(|m| in_year(m.date))
        .map(|m| MeetingRow {
            body: agreement
                .bodies
                .iter()
                .find(|b| b.id == m.body)
                .map_or_else(|| m.body.clone(), |b| b.name.clone()),
            date: m.date,
            decisions: m.decisions.clone(),
        })
        .collect();
    let lessons: Vec<LessonRow> = agreement
        .lessons
        .iter()
        .filter(|l| l.date.0 <= as_of)
        .map(|l| LessonRow {
            date: l.date,
            what_happened: l.what_happened.clone(),
            learned: l.learned.clone(),
            change: l.change.clone(),
        })
        .collect();
    let projects: Vec<ProjectRow> = agreement
        .projects
        .iter()
        .map(|p| {
            let scheme = agreement.funding_schemes.iter().find(|s| s.id == p.scheme);
            ProjectRow {
                scheme: scheme.map_or_else(|| p.scheme.clone(), |s| s.name.clone()),
                funder: scheme
                    .and_then(|s| s.funder.as_deref())
                    .map(|f| party_name(agreement, f)),
                name: p.name.clone(),
                municipality: p.municipality.clone(),
                amount: p.amount.map(|a| {
                    format!("{a:.0} {}", p.currency.as_deref().unwrap_or_default())
                        .trim_end()
                        .to_owned()
                }),
                goal: p.goal.clone(),
                result: p.result.clone(),
            }
        })
        .collect();
    let roles: Vec<RoleRow> = agreement
        .parties
        .iter()
        .map(|p| RoleRow {
            party: p.name.clone(),
            kind: file_name_of(p.kind),
            signatory: p.signatory,
            responsibilities: p.responsibilities.clone(),
            instruments: p.instruments.clone(),
        })
        .collect();
    let bodies: Vec<BodyRow> = agreement
        .bodies
        .iter()
        .map(|b| BodyRow {
            name: b.name.clone(),
            kind: file_name_of(b.kind),
            members: b.members.iter().map(|m| party_name(agreement, m)).collect(),
            meets_every_months: b.meets_every_months,
            last_met: agreement
                .meetings
                .iter()
                .filter(|m| m.body == b.id && m.date.0 <= as_of)
                .map(|m| m.date)
                .max(),
        })
        .collect();
    let findings = findings::findings(
        agreement,
        &found,
        &signatories,
        &goals,
        &actions,
        &meetings,
        as_of,
        lang,
    );
    FollowUpReport {
        agreement: agreement.id.clone(),
        title: agreement.title.clone(),
        kind: agreement.kind.as_str().to_owned(),
        lang,
        written_in: agreement.written_in().unwrap_or(lang),
        valid_from: agreement.valid_from,
        valid_until: agreement.valid_until,
        revision_started: agreement.revision_started,
        year,
        as_of: Date(as_of),
        findings,
        signatories,
        goals,
        actions,
        meetings,
        lessons,
        projects,
        roles,
        bodies,
        reminders: found,
    }
}

fn indicator_row(
    agreement: &Agreement,
    indicator: &Indicator,
    assessment: Assessment,
    as_of: NaiveDate,
) -> IndicatorRow {
    IndicatorRow {
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        baseline: indicator.baseline,
        target: indicator.target,
        target_date: indicator.target_date,
        assessment,
        values: agreement
            .values_of(&indicator.id)
            .into_iter()
            .filter(|v| v.date.0 <= as_of)
            .map(|v| (v.date, v.value))
            .collect(),
    }
}

/// A goal's or indicator's status in words.
pub fn status_word(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::OnTrack => lang.pick("on track", "på rätt väg", "i rute"),
        Status::NoValues => {
            lang.pick_nn("no values", "inga värden", "ingen verdier", "ingen verdiar")
        }
        Status::AtRisk => lang.pick("at risk", "i riskzonen", "i faresonen"),
        Status::OffTrack => lang.pick_nn(
            "off track",
            "inte på väg mot målet",
            "ikke i rute",
            "ikkje i rute",
        ),
        Status::NotMeasurable => lang.pick_nn(
            "not measurable",
            "inte mätbart",
            "ikke målbart",
            "ikkje målbart",
        ),
    }
}

/// An action's status in words.
pub fn action_status_word(status: ActionStatus, lang: Lang) -> &'static str {
    match status {
        ActionStatus::Planned => lang.pick("planned", "planerad", "planlagt"),
        ActionStatus::Ongoing => lang.pick("ongoing", "pågår", "pågår"),
        ActionStatus::Done => lang.pick("done", "genomförd", "gjennomført"),
        ActionStatus::Cancelled => lang.pick("cancelled", "inställd", "avlyst"),
    }
}

/// An enum's words for its file name (`state_agency`), or the name itself if unknown.
fn in_words<T: serde::de::DeserializeOwned>(
    name: &str,
    word: impl Fn(T) -> &'static str,
) -> String {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_or_else(|_| name.to_owned(), |kind| word(kind).to_owned())
}

/// A party's kind in words, from its file name.
fn party_kind_word(kind: &str, lang: Lang) -> String {
    in_words(kind, |k: PartyKind| match k {
        PartyKind::StateAgency => lang.pick_nn(
            "state agency",
            "statlig myndighet",
            "statlig etat",
            "statleg etat",
        ),
        PartyKind::Region => lang.pick("region", "region", "fylkeskommune / region"),
        PartyKind::Municipality => lang.pick("municipality", "kommun", "kommune"),
        PartyKind::Partner => lang.pick("partner", "partner", "partner"),
        PartyKind::CivilSociety => lang.pick("civil society", "civilsamhälle", "sivilsamfunn"),
    })
}

/// A governance body's kind in words, from its file name.
fn body_kind_word(kind: &str, lang: Lang) -> String {
    in_words(kind, |k: BodyKind| match k {
        BodyKind::SteeringGroup => lang.pick("steering group", "styrgrupp", "styringsgruppe"),
        BodyKind::ProjectGroup => lang.pick("project group", "projektgrupp", "prosjektgruppe"),
        BodyKind::WorkingGroup => lang.pick("working group", "arbetsgrupp", "arbeidsgruppe"),
        BodyKind::Network => lang.pick("network", "nätverk", "nettverk"),
        BodyKind::Forum => lang.pick("forum", "forum", "forum"),
        BodyKind::FollowUpMeeting => {
            lang.pick("follow-up meeting", "uppföljningsmöte", "oppfølgingsmøte")
        }
    })
}
