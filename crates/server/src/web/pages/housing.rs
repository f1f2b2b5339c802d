//! A housing company's page: the homes it offers in the municipalities it serves, whether
//! each is on offer, reserved for a household or let, and the forms to offer more.

use super::dwellings::offer_forms;
use super::*;
use landa_app::dwellings::{visible_dwellings, SeenDwelling};
use landa_model::StateName;

/// `/app/{scenario}/housing`: the housing company's own dwellings and offer forms.
pub async fn housing(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Query(note): Query<super::year::NoteQuery>,
    Query(download): Query<Download>,
    Query(filter): Query<DwellingFilter>,
) -> Response {
    let saved = note.note.as_deref() == Some("saved");
    let shown = Shown {
        saved,
        download: &download,
        filter: &filter,
    };
    housing_page(&state, &user, &scenario, None, shown, StatusCode::OK)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

/// What a dwelling is to its offerer: on offer, reserved for a household of so many
/// persons from approval, or let (moved in, or marked let).
fn status(lang: Lang, seen: &SeenDwelling) -> String {
    let persons = |n: u32| format!("{n} {}", lang.t(Text::Persons).to_lowercase());
    match &seen.holder {
        Some(holder) if holder.state == StateName::MovedIn => format!(
            "{} · {}{}",
            lang.t(Text::Let),
            persons(holder.persons),
            holder
                .since
                .map(|day| format!(" · {} {day}", lang.t(Text::MovedInOn)))
                .unwrap_or_default()
        ),
        Some(holder) => format!(
            "{} · {}{}",
            lang.t(Text::Reserved),
            persons(holder.persons),
            holder
                .since
                .map(|day| format!(" · {day}"))
                .unwrap_or_default()
        ),
        None => match seen.record.let_on {
            Some(day) => format!("{} {day}", lang.t(Text::Let)),
            None => lang.t(Text::OnOffer).to_owned(),
        },
    }
}

/// What the page is asked to show besides its content: the note after a save, its
/// table as a file, and which of its dwellings.
struct Shown<'a> {
    saved: bool,
    download: &'a Download,
    filter: &'a DwellingFilter,
}

/// Dwellings listed on one page; the download holds every one the filter chooses.
const DWELLINGS_ON_PAGE: usize = 50;

/// Which dwellings the list shows: in one municipality, in one standing (on offer,
/// reserved or let), whose id or address contains a text, from an offset.
#[derive(Deserialize, Default)]
pub struct DwellingFilter {
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    standing: String,
    #[serde(default)]
    search: String,
    #[serde(default)]
    offset: usize,
}

/// The standings a dwelling has to its offerer, as the filter names them.
const STANDINGS: [(&str, Text); 3] = [
    ("on_offer", Text::OnOffer),
    ("reserved", Text::Reserved),
    ("let", Text::Let),
];

impl DwellingFilter {
    fn chooses(&self, seen: &SeenDwelling) -> bool {
        let d = &seen.record.dwelling;
        let standing = match &seen.holder {
            Some(holder) if holder.state == StateName::MovedIn => "let",
            Some(_) => "reserved",
            None if seen.record.let_on.is_some() => "let",
            None => "on_offer",
        };
        let search = self.search.trim().to_lowercase();
        (self.municipality.is_empty() || d.municipality.as_str() == self.municipality)
            && (self.standing.is_empty() || standing == self.standing)
            && (search.is_empty()
                || d.id.as_str().to_lowercase().contains(&search)
                || d.address()
                    .is_some_and(|a| a.to_lowercase().contains(&search)))
    }

