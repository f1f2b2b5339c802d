//! The report's findings: each conclusion derived by a rule from the year's data.

use super::{status_word, ActionRow, GoalRow, MeetingRow, SignatoryRow};
use crate::agreement::{Agreement, AgreementKind};
use crate::lang::Lang;
use crate::reminders::{Reminder, ReminderKind};
use crate::status::Status;
use chrono::{Datelike, NaiveDate};
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
        (Lang::Nn, AgreementKind::CooperationAgreement) => "Samarbeidsavtalen",
        (Lang::Nn, _) => "Avtalen",
    }
}

/// The report's conclusions, each from a count or a rule, in `lang`.
#[allow(clippy::too_many_arguments)]
pub(super) fn findings(
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
            Lang::Nn => format!("{it} gjekk ut {end}, og inga revisjon eller ny avtale er starta."),
        }),
        (None, false) if count_of(found, ReminderKind::ExpiringWithoutRevision) > 0 => {
            lines.push(match lang {
                Lang::En => format!("{it} expires on {end} and no revision has been started."),
                Lang::Sv => format!("{it} löper ut {end} och ingen revidering har påbörjats."),
                Lang::Nb => format!("{it} utløper {end}, og ingen revisjon er startet."),
                Lang::Nn => format!("{it} går ut {end}, og inga revisjon er starta."),
            })
        }
        (Some(started), _) => lines.push(match lang {
            Lang::En => format!("A revision was started on {started}."),
            Lang::Sv => format!("En revidering påbörjades {started}."),
            Lang::Nb => format!("En revisjon ble startet {started}."),
            Lang::Nn => format!("Ein revisjon vart starta {started}."),
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
            Lang::Nn => format!("{without} av {signed} partar som har signert, manglar eit registrert formelt vedtak om å slutte seg til (vedtaksorgan, dato, saksnummer)."),
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
            Lang::Nn => format!(
                "{} av måla kan følgjast opp: {not_measurable} av {total} manglar ein indikator med målverdi og måldato.",
                if none { "Ingen" } else { "Berre nokre" }
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
            Lang::Nn => format!("Ingen av dei {stated} måla som står i avtalen, er målbare."),
        });
    }
    let unowned = goals.iter().filter(|g| g.owner.is_none()).count();
    if unowned > 0 {
        lines.push(match lang {
            Lang::En => format!("{unowned} of {total} goals have no owner."),
            Lang::Sv => format!("{unowned} av {total} mål saknar ägare."),
            Lang::Nb => format!("{unowned} av {total} mål mangler eier."),
            Lang::Nn => format!("{unowned} av {total} mål manglar eigar."),
        });
    }
    for status in [Status::OffTrack, Status::AtRisk, Status::OnTrack] {
        let n = goals.iter().filter(|g| g.status == status).count();
        if n > 0 {
            let word = status_word(status, lang);
            lines.push(match lang {
                Lang::En => format!("{n} of {total} goals are {word}."),
                Lang::Sv => format!("{n} av {total} mål är {word}."),
                Lang::Nb | Lang::Nn => format!("{n} av {total} mål er {word}."),
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
            Lang::Nn => {
                format!("{stale} mål med indikatorar manglar verdiar frå dei siste 12 månadene.")
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
            Lang::Nn => format!("{overdue} av {planned} tiltak i handlingsplanen er forseinka."),
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
            Lang::Nn => format!("{late_bodies} styringsorgan som skal møtast jamleg, har ikkje møtst som planlagt; {held} møte er registrerte i {year}."),
        });
    }
    if agreement.lessons.is_empty() {
        lines.push(
            lang.pick_nn(
                "No lessons have been logged.",
                "Inga lärdomar har dokumenterats.",
                "Ingen lærdommer er ført inn.",
                "Ingen lærdomar er førte inn.",
            )
            .to_owned(),
        );
    }
    lines
}
