//! The served OpenAPI document itself: every operation has its own operationId (the
//! specification requires them unique, and client generators name methods by them),
//! every `$ref` resolves, and the enums it shows for string fields are the values the
//! code accepts and the model parses and prints. The standard validator and a generated client run in
//! scripts/openapi-check.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Display;
use std::str::FromStr;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn document() -> Value {
    serde_json::to_value(landa_server::openapi_document()).expect("the document is JSON")
}

/// Every operation as (method, path, operationId if any).
fn operations(document: &Value) -> Vec<(String, String, Option<String>)> {
    let paths = document["paths"]
        .as_object()
        .expect("the document has paths");
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                let id = operation["operationId"].as_str().map(str::to_owned);
                operations.push((method.to_owned(), path.clone(), id));
            }
        }
    }
    operations
}

#[test]
fn every_operation_has_its_own_operation_id() {
    let document = document();
    let operations = operations(&document);
    assert!(operations.len() >= 40, "the document lists every route");
    let mut by_id: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut missing = Vec::new();
    for (method, path, id) in &operations {
        match id {
            Some(id) => by_id
                .entry(id.clone())
                .or_default()
                .push(format!("{} {path}", method.to_uppercase())),
            None => missing.push(format!("{} {path}", method.to_uppercase())),
        }
    }
    assert!(
        missing.is_empty(),
        "operations without an operationId: {missing:?}"
    );
    let shared: Vec<_> = by_id.iter().filter(|(_, ops)| ops.len() > 1).collect();
    assert!(
        shared.is_empty(),
        "operationIds used more than once: {shared:?}"
    );
    let not_camel_case: Vec<&String> = by_id
        .keys()
        .filter(|id| {
            !id.starts_with(|c: char| c.is_ascii_lowercase())
                || !id.chars().all(|c| c.is_ascii_alphanumeric())
        })
        .collect();
    assert!(
        not_camel_case.is_empty(),
        "operationIds not in camelCase: {not_camel_case:?}"
    );
}

/// Every `"$ref"` in `value`, with where it was found.
fn refs<'a>(value: &'a Value, at: String, found: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "$ref" {
                    if let Some(target) = inner.as_str() {
                        found.push((at.clone(), target));
                    }
                } else {
                    refs(inner, format!("{at}/{key}"), found);
                }
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                refs(inner, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves_within_the_document() {
    let document = document();
    let mut found = Vec::new();
    refs(&document, String::new(), &mut found);
    assert!(
        found.len() > 50,
        "the bodies refer to their schemas: {}",
        found.len()
    );
    let dangling: Vec<String> = found
        .iter()
        .filter(|(_, target)| {
            target
                .strip_prefix('#')
                .is_none_or(|pointer| document.pointer(pointer).is_none())
        })
        .map(|(at, target)| format!("{at}: {target}"))
        .collect();
    assert!(
        dangling.is_empty(),
        "$refs that resolve to nothing: {dangling:?}"
    );
}

/// The values the document gives the schema `name`.
fn enum_values(document: &Value, name: &str) -> Vec<String> {
    let schema = &document["components"]["schemas"][name];
    schema["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{name} is an enum in the document: {schema}"))
        .iter()
        .map(|v| v.as_str().expect("string values").to_owned())
        .collect()
}

/// Each value parses with the model's own parser and prints back as itself.
fn round_trips<T>(document: &Value, name: &str, print: impl Fn(&T) -> String)
where
    T: FromStr,
    T::Err: Display,
{
    for value in enum_values(document, name) {
        let parsed: T = value
            .parse()
            .unwrap_or_else(|e| panic!("{name} value {value:?} does not parse: {e}"));
        assert_eq!(print(&parsed), value, "{name} value {value:?} prints back");
    }
}

#[test]
fn documented_enums_are_the_values_the_model_parses_and_prints() {
    let document = document();
    round_trips::<landa_model::Contract>(&document, "Contract", ToString::to_string);
    round_trips::<landa_model::Sex>(&document, "Sex", ToString::to_string);
    round_trips::<landa_model::EducationLevel>(&document, "EducationLevel", ToString::to_string);
    round_trips::<landa_model::HousingMarket>(&document, "HousingMarket", ToString::to_string);
    round_trips::<landa_model::Standing>(&document, "Standing", |s| s.as_str().to_owned());
    round_trips::<landa_model::Country>(&document, "Country", |c| c.code().to_owned());
    assert_eq!(enum_values(&document, "Contract").len(), 2);
    assert_eq!(enum_values(&document, "Standing").len(), 3);

    let kinds = enum_values(&document, "AgreementKind");
    for kind in &kinds {
        let parsed: landa_followup::agreement::AgreementKind =
            serde_json::from_value(Value::String(kind.clone()))
                .unwrap_or_else(|e| panic!("AgreementKind {kind:?}: {e}"));
        assert_eq!(parsed.as_str(), kind);
    }
    assert_eq!(kinds.len(), 3);

    let roles = [
        landa_model::Role::from_parts("national", Some("SE"), None),
        landa_model::Role::from_parts("region", Some("SE"), Some("20")),
        landa_model::Role::from_parts("municipality", Some("SE"), Some("2080")),
        landa_model::Role::from_parts("partner", Some("SE"), Some("Röda Korset")),
        landa_model::Role::from_parts("housing", Some("SE"), Some("Kopparstaden:2080")),
        landa_model::Role::from_parts("administrator", None, None),
    ];
    let kinds: Vec<String> = roles
        .into_iter()
        .map(|role| role.expect("a valid role").kind().to_owned())
        .collect();
    assert_eq!(enum_values(&document, "RoleKind"), kinds);

    let statuses = [
        landa_store::JobStatus::Queued,
        landa_store::JobStatus::Running,
        landa_store::JobStatus::Done,
        landa_store::JobStatus::Failed,
    ]
    .map(|status| status.as_str().to_owned());
    assert_eq!(enum_values(&document, "RunStatus"), statuses);
}

