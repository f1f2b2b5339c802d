//! Offering, letting and editing a dwelling.

use super::*;

/// The fields a dwelling form shares, offered or edited.
#[derive(Deserialize)]
pub struct DwellingFields {
    beds: String,
    available_from: String,
    contract: String,
    accessible: Option<String>,
    #[serde(default)]
    rent: String,
    #[serde(default)]
    passes_over_on: String,
}

/// A field's text, trimmed, unless left blank.
fn filled(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// The API's dwelling body from a page form's fields; a dwelling offered or edited from a
/// page is on offer (not let).
fn dwelling_body(
    id: Option<String>,
    municipality: Option<String>,
    fields: &DwellingFields,
) -> ApiResult<DwellingIn> {
    Ok(DwellingIn {
        id: id.map(|text| parse_field(&text, "id")).transpose()?,
        municipality: municipality
            .map(|text| parse_field(&text, "municipality"))
            .transpose()?,
        beds: whole_number(&fields.beds, "beds")?,
        available_from: parse_date(&fields.available_from, "available_from")?,
        accessible: fields.accessible.is_some(),
        contract: parse_field(&fields.contract, "contract")?,
        let_on: None,
        rent: filled(&fields.rent)
            .map(|text| whole_number(text, "rent"))
            .transpose()?,
        passes_over_on: filled(&fields.passes_over_on)
            .map(|text| parse_date(text, "passes_over_on"))
            .transpose()?,
    })
}

#[derive(Deserialize)]
pub struct DwellingForm {
    csrf_token: String,
    dwelling_id: String,
    #[serde(flatten)]
    fields: DwellingFields,
}

/// Offers a dwelling from the municipality page; errors are shown next to their field.
pub async fn offer_dwelling(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    FormEntries(form, entries): FormEntries<DwellingForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let body = dwelling_body(
        Some(form.dwelling_id.trim().to_owned()),
        Some(code.clone()),
        &form.fields,
    );
    let result = match body {
        Ok(body) => offer(&state, &user.principal, &scenario, &body)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    after_form(&state, &user, &scenario, &code, result, &entries).await
}

#[derive(Deserialize)]
pub struct LetForm {
    csrf_token: String,
    version: u32,
}

/// Marks a dwelling let today, if nobody changed it since the page was shown.
pub async fn mark_let(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Form(form): Form<LetForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let current = match state.store.dwelling(&scenario, &id).await {
        Ok(current) => current,
        Err(error) => return error_page(user.lang, Some(&user), &error.into()),
    };
    let d = &current.dwelling;
    let body = DwellingIn {
        id: None,
        municipality: None,
        beds: d.beds(),
        available_from: d.available_from,
        accessible: d.accessible,
        contract: d.contract.into(),
        let_on: Some(chrono::Utc::now().date_naive()),
        rent: d.rent,
        passes_over_on: d.passes_over_on(),
    };
    let result = edit(&state, &user.principal, &scenario, &id, &body, form.version)
        .await
        .map(|_| ());
    after_form(
        &state,
        &user,
        &scenario,
        d.municipality.as_str(),
        result,
        &Entries::default(),
    )
    .await
}

/// `/app/{scenario}/dwellings/{id}`: edit a dwelling (beds, availability, contract, access).
pub async fn dwelling(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
) -> Response {
    dwelling_page(&state, &user, &scenario, &id, None, StatusCode::OK)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

async fn dwelling_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: &str,
    form_error: Option<FieldError>,
    status: StatusCode,
) -> ApiResult<Response> {
    let lang = user.lang;
    // The same read as the API's, with its jurisdiction check.
    let scope = landa_app::access::scope_in(&state.store, &user.principal, scenario).await?;
    let view = state.store.planning_view(scenario, None).await?;
    let record = state.store.dwelling(scenario, id).await?;
    scope.check(&record.dwelling.municipality, &view.municipalities)?;
    let d = &record.dwelling;
    let error_for = |field: &str| FieldError::for_field(form_error.as_ref(), field);
    let page = layout(
        lang,
        Some(user),
        &format!("{} {}", lang.t(Text::Edit), d.id),
        html! {
            @if let Some(e) = form_error.as_ref().filter(|e| e.field.is_empty()) { p.error role="alert" { (e.message) } }
            form.stack method="post" action=(format!("/app/{scenario}/dwellings/{id}")) novalidate {
                input type="hidden" name="csrf_token" value=(user.csrf_token);
                input type="hidden" name="version" value=(record.version);
                (input_field(lang.t(Text::Beds), "beds", "number", &d.beds().to_string(), error_for("beds")))
                (input_field(lang.t(Text::AvailableFrom), "available_from", "date", &d.available_from.to_string(), error_for("available_from")))
                label for="contract" { "Contract"
                    select id="contract" name="contract" {
                        @for contract in Contract::ALL {
                            option value=(contract) selected[d.contract == (*contract).into()] { (contract) }
                        }
                    }
                }
                @if let Some(message) = error_for("contract") { p.error role="alert" { (message) } }
                label.check for="accessible" {
                    input id="accessible" name="accessible" type="checkbox" value="true" checked[d.accessible];
                    (lang.t(Text::Accessible))
                }
                (input_field(lang.t(Text::Rent), "rent", "number", &d.rent.map(|r| r.to_string()).unwrap_or_default(), error_for("rent")))
                (input_field(lang.t(Text::PassesOverOn), "passes_over_on", "date", &d.passes_over_on().map(|p| p.to_string()).unwrap_or_default(), error_for("passes_over_on")))
                button type="submit" { (lang.t(Text::Save)) }
            }
            p { a href=(format!("/app/{scenario}/municipalities/{}", d.municipality)) { (lang.t(Text::Municipality)) " " (d.municipality) } }
        },
    );
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
pub struct DwellingEditForm {
    csrf_token: String,
    version: u32,
    #[serde(flatten)]
    fields: DwellingFields,
}

/// Saves a dwelling edit if nobody changed the dwelling since the form was shown.
pub async fn edit_dwelling(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Form(form): Form<DwellingEditForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let body = dwelling_body(None, None, &form.fields);
    let result = match body {
        Ok(body) => edit(&state, &user.principal, &scenario, &id, &body, form.version).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(record) => back_to(
            &format!(
                "/app/{scenario}/municipalities/{}",
                record.dwelling.municipality
            ),
            "saved",
        ),
        // A conflict or a bad value: the form again, with the message where it belongs.
        Err(error)
            if error.body.field.is_some() || error.status == StatusCode::PRECONDITION_FAILED =>
        {
            let field_error = FieldError {
                field: error.field_name().unwrap_or_default().to_owned(),
                message: error.body.message.clone(),
            };
            dwelling_page(
                &state,
                &user,
                &scenario,
                &id,
                Some(field_error),
                error.status,
            )
            .await
            .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
        }
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

#[derive(Deserialize)]
pub struct CommitmentForm {
    csrf_token: String,
    prefix: String,
    /// Named apart from the single offer's fields on the same page.
    #[serde(rename = "commitment_beds")]
    beds: String,
    contract: String,
    accessible: Option<String>,
    #[serde(default, rename = "commitment_rent")]
    rent: String,
    first: String,
    every_months: String,
    until: String,
}

/// Commits the municipality to offering homes regularly, from its page; errors are shown
/// next to their field.
pub async fn commit_to_offer(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    FormEntries(form, entries): FormEntries<CommitmentForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let body = (|| -> ApiResult<CommitmentIn> {
        Ok(CommitmentIn {
            prefix: form.prefix.trim().to_owned(),
            municipality: parse_field(&code, "municipality")?,
            beds: whole_number(&form.beds, "beds")?,
            accessible: form.accessible.is_some(),
            contract: parse_field(&form.contract, "contract")?,
            rent: filled(&form.rent)
                .map(|text| whole_number(text, "rent"))
                .transpose()?,
            first: parse_date(&form.first, "first")?,
            every_months: Some(whole_number(&form.every_months, "every_months")?),
            until: parse_date(&form.until, "until")?,
        })
    })();
    let result = match body {
        Ok(body) => offer_regularly(&state, &user.principal, &scenario, &body)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    }
    // The message goes to this form's field, not the single offer's of the same name.
    .map_err(|mut error| {
        if let Some(field @ ("beds" | "rent")) = error.field_name() {
            error.body.field = Some(FieldPath::new(format!("commitment_{field}")));
        }
        error
    });
    after_form(&state, &user, &scenario, &code, result, &entries).await
}
