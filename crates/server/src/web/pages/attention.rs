//! The "needs attention" list at the top of a planning page: the year's reminders within
//! the reader's jurisdiction (landa_app::reminders), in the reader's language.

use super::*;
use landa_app::reminders::{planning_reminders, ReminderDays};

/// Reminders of one kind shown before the rest are folded away.
const SHOWN_OF_A_KIND: usize = 5;

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
    // Of each kind the first few are shown, the rest folded: national's page would
    // otherwise open with hundreds of municipalities' empty dwellings.
    let kinds = found.chunk_by(|a, b| a.kind == b.kind);
    Ok(html! {
        @if !found.is_empty() {
            section.attention aria-labelledby="attention" {
                h2 id="attention" { (lang.t(Text::NeedsAttention)) " (" (found.len()) ")" }
                @for kind in kinds {
                    ul { @for reminder in kind.iter().take(SHOWN_OF_A_KIND) { li { (reminder.message) } } }
                    @if kind.len() > SHOWN_OF_A_KIND {
                        details {
                            summary { (kind.len() - SHOWN_OF_A_KIND) " " (lang.t(Text::More)) }
                            ul { @for reminder in &kind[SHOWN_OF_A_KIND..] { li { (reminder.message) } } }
                        }
                    }
                }
            }
        }
    })
}