/// The schema of property `property` of component `name`, through an `Option`'s `oneOf`.
fn property_ref<'a>(document: &'a Value, name: &str, property: &str) -> Option<&'a str> {
    let schema = &document["components"]["schemas"][name]["properties"][property];
    let direct = schema["$ref"].as_str();
    let optional = || {
        schema["oneOf"]
            .as_array()?
            .iter()
            .find_map(|s| s["$ref"].as_str())
    };
    direct.or_else(optional)
}

/// The values the document allows for the query parameter `name` of `GET path`.
fn query_values(document: &Value, path: &str, name: &str) -> Vec<String> {
    let parameters = document["paths"][path]["get"]["parameters"]
        .as_array()
        .unwrap_or_else(|| panic!("GET {path} has parameters"));
    let parameter = parameters
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("GET {path} has parameter {name}"));
    let schema = &parameter["schema"];
    let values = schema["enum"]
        .as_array()
        .or_else(|| {
            schema["oneOf"]
                .as_array()?
                .iter()
                .find_map(|s| s["enum"].as_array())
        })
        .unwrap_or_else(|| panic!("{name} of GET {path} is an enum: {schema}"));
    values
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn texts<T: Display>(all: &[T]) -> Vec<String> {
    all.iter().map(ToString::to_string).collect()
}

#[test]
fn the_document_lists_each_enum_with_the_values_the_code_accepts() {
    use landa_server::values::*;
    let document = document();
    let enums = [
        ("Answer", texts(Answer::ALL)),
        ("RunMethod", texts(RunMethod::ALL)),
        ("RunStatus", texts(RunStatus::ALL)),
        ("QuotaMethod", texts(QuotaMethod::ALL)),
        ("Contract", texts(Contract::ALL)),
        ("Country", texts(Country::ALL)),
        ("RoleKind", texts(RoleKind::ALL)),
        ("Sex", texts(Sex::ALL)),
        ("EducationLevel", texts(EducationLevel::ALL)),
        ("Standing", texts(Standing::ALL)),
        ("GapLevel", texts(GapLevel::ALL)),
        ("HousingMarket", texts(HousingMarket::ALL)),
        ("AgreementKind", texts(AgreementKind::ALL)),
        ("PlanningReminderKind", texts(PlanningReminderKind::ALL)),
        ("HouseholdType", texts(HouseholdType::ALL)),
    ];
    for (name, values) in &enums {
        assert_eq!(&enum_values(&document, name), values, "{name}");
    }
    assert_eq!(enum_values(&document, "Answer"), ["accepted", "questioned"]);
    // Each request body names the enum its field deserializes into.
    for (schema, property, target) in [
        ("ResponseIn", "response", "Answer"),
        ("RunIn", "method", "RunMethod"),
        ("QuotaIn", "method", "QuotaMethod"),
        ("DwellingIn", "contract", "Contract"),
        ("AccountIn", "role", "RoleKind"),
        ("AccountIn", "country", "Country"),
        ("RunOut", "status", "RunStatus"),
        ("PlanningReminderOut", "kind", "PlanningReminderKind"),
        ("ForecastPeriodIn", "household_type", "HouseholdType"),
        ("ScheduleIn", "method", "RunMethod"),
        ("ErrorBody", "code", "ErrorCode"),
    ] {
        assert_eq!(
            property_ref(&document, schema, property),
            Some(format!("#/components/schemas/{target}").as_str()),
            "{schema}.{property}"
        );
    }
    assert_eq!(
        query_values(&document, "/api/v1/audit", "format"),
        texts(AuditFormat::ALL)
    );
    let report = "/api/v1/agreements/{id}/report";
    assert_eq!(
        query_values(&document, report, "format"),
        texts(ReportFormat::ALL)
    );
    assert_eq!(
        query_values(&document, report, "lang"),
        texts(ReportLang::ALL)
    );
    let codes = enum_values(&document, "ErrorCode");
    for code in [
        "invalid_field",
        "invalid_body",
        "forbidden",
        "not_found",
        "version_conflict",
        "csrf",
        "rate_limited",
    ] {
        assert!(codes.iter().any(|c| c == code), "{code} in {codes:?}");
    }
}
