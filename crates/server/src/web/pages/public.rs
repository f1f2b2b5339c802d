//! The public figures, for anyone.

use super::*;

/// `/public`: the planning years, for anyone.
pub async fn public_years(State(state): State<AppState>, PageLang(lang): PageLang) -> Response {
    match state.store.scenarios().await {
        Ok(scenarios) => layout(
            lang,
            None,
            &[],
            lang.t(Text::PublicFigures),
            html! {
                ul { @for s in &scenarios { li { a href=(format!("/public/{}", s.name)) { (s.name) } " (" (s.country.code()) " " (s.year) ")" } } }
            },
        )
        .into_response(),
        Err(error) => error_page(lang, None, &error.into()),
    }
}

#[derive(Deserialize)]
pub struct PublicQuery {
    region: Option<String>,
}

/// `/public/{scenario}`: per region and nation, or with `?region=` per municipality of
/// that region; suppressed as the API suppresses them (`summary_rows`), with the markers
/// explained.
pub async fn public_year(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(scenario): Path<String>,
    Query(query): Query<PublicQuery>,
    Query(download): Query<Download>,
) -> Response {
    let region = query.region.as_deref().filter(|r| !r.is_empty());
    // The year's own terms: a Norwegian year reads anmodning and vedtak in any language.
    let lang = match state.store.scenario_meta(&scenario).await {
        Ok(meta) => lang.reading(meta.country),
        Err(_) => lang,
    };
    let rows = match summary_rows(&state, &scenario, region).await {
        Ok(rows) => rows,
        Err(error) => return error_page(lang, None, &error),
    };
    let shown = Cell::from;
    let mut figures = Table::new(
        format!("{} · {scenario}", lang.t(Text::PublicFigures)),
        vec![
            Column::new(lang.t(Text::Code), ColumnKind::Text),
            Column::new(
                lang.t(if region.is_some() {
                    Text::Municipality
                } else {
                    Text::Region
                }),
                ColumnKind::Text,
            ),
            Column::new(lang.t(Text::Requested), ColumnKind::Integer),
            Column::new(lang.t(Text::Decided), ColumnKind::Integer),
            Column::new(lang.t(Text::Placed), ColumnKind::Integer),
            Column::new(lang.t(Text::UnaccompaniedMinors), ColumnKind::Integer),
            Column::new(lang.t(Text::WithoutDecision), ColumnKind::Integer),
        ],
    );
    for (index, row) in rows.iter().enumerate() {
        let cells = vec![
            row.code.clone().into(),
            row.name.clone().into(),
            shown(&row.requested),
            shown(&row.decided),
            shown(&row.placed),
            shown(&row.placed_unaccompanied_minors),
            shown(&row.municipalities_without_decision),
        ];
        // The last row is the total: the nation's, or the chosen region's.
        if index + 1 == rows.len() {
            figures.push_emphasised(cells);
        } else {
            figures.push(cells);
        }
    }
    if let Some(file) = download.answer("figures", &figures) {
        return file;
    }
    layout(
        lang,
        None,
        &[("/public", lang.t(Text::PublicFigures))],
        lang.t(Text::PublicFigures),
        html! {
            @match region {
                Some(_) => {
                    p { a href=(format!("/public/{scenario}")) { (lang.t(Text::AllRegions)) } }
                    (table(lang, "figures", &figures))
                }
                None => {
                    p { (lang.t(Text::ChooseRegion)) }
                    (linked_table(lang, "figures", &figures, &|cell: &Cell| match cell {
                        Cell::Text(code) if !code.is_empty() => format!("/public/{scenario}?region={code}"),
                        _ => format!("/public/{scenario}"),
                    }))
                }
            }
            p { (lang.t(Text::SuppressionNote)) }
        },
    )
    .into_response()
}
