//! The forms on an agreement's page that change it one entry at a time, section by
//! section: a signatory's formal decision, a goal, an indicator (new or edited), an action
//! and its progress, a meeting, a funding scheme and a project, a measured value, a lesson.
//! Every form is described once as a list of fields ([`Field`]) and drawn and read by the
//! same code; what an entry must hold is the follow-up crate's ([`Edit`]), and the save is
//! the API's (`save`: version-checked, checked, audited).

use super::i18n::{Lang, Text};
use super::pages::FieldError;
use crate::error::{ApiError, ApiResult};
use crate::routes::parse_date;
use landa_followup::agreement::{
    Action, ActionStatus, Direction, FormalDecision, FundingScheme, Goal, GoalOrigin, Indicator,
    Lesson, Meeting, Project, Value,
};
use landa_followup::{action_status_word, Agreement, Date, Edit};
use maud::{html, Markup};
use std::collections::HashMap;

/// What a form sent (or, for an indicator to edit, what it starts from): field name to text.
#[derive(Default)]
pub struct Entered {
    /// The form it belongs to (`decision`, `goal`…); empty for none.
    pub entry: String,
    pub fields: HashMap<String, String>,
}

impl Entered {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |t| t.trim())
    }

    /// The indicator's form filled with what it holds, to edit it.
    pub fn indicator(indicator: &Indicator) -> Entered {
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let fields = [
            ("id", indicator.id.clone()),
            ("goal", indicator.goal.clone()),
            ("name", indicator.name.clone()),
            ("unit", indicator.unit.clone()),
            ("direction", choice_name(indicator.direction)),
            ("baseline", number(indicator.baseline)),
            ("target", number(indicator.target)),
            ("target_date", date(indicator.target_date)),
            ("source", indicator.source.clone().unwrap_or_default()),
            ("owner", indicator.owner.clone().unwrap_or_default()),
        ];
        Entered {
            entry: "indicator".into(),
            fields: fields.map(|(k, v)| (k.to_owned(), v)).into(),
        }
    }

    fn text(&self, name: &str) -> String {
        self.get(name).to_owned()
    }

    fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|t| !t.is_empty())
    }

    fn optional_date(&self, name: &str) -> ApiResult<Option<Date>> {
        match self.get(name) {
            "" => Ok(None),
            text => parse_date(text, name).map(|d| Some(Date(d))),
        }
    }

    fn date(&self, name: &str) -> ApiResult<Date> {
        self.optional_date(name)?
            .ok_or_else(|| ApiError::field(name, format!("{name} is required")))
    }

    /// A number, with a decimal comma as well as a point.
    fn number(&self, name: &str) -> ApiResult<Option<f64>> {
        match self.get(name) {
            "" => Ok(None),
            text => text
                .replace([' ', '\u{a0}'], "")
                .replace(',', ".")
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .map(Some)
                .ok_or_else(|| ApiError::field(name, format!("{name}: a number, got {text:?}"))),
        }
    }

    /// One of an enum's file names (`done`, `decrease`).
    fn choice<T: serde::de::DeserializeOwned>(&self, name: &str) -> ApiResult<T> {
        serde_json::from_value(serde_json::Value::String(self.text(name))).map_err(|_| {
            ApiError::field(name, format!("{name}: not a choice, {:?}", self.get(name)))
        })
    }

    fn lines(&self, name: &str) -> Vec<String> {
        self.get(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The change the form asks for, read from its fields; a field that cannot be read is
    /// an error by its name.
    pub fn edit(&self, username: &str) -> ApiResult<Edit> {
        Ok(match self.entry.as_str() {
            "decision" => Edit::Decision {
                party: self.text("party"),
                decision: FormalDecision {
                    body: self.text("body"),
                    date: self.date("date")?,
                    registration_number: self.optional("registration_number"),
                },
            },
            "goal" => Edit::Goal(Goal {
                id: String::new(),
                theme: self.text("theme"),
                text: self.text("text"),
                owner: self.optional("owner"),
                origin: GoalOrigin::Agreement,
            }),
            "indicator" => Edit::Indicator(Indicator {
                id: self.text("id"),
                goal: self.text("goal"),
                name: self.text("name"),
                unit: self.text("unit"),
                direction: self.choice("direction")?,
                baseline: self.number("baseline")?,
                baseline_date: None,
                target: self.number("target")?,
                target_date: self.optional_date("target_date")?,
                source: self.optional("source"),
                owner: self.optional("owner"),
                computed: None,
            }),
            "action" => Edit::Action(Action {
                id: String::new(),
                activity: self.text("activity"),
                theme: self.optional("theme"),
                responsible: self.optional("responsible"),
                contact: self.optional("contact"),
                due: self.optional_date("due")?,
                status: ActionStatus::Planned,
                result: None,
            }),
            "progress" => Edit::Progress {
                action: self.text("action"),
                status: self.choice("status")?,
                result: self.optional("result"),
            },
            "meeting" => Edit::Meeting(Meeting {
                body: self.text("body"),
                date: self.date("date")?,
                minutes: self.optional("minutes"),
                decisions: self.lines("decisions"),
            }),
            "scheme" => Edit::FundingScheme(FundingScheme {
                id: String::new(),
                name: self.text("name"),
                funder: self.optional("funder"),
                purpose: self.optional("purpose"),
            }),
            "project" => Edit::Project(Project {
                id: String::new(),
                scheme: self.text("scheme"),
                name: self.text("name"),
                municipality: self.optional("municipality"),
                amount: self.number("amount")?,
                currency: None,
                from: self.optional_date("from")?,
                until: self.optional_date("until")?,
                goal: self.optional("goal"),
                result: self.optional("result"),
            }),
            "value" => Edit::Value(Value {
                indicator: self.text("indicator"),
                date: self.date("date")?,
                value: self
                    .number("value")?
                    .ok_or_else(|| ApiError::field("value", "value is required"))?,
                source: self.optional("source"),
                note: None,
            }),
            "lesson" => Edit::Lesson(Lesson {
                date: self.date("date")?,
                what_happened: self.text("what_happened"),
                learned: self.text("learned"),
                change: self.optional("change"),
                goal: None,
                meeting_date: None,
                source: Some(format!("entered by {username}")),
            }),
            other => return Err(ApiError::not_found(format!("no kind of entry {other:?}"))),
        })
    }
}

fn choice_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// How a field is entered.
enum Input {
    Text,
    Date,
    Number,
    /// Several lines, one entry each.
    Lines,
    /// One of (value, label); `optional` adds "(none)" first.
    Choice {
        options: Vec<(String, String)>,
        optional: bool,
    },
    Hidden,
}

struct Field {
    name: &'static str,
    label: &'static str,
    input: Input,
}

fn field(name: &'static str, label: &'static str, input: Input) -> Field {
    Field { name, label, input }
}

/// Choices from (id, name) pairs.
fn choose<'a>(items: impl Iterator<Item = (&'a str, &'a str)>, optional: bool) -> Input {
    Input::Choice {
        options: items
            .map(|(id, name)| (id.to_owned(), name.to_owned()))
            .collect(),
        optional,
    }
}

