//! The pages. Each calls the same function as its API endpoint (routes/…), so access
//! rules and audit are the API's, then renders the result. One module per page or group
//! of pages; they share the imports and form helpers here (`use super::*`).

mod attention;
mod dwellings;
mod households;
mod housing;
mod integration;
mod municipality;
mod placement;
mod public;
mod region;
mod register;
mod session;
mod year;
mod year_plan;

pub use dwellings::{
    commit_company, commit_to_offer, dwelling, edit_dwelling, mark_let, offer_company_dwelling,
    offer_dwelling,
};
pub use households::{answer_placement, household, take_step};
pub use housing::housing;
pub use integration::{integration, upload_register};
pub use municipality::{decide, declare_minors, municipality, set_priorities};
pub use placement::{approve_run_form, start_run_form};
pub use public::{public_year, public_years};
pub use region::distribute;
pub use register::{household_register, record_register};
pub use session::{
    finish_single_sign_on, language, login, login_form, logout, root, start_single_sign_on,
};
pub use year::{upload_intake, year, years};
pub use year_plan::{set_schedule_form, stop_schedule_form, upload_forecast};

use attention::attention_section;
use municipality::after_form;
use region::region_page;
use year::gap_table;

use super::chart::{paired_bars, Pair};
use super::i18n::{Lang, Language, Text, LANG_COOKIE};
use super::indicators::{indicator_table, IndicatorInputs};
use super::{
    answered_table, back_to, confirmation, error_page, error_summary, layout, linked_table, table,
    tabs, Confirm, Download, Message, PageLang, PageLinks, WebUser,
};
use super::{sortable_table, Sort};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::routes::auth::open_session;
use crate::routes::commitments::{offer_regularly, CommitmentIn};
use crate::routes::dwellings::{edit, offer, DwellingIn};
use crate::routes::households::{answer, counts_in_scope, household_of, responses_of, ResponseIn};
use crate::routes::intake::register_file;
use crate::routes::placement::{approve_run, runs_of, start_run, RunIn};
use crate::routes::planning::{
    gap_rows, publish, register_decision, DecisionIn, GapRow, RequestItem, RoundIn,
};
use crate::routes::public::summary_rows;
use crate::routes::quota::{distribution, AdjustmentIn, QuotaIn, QuotaRow};
use crate::routes::scenarios::dashboard_of;
use crate::routes::{parse_date, parse_field};

/// A field's text, trimmed, unless left blank.
pub(super) fn filled(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// The entries of a list typed in one input, separated by commas, semicolons or line
/// breaks; blank entries dropped.
pub(super) fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(str::to_owned)
        .collect()
}
use crate::values::{Answer, Contract, GapLevel, RunMechanism, RunMethod, RunStatus};
use crate::{auth, sso, AppState};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use landa_app::FieldPath;
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_model::Role;
use maud::{html, Markup};
use serde::Deserialize;
use year_plan::{plan_tables, schedule_section, ScheduleRefused};

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf_token: String,
}

pub(super) fn check_csrf(user: &WebUser, sent: &str) -> ApiResult<()> {
    if sent == user.csrf_token {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Csrf,
            "the form's token does not match your session; reload the page",
        ))
    }
}

pub(super) fn input_field(
    label: &str,
    name: &str,
    kind: &str,
    value: &str,
    error: Option<Message>,
) -> Markup {
    let error_id = format!("{name}-error");
    html! {
        label for=(name) { (label)
            input id=(name) name=(name) type=(kind) value=(value) min=[(kind == "number").then_some("0")]
                aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| error_id.as_str())];
        }
        @if let Some(error) = &error { p.error id=(error_id) role="alert" { (error) } }
    }
}

/// A form error to show next to its field.
/// A form's fields as they were sent, to show again when the form is refused.
#[derive(Clone, Default)]
pub(super) struct Entries(Vec<(String, String)>);

impl Entries {
    /// What was entered in the field `name`, if anything.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A form read as `Form` reads it, with its fields as they were sent.
pub struct FormEntries<T>(pub T, pub(super) Entries);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S>
    for FormEntries<T>
{
    type Rejection = Response;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Response> {
        let axum::extract::RawForm(bytes) = axum::extract::RawForm::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|error| {
            let message = format!("Failed to deserialize form body: {error}");
            (StatusCode::UNPROCESSABLE_ENTITY, message).into_response()
        })?;
        let entries = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        Ok(FormEntries(form, Entries(entries)))
    }
}

#[derive(Clone)]
pub(super) struct FieldError {
    pub field: String,
    pub message: Message,
}

impl FieldError {
    /// The message of a refusal, at the field it names (none: at the top).
    pub(super) fn of(error: &ApiError) -> FieldError {
        FieldError {
            field: error.field_name().unwrap_or_default().to_owned(),
            message: Message::of(error),
        }
    }

    /// The message to show next to `field`, if the form's error is about it.
    pub(super) fn for_field(error: Option<&FieldError>, field: &str) -> Option<Message> {
        error
            .filter(|e| e.field == field)
            .map(|e| e.message.clone())
    }

    /// The summary's line for this error: its message, linked to its field.
    pub(super) fn summary_line(&self) -> (Option<String>, Message) {
        (Some(format!("#{}", self.field)), self.message.clone())
    }

    /// 422 for a form shown again with its error, else 200.
    pub(super) fn status(error: Option<&FieldError>) -> StatusCode {
        match error {
            Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
            None => StatusCode::OK,
        }
    }
}

/// A whole number of 0 or more from a form's field, or why not in the user's words.
fn whole_number(lang: Lang, text: &str, field: &str) -> ApiResult<u32> {
    text.trim().parse().map_err(|_| {
        let message = match lang.language {
            Language::En => format!("{field}: a whole number of 0 or more, got '{text}'"),
            _ => format!("{} '{text}'", lang.t(Text::WholeNumberNot)),
        };
        let error = ApiError::field(field, message);
        // The English message is the API's own; another language is the page's.
        match lang.language {
            Language::En => error,
            _ => error.localized(),
        }
    })
}
