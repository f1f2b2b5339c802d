//! Changing an agreement one entry at a time, as the web UI's forms do: register a
//! signatory's formal decision, add a goal, add or edit an indicator, add an action or
//! report its progress, record a meeting, add a funding scheme or a project, add a measured
//! value or log a lesson. Each [`Edit`] states its own rules (what an entry must hold to be
//! followed up), is applied to the agreement and then the whole agreement is checked with
//! [`check`]; a broken rule is returned as the edit's own field, so a form can show it next
//! to its input. The caller saves the result as a new version.

use crate::agreement::{
    Action, ActionStatus, Agreement, FormalDecision, FundingScheme, Goal, Indicator, Lesson,
    Meeting, Project, Value,
};
use crate::read::check;

/// One change to an agreement. Entries that need an id and have an empty one get a new id
/// made from their name.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The formal decision of the signatory `party` to join.
    Decision {
        party: String,
        decision: FormalDecision,
    },
    Goal(Goal),
    /// A new indicator, or (when its id is an existing one's) that indicator changed; what
    /// the form does not hold (a computed source, the baseline's date) is kept.
    Indicator(Indicator),
    Action(Action),
    /// An action's status and result.
    Progress {
        action: String,
        status: ActionStatus,
        result: Option<String>,
    },
    Meeting(Meeting),
    FundingScheme(FundingScheme),
    Project(Project),
    Value(Value),
    Lesson(Lesson),
}

/// A broken rule, named by the edit's own field (`body`, `due`, `owner`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    pub field: String,
    pub message: String,
}

