//! The integration register's indicators for the year: per municipality of the caller's
//! scope, the share in work or education at a chosen checkpoint (women and men apart) and
//! how many still live where they settled; a region's view suppresses small counts.

use super::year::{problems_summary, upload_form, uploaded};
use super::*;
use crate::routes::integration_indicators::{indicators_of, IndicatorsOut};
use crate::routes::register::record_file;
use landa_model::Checkpoint;

#[derive(Deserialize)]
pub struct CheckpointQuery {
    checkpoint: Option<String>,
    note: Option<String>,
}

fn share(share: Option<f64>) -> Cell {
    share.map_or(Cell::Empty, Cell::Number)
}

fn indicator_table(lang: Lang, scenario: &str, found: &IndicatorsOut) -> Table {
    let checkpoint: Option<Checkpoint> = found.checkpoint.parse().ok();
    let title = format!(
        "{} · {} · {scenario}",
        lang.t(Text::IntegrationIndicators),
        checkpoint.map(|c| lang.checkpoint(c)).unwrap_or_default()
    );
    let mut table = Table::new(
        title,
        vec![
            Column::new(lang.t(Text::Municipality), ColumnKind::Text),
            Column::new(lang.t(Text::Name), ColumnKind::Text),
            Column::new(lang.t(Text::Persons), ColumnKind::Integer),
            Column::new(lang.t(Text::InWorkOrEducation), ColumnKind::Integer),
            Column::new(lang.t(Text::Share), ColumnKind::Percent),
            Column::new(lang.t(Text::Women), ColumnKind::Percent),
            Column::new(lang.t(Text::Men), ColumnKind::Percent),
            Column::new(lang.t(Text::StillLivingThere), ColumnKind::Integer),
        ],
    );
    for row in &found.rows {
        let name = if row.municipality == "total" {
            lang.t(Text::AllOfThem).to_owned()
        } else {
            row.name.clone()
        };
        table.push(vec![
            row.municipality.clone().into(),
            name.into(),
            Cell::from(&row.all.persons),
            Cell::from(&row.all.in_work_or_education),
            share(row.all.share),
            share(row.women.share),
            share(row.men.share),
            Cell::from(&row.still_living_there),
        ]);
    }
    table
}

/// `/app/{scenario}/integration`: the indicators at the checkpoint asked for (the
/// country's measure by default), with downloads; a municipality uploads its register
/// entries here.
pub async fn integration(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Query(query): Query<CheckpointQuery>,
    Query(download): Query<Download>,
) -> Response {
    let note = query.note.as_deref() == Some("recorded");
    integration_page(&state, &user, &scenario, &query, &download, note, None).await
}

async fn integration_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    query: &CheckpointQuery,
    download: &Download,
    recorded: bool,
    problems: Option<&[String]>,
) -> Response {
    let lang = user.lang;
    let found = match indicators_of(
        state,
        &user.principal,
        scenario,
        query.checkpoint.as_deref(),
    )
    .await
    {
        Ok(found) => found,
        Err(error) => return error_page(lang, Some(user), &error),
    };
    let figures = indicator_table(lang, scenario, &found);
    if let Some(file) = download.answer("integration", &figures) {
        return file;
    }
    let options = Checkpoint::all();
    let records = matches!(user.principal.role, Role::Municipality(..));
    let page = layout(
        lang,
        Some(user),
        &[
            ("/app", lang.t(Text::Home)),
            (format!("/app/{scenario}").as_str(), scenario),
        ],
        lang.t(Text::IntegrationIndicators),
        html! {
            (problems_summary(lang, problems, "register-file"))
            @if recorded { p.note role="status" { (lang.t(Text::Saved)) } }
            form.inline method="get" {
                label for="checkpoint" { (lang.t(Text::CheckpointLabel))
                    select id="checkpoint" name="checkpoint" {
                        @for option in &options {
                            @let value = option.to_string();
                            option value=(value) selected[value == found.checkpoint] { (lang.checkpoint(*option)) }
                        }
                    }
                }
                button type="submit" { (lang.t(Text::Show)) }
            }
            (table(lang, "integration", &figures))
            @if found.suppressed { p.help { (lang.t(Text::SuppressionNote)) } }
            @if records {
                h2 { (lang.t(Text::IntegrationRegister)) }
                (upload_form(lang, user, &format!("/app/{scenario}/register-files"), "register-file",
                    Text::RegisterFile, Text::RegisterFileHelp, Text::RecordRegisterFile, problems, None))
            }
        },
    );
    let status = problems.map_or(StatusCode::OK, |_| StatusCode::UNPROCESSABLE_ENTITY);
    (status, page).into_response()
}

/// `POST /app/{scenario}/register-files`: a municipality records an uploaded file of
/// register entries; refused, the page again with every problem at its row and column.
pub async fn upload_register(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let lang = user.lang;
    let file = match uploaded(&user, &mut multipart, "register.csv").await {
        Ok(upload) => upload.file,
        Err(refusal) => return refusal,
    };
    let problems: Vec<String> = match file {
        Some((name, bytes)) => {
            match record_file(&state, &user.principal, &scenario, &name, &bytes).await {
                Ok(Ok(_)) => return back_to(&format!("/app/{scenario}/integration"), "recorded"),
                Ok(Err(errors)) => errors.iter().map(ToString::to_string).collect(),
                Err(error) => return error_page(lang, Some(&user), &error),
            }
        }
        None => vec![format!("file: {}", lang.t(Text::RegisterFile))],
    };
    let query = CheckpointQuery {
        checkpoint: None,
        note: None,
    };
    integration_page(
        &state,
        &user,
        &scenario,
        &query,
        &Download::default(),
        false,
        Some(&problems),
    )
    .await
}
