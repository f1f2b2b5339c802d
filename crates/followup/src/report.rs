//! The yearly follow-up report of an agreement (årlig uppföljning / årlig oppfølging):
//! goals against measured values, decisions registered, action plan, meetings, lessons,
//! grants and projects, and the findings that follow from them. Every finding is derived
//! by a rule from the data; none is written by hand. Renders as print-ready HTML (the
//! browser's "Save as PDF" gives the PDF) and serialises as JSON for data export.

use crate::agreement::{
    ActionStatus, Agreement, AgreementKind, BodyKind, Date, GoalOrigin, Indicator, PartyKind,
};
use crate::lang::Lang;
use crate::reminders::{reminders_in, Reminder, ReminderKind};
use crate::status::{goal_statuses, Assessment, Status};
use chrono::{Datelike, NaiveDate};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpReport {
    pub agreement: String,
    pub title: String,
    pub kind: String,
    /// The language of its fixed texts and findings: en, sv or nb.
    pub lang: Lang,
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
                let number = d.registration_number.as_deref().unwrap_or(lang.pick(
                    "no registration number",
                    "inget diarienummer",
                    "uten saksnummer",
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
    let findings = findings(
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

fn count_of(found: &[Reminder], kind: ReminderKind) -> usize {
    found.iter().filter(|r| r.kind == kind).count()
}

/// "The agreement" in the language, as the country calls this kind (definite form).
fn the_agreement(kind: AgreementKind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::En, _) => "The agreement",
        (Lang::Sv, AgreementKind::LocalDevelopmentAgreement) => "Utvecklingsavtalet",
        (Lang::Sv, _) => "Överenskommelsen",
        (Lang::Nb, AgreementKind::CooperationAgreement) => "Samarbeidsavtalen",
        (Lang::Nb, _) => "Avtalen",
    }
}

/// A goal's or indicator's status in words.
pub fn status_word(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::OnTrack => lang.pick("on track", "på rätt väg", "i rute"),
        Status::NoValues => lang.pick("no values", "inga värden", "ingen verdier"),
        Status::AtRisk => lang.pick("at risk", "i riskzonen", "i faresonen"),
        Status::OffTrack => lang.pick("off track", "inte på väg mot målet", "ikke i rute"),
        Status::NotMeasurable => lang.pick("not measurable", "inte mätbart", "ikke målbart"),
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
        PartyKind::StateAgency => lang.pick("state agency", "statlig myndighet", "statlig etat"),
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

/// The report's conclusions, each from a count or a rule, in `lang`.
#[allow(clippy::too_many_arguments)]
fn findings(
    agreement: &Agreement,
    found: &[Reminder],
    signatories: &[SignatoryRow],
    goals: &[GoalRow],
    actions: &[ActionRow],
    meetings: &[MeetingRow],
    as_of: NaiveDate,
    lang: Lang,
) -> Vec<String> {
    let mut lines = Vec::new();
    let end = agreement.valid_until;
    let it = the_agreement(agreement.kind, lang);
    match (agreement.revision_started, end.0 < as_of) {
        (None, true) => lines.push(match lang {
            Lang::En => {
                format!("{it} expired on {end} and no revision or new agreement was started.")
            }
            Lang::Sv => format!(
                "{it} löpte ut {end} och ingen revidering eller ny överenskommelse har påbörjats."
            ),
            Lang::Nb => format!("{it} utløp {end}, og ingen revisjon eller ny avtale er startet."),
        }),
        (None, false) if count_of(found, ReminderKind::ExpiringWithoutRevision) > 0 => {
            lines.push(match lang {
                Lang::En => format!("{it} expires on {end} and no revision has been started."),
                Lang::Sv => format!("{it} löper ut {end} och ingen revidering har påbörjats."),
                Lang::Nb => format!("{it} utløper {end}, og ingen revisjon er startet."),
            })
        }
        (Some(started), _) => lines.push(match lang {
            Lang::En => format!("A revision was started on {started}."),
            Lang::Sv => format!("En revidering påbörjades {started}."),
            Lang::Nb => format!("En revisjon ble startet {started}."),
        }),
        _ => {}
    }
    let without = signatories.iter().filter(|s| s.decision.is_none()).count();
    let signed = signatories.len();
    if without > 0 {
        lines.push(match lang {
            Lang::En => format!("{without} of {signed} signatories have no registered formal decision to join (deciding body, date, registration number)."),
            Lang::Sv => format!("{without} av {signed} undertecknande parter saknar ett registrerat formellt beslut om att ansluta sig (beslutande organ, datum, diarienummer)."),
            Lang::Nb => format!("{without} av {signed} parter som har signert, mangler et registrert formelt vedtak om å slutte seg til (vedtaksorgan, dato, saksnummer)."),
        });
    }
    let total = goals.len();
    let not_measurable = goals
        .iter()
        .filter(|g| g.status == Status::NotMeasurable)
        .count();
    if total > 0 && not_measurable > 0 {
        let none = not_measurable == total;
        lines.push(match lang {
            Lang::En => format!(
                "{} of the goals can be followed up: {not_measurable} of {total} have no indicator with a target and a target date.",
                if none { "None" } else { "Only some" }
            ),
            Lang::Sv => format!(
                "{} av målen kan följas upp: {not_measurable} av {total} saknar en indikator med målvärde och måldatum.",
                if none { "Inget" } else { "Bara några" }
            ),
            Lang::Nb => format!(
                "{} av målene kan følges opp: {not_measurable} av {total} mangler en indikator med målverdi og måldato.",
                if none { "Ingen" } else { "Bare noen" }
            ),
        });
    }
    let stated = goals.iter().filter(|g| !g.from_evaluation).count();
    let measurable_stated = goals
        .iter()
        .filter(|g| !g.from_evaluation && g.status != Status::NotMeasurable)
        .count();
    if stated > 0 && measurable_stated == 0 {
        lines.push(match lang {
            Lang::En => {
                format!("None of the {stated} goals written in the agreement is measurable.")
            }
            Lang::Sv => format!("Inget av de {stated} mål som står i överenskommelsen är mätbart."),
            Lang::Nb => format!("Ingen av de {stated} målene som står i avtalen, er målbare."),
        });
    }
    let unowned = goals.iter().filter(|g| g.owner.is_none()).count();
    if unowned > 0 {
        lines.push(match lang {
            Lang::En => format!("{unowned} of {total} goals have no owner."),
            Lang::Sv => format!("{unowned} av {total} mål saknar ägare."),
            Lang::Nb => format!("{unowned} av {total} mål mangler eier."),
        });
    }
    for status in [Status::OffTrack, Status::AtRisk, Status::OnTrack] {
        let n = goals.iter().filter(|g| g.status == status).count();
        if n > 0 {
            let word = status_word(status, lang);
            lines.push(match lang {
                Lang::En => format!("{n} of {total} goals are {word}."),
                Lang::Sv => format!("{n} av {total} mål är {word}."),
                Lang::Nb => format!("{n} av {total} mål er {word}."),
            });
        }
    }
    let stale = count_of(found, ReminderKind::NoRecentValues);
    if stale > 0 {
        lines.push(match lang {
            Lang::En => {
                format!("{stale} goals with indicators have no value from the last 12 months.")
            }
            Lang::Sv => {
                format!("{stale} mål med indikatorer saknar värden från de senaste 12 månaderna.")
            }
            Lang::Nb => {
                format!("{stale} mål med indikatorer mangler verdier fra de siste 12 månedene.")
            }
        });
    }
    let overdue = actions.iter().filter(|a| a.overdue).count();
    if overdue > 0 {
        let planned = actions.len();
        lines.push(match lang {
            Lang::En => format!("{overdue} of {planned} actions in the action plan are overdue."),
            Lang::Sv => format!("{overdue} av {planned} åtgärder i handlingsplanen är försenade."),
            Lang::Nb => format!("{overdue} av {planned} tiltak i handlingsplanen er forsinket."),
        });
    }
    let late_bodies = count_of(found, ReminderKind::NoRecentMeeting);
    if late_bodies > 0 {
        let held = meetings.len();
        let year = as_of.year();
        lines.push(match lang {
            Lang::En => format!(
                "{late_bodies} {} not met as planned; {held} meetings are recorded in {year}.",
                if late_bodies == 1 {
                    "governance body that should meet regularly has"
                } else {
                    "governance bodies that should meet regularly have"
                }
            ),
            Lang::Sv => format!("{late_bodies} styrande organ som ska mötas regelbundet har inte mötts som planerat; {held} möten är registrerade {year}."),
            Lang::Nb => format!("{late_bodies} styringsorgan som skal møtes jevnlig, har ikke møttes som planlagt; {held} møter er registrert i {year}."),
        });
    }
    if agreement.lessons.is_empty() {
        lines.push(
            lang.pick(
                "No lessons have been logged.",
                "Inga lärdomar har dokumenterats.",
                "Ingen lærdommer er ført inn.",
            )
            .to_owned(),
        );
    }
    lines
}

/// The look of a report standalone: page and print rules.
const PAGE_STYLE: &str = "
body { font-family: system-ui, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #888; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #999; padding: .25rem .45rem; text-align: left; vertical-align: top; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
";

/// The report's own classes (warnings, statuses, charts), also for pages that embed it.
pub const REPORT_STYLE: &str = "
.warning { color: #8a1c1c; font-weight: 600; }
.status-off_track, .status-not_measurable { color: #8a1c1c; } .status-at_risk { color: #7a4a00; } .status-on_track { color: #1d5e20; }
ul.findings li { margin: .3rem 0; }
svg { max-width: 32rem; } .series { fill: none; stroke: #0b4f8a; stroke-width: 2; } .target { stroke: #1d5e20; stroke-dasharray: 6 4; }
";

fn status_class(status: Status) -> String {
    format!("status-{}", file_name_of(status))
}

/// A small line chart of an indicator's series, with its target as a dashed line.
fn series_chart(row: &IndicatorRow, lang: Lang) -> Markup {
    const WIDTH: f64 = 480.0;
    const HEIGHT: f64 = 160.0;
    const PAD: f64 = 30.0;
    if row.values.len() < 2 {
        return html! {};
    }
    let first = row.values[0].0 .0;
    let last = row.values[row.values.len() - 1].0 .0;
    let span = ((last - first).num_days() as f64).max(1.0);
    let mut low = row.values.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
    let mut high = row
        .values
        .iter()
        .map(|v| v.1)
        .fold(f64::NEG_INFINITY, f64::max);
    if let Some(target) = row.target {
        low = low.min(target);
        high = high.max(target);
    }
    if (high - low).abs() < f64::EPSILON {
        high = low + 1.0;
    }
    let x = |date: NaiveDate| PAD + (date - first).num_days() as f64 / span * (WIDTH - 2.0 * PAD);
    let y = |value: f64| HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2.0 * PAD);
    let points: Vec<String> = row
        .values
        .iter()
        .map(|(d, v)| format!("{:.1},{:.1}", x(d.0), y(*v)))
        .collect();
    let n = row.values.len();
    let label = match lang {
        Lang::En => format!("{}: {n} values from {first} to {last}", row.name),
        Lang::Sv => format!("{}: {n} värden från {first} till {last}", row.name),
        Lang::Nb => format!("{}: {n} verdier fra {first} til {last}", row.name),
    };
    html! {
        figure {
            svg role="img" aria-label=(label) viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) xmlns="http://www.w3.org/2000/svg" {
                title { (label) }
                line x1=(PAD) y1=(HEIGHT - PAD) x2=(WIDTH - PAD) y2=(HEIGHT - PAD) stroke="#999" {}
                @if let Some(target) = row.target {
                    line.target x1=(PAD) y1=(format!("{:.1}", y(target))) x2=(WIDTH - PAD) y2=(format!("{:.1}", y(target))) {}
                }
                polyline.series points=(points.join(" ")) {}
                text x=(PAD) y=(HEIGHT - 8.0) font-size="11" { (first.format("%Y")) }
                text x=(WIDTH - PAD) y=(HEIGHT - 8.0) font-size="11" text-anchor="end" { (last.format("%Y")) }
                text x="2" y=(format!("{:.1}", y(high) + 4.0)) font-size="11" { (format!("{high:.2}")) }
                text x="2" y=(format!("{:.1}", y(low) + 4.0)) font-size="11" { (format!("{low:.2}")) }
            }
            figcaption { (row.name) @if row.target.is_none() { " — " span.warning { (lang.pick("no target set", "inget målvärde satt", "ingen målverdi satt")) } } }
        }
    }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_else(|| "–".into())
}

/// "Follow-up 2021" in the report's language.
fn heading(report: &FollowUpReport) -> String {
    let word = report.lang.pick("Follow-up", "Uppföljning", "Oppfølging");
    format!("{word} {}: {}", report.year, report.title)
}

/// The report as a whole print-ready HTML document.
pub fn render_html(report: &FollowUpReport) -> String {
    html! {
        (DOCTYPE)
        html lang=(report.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (heading(report)) }
                style { (PreEscaped(PAGE_STYLE)) (PreEscaped(REPORT_STYLE)) }
            }
            body { main { (report_body(report)) } }
        }
    }
    .into_string()
}

/// A table's header row.
fn head_row(columns: &[&str]) -> Markup {
    html! { thead { tr { @for c in columns { th scope="col" { (c) } } } } }
}

/// The report's content, for a page of its own or inside the web UI's layout, with its
/// fixed texts in the report's language.
pub fn report_body(report: &FollowUpReport) -> Markup {
    let l = report.lang;
    html! {
        h1 { (heading(report)) }
        p { (l.pick("Valid", "Giltig", "Gyldig")) " " (report.valid_from) " – " (report.valid_until)
            " · " (l.pick("judged on", "bedömd per", "vurdert per")) " " (report.as_of)
            @if let Some(started) = report.revision_started { " · " (l.pick("revision started", "revidering påbörjad", "revisjon startet")) " " (started) } }
        h2 { (l.pick("Findings", "Iakttagelser", "Funn")) }
        ul.findings { @for line in &report.findings { li { (line) } } }
        h2 { (l.pick("Formal decisions of the signatories", "Undertecknande parters formella beslut", "Partenes formelle vedtak")) }
        table {
            (head_row(&[l.pick("Signatory", "Undertecknare", "Part"),
                l.pick("Decision (body, date, registration number)", "Beslut (organ, datum, diarienummer)", "Vedtak (organ, dato, saksnummer)")]))
            tbody { @for s in &report.signatories { tr {
                td { (s.party) }
                @match &s.decision { Some(d) => td { (d) }, None => td.warning { (l.pick("none registered", "inget registrerat", "ikke registrert")) } }
            } } }
        }
        h2 { (l.pick("Goals and indicators", "Mål och indikatorer", "Mål og indikatorer")) }
        @for goal in &report.goals {
            h3 { (goal.theme) ": " (goal.goal) }
            p {
                "Status: " span class=(status_class(goal.status)) { (status_word(goal.status, l)) }
                " · " (l.pick("owner", "ägare", "eier")) ": " @match &goal.owner { Some(o) => { (o) }, None => span.warning { (l.pick("none", "ingen", "ingen")) } }
                @if goal.from_evaluation { " · " (l.pick("a goal the evaluation says the agreement should have had",
                    "ett mål som utvärderingen menar att överenskommelsen borde ha haft",
                    "et mål evalueringen mener avtalen burde hatt")) }
            }
            @if !goal.indicators.is_empty() {
                table {
                    (head_row(&[l.pick("Indicator", "Indikator", "Indikator"), l.pick("Unit", "Enhet", "Enhet"),
                        l.pick("Baseline", "Utgångsvärde", "Utgangsverdi"), l.pick("Target", "Målvärde", "Målverdi"),
                        l.pick("Latest", "Senaste", "Siste"), "Status"]))
                    tbody { @for i in &goal.indicators { tr {
                        td { (i.name) } td { (i.unit) } td { (number(i.baseline)) }
                        td { (number(i.target)) @if let Some(d) = i.target_date { " " (l.pick("by", "senast", "innen")) " " (d) } }
                        td { @if let Some((d, v)) = i.assessment.latest { (v) " (" (d) ")" } @else { "–" } }
                        td class=(status_class(i.assessment.status)) { (status_word(i.assessment.status, l)) ": "
                            (i.assessment.why.sentence(l, i.target, i.target_date, i.assessment.expected)) }
                    } } }
                }
                @for i in &goal.indicators { (series_chart(i, l)) }
            }
        }
        h2 { (l.pick("Action plan", "Handlingsplan", "Handlingsplan")) }
        table {
            (head_row(&[l.pick("Activity", "Aktivitet", "Aktivitet"), l.pick("Responsible", "Ansvarig", "Ansvarlig"),
                l.pick("Due", "Klart senast", "Frist"), "Status", l.pick("Result", "Resultat", "Resultat")]))
            tbody { @for a in &report.actions { tr {
                td { (a.activity) } td { (a.responsible.clone().unwrap_or_default()) }
                td { @if let Some(d) = a.due { (d) } }
                td class=[a.overdue.then_some("warning")] { (action_status_word(a.status, l)) @if a.overdue { " (" (l.pick("overdue", "försenad", "forsinket")) ")" } }
                td { (a.result.clone().unwrap_or_default()) }
            } } }
        }
        h2 { (l.pick("Meetings held in", "Möten under", "Møter i")) " " (report.year) }
        @if report.meetings.is_empty() { p.warning { (l.pick("No meeting is recorded.", "Inget möte är registrerat.", "Ingen møter er registrert.")) } }
        @else { table { tbody { @for m in &report.meetings { tr { td { (m.date) } td { (m.body) } td { (m.decisions.join("; ")) } } } } } }
        h2 { (l.pick("Lessons learned", "Lärdomar", "Lærdommer")) }
        @if report.lessons.is_empty() { p.warning { (l.pick("No lesson is logged.", "Ingen lärdom är dokumenterad.", "Ingen lærdom er ført inn.")) } }
        @else { table {
            (head_row(&[l.pick("Date", "Datum", "Dato"), l.pick("What happened", "Vad hände", "Hva skjedde"),
                l.pick("What we learned", "Vad vi lärde oss", "Hva vi lærte"), l.pick("What we change", "Vad vi ändrar", "Hva vi endrer")]))
            tbody { @for x in &report.lessons { tr { td { (x.date) } td { (x.what_happened) } td { (x.learned) } td { (x.change.clone().unwrap_or_default()) } } } }
        } }
        h2 { (l.pick("Roles and instruments", "Roller och styrmedel", "Roller og virkemidler")) }
        table {
            (head_row(&[l.pick("Party", "Part", "Part"), l.pick("Kind", "Typ", "Type"), l.pick("Signed", "Undertecknat", "Signert"),
                l.pick("Responsibilities", "Ansvar", "Ansvar"), l.pick("Instruments", "Styrmedel", "Virkemidler")]))
            tbody { @for r in &report.roles { tr {
                td { (r.party) } td { (party_kind_word(&r.kind, l)) }
                td { @if r.signatory { (l.pick("yes", "ja", "ja")) } @else { (l.pick("no", "nej", "nei")) } }
                td { (r.responsibilities.join("; ")) } td { (r.instruments.join("; ")) }
            } } }
        }
        h2 { (l.pick("Governance", "Styrning", "Styring")) }
        table {
            (head_row(&[l.pick("Body", "Organ", "Organ"), l.pick("Kind", "Typ", "Type"), l.pick("Members", "Medlemmar", "Medlemmer"),
                l.pick("Meets every", "Möts var", "Møtes hver"), l.pick("Last met", "Senaste möte", "Siste møte")]))
            tbody { @for b in &report.bodies { tr {
                td { (b.name) } td { (body_kind_word(&b.kind, l)) } td { (b.members.join(", ")) }
                td { @if let Some(m) = b.meets_every_months { (m) " " (l.pick("months", "månader", "måneder")) } }
                @match b.last_met { Some(d) => td { (d) }, None => td.warning { (l.pick("no meeting recorded", "inget möte registrerat", "ingen møter registrert")) } }
            } } }
        }
        h2 { (l.pick("Grants and projects", "Bidrag och projekt", "Tilskudd og prosjekter")) }
        table {
            (head_row(&[l.pick("Scheme", "Bidragsform", "Ordning"), l.pick("Funder", "Finansiär", "Finansiør"),
                l.pick("Project", "Projekt", "Prosjekt"), l.pick("Municipality", "Kommun", "Kommune"),
                l.pick("Amount", "Belopp", "Beløp"), l.pick("Goal", "Mål", "Mål"), l.pick("Result", "Resultat", "Resultat")]))
            tbody { @for p in &report.projects { tr {
                td { (p.scheme) } td { (p.funder.clone().unwrap_or_default()) } td { (p.name) }
                td { (p.municipality.clone().unwrap_or_default()) } td { (p.amount.clone().unwrap_or_default()) }
                td { (p.goal.clone().unwrap_or_default()) } td { (p.result.clone().unwrap_or_default()) }
            } } }
        }
    }
}
