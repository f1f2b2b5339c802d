//! Starting and approving a placement run.

use super::*;

#[derive(Deserialize)]
pub struct RunForm {
    csrf_token: String,
    method: String,
    time_limit_seconds: f64,
    #[serde(default)]
    placement_date: String,
    #[serde(default)]
    tie_bonus: String,
    #[serde(default)]
    waiting_weight: String,
    /// Checkboxes: present ("on") when ticked.
    #[serde(default)]
    reserve: Option<String>,
    #[serde(default)]
    balance: Option<String>,
}

/// A decimal field, blank for none; a comma is read as the decimal point.
fn decimal(text: &str, field: &str) -> ApiResult<Option<f64>> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        ApiError::field(
            field,
            format!("{field}: a number such as 0.5, got '{text}'"),
        )
    })
}

async fn start_from_form(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    form: &RunForm,
) -> ApiResult<()> {
    check_csrf(user, &form.csrf_token)?;
    let body = RunIn {
        method: Some(parse_field::<RunMethod>(&form.method, "method")?),
        time_limit_seconds: Some(form.time_limit_seconds),
        placement_date: Some(form.placement_date.trim())
            .filter(|d| !d.is_empty())
            .map(|d| parse_date(d, "placement_date"))
            .transpose()?,
        tie_bonus: decimal(&form.tie_bonus, "tie_bonus")?,
        waiting_weight: decimal(&form.waiting_weight, "waiting_weight")?,
        reserve: Some(form.reserve.is_some()),
        balance: Some(form.balance.is_some()),
    };
    start_run(state, &user.principal, scenario, &body)
        .await
        .map(|_| ())
}

pub async fn start_run_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Form(form): Form<RunForm>,
) -> Response {
    match start_from_form(&state, &user, &scenario, &form).await {
        Ok(()) => back_to(&format!("/app/{scenario}"), "started"),
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

pub async fn approve_run_form(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, i64)>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let result = match check_csrf(&user, &form.csrf_token) {
        Ok(()) => approve_run(&state, &user.principal, &scenario, id)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => back_to(&format!("/app/{scenario}"), "approved"),
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}