    /// This filter's address at another offset.
    fn at(&self, offset: usize) -> String {
        let offset = offset.to_string();
        let pairs = [
            ("municipality", self.municipality.as_str()),
            ("standing", self.standing.as_str()),
            ("search", self.search.as_str()),
            ("offset", offset.as_str()),
        ];
        format!(
            "?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }

    /// The filter's form (GET, so a view can be bookmarked) and the links to the pages
    /// of `total` dwellings.
    fn form(&self, lang: Lang, choices: &[(String, String)], total: usize) -> Markup {
        html! {
            form.filters method="get" {
                label for="filter-municipality" { (lang.t(Text::Municipality))
                    select id="filter-municipality" name="municipality" {
                        option value="" { (lang.t(Text::All)) }
                        @for (code, name) in choices {
                            option value=(code) selected[self.municipality == *code] { (name) }
                        }
                    }
                }
                label for="filter-standing" { (lang.t(Text::Status))
                    select id="filter-standing" name="standing" {
                        option value="" { (lang.t(Text::All)) }
                        @for (value, name) in STANDINGS {
                            option value=(value) selected[self.standing == value] { (lang.t(name)) }
                        }
                    }
                }
                label for="filter-search" { (lang.t(Text::IdOrAddress))
                    input id="filter-search" name="search" type="search" value=(self.search);
                }
                button type="submit" { (lang.t(Text::Filter)) }
            }
            (PageLinks { offset: self.offset, per_page: DWELLINGS_ON_PAGE, at: &|offset| self.at(offset) }.of_total(lang, total))
        }
    }
}

async fn housing_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    refused: Option<(FieldError, &Entries)>,
    shown: Shown<'_>,
    status_code: StatusCode,
) -> ApiResult<Response> {
    let lang = user.lang;
    let Role::Housing(_, company) = &user.principal.role else {
        return Err(ApiError::forbidden("this page is a housing company's"));
    };
    let (form_error, entries) = match refused {
        Some((error, entries)) => (Some(error), entries.clone()),
        None => (None, Entries::default()),
    };
    let all = visible_dwellings(&state.store, &user.principal, scenario, None).await?;
    let seen: Vec<&SeenDwelling> = all.iter().filter(|s| shown.filter.chooses(s)).collect();
    let view = state.store.planning_view(scenario, None).await?;
    let name_of = |code: &landa_model::MunicipalityCode| {
        view.municipalities
            .iter()
            .find(|m| &m.code == code)
            .map(|m| m.name.clone())
    };
    // Only the served municipalities this year's scenario has can be chosen.
    let choices: Vec<(String, String)> = company
        .serves()
        .iter()
        .filter_map(|code| name_of(code).map(|name| (code.to_string(), name)))
        .collect();
    let mut dwellings = Table::new(
        lang.t(Text::Dwellings),
        vec![
            Column::new("id", ColumnKind::Text),
            Column::new(lang.t(Text::Municipality), ColumnKind::Text),
            Column::new(lang.t(Text::Beds), ColumnKind::Integer),
            Column::new(lang.t(Text::AvailableFrom), ColumnKind::Text),
            Column::new(lang.t(Text::Rent), ColumnKind::Integer),
            Column::new(lang.t(Text::Contract), ColumnKind::Text),
            Column::new(lang.t(Text::Status), ColumnKind::Text),
            Column::new(lang.t(Text::Address), ColumnKind::Text),
        ],
    );
    for s in &seen {
        let d = &s.record.dwelling;
        dwellings.push(vec![
            d.id.to_string().into(),
            format!(
                "{} {}",
                d.municipality,
                name_of(&d.municipality).unwrap_or_default()
            )
            .into(),
            d.beds().into(),
            d.available_from.to_string().into(),
            d.rent
                .map_or(Cell::Empty, |rent| Cell::Integer(i64::from(rent))),
            lang.contract(d.contract).into(),
            status(lang, s).into(),
            d.address().map(str::to_owned).into(),
        ]);
    }
    if let Some(file) = shown.download.answer("dwellings", &dwellings) {
        return Ok(file);
    }
    let total = dwellings.rows.len();
    dwellings.rows = dwellings
        .rows
        .into_iter()
        .skip(shown.filter.offset)
        .take(DWELLINGS_ON_PAGE)
        .collect();
    let page = layout(
        lang,
        Some(user),
        &[("/app", lang.t(Text::Home))],
        &format!(
            "{} {} · {}",
            lang.t(Text::HousingCompany),
            company.name(),
            view.meta.year
        ),
        html! {
            (error_summary(lang, form_error.iter().map(FieldError::summary_line)))
            @if shown.saved { (confirmation(lang.t(Text::Saved), None)) }
            p { (lang.t(Text::HousingCompanyHelp)) }
            h2 { (lang.t(Text::Dwellings)) }
            (shown.filter.form(lang, &choices, total))
            @if seen.is_empty() { p { (lang.t(Text::NothingYet)) } }
            @else {
                (linked_table(lang, "dwellings", &dwellings, &|cell: &Cell| match cell {
                    Cell::Text(id) => format!("/app/{scenario}/dwellings/{id}"),
                    _ => format!("/app/{scenario}/housing"),
                }))
            }
            @if choices.is_empty() {
                p.error { (lang.t(Text::ServesNoneHere)) }
            } @else {
                (offer_forms(lang, user, &format!("/app/{scenario}/housing"), Some(&choices), form_error.as_ref(), &entries))
            }
        },
    );
    Ok((status_code, page).into_response())
}

/// After an offer from the housing company's page: back to it, or the page again with
/// the error at its field and what was entered.
pub(super) async fn after_form(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    result: ApiResult<()>,
    entries: &Entries,
) -> Response {
    match result {
        Ok(()) => back_to(&format!("/app/{scenario}/housing"), "saved"),
        Err(error) if error.body.field.is_some() => {
            let field_error = FieldError::of(&error);
            housing_page(
                state,
                user,
                scenario,
                Some((field_error, entries)),
                Shown {
                    saved: false,
                    download: &Download::default(),
                    filter: &DwellingFilter::default(),
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
            .unwrap_or_else(|e| error_page(user.lang, Some(user), &e))
        }
        Err(error) => error_page(user.lang, Some(user), &error),
    }
}
