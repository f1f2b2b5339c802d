//! What in a planning year needs someone's attention, for each role within its
//! jurisdiction: municipalities without a decision, proposals unanswered, households
//! waiting long, dwellings standing empty.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{Path, Query};
use crate::values::{PlanningReminderKind, ReportLang};
use crate::AppState;
use axum::extract::State;
use landa_app::reminders::{planning_reminders, PlanningReminder, ReminderDays};
use landa_model::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AttentionQuery {
    /// The day to judge on, YYYY-MM-DD [default: today].
    pub today: Option<NaiveDate>,
    /// Days after which a proposal is unanswered, 1 to 366 [default: 7].
    pub unanswered_days: Option<u32>,
    /// Days after which a waiting household has waited long, 1 to 366 [default: 90].
    pub waiting_days: Option<u32>,
    /// Days after which a dwelling no household holds stands empty, 1 to 366 [default: 30].
    pub empty_days: Option<u32>,
    /// Days ahead a first-hand contract passing to its household is reminded of, 1 to 366
    /// [default: 30].
    pub passing_over_days: Option<u32>,
    /// The language of the messages: en, sv, nb or nn [default: en].
    #[param(inline)]
    pub lang: Option<ReportLang>,
}

impl AttentionQuery {
    pub(crate) fn days(&self) -> ReminderDays {
        let default = ReminderDays::default();
        ReminderDays {
            unanswered: self.unanswered_days.unwrap_or(default.unanswered),
            waiting: self.waiting_days.unwrap_or(default.waiting),
            empty: self.empty_days.unwrap_or(default.empty),
            passing_over: self.passing_over_days.unwrap_or(default.passing_over),
        }
    }
}

/// A reminder of the planning year.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanningReminderOut {
    pub kind: PlanningReminderKind,
    /// Absent for households waiting, which are in no municipality yet.
    pub municipality: Option<String>,
    /// Persons requested (no decision), or how many proposals, households or dwellings.
    pub count: u32,
    /// YYYY-MM-DD: when the oldest was proposed, began waiting or became available.
    pub since: Option<String>,
    pub message: String,
}

impl From<PlanningReminder> for PlanningReminderOut {
    fn from(reminder: PlanningReminder) -> Self {
        PlanningReminderOut {
            kind: reminder.kind.into(),
            municipality: reminder.municipality.map(|m| m.to_string()),
            count: reminder.count,
            since: reminder.since.map(|d| d.to_string()),
            message: reminder.message,
        }
    }
}

/// What needs attention in the year, within the caller's jurisdiction (counts, no
/// personal data): municipalities without a decision, proposals unanswered, households
/// waiting long (national), dwellings standing empty.
#[utoipa::path(get, path = "/scenarios/{scenario}/reminders", tag = "planning",
    operation_id = "planningReminders",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"), AttentionQuery),
    responses((status = 200, body = Vec<PlanningReminderOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn reminders(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Query(query): Query<AttentionQuery>,
) -> ApiResult<axum::Json<Vec<PlanningReminderOut>>> {
    let found = planning_reminders(
        &state.store,
        &principal,
        &scenario,
        query
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        query.days(),
        query.lang.map_or(landa_followup::Lang::En, Into::into),
    )
    .await?;
    Ok(axum::Json(found.into_iter().map(Into::into).collect()))
}
