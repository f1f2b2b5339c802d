//! Starting and approving a placement run.

use super::year::{national_page_refused, Shown};
use super::*;

/// The run form as it was sent: text, so that a refused entry is shown again as typed.
#[derive(Deserialize, Default, Clone)]
pub struct RunForm {
    csrf_token: String,
    method: String,
    time_limit_seconds: String,
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
    /// Blank: by the predicted outcome alone.
    #[serde(default)]
    mechanism: String,
    #[serde(default)]
    preference_weight: String,
    #[serde(default)]
    outcome_share: String,
}

/// A refused run form: what was entered, and why.
pub(super) struct RunRefused {
    pub form: RunForm,
    pub error: FieldError,
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
) -> ApiResult<i64> {
    check_csrf(user, &form.csrf_token)?;
    let body = RunIn {
        method: Some(parse_field::<RunMethod>(&form.method, "method")?),
        time_limit_seconds: Some(
            decimal(&form.time_limit_seconds, "time_limit_seconds")?.ok_or_else(|| {
                ApiError::field(
                    "time_limit_seconds",
                    "time_limit_seconds: how many seconds the run may take, from 1 to 600",
                )
            })?,
        ),
        placement_date: Some(form.placement_date.trim())
            .filter(|d| !d.is_empty())
            .map(|d| parse_date(d, "placement_date"))
            .transpose()?,
        tie_bonus: decimal(&form.tie_bonus, "tie_bonus")?,
        waiting_weight: decimal(&form.waiting_weight, "waiting_weight")?,
        reserve: Some(form.reserve.is_some()),
        balance: Some(form.balance.is_some()),
        mechanism: Some(form.mechanism.trim())
            .filter(|m| !m.is_empty())
            .map(|m| parse_field::<RunMechanism>(m, "mechanism"))
            .transpose()?,
        preference_weight: decimal(&form.preference_weight, "preference_weight")?,
        outcome_share: decimal(&form.outcome_share, "outcome_share")?,
    };
    start_run(state, &user.principal, scenario, &body)
        .await
        .map(|run| run.id)
}

