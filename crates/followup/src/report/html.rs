//! The report as print-ready HTML, standalone or inside a page.

use super::{
    action_status_word, body_kind_word, file_name_of, party_kind_word, status_word, FollowUpReport,
    IndicatorRow,
};
use crate::lang::Lang;
use crate::status::Status;
use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped, DOCTYPE};
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
        Lang::Nn => format!("{}: {n} verdiar frå {first} til {last}", row.name),
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
            figcaption { (row.name) @if row.target.is_none() { " — " span.warning { (lang.pick_nn("no target set", "inget målvärde satt", "ingen målverdi satt", "inga målverdi sett")) } } }
        }
    }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_else(|| "–".into())
}

/// "Follow-up" in the report's language.
fn follow_up_word(report: &FollowUpReport) -> &'static str {
    report.lang.pick("Follow-up", "Uppföljning", "Oppfølging")
}

/// "Follow-up 2021: <title>", the page's title.
fn heading(report: &FollowUpReport) -> String {
    format!(
        "{} {}: {}",
        follow_up_word(report),
        report.year,
        report.title
    )
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
    // The agreement's own words carry their language where the page's is another
    // (WCAG 3.1.2), so that a screen reader speaks Swedish as Swedish.
    let foreign = (report.written_in != l).then(|| report.written_in.code());
    html! {
        h1 { (follow_up_word(report)) " " (report.year) ": " span lang=[foreign] { (report.title) } }
        p { (l.pick("Valid", "Giltig", "Gyldig")) " " (report.valid_from) " – " (report.valid_until)
            " · " (l.pick("judged on", "bedömd per", "vurdert per")) " " (report.as_of)
            @if let Some(started) = report.revision_started { " · " (l.pick_nn("revision started", "revidering påbörjad", "revisjon startet", "revisjon starta")) " " (started) } }
        h2 { (l.pick("Findings", "Iakttagelser", "Funn")) }
        ul.findings { @for line in &report.findings { li { (line) } } }
        h2 { (l.pick_nn("Formal decisions of the signatories", "Undertecknande parters formella beslut", "Partenes formelle vedtak", "Dei formelle vedtaka til partane")) }
        table {
            (head_row(&[l.pick("Signatory", "Undertecknare", "Part"),
                l.pick("Decision (body, date, registration number)", "Beslut (organ, datum, diarienummer)", "Vedtak (organ, dato, saksnummer)")]))
            tbody { @for s in &report.signatories { tr {
                td lang=[foreign] { (s.party) }
                @match &s.decision { Some(d) => td lang=[foreign] { (d) }, None => td.warning { (l.pick_nn("none registered", "inget registrerat", "ikke registrert", "ikkje registrert")) } }
            } } }
        }
        h2 { (l.pick_nn("Goals and indicators", "Mål och indikatorer", "Mål og indikatorer", "Mål og indikatorar")) }
        @for goal in &report.goals {
            h3 lang=[foreign] { (goal.theme) ": " (goal.goal) }
            p {
                "Status: " span class=(status_class(goal.status)) { (status_word(goal.status, l)) }
                " · " (l.pick_nn("owner", "ägare", "eier", "eigar")) ": " @match &goal.owner { Some(o) => { span lang=[foreign] { (o) } }, None => span.warning { (l.pick("none", "ingen", "ingen")) } }
                @if goal.from_evaluation { " · " (l.pick_nn("a goal the evaluation says the agreement should have had",
                    "ett mål som utvärderingen menar att överenskommelsen borde ha haft",
                    "et mål evalueringen mener avtalen burde hatt",
                    "eit mål evalueringa meiner avtalen burde ha hatt")) }
            }
            @if !goal.indicators.is_empty() {
                table {
                    (head_row(&[l.pick("Indicator", "Indikator", "Indikator"), l.pick("Unit", "Enhet", "Enhet"),
                        l.pick("Baseline", "Utgångsvärde", "Utgangsverdi"), l.pick("Target", "Målvärde", "Målverdi"),
                        l.pick("Latest", "Senaste", "Siste"), "Status"]))
                    tbody { @for i in &goal.indicators { tr {
                        td lang=[foreign] { (i.name) } td { (i.unit) } td { (number(i.baseline)) }
                        td { (number(i.target)) @if let Some(d) = i.target_date { " " (l.pick_nn("by", "senast", "innen", "innan")) " " (d) } }
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
            (head_row(&[l.pick("Activity", "Aktivitet", "Aktivitet"), l.pick_nn("Responsible", "Ansvarig", "Ansvarlig", "Ansvarleg"),
                l.pick("Due", "Klart senast", "Frist"), "Status", l.pick("Result", "Resultat", "Resultat")]))
            tbody { @for a in &report.actions { tr {
                td lang=[foreign] { (a.activity) } td lang=[foreign] { (a.responsible.clone().unwrap_or_default()) }
                td { @if let Some(d) = a.due { (d) } }
                td class=[a.overdue.then_some("warning")] { (action_status_word(a.status, l)) @if a.overdue { " (" (l.pick_nn("overdue", "försenad", "forsinket", "forseinka")) ")" } }
                td lang=[foreign] { (a.result.clone().unwrap_or_default()) }
            } } }
        }
        h2 { (l.pick_nn("Meetings held in", "Möten under", "Møter i", "Møte i")) " " (report.year) }
        @if report.meetings.is_empty() { p.warning { (l.pick_nn("No meeting is recorded.", "Inget möte är registrerat.", "Ingen møter er registrert.", "Ingen møte er registrerte.")) } }
        @else { table { tbody { @for m in &report.meetings { tr { td { (m.date) } td lang=[foreign] { (m.body) } td lang=[foreign] { (m.decisions.join("; ")) } } } } } }
        h2 { (l.pick_nn("Lessons learned", "Lärdomar", "Lærdommer", "Lærdomar")) }
        @if report.lessons.is_empty() { p.warning { (l.pick("No lesson is logged.", "Ingen lärdom är dokumenterad.", "Ingen lærdom er ført inn.")) } }
        @else { table {
            (head_row(&[l.pick("Date", "Datum", "Dato"), l.pick_nn("What happened", "Vad hände", "Hva skjedde", "Kva skjedde"),
                l.pick_nn("What we learned", "Vad vi lärde oss", "Hva vi lærte", "Kva vi lærte"), l.pick_nn("What we change", "Vad vi ändrar", "Hva vi endrer", "Kva vi endrar")]))
            tbody { @for x in &report.lessons { tr { td { (x.date) } td lang=[foreign] { (x.what_happened) } td lang=[foreign] { (x.learned) } td lang=[foreign] { (x.change.clone().unwrap_or_default()) } } } }
        } }
        h2 { (l.pick("Roles and instruments", "Roller och styrmedel", "Roller og virkemidler")) }
        table {
            (head_row(&[l.pick("Party", "Part", "Part"), l.pick("Kind", "Typ", "Type"), l.pick("Signed", "Undertecknat", "Signert"),
                l.pick("Responsibilities", "Ansvar", "Ansvar"), l.pick_nn("Instruments", "Styrmedel", "Virkemidler", "Verkemiddel")]))
            tbody { @for r in &report.roles { tr {
                td lang=[foreign] { (r.party) } td { (party_kind_word(&r.kind, l)) }
                td { @if r.signatory { (l.pick("yes", "ja", "ja")) } @else { (l.pick("no", "nej", "nei")) } }
                td lang=[foreign] { (r.responsibilities.join("; ")) } td lang=[foreign] { (r.instruments.join("; ")) }
            } } }
        }
        h2 { (l.pick("Governance", "Styrning", "Styring")) }
        table {
            (head_row(&[l.pick("Body", "Organ", "Organ"), l.pick("Kind", "Typ", "Type"), l.pick("Members", "Medlemmar", "Medlemmer"),
                l.pick_nn("Meets every", "Möts var", "Møtes hver", "Møtest kvar"), l.pick("Last met", "Senaste möte", "Siste møte")]))
            tbody { @for b in &report.bodies { tr {
                td lang=[foreign] { (b.name) } td { (body_kind_word(&b.kind, l)) } td lang=[foreign] { (b.members.join(", ")) }
                td { @if let Some(m) = b.meets_every_months { (m) " " (l.pick_nn("months", "månader", "måneder", "månader")) } }
                @match b.last_met { Some(d) => td { (d) }, None => td.warning { (l.pick_nn("no meeting recorded", "inget möte registrerat", "ingen møter registrert", "ingen møte registrerte")) } }
            } } }
        }
        h2 { (l.pick_nn("Grants and projects", "Bidrag och projekt", "Tilskudd og prosjekter", "Tilskot og prosjekt")) }
        table {
            (head_row(&[l.pick("Scheme", "Bidragsform", "Ordning"), l.pick("Funder", "Finansiär", "Finansiør"),
                l.pick("Project", "Projekt", "Prosjekt"), l.pick("Municipality", "Kommun", "Kommune"),
                l.pick("Amount", "Belopp", "Beløp"), l.pick("Goal", "Mål", "Mål"), l.pick("Result", "Resultat", "Resultat")]))
            tbody { @for p in &report.projects { tr {
                td lang=[foreign] { (p.scheme) } td lang=[foreign] { (p.funder.clone().unwrap_or_default()) } td lang=[foreign] { (p.name) }
                td { (p.municipality.clone().unwrap_or_default()) } td { (p.amount.clone().unwrap_or_default()) }
                td lang=[foreign] { (p.goal.clone().unwrap_or_default()) } td lang=[foreign] { (p.result.clone().unwrap_or_default()) }
            } } }
        }
    }
}
