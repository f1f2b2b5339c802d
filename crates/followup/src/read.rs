//! Reading an agreement file: TOML into [`Agreement`], then every cross-reference and
//! rule checked, with all errors reported at once, each naming the file and the line and
//! column or the field.

use crate::agreement::{Agreement, PartyKind, Value};
use std::collections::HashSet;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct AgreementError {
    pub file: String,
    /// Line and column (1-based) where the file itself is malformed.
    pub position: Option<(usize, usize)>,
    /// The field, as a path such as `goals[2].owner` (0-based index).
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for AgreementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Reads and checks an agreement file's text; `file` names it in errors.
pub fn read_agreement(file: &str, text: &str) -> Result<Agreement, Vec<AgreementError>> {
    let agreement: Agreement = toml::from_str(text).map_err(|error| {
        let position = error.span().map(|span| line_and_column(text, span.start));
        vec![AgreementError {
            file: file.to_owned(),
            position,
            field: None,
            message: error.message().trim().to_owned(),
        }]
    })?;
    let problems = check(&agreement);
    if problems.is_empty() {
        Ok(agreement)
    } else {
        Err(problems
            .into_iter()
            .map(|(field, message)| AgreementError {
                file: file.to_owned(),
                position: None,
                field: Some(field),
                message,
            })
            .collect())
    }
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.chars().rev().take_while(|&c| c != '\n').count() + 1;
    (line, column)
}

/// The unit of an indicator whose values are shares of a whole, between 0 and 1.
pub const SHARE_UNIT: &str = "share";

/// Every broken rule of an agreement as (field, message); empty when it is sound. Used for
/// files and for agreements sent to the API alike.
pub fn check(a: &Agreement) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let mut problem = |field: String, message: String| problems.push((field, message));
    if !is_id(&a.id) {
        problem(
            "id".into(),
            format!("{:?} is not an id: lowercase letters, digits and '-'", a.id),
        );
    }
    if !matches!(a.country.as_str(), "se" | "no") {
        problem(
            "country".into(),
            format!("expected se or no, got {:?}", a.country),
        );
    }
    if a.valid_until < a.valid_from {
        problem(
            "valid_until".into(),
            format!("{} is before valid_from {}", a.valid_until, a.valid_from),
        );
    }
    let parties = unique_ids(
        &mut problem,
        "parties",
        a.parties.iter().map(|p| p.id.as_str()),
    );
    let themes = unique_ids(
        &mut problem,
        "themes",
        a.themes.iter().map(|t| t.id.as_str()),
    );
    let goals = unique_ids(&mut problem, "goals", a.goals.iter().map(|g| g.id.as_str()));
    let indicators = unique_ids(
        &mut problem,
        "indicators",
        a.indicators.iter().map(|i| i.id.as_str()),
    );
    unique_ids(
        &mut problem,
        "actions",
        a.actions.iter().map(|x| x.id.as_str()),
    );
    let bodies = unique_ids(
        &mut problem,
        "bodies",
        a.bodies.iter().map(|b| b.id.as_str()),
    );
    let schemes = unique_ids(
        &mut problem,
        "funding_schemes",
        a.funding_schemes.iter().map(|s| s.id.as_str()),
    );
    unique_ids(
        &mut problem,
        "projects",
        a.projects.iter().map(|p| p.id.as_str()),
    );

    for (i, p) in a.parties.iter().enumerate() {
        let code_ok = p
            .municipality
            .as_deref()
            .is_some_and(|c| c.len() == 4 && c.chars().all(|d| d.is_ascii_digit()));
        if p.kind == PartyKind::Municipality && !code_ok {
            problem(
                format!("parties[{i}].municipality"),
                "a municipality party needs its four-digit municipality code".into(),
            );
        }
    }
    let mut refers = |field: String, to: Option<&str>, known: &HashSet<&str>, what: &str| {
        if let Some(id) = to {
            if !known.contains(id) {
                problem(field, format!("no {what} with id {id:?}"));
            }
        }
    };
    for (i, g) in a.goals.iter().enumerate() {
        refers(
            format!("goals[{i}].theme"),
            Some(&g.theme),
            &themes,
            "theme",
        );
        refers(
            format!("goals[{i}].owner"),
            g.owner.as_deref(),
            &parties,
            "party",
        );
    }
    for (i, x) in a.indicators.iter().enumerate() {
        refers(
            format!("indicators[{i}].goal"),
            Some(&x.goal),
            &goals,
            "goal",
        );
        refers(
            format!("indicators[{i}].owner"),
            x.owner.as_deref(),
            &parties,
            "party",
        );
    }
    for (i, v) in a.values.iter().enumerate() {
        refers(
            format!("values[{i}].indicator"),
            Some(&v.indicator),
            &indicators,
            "indicator",
        );
    }
    // A share is a part of a whole: 0.27, not 27 (which would read as 2 700 %).
    let shares: HashSet<&str> = a
        .indicators
        .iter()
        .filter(|x| x.unit == SHARE_UNIT)
        .map(|x| x.id.as_str())
        .collect();
    let mut out_of_range = Vec::new();
    let mut share_in_range = |field: String, value: Option<f64>| {
        if let Some(value) = value.filter(|v| !(0.0..=1.0).contains(v)) {
            out_of_range.push((
                field,
                format!("{value} is not a share between 0 and 1 (write 27 % as 0.27)"),
            ));
        }
    };
    for (i, x) in a.indicators.iter().enumerate() {
        if shares.contains(x.id.as_str()) {
            share_in_range(format!("indicators[{i}].baseline"), x.baseline);
            share_in_range(format!("indicators[{i}].target"), x.target);
        }
    }
    for (i, v) in a.values.iter().enumerate() {
        if shares.contains(v.indicator.as_str()) {
            share_in_range(format!("values[{i}].value"), Some(v.value));
        }
    }
    for (i, x) in a.actions.iter().enumerate() {
        refers(
            format!("actions[{i}].theme"),
            x.theme.as_deref(),
            &themes,
            "theme",
        );
        refers(
            format!("actions[{i}].responsible"),
            x.responsible.as_deref(),
            &parties,
            "party",
        );
    }
    for (i, b) in a.bodies.iter().enumerate() {
        for (j, member) in b.members.iter().enumerate() {
            refers(
                format!("bodies[{i}].members[{j}]"),
                Some(member),
                &parties,
                "party",
            );
        }
    }
    for (i, m) in a.meetings.iter().enumerate() {
        refers(
            format!("meetings[{i}].body"),
            Some(&m.body),
            &bodies,
            "body",
        );
    }
    for (i, l) in a.lessons.iter().enumerate() {
        refers(
            format!("lessons[{i}].goal"),
            l.goal.as_deref(),
            &goals,
            "goal",
        );
    }
    for (i, p) in a.projects.iter().enumerate() {
        refers(
            format!("projects[{i}].scheme"),
            Some(&p.scheme),
            &schemes,
            "funding scheme",
        );
    }
    for (i, v) in a.values.iter().enumerate() {
        if !v.value.is_finite() {
            problems.push((
                format!("values[{i}].value"),
                "must be a finite number".into(),
            ));
        }
    }
    problems.extend(out_of_range);
    problems
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The section's ids, reporting duplicates and malformed ones.
fn unique_ids<'a>(
    problem: &mut impl FnMut(String, String),
    section: &str,
    ids: impl Iterator<Item = &'a str>,
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !is_id(id) {
            problem(
                format!("{section}[{i}].id"),
                format!("{id:?} is not an id: lowercase letters, digits and '-'"),
            );
        }
        if !seen.insert(id) {
            problem(
                format!("{section}[{i}].id"),
                format!("{id:?} is used twice"),
            );
        }
    }
    seen
}