/// What every form of one page shares.
pub struct Forms<'a> {
    pub lang: Lang,
    pub csrf_token: &'a str,
    pub action: String,
    pub version: u32,
    pub entered: &'a Entered,
    /// The refused field as `{entry}-{field}`, or `{entry}` for the whole form (a stale
    /// version).
    pub error: Option<&'a FieldError>,
    /// The entry whose form was just saved.
    pub saved: Option<&'a str>,
    /// The entry whose form the page shows (one at a time); the refused, saved or first one
    /// when none is asked for.
    pub chosen: Option<&'a str>,
}

impl Forms<'_> {
    fn form(&self, entry: &str, title: &str, fields: &[Field]) -> Markup {
        let own = self.entered.entry == entry;
        let message = |id: &str| FieldError::for_field(self.error, id);
        html! {
            section.entry id=(entry) {
                h2 { (title) }
                @if self.saved == Some(entry) && self.error.is_none() { p.note role="status" { (self.lang.t(Text::Saved)) } }
                @if let Some(message) = message(entry) { p.error id=(format!("{entry}-error")) role="alert" { (message) } }
                form.stack method="post" action=(self.action) novalidate {
                    input type="hidden" name="csrf_token" value=(self.csrf_token);
                    input type="hidden" name="version" value=(self.version);
                    input type="hidden" name="entry" value=(entry);
                    @for f in fields {
                        @let id = format!("{entry}-{}", f.name);
                        @let value = if own { self.entered.get(f.name) } else { "" };
                        @let error = message(&id);
                        @let error_id = format!("{id}-error");
                        @let described = error.as_ref().map(|_| error_id.as_str());
                        @let invalid = error.as_ref().map(|_| "true");
                        @match &f.input {
                            Input::Hidden => { input type="hidden" id=(id) name=(f.name) value=(value); }
                            input => {
                                label for=(id) { (f.label)
                                    @match input {
                                        Input::Lines => { textarea id=(id) name=(f.name) rows="3" aria-invalid=[invalid] aria-describedby=[described] { (value) } }
                                        Input::Choice { options, optional } => {
                                            select id=(id) name=(f.name) aria-invalid=[invalid] aria-describedby=[described] {
                                                @if *optional { option value="" { (self.lang.t(Text::NoOne)) } }
                                                @for (v, label) in options { option value=(v) selected[value == v] { (label) } }
                                            }
                                        }
                                        other => {
                                            @let kind = match other { Input::Date => "date", Input::Number => "text", _ => "text" };
                                            input id=(id) name=(f.name) type=(kind) value=(value) inputmode=[matches!(other, Input::Number).then_some("decimal")]
                                                aria-invalid=[invalid] aria-describedby=[described];
                                        }
                                    }
                                }
                            }
                        }
                        @if let Some(error) = &error { p.error id=(error_id) role="alert" { (error) } }
                    }
                    button type="submit" { (self.lang.t(Text::Save)) }
                }
            }
        }
    }

    /// Every form for `agreement`, in the report's order.
    pub fn all(&self, agreement: &Agreement) -> Markup {
        let t = |text: Text| self.lang.t(text);
        let parties = || {
            agreement
                .parties
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
        };
        let signatories = agreement
            .signatories()
            .map(|p| (p.id.as_str(), p.name.as_str()));
        let themes = || {
            agreement
                .themes
                .iter()
                .map(|x| (x.id.as_str(), x.name.as_str()))
        };
        let goals = agreement
            .goals
            .iter()
            .map(|g| (g.id.as_str(), g.text.as_str()));
        let indicators = agreement
            .indicators
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str()));
        let actions = agreement
            .actions
            .iter()
            .map(|x| (x.id.as_str(), x.activity.as_str()));
        let bodies = agreement
            .bodies
            .iter()
            .map(|b| (b.id.as_str(), b.name.as_str()));
        let schemes = agreement
            .funding_schemes
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str()));
        let report = self.lang.report();
        let statuses = [
            ActionStatus::Planned,
            ActionStatus::Ongoing,
            ActionStatus::Done,
            ActionStatus::Cancelled,
        ]
        .map(|s| (choice_name(s), action_status_word(s, report).to_owned()));
        let directions = [
            (Direction::Increase, t(Text::Increase)),
            (Direction::Decrease, t(Text::Decrease)),
        ]
        .map(|(d, word)| (choice_name(d), word.to_owned()));
        let editing = self.entered.entry == "indicator" && !self.entered.get("id").is_empty();
        let indicator_title = if editing {
            format!("{} {}", t(Text::EditIndicator), self.entered.get("id"))
        } else {
            t(Text::AddIndicator).to_owned()
        };
        let edit_links = (!agreement.indicators.is_empty()).then(|| {
            html! {
                p.edit-links { (t(Text::EditIndicator)) ": "
                    @for (n, i) in agreement.indicators.iter().enumerate() {
                        @if n > 0 { " · " }
                        a href=(format!("{}?tab=keep&entry=indicator&indicator={}", self.action, i.id)) { (i.name) }
                    }
                }
            }
        });
        let choice = |options: &[(String, String)]| Input::Choice {
            options: options.to_vec(),
            optional: false,
        };
        // (entry, title, fields, shown, what follows the form)
        let forms = [
            (
                "decision",
                t(Text::RegisterSignatoryDecision).to_owned(),
                vec![
                    field("party", t(Text::Signatory), choose(signatories, false)),
                    field("body", t(Text::DecidingBody), Input::Text),
                    field("date", t(Text::DecidedOn), Input::Date),
                    field(
                        "registration_number",
                        t(Text::RegistrationNumber),
                        Input::Text,
                    ),
                ],
                true,
                None,
            ),
            (
                "goal",
                t(Text::AddGoal).to_owned(),
                vec![
                    field("theme", t(Text::Theme), choose(themes(), false)),
                    field("text", t(Text::GoalStatement), Input::Text),
                    field("owner", t(Text::Owner), choose(parties(), true)),
                ],
                true,
                None,
            ),
            (
                "indicator",
                indicator_title,
                vec![
                    field("id", "id", Input::Hidden),
                    field("goal", t(Text::Goal), choose(goals, false)),
                    field("name", t(Text::Name), Input::Text),
                    field("unit", t(Text::Unit), Input::Text),
                    field("direction", t(Text::Direction), choice(&directions)),
                    field("baseline", t(Text::Baseline), Input::Number),
                    field("target", t(Text::Target), Input::Number),
                    field("target_date", t(Text::TargetDate), Input::Date),
                    field("source", t(Text::DataSource), Input::Text),
                    field("owner", t(Text::Owner), choose(parties(), true)),
                ],
                !agreement.goals.is_empty(),
                edit_links,
            ),
            (
                "action",
                t(Text::AddAction).to_owned(),
                vec![
                    field("activity", t(Text::Activity), Input::Text),
                    field("theme", t(Text::Theme), choose(themes(), true)),
                    field("responsible", t(Text::Responsible), choose(parties(), true)),
                    field("contact", t(Text::Contact), Input::Text),
                    field("due", t(Text::Due), Input::Date),
                ],
                true,
                None,
            ),
            (
                "progress",
                t(Text::UpdateAction).to_owned(),
                vec![
                    field("action", t(Text::Action), choose(actions, false)),
                    field("status", "Status", choice(&statuses)),
                    field("result", t(Text::Result), Input::Text),
                ],
                !agreement.actions.is_empty(),
                None,
            ),
            (
                "meeting",
                t(Text::RecordMeeting).to_owned(),
                vec![
                    field("body", t(Text::Body), choose(bodies, false)),
                    field("date", t(Text::Date), Input::Date),
                    field("minutes", t(Text::Minutes), Input::Text),
                    field("decisions", t(Text::MeetingDecisions), Input::Lines),
                ],
                !agreement.bodies.is_empty(),
                None,
            ),
            (
                "scheme",
                t(Text::AddScheme).to_owned(),
                vec![
                    field("name", t(Text::Name), Input::Text),
                    field("funder", t(Text::Funder), choose(parties(), true)),
                    field("purpose", t(Text::Purpose), Input::Text),
                ],
                true,
                None,
            ),
            (
                "project",
                t(Text::AddProject).to_owned(),
                vec![
                    field("scheme", t(Text::Scheme), choose(schemes, false)),
                    field("name", t(Text::Name), Input::Text),
                    field("municipality", t(Text::MunicipalityCode), Input::Text),
                    field("amount", t(Text::Amount), Input::Number),
                    field("from", t(Text::From), Input::Date),
                    field("until", t(Text::Until), Input::Date),
                    field("goal", t(Text::Goal), Input::Text),
                    field("result", t(Text::Result), Input::Text),
                ],
                !agreement.funding_schemes.is_empty(),
                None,
            ),
            (
                "value",
                t(Text::AddValue).to_owned(),
                vec![
                    field("indicator", t(Text::Indicator), choose(indicators, false)),
                    field("date", t(Text::Date), Input::Date),
                    field("value", t(Text::Value), Input::Number),
                    field("source", t(Text::Source), Input::Text),
                ],
                !agreement.indicators.is_empty(),
                None,
            ),
            (
                "lesson",
                t(Text::LogLesson).to_owned(),
                vec![
                    field("date", t(Text::Date), Input::Date),
                    field("what_happened", t(Text::WhatHappened), Input::Text),
                    field("learned", t(Text::WhatWeLearned), Input::Text),
                    field("change", t(Text::WhatWeChange), Input::Text),
                ],
                true,
                None,
            ),
        ];
        let shown: Vec<_> = forms.into_iter().filter(|f| f.3).collect();
        let chosen = [self.chosen, Some(self.entered.entry.as_str()), self.saved]
            .into_iter()
            .flatten()
            .find(|entry| shown.iter().any(|f| f.0 == *entry))
            .unwrap_or("decision");
        html! {
            div.entry-layout {
                nav.entries aria-label=(t(Text::KeepAgreement)) {
                    ul { @for (entry, title, ..) in &shown {
                        li { a href=(format!("{}?tab=keep&entry={entry}", self.action)) aria-current=[(*entry == chosen).then_some("page")] { (title) } }
                    } }
                }
                div {
                    @for (entry, title, fields, _, after) in shown.iter().filter(|f| f.0 == chosen) {
                        (self.form(entry, title, fields))
                        @if let Some(after) = after { (after) }
                    }
                }
            }
        }
    }
}