/// `POST /app/{scenario}/placement-runs`: starts a run; the placement tab again with the
/// refused field marked and the entries kept when a value is wrong.
pub async fn start_run_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Form(form): Form<RunForm>,
) -> Response {
    match start_from_form(&state, &user, &scenario, &form).await {
        Ok(id) => Redirect::to(&format!("/app/{scenario}?note=started&run={id}")).into_response(),
        Err(error) if error.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let refused = RunRefused {
                form,
                error: FieldError::of(&error),
            };
            national_page_refused(&state, &user, &scenario, Shown::RunRefused(&refused)).await
        }
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

/// The id of the run form's input for the API field `field`.
pub(super) fn run_field_anchor(field: &str) -> String {
    match field {
        "time_limit_seconds" => "#time_limit".to_owned(),
        "" => "#start-run".to_owned(),
        other => format!("#{other}"),
    }
}

/// The form that starts a run, with what was entered and the error at its field when it
/// was refused.
pub(super) fn run_form(
    lang: Lang,
    user: &WebUser,
    scenario: &str,
    refused: Option<&RunRefused>,
) -> Markup {
    let blank = RunForm {
        method: "optimal".to_owned(),
        time_limit_seconds: "10".to_owned(),
        tie_bonus: "0".to_owned(),
        waiting_weight: "0".to_owned(),
        ..RunForm::default()
    };
    let form = refused.map_or(&blank, |r| &r.form);
    let error = refused.map(|r| &r.error);
    let field = |id: &str, name: &str, label: Text, value: &str, attributes: (&str, &str, &str)| {
        let message = FieldError::for_field(error, name);
        let error_id = format!("{id}-error");
        let (min, max, step) = attributes;
        html! {
            label for=(id) { (lang.t(label))
                input id=(id) name=(name) type="number" min=(min) max=(max) step=(step) value=(value)
                    aria-invalid=[message.as_ref().map(|_| "true")]
                    aria-describedby=[message.as_ref().map(|_| error_id.as_str())];
            }
            @if let Some(message) = &message { p.error id=(error_id) role="alert" { (message) } }
        }
    };
    let date_error = FieldError::for_field(error, "placement_date");
    html! {
        h2 id="start-run" { (lang.t(Text::StartRun)) }
        form.stack method="post" action=(format!("/app/{scenario}/placement-runs")) novalidate {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            label for="method" { (lang.t(Text::Method))
                select id="method" name="method" {
                    @for method in [RunMethod::Optimal, RunMethod::Greedy] {
                        @let value = method.as_str();
                        option value=(value) selected[form.method == value] { (lang.run_method(method)) }
                    }
                }
            }
            (field("time_limit", "time_limit_seconds", Text::TimeLimit, &form.time_limit_seconds, ("1", "600", "1")))
            label for="placement_date" { (lang.t(Text::PlacementDate))
                input id="placement_date" name="placement_date" type="date" value=(form.placement_date)
                    aria-invalid=[date_error.as_ref().map(|_| "true")]
                    aria-describedby=[date_error.as_ref().map(|_| "placement_date-error")];
            }
            @if let Some(message) = &date_error { p.error id="placement_date-error" role="alert" { (message) } }
            (field("tie_bonus", "tie_bonus", Text::TieBonus, &form.tie_bonus, ("0", "10", "0.01")))
            (field("waiting_weight", "waiting_weight", Text::WaitingWeight, &form.waiting_weight, ("0", "1", "0.001")))
            (looking_ahead(lang, "", form.reserve.is_some(), form.balance.is_some()))
            (mechanism_select(lang, "", &form.mechanism, FieldError::for_field(error, "mechanism")))
            (field("preference_weight", "preference_weight", Text::PreferenceWeight, &form.preference_weight, ("0", "100", "0.01")))
            (field("outcome_share", "outcome_share", Text::OutcomeShare, &form.outcome_share, ("0", "1", "0.01")))
            button type="submit" { (lang.t(Text::StartRun)) }
        }
    }
}

/// The two ways a run looks ahead, as checkboxes (ids prefixed by `prefix` where a page
/// has two such forms): reserve places for later arrivals, balance each number over the year.
pub(super) fn looking_ahead(lang: Lang, prefix: &str, reserve: bool, balance: bool) -> Markup {
    html! {
        label for=(format!("{prefix}reserve")) {
            input id=(format!("{prefix}reserve")) name="reserve" type="checkbox" value="on" checked[reserve];
            " " (lang.t(Text::ReserveForLater))
        }
        label for=(format!("{prefix}balance")) {
            input id=(format!("{prefix}balance")) name="balance" type="checkbox" value="on" checked[balance];
            " " (lang.t(Text::BalanceOverYear))
        }
    }
}

/// The choice of how a run honours the households' rankings (ids prefixed by `prefix` where
/// a page has two such forms); `chosen` is the wire name, blank for none.
pub(super) fn mechanism_select(
    lang: Lang,
    prefix: &str,
    chosen: &str,
    message: Option<Message>,
) -> Markup {
    let id = format!("{prefix}mechanism");
    let error_id = format!("{id}-error");
    let choices = [
        None,
        Some(RunMechanism::Weighted),
        Some(RunMechanism::MinimumOutcome),
        Some(RunMechanism::Stable),
    ];
    html! {
        label for=(id) { (lang.t(Text::Mechanism))
            select id=(id) name="mechanism"
                aria-invalid=[message.as_ref().map(|_| "true")]
                aria-describedby=[message.as_ref().map(|_| error_id.as_str())] {
                @for mechanism in choices {
                    @let value = mechanism.map_or("", RunMechanism::as_str);
                    option value=(value) selected[chosen.trim() == value] { (lang.run_mechanism(mechanism)) }
                }
            }
        }
        @if let Some(message) = &message { p.error id=(error_id) role="alert" { (message) } }
    }
}

/// The approve form: `confirmed` is absent on the first press, which shows what approving
/// does and asks again (approving places people).
#[derive(Deserialize)]
pub struct ApproveForm {
    csrf_token: String,
    #[serde(default)]
    confirmed: Option<String>,
}

pub async fn approve_run_form(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, i64)>,
    Form(form): Form<ApproveForm>,
) -> Response {
    let lang = user.lang;
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(lang, Some(&user), &error);
    }
    if form.confirmed.is_none() {
        return confirm_approval(&state, &user, &scenario, id)
            .await
            .unwrap_or_else(|error| error_page(lang, Some(&user), &error));
    }
    match approve_run(&state, &user.principal, &scenario, id).await {
        Ok(_) => Redirect::to(&format!("/app/{scenario}?note=approved&run={id}")).into_response(),
        Err(error) => error_page(lang, Some(&user), &error),
    }
}

/// The confirm step of an approval: the run's result, what approving it does, and the
/// button that does it.
async fn confirm_approval(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: i64,
) -> ApiResult<Response> {
    let lang = user.lang;
    let runs = runs_of(state, &user.principal, scenario).await?;
    let run = runs
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ApiError::not_found(format!("no placement run {id} in '{scenario}'")))?;
    let question = format!("{} #{id}?", lang.t(Text::ApproveRunQuestion));
    let placed = run.persons_placed.unwrap_or(0);
    let (back, action) = (
        format!("/app/{scenario}?tab=placement"),
        format!("/app/{scenario}/placement-runs/{id}/approve"),
    );
    let confirm = Confirm {
        question: &question,
        what: html! {
            p { (lang.t(Text::PersonsToPlace)) ": " strong { (placed) } }
            p { (lang.t(Text::ApproveRunEffect)) }
        },
        action: &action,
        fields: &[],
        button: &format!("{} #{id}", lang.t(Text::Approve)),
        back: &back,
    };
    Ok(confirm.page(
        user,
        &[("/app", lang.t(Text::Home)), (back.as_str(), scenario)],
    ))
}
