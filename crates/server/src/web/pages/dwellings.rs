//! Offering, letting and editing a dwelling, from a municipality's page or a housing
//! company's.

use super::municipality::{number_field, text_field};
use super::*;

/// The forms to offer one dwelling and to commit to offering homes regularly, posting to
/// `{base}/dwellings` and `{base}/dwelling-commitments`. A housing company serving several
/// municipalities chooses one from `choices` in each form.
pub(super) fn offer_forms(
    lang: Lang,
    user: &WebUser,
    base: &str,
    choices: Option<&[(String, String)]>,
    form_error: Option<&FieldError>,
    entries: &Entries,
) -> Markup {
    let error_for = |field: &str| FieldError::for_field(form_error, field);
    let municipality_choice = |id: &str| {
        html! {
            @if let Some(choices) = choices {
                label for=(id) { (lang.t(Text::Municipality))
                    select id=(id) name="municipality" {
                        @for (code, name) in choices {
                            option value=(code) selected[entries.get("municipality") == Some(code.as_str())] { (code) " " (name) }
                        }
                    }
                }
                @if let Some(message) = error_for("municipality") { p.error role="alert" { (message) } }
            }
        }
    };
    let contract_choice = |id: &str| {
        html! {
            label for=(id) { (lang.t(Text::Contract))
                select id=(id) name="contract" {
                    @for contract in Contract::ALL {
                        option value=(contract) selected[entries.get("contract") == Some(contract.to_string().as_str())] { (lang.contract((*contract).into())) }
                    }
                }
            }
            @if let Some(message) = error_for("contract") { p.error role="alert" { (message) } }
        }
    };
    html! {
        h3 { (lang.t(Text::OfferDwelling)) }
        form.stack method="post" action=(format!("{base}/dwellings")) novalidate {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            (municipality_choice("municipality"))
            (text_field("id", "dwelling_id", "text", error_for("id"), entries.get("dwelling_id")))
            (number_field(lang.t(Text::Beds), "beds", error_for("beds"), entries.get("beds")))
            (text_field(lang.t(Text::AvailableFrom), "available_from", "date", error_for("available_from"), entries.get("available_from")))
            (contract_choice("contract"))
            label.check for="accessible" {
                input id="accessible" name="accessible" type="checkbox" value="true";
                (lang.t(Text::Accessible))
            }
            (number_field(lang.t(Text::Rent), "rent", error_for("rent"), entries.get("rent")))
            (text_field(lang.t(Text::PassesOverOn), "passes_over_on", "date", error_for("passes_over_on"), entries.get("passes_over_on")))
            (text_field(lang.t(Text::Address), "address", "text", error_for("address"), entries.get("address")))
            button type="submit" { (lang.t(Text::OfferDwelling)) }
        }
        h3 { (lang.t(Text::CommitToOffer)) }
        p { (lang.t(Text::CommitToOfferHelp)) }
        form.stack method="post" action=(format!("{base}/dwelling-commitments")) novalidate {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            (municipality_choice("commitment_municipality"))
            (text_field(lang.t(Text::IdPrefix), "prefix", "text", error_for("prefix"), entries.get("prefix")))
            (number_field(lang.t(Text::Beds), "commitment_beds", error_for("commitment_beds"), entries.get("commitment_beds")))
            (contract_choice("commitment_contract"))
            label.check for="commitment-accessible" {
                input id="commitment-accessible" name="accessible" type="checkbox" value="true";
                (lang.t(Text::Accessible))
            }
            (number_field(lang.t(Text::Rent), "commitment_rent", error_for("commitment_rent"), entries.get("commitment_rent")))
            (text_field(lang.t(Text::FirstOffer), "first", "date", error_for("first"), entries.get("first")))
            (number_field(lang.t(Text::EveryMonths), "every_months", error_for("every_months"), entries.get("every_months")))
            (text_field(lang.t(Text::Until), "until", "date", error_for("until"), entries.get("until")))
            button type="submit" { (lang.t(Text::CommitToOffer)) }
        }
    }
}

/// Where a dwelling form was sent from, and where its result is shown: a municipality's
/// page, or the housing company's page, whose forms name the municipality.
enum Origin {
    Municipality(String),
    Housing,
}

impl Origin {
    /// A municipality's page's forms are its own and national's; a housing company offers
    /// from its own page, which it returns to.
    fn check(&self, user: &WebUser) -> ApiResult<()> {
        match (self, &user.principal.role) {
            (Origin::Municipality(_), Role::Housing(..)) => Err(ApiError::forbidden(
                "a housing company offers its dwellings from its own page",
            )),
            (Origin::Housing, Role::Housing(..)) | (Origin::Municipality(_), _) => Ok(()),
            (Origin::Housing, _) => Err(ApiError::forbidden(
                "this page is a housing company's; offer from the municipality's page",
            )),
        }
    }

