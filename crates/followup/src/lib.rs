//! Collaboration and follow-up (samverkan och uppföljning): agreements between the state,
//! regions, municipalities and partners, their goals and indicators, and the rules that
//! make a failing agreement visible: goal status from measured values, reminders, and the
//! yearly follow-up report.
//!
//! - [`agreement`]: the agreement as written down (docs/agreement-format.md).
//! - [`read`]: reading and checking an agreement file.
//! - [`edit`]: changing an agreement one entry at a time, each entry's rules checked.
//! - [`lang`]: the report's languages (English, Swedish, bokmål).
//! - [`computed`]: indicators computed from landa's own planning data.
//! - [`status`]: on track / at risk / off track per goal.
//! - [`reminders`]: what needs attention on a given day.
//! - [`report`]: the yearly follow-up report, as HTML and as data.

pub mod agreement;
pub mod computed;
pub mod edit;
pub mod lang;
pub mod read;
pub mod reminders;
pub mod report;
pub mod status;

pub use agreement::{Agreement, Date};
pub use computed::{computed_values, with_computed, PlanningFigures};
pub use edit::{Edit, EditError};
pub use lang::Lang;
pub use read::{check, read_agreement, read_values, AgreementError, SHARE_UNIT};
pub use reminders::{reminders, reminders_in, Reminder, ReminderKind};
pub use report::{
    action_status_word, follow_up_report, render_html, report_body, status_word, FollowUpReport,
    REPORT_STYLE,
};
pub use status::{assess, goal_statuses, Assessment, GoalStatus, Status, Why};
