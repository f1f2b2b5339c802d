//! The "needs attention" list at the top of a planning page: the year's reminders within
//! the reader's jurisdiction (landa_app::reminders), in the reader's language.

use super::*;
use landa_app::reminders::{planning_reminders, ReminderDays};

/// The reminders of `scenario` today for `user` (of one municipality, on its page), as a
/// list; nothing when there are none.
pub(super) async fn attention_section(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    only: Option<&str>,
) -> ApiResult<Markup> {
    let lang = user.lang;
    let found = planning_reminders(
        &state.store,
        &user.principal,
        scenario,
        chrono::Local::now().date_naive(),
        ReminderDays::default(),
        lang.report(),
    )
    .await?;
    let found: Vec<_> = found
        .into_iter()
        .filter(|r| {
            only.is_none_or(|code| r.municipality.as_ref().map(|m| m.as_str()) == Some(code))
        })
        .collect();
    Ok(html! {
        @if !found.is_empty() {
            section.attention aria-labelledby="attention" {
                h2 id="attention" { (lang.t(Text::NeedsAttention)) " (" (found.len()) ")" }
                ul { @for reminder in &found { li { (reminder.message) } } }
            }
        }
    })
}
