//! Starting and approving a placement run.

use super::*;

#[derive(Deserialize)]
pub struct RunForm {
    csrf_token: String,
    method: String,
    time_limit_seconds: f64,
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