/// Reads measured values from CSV with the columns `indicator,date,value` and optionally
/// `source` and `note`, checking each row against the agreement's indicators. Errors name
/// the file, row (1 = header) and column.
pub fn read_values(
    file: &str,
    text: &str,
    agreement: &Agreement,
) -> Result<Vec<Value>, Vec<AgreementError>> {
    let at = |row: usize, column: usize, message: String| AgreementError {
        file: file.to_owned(),
        position: Some((row, column)),
        field: None,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => return Err(vec![at(1, 1, error.to_string())]),
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut errors = Vec::new();
    for (index, name) in headers.iter().enumerate() {
        if !matches!(name, "indicator" | "date" | "value" | "source" | "note") {
            errors.push(at(
                1,
                index + 1,
                format!("unknown column {name:?}: expected indicator, date, value, source, note"),
            ));
        }
    }
    let (Some(indicator_at), Some(date_at), Some(value_at)) =
        (column("indicator"), column("date"), column("value"))
    else {
        errors.push(at(
            1,
            1,
            "the columns indicator, date and value are required".into(),
        ));
        return Err(errors);
    };
    let (source_at, note_at) = (column("source"), column("note"));
    let mut values = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                errors.push(at(row, 1, error.to_string()));
                continue;
            }
        };
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let indicator = cell(indicator_at);
        if !agreement.indicators.iter().any(|i| i.id == indicator) {
            errors.push(at(
                row,
                indicator_at + 1,
                format!("no indicator {indicator:?} in agreement {}", agreement.id),
            ));
        }
        let date = chrono::NaiveDate::parse_from_str(cell(date_at), "%Y-%m-%d");
        if date.is_err() {
            errors.push(at(
                row,
                date_at + 1,
                format!("expected a date as YYYY-MM-DD, got {:?}", cell(date_at)),
            ));
        }
        let value = cell(value_at).parse::<f64>().ok().filter(|v| v.is_finite());
        if value.is_none() {
            errors.push(at(
                row,
                value_at + 1,
                format!("expected a number, got {:?}", cell(value_at)),
            ));
        }
        let optional = |i: Option<usize>| i.map(cell).filter(|t| !t.is_empty()).map(str::to_owned);
        if let (Ok(date), Some(value)) = (date, value) {
            values.push(Value {
                indicator: indicator.to_owned(),
                date: crate::Date(date),
                value,
                source: optional(source_at),
                note: optional(note_at),
            });
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}