impl EditError {
    fn new(field: &str, message: impl Into<String>) -> EditError {
        EditError {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

fn required(field: &str, text: &str) -> Result<(), EditError> {
    if text.trim().is_empty() {
        Err(EditError::new(field, format!("{field} is required")))
    } else {
        Ok(())
    }
}

fn needs<T>(field: &str, value: &Option<T>, why: &str) -> Result<(), EditError> {
    match value {
        Some(_) => Ok(()),
        None => Err(EditError::new(field, format!("{field} is required: {why}"))),
    }
}

fn finite(field: &str, value: Option<f64>) -> Result<(), EditError> {
    match value {
        Some(v) if !v.is_finite() => Err(EditError::new(field, "must be a finite number")),
        _ => Ok(()),
    }
}

/// An id from a name: lowercase letters and digits joined by '-', made unique among `taken`.
pub fn new_id<'a>(name: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut base = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'æ' => {
                base.push('a');
                'e'
            }
            c => c,
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            base.push(c);
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
        if base.len() >= 40 {
            break;
        }
    }
    let base = match base.trim_end_matches('-') {
        "" => "entry".to_owned(),
        text => text.to_owned(),
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.clone().any(|t| t == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// An entry that has an id, made from its name when it is new.
trait Named {
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
    fn name(&self) -> &str;
}

macro_rules! named {
    ($($kind:ty => $name:ident),*) => {$(
        impl Named for $kind {
            fn id(&self) -> &str { &self.id }
            fn set_id(&mut self, id: String) { self.id = id; }
            fn name(&self) -> &str { &self.$name }
        }
    )*};
}
named!(Goal => text, Indicator => name, Action => activity, FundingScheme => name, Project => name);

/// Appends a new entry to its section, its empty id made from its name; its place and note.
fn push_new<T: Named>(
    section: &str,
    what: &str,
    list: &mut Vec<T>,
    mut entry: T,
) -> (String, String) {
    if entry.id().is_empty() {
        let id = new_id(entry.name(), list.iter().map(Named::id));
        entry.set_id(id);
    }
    let note = format!("{what} {} added", entry.id());
    list.push(entry);
    (format!("{section}[{}]", list.len() - 1), note)
}

impl Edit {
    /// Applies the edit and checks the whole agreement; returns a sentence for the version
    /// history. On an error the agreement may be half changed: keep the stored one.
    pub fn apply(self, agreement: &mut Agreement) -> Result<String, EditError> {
        let (place, note) = self.change(agreement)?;
        // The stored agreement was sound, so whatever check finds now is this entry's.
        match check(agreement).into_iter().next() {
            None => Ok(note),
            Some((field, message)) => {
                let own = field
                    .strip_prefix(&place)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .map(|rest| rest.split(['.', '[']).next().unwrap_or(rest).to_owned());
                Err(EditError {
                    field: own.unwrap_or_default(),
                    message: format!("{field}: {message}"),
                })
            }
        }
    }

    /// The entry's own rules, then the change; returns where the entry sits (a field path
    /// of [`check`]) and the note.
    fn change(self, a: &mut Agreement) -> Result<(String, String), EditError> {
        Ok(match self {
            Edit::Decision { party, decision } => {
                required("body", &decision.body)?;
                needs(
                    "registration_number",
                    &decision
                        .registration_number
                        .as_ref()
                        .filter(|n| !n.trim().is_empty()),
                    "the decision's registration number (diarienummer / saksnummer)",
                )?;
                let Some(index) = a.parties.iter().position(|p| p.id == party) else {
                    return Err(EditError::new("party", format!("no party {party:?}")));
                };
                let p = &mut a.parties[index];
                if !p.signatory {
                    return Err(EditError::new(
                        "party",
                        format!("{} did not sign the agreement", p.name),
                    ));
                }
                let note = format!(
                    "formal decision of {} registered ({}, {})",
                    p.name, decision.body, decision.date
                );
                p.decision = Some(decision);
                (format!("parties[{index}].decision"), note)
            }
            Edit::Goal(goal) => {
                required("text", &goal.text)?;
                needs(
                    "owner",
                    &goal.owner,
                    "a goal nobody owns is not followed up",
                )?;
                push_new("goals", "goal", &mut a.goals, goal)
            }
            Edit::Indicator(mut indicator) => {
                required("name", &indicator.name)?;
                required("unit", &indicator.unit)?;
                finite("baseline", indicator.baseline)?;
                finite("target", indicator.target)?;
                if indicator.target.is_some() {
                    needs(
                        "target_date",
                        &indicator.target_date,
                        "a target needs the date it is to be reached by",
                    )?;
                }
                if indicator.target_date.is_some() {
                    needs(
                        "target",
                        &indicator.target,
                        "a target date needs its target",
                    )?;
                }
                match a.indicators.iter().position(|i| i.id == indicator.id) {
                    Some(index) => {
                        let old = &a.indicators[index];
                        indicator.computed = indicator.computed.or(old.computed);
                        indicator.baseline_date = indicator.baseline_date.or(old.baseline_date);
                        let note = format!("indicator {} changed", indicator.id);
                        a.indicators[index] = indicator;
                        (format!("indicators[{index}]"), note)
                    }
                    None if indicator.id.is_empty() => {
                        push_new("indicators", "indicator", &mut a.indicators, indicator)
                    }
                    None => {
                        return Err(EditError::new(
                            "id",
                            format!("no indicator {:?}", indicator.id),
                        ))
                    }
                }
            }
            Edit::Action(action) => {
                required("activity", &action.activity)?;
                needs(
                    "responsible",
                    &action.responsible,
                    "an action needs a party that answers for it",
                )?;
                needs("due", &action.due, "an action needs a date to be done by")?;
                push_new("actions", "action", &mut a.actions, action)
            }
            Edit::Progress {
                action,
                status,
                result,
            } => {
                let Some(index) = a.actions.iter().position(|x| x.id == action) else {
                    return Err(EditError::new("action", format!("no action {action:?}")));
                };
                if status == ActionStatus::Done {
                    needs("result", &result, "a done action states what it achieved")?;
                }
                let x = &mut a.actions[index];
                x.status = status;
                if result.is_some() {
                    x.result = result;
                }
                let status = crate::report::action_status_word(status, crate::Lang::En);
                (
                    format!("actions[{index}]"),
                    format!("action {action} {status}"),
                )
            }
            Edit::Meeting(meeting) => {
                if a.meetings
                    .iter()
                    .any(|m| m.body == meeting.body && m.date == meeting.date)
                {
                    return Err(EditError::new(
                        "date",
                        format!(
                            "a meeting of this body on {} is already recorded",
                            meeting.date
                        ),
                    ));
                }
                let note = format!("meeting of {} on {} recorded", meeting.body, meeting.date);
                a.meetings.push(meeting);
                (format!("meetings[{}]", a.meetings.len() - 1), note)
            }
            Edit::FundingScheme(scheme) => {
                required("name", &scheme.name)?;
                push_new(
                    "funding_schemes",
                    "funding scheme",
                    &mut a.funding_schemes,
                    scheme,
                )
            }
            Edit::Project(mut project) => {
                required("name", &project.name)?;
                finite("amount", project.amount)?;
                if project.amount.is_some_and(|v| v < 0.0) {
                    return Err(EditError::new("amount", "an amount cannot be negative"));
                }
                if let Some(code) = &project.municipality {
                    if code.len() != 4 || !code.chars().all(|c| c.is_ascii_digit()) {
                        return Err(EditError::new(
                            "municipality",
                            format!("expected a four-digit municipality code, got {code:?}"),
                        ));
                    }
                }
                if let (Some(from), Some(until)) = (project.from, project.until) {
                    if until < from {
                        return Err(EditError::new(
                            "until",
                            format!("{until} is before the start {from}"),
                        ));
                    }
                }
                if project.amount.is_some() && project.currency.is_none() {
                    project.currency = Some(if a.country == "no" { "NOK" } else { "SEK" }.into());
                }
                push_new("projects", "project", &mut a.projects, project)
            }
            Edit::Value(value) => {
                finite("value", Some(value.value))?;
                needs("source", &value.source, "say where the value comes from")?;
                let name = a
                    .indicators
                    .iter()
                    .find(|i| i.id == value.indicator)
                    .map(|i| i.name.clone())
                    .ok_or_else(|| {
                        EditError::new("indicator", format!("no indicator {:?}", value.indicator))
                    })?;
                let note = format!("value {} for {name} on {}", value.value, value.date);
                a.values.push(value);
                (format!("values[{}]", a.values.len() - 1), note)
            }
            Edit::Lesson(lesson) => {
                required("what_happened", &lesson.what_happened)?;
                required("learned", &lesson.learned)?;
                let note = format!("lesson logged on {}", lesson.date);
                a.lessons.push(lesson);
                (format!("lessons[{}]", a.lessons.len() - 1), note)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_ids_and_unique() {
        let taken = ["vagen-till-arbete"];
        assert_eq!(
            new_id("Vägen till arbete!", taken.iter().copied()),
            "vagen-till-arbete-2"
        );
        assert_eq!(new_id("Økt bosetting", std::iter::empty()), "okt-bosetting");
        assert_eq!(new_id("–", std::iter::empty()), "entry");
    }
}