    /// The municipality the form is about: the page's, or the one chosen in the form.
    fn municipality(&self, chosen: &str) -> String {
        match self {
            Origin::Municipality(code) => code.clone(),
            Origin::Housing => chosen.trim().to_owned(),
        }
    }

    async fn answer(
        &self,
        state: &AppState,
        user: &WebUser,
        scenario: &str,
        result: ApiResult<()>,
        entries: &Entries,
    ) -> Response {
        match self {
            Origin::Municipality(code) => {
                after_form(state, user, scenario, code, result, entries, "dwellings").await
            }
            Origin::Housing => {
                super::housing::after_form(state, user, scenario, result, entries).await
            }
        }
    }
}

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
    #[serde(default)]
    address: String,
}

impl DwellingFields {
    /// The fields as the stored dwelling has them, for its edit form.
    fn of(d: &landa_model::Dwelling) -> DwellingFields {
        DwellingFields {
            beds: d.beds().to_string(),
            available_from: d.available_from.to_string(),
            contract: d.contract.to_string(),
            accessible: d.accessible.then(|| "true".to_owned()),
            rent: d.rent.map(|r| r.to_string()).unwrap_or_default(),
            passes_over_on: d
                .passes_over_on()
                .map(|p| p.to_string())
                .unwrap_or_default(),
            address: d.address().unwrap_or_default().to_owned(),
        }
    }
}

/// The API's dwelling body from a page form's fields; a dwelling offered or edited from a
/// page is on offer (not let).
fn dwelling_body(
    lang: Lang,
    id: Option<String>,
    municipality: Option<String>,
    fields: &DwellingFields,
) -> ApiResult<DwellingIn> {
    Ok(DwellingIn {
        id: id.map(|text| parse_field(&text, "id")).transpose()?,
        municipality: municipality
            .map(|text| parse_field(&text, "municipality"))
            .transpose()?,
        beds: whole_number(lang, &fields.beds, "beds")?,
        available_from: parse_date(&fields.available_from, "available_from")?,
        accessible: fields.accessible.is_some(),
        contract: parse_field(&fields.contract, "contract")?,
        let_on: None,
        rent: filled(&fields.rent)
            .map(|text| whole_number(lang, text, "rent"))
            .transpose()?,
        passes_over_on: filled(&fields.passes_over_on)
            .map(|text| parse_date(text, "passes_over_on"))
            .transpose()?,
        address: filled(&fields.address).map(str::to_owned),
    })
}

#[derive(Deserialize)]
pub struct DwellingForm {
    csrf_token: String,
    dwelling_id: String,
    /// Chosen on a housing company's page; a municipality's page names its own.
    #[serde(default)]
    municipality: String,
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
    offer_from(
        state,
        user,
        scenario,
        Origin::Municipality(code),
        form,
        entries,
    )
    .await
}

/// Offers a dwelling from the housing company's page, in the municipality it chose.
pub async fn offer_company_dwelling(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    FormEntries(form, entries): FormEntries<DwellingForm>,
) -> Response {
    offer_from(state, user, scenario, Origin::Housing, form, entries).await
}

async fn offer_from(
    state: AppState,
    user: WebUser,
    scenario: String,
    origin: Origin,
    form: DwellingForm,
    entries: Entries,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token).and_then(|()| origin.check(&user)) {
        return error_page(user.lang, Some(&user), &error);
    }
    let body = dwelling_body(
        user.lang,
        Some(form.dwelling_id.trim().to_owned()),
        Some(origin.municipality(&form.municipality)),
        &form.fields,
    );
    let result = match body {
        Ok(body) => offer(&state, &user.principal, &scenario, &body)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    origin
        .answer(&state, &user, &scenario, result, &entries)
        .await
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
        address: d.address().map(str::to_owned),
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
        "dwellings",
    )
    .await
}

/// `/app/{scenario}/dwellings/{id}`: edit a dwelling (beds, availability, contract, access).
pub async fn dwelling(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
) -> Response {
    dwelling_page(&state, &user, &scenario, &id, None)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

async fn dwelling_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: &str,
    refused: Option<(FieldError, StatusCode, &DwellingFields)>,
) -> ApiResult<Response> {
    let lang = user.lang;
    // The same read as the API's, with its jurisdiction check.
    let record =
        landa_app::dwellings::visible_dwelling(&state.store, &user.principal, scenario, id).await?;
    let d = &record.dwelling;
    // A refused form shows what was entered; otherwise the dwelling as stored.
    let stored = DwellingFields::of(d);
    let (form_error, status, shown) = match refused {
        Some((error, status, entered)) => (Some(error), status, entered),
        None => (None, StatusCode::OK, &stored),
    };
    let error_for = |field: &str| FieldError::for_field(form_error.as_ref(), field);
    let page = layout(
        lang,
        Some(user),
        &[
            ("/app", lang.t(Text::Home)),
            (format!("/app/{scenario}").as_str(), scenario),
        ],
        &format!("{} {}", lang.t(Text::Edit), d.id),
        html! {
            (error_summary(lang, form_error.iter().map(|e| (
                Some(e.field.as_str()).filter(|f| !f.is_empty()).map(|f| format!("#{f}")),
                e.message.clone(),
            ))))
            form.stack method="post" action=(format!("/app/{scenario}/dwellings/{id}")) novalidate {
                input type="hidden" name="csrf_token" value=(user.csrf_token);
                input type="hidden" name="version" value=(record.version);
                (input_field(lang.t(Text::Beds), "beds", "number", &shown.beds, error_for("beds")))
                (input_field(lang.t(Text::AvailableFrom), "available_from", "date", &shown.available_from, error_for("available_from")))
                label for="contract" { (lang.t(Text::Contract))
                    select id="contract" name="contract" {
                        @for contract in Contract::ALL {
                            option value=(contract) selected[shown.contract == contract.to_string()] { (lang.contract((*contract).into())) }
                        }
                    }
                }
                @if let Some(message) = error_for("contract") { p.error role="alert" { (message) } }
                label.check for="accessible" {
                    input id="accessible" name="accessible" type="checkbox" value="true" checked[shown.accessible.is_some()];
                    (lang.t(Text::Accessible))
                }
                (input_field(lang.t(Text::Rent), "rent", "number", &shown.rent, error_for("rent")))
                (input_field(lang.t(Text::PassesOverOn), "passes_over_on", "date", &shown.passes_over_on, error_for("passes_over_on")))
                (input_field(lang.t(Text::Address), "address", "text", &shown.address, error_for("address")))
                button type="submit" { (lang.t(Text::Save)) }
            }
            p { a href=(home_of_dwelling(user, scenario, d)) { (lang.t(Text::Back)) } }
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
    let body = dwelling_body(user.lang, None, None, &form.fields);
    let result = match body {
        Ok(body) => edit(&state, &user.principal, &scenario, &id, &body, form.version).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(record) => back_to(
            &home_of_dwelling(&user, &scenario, &record.dwelling),
            "saved",
        ),
        // A conflict or a bad value: the form again, with the message where it belongs.
        Err(error)
            if error.body.field.is_some() || error.status == StatusCode::PRECONDITION_FAILED =>
        {
            let field_error = FieldError::of(&error);
            let refused = Some((field_error, error.status, &form.fields));
            dwelling_page(&state, &user, &scenario, &id, refused)
                .await
                .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
        }
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

/// Where a dwelling's editor comes from and returns to: a housing company's page, else
/// the municipality's.
fn home_of_dwelling(user: &WebUser, scenario: &str, dwelling: &landa_model::Dwelling) -> String {
    match user.principal.role {
        Role::Housing(..) => format!("/app/{scenario}/housing"),
        _ => format!(
            "/app/{scenario}/municipalities/{}?tab=dwellings",
            dwelling.municipality
        ),
    }
}

#[derive(Deserialize)]
pub struct CommitmentForm {
    csrf_token: String,
    /// Chosen on a housing company's page; a municipality's page names its own.
    #[serde(default)]
    municipality: String,
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
    commit_from(
        state,
        user,
        scenario,
        Origin::Municipality(code),
        form,
        entries,
    )
    .await
}

/// Commits a housing company to offering homes regularly in the municipality it chose.
pub async fn commit_company(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    FormEntries(form, entries): FormEntries<CommitmentForm>,
) -> Response {
    commit_from(state, user, scenario, Origin::Housing, form, entries).await
}

async fn commit_from(
    state: AppState,
    user: WebUser,
    scenario: String,
    origin: Origin,
    form: CommitmentForm,
    entries: Entries,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token).and_then(|()| origin.check(&user)) {
        return error_page(user.lang, Some(&user), &error);
    }
    let code = origin.municipality(&form.municipality);
    let body = (|| -> ApiResult<CommitmentIn> {
        Ok(CommitmentIn {
            prefix: form.prefix.trim().to_owned(),
            municipality: parse_field(&code, "municipality")?,
            beds: whole_number(user.lang, &form.beds, "beds")?,
            accessible: form.accessible.is_some(),
            contract: parse_field(&form.contract, "contract")?,
            rent: filled(&form.rent)
                .map(|text| whole_number(user.lang, text, "rent"))
                .transpose()?,
            first: parse_date(&form.first, "first")?,
            every_months: Some(whole_number(user.lang, &form.every_months, "every_months")?),
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
    origin
        .answer(&state, &user, &scenario, result, &entries)
        .await
}
