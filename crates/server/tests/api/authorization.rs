//! The authorization matrix: every operation of the served OpenAPI document × every
//! role × own and other jurisdiction × own and other country (the scenario is Swedish;
//! IMDi and a Norwegian county and municipality with the very codes of Dalarna and Falun
//! must reach none of it). An operation without a rule here fails the test, so a new
//! endpoint cannot ship without deciding who may use it.

use crate::support::*;
use axum::http::Method;
use landa_model::{Destination, HouseholdState};
use landa_testing::on_each_engine;
use serde_json::{json, Value};
use utoipa::openapi::path::HttpMethod;

use Caller::*;

pub(crate) const EVERYONE: &[Caller] = &Caller::ALL;
pub(crate) const SIGNED_IN: &[Caller] = &[
    National,
    RegionOwn,
    RegionOther,
    MunicipalityOwn,
    MunicipalityOther,
    Partner,
    NationalNorway,
    RegionNorway,
    MunicipalityNorway,
    Housing,
    Administrator,
];
/// Lists filtered to the caller's jurisdiction: every planning role may ask.
const PLANNING: &[Caller] = &[
    National,
    RegionOwn,
    RegionOther,
    MunicipalityOwn,
    MunicipalityOther,
];
/// One municipality's records: national, its region, itself.
pub(crate) const OWN_JURISDICTION: &[Caller] = &[National, RegionOwn, MunicipalityOwn];
/// Changes to a municipality's own records: itself or national.
pub(crate) const OWN_MUNICIPALITY_OR_NATIONAL: &[Caller] = &[National, MunicipalityOwn];
/// Offers of homes in a municipality: itself, national, and a housing company serving it.
const OFFERERS: &[Caller] = &[National, MunicipalityOwn, Housing];
/// Dwelling lists: every planning role for its jurisdiction, a housing company its own.
const DWELLING_LISTS: &[Caller] = &[
    National,
    RegionOwn,
    RegionOther,
    MunicipalityOwn,
    MunicipalityOther,
    Housing,
];
pub(crate) const NATIONAL: &[Caller] = &[National];
pub(crate) const ADMINISTRATOR: &[Caller] = &[Administrator];

/// Who may use each operation, by method and path template.
fn rule(method: &str, path: &str) -> Option<&'static [Caller]> {
    let p = path.trim_start_matches("/api/v1");
    Some(match (method, p) {
        ("POST", "/auth/login") => EVERYONE,
        ("POST", "/auth/logout") | ("GET", "/auth/me") => SIGNED_IN,
        ("GET", "/accounts")
        | ("POST", "/accounts")
        | ("POST", "/accounts/{username}/disable")
        | ("POST", "/accounts/{username}/enable")
        | ("PUT", "/accounts/{username}/sso")
        | ("GET", "/audit") => ADMINISTRATOR,
        // Every account issues its own tokens (the path names the caller itself).
        ("POST", "/accounts/{username}/tokens") => SIGNED_IN,
        ("GET", "/scenarios")
        | ("GET", "/scenarios/{scenario}/regions")
        | ("GET", "/scenarios/{scenario}/municipalities") => SIGNED_IN,
        ("GET", "/scenarios/{scenario}/municipalities/{code}/dashboard")
        | ("GET", "/scenarios/{scenario}/municipalities/{code}/decisions")
        | ("GET", "/scenarios/{scenario}/municipalities/{code}/priorities")
        | ("GET", "/scenarios/{scenario}/dwellings/{id}") => OWN_JURISDICTION,
        ("POST", "/scenarios/{scenario}/dwellings")
        | ("POST", "/scenarios/{scenario}/dwelling-commitments") => OFFERERS,
        ("GET", "/scenarios/{scenario}/dwellings") => DWELLING_LISTS,
        ("POST", "/scenarios/{scenario}/municipalities/{code}/decisions")
        | ("PUT", "/scenarios/{scenario}/municipalities/{code}/priorities")
        | ("PUT", "/scenarios/{scenario}/dwellings/{id}")
        | ("GET", "/scenarios/{scenario}/households/{id}") => OWN_MUNICIPALITY_OR_NATIONAL,
        ("GET", "/scenarios/{scenario}/request-rounds")
        | ("GET", "/scenarios/{scenario}/decisions")
        | ("GET", "/scenarios/{scenario}/gaps")
        | ("GET", "/scenarios/{scenario}/households/counts")
        | ("GET", "/scenarios/{scenario}/reminders")
        | ("GET", "/scenarios/{scenario}/integration-indicators") => PLANNING,
        ("POST", "/scenarios/{scenario}/request-rounds")
        | ("POST", "/scenarios/{scenario}/quota") => &[National, RegionOwn],
        // Scoped lists: another municipality gets its own (here empty) list.
        ("GET", "/scenarios/{scenario}/households")
        | ("GET", "/scenarios/{scenario}/placement-responses") => {
            &[National, MunicipalityOwn, MunicipalityOther]
        }
        ("POST", "/scenarios/{scenario}/households")
        | ("POST", "/scenarios/{scenario}/intake-files")
        | ("GET", "/scenarios/{scenario}/intake")
        | ("PUT", "/scenarios/{scenario}/households/{id}")
        | ("GET", "/scenarios/{scenario}/households/{id}/preferences")
        | ("PUT", "/scenarios/{scenario}/households/{id}/preferences")
        | ("POST", "/scenarios/{scenario}/households/{id}/withdrawal")
        | ("DELETE", "/scenarios/{scenario}/households/{id}/exclusions/{municipality}") => NATIONAL,
        // The municipality the household is settled in records its moves, or national.
        ("POST", "/scenarios/{scenario}/households/{id}/move-in")
        | ("POST", "/scenarios/{scenario}/households/{id}/move-elsewhere")
        | ("GET", "/scenarios/{scenario}/households/{id}/history")
        | ("GET", "/scenarios/{scenario}/households/{id}/register") => OWN_MUNICIPALITY_OR_NATIONAL,
        // The municipality the household settled in records its people's register.
        ("PUT", "/scenarios/{scenario}/households/{id}/register/{person}/programme")
        | (
            "PUT",
            "/scenarios/{scenario}/households/{id}/register/{person}/statuses/{checkpoint}",
        )
        | ("POST", "/scenarios/{scenario}/register-files") => &[MunicipalityOwn],
        // Only the municipality the household is proposed to answers for it.
        ("POST", "/scenarios/{scenario}/households/{id}/response") => &[MunicipalityOwn],
        ("GET", "/scenarios/{scenario}/placement-runs")
        | ("POST", "/scenarios/{scenario}/placement-runs")
        | ("GET", "/scenarios/{scenario}/placement-runs/{id}")
        | ("GET", "/scenarios/{scenario}/placement-runs/{id}/placements")
        | ("GET", "/scenarios/{scenario}/placement-runs/{id}/explanations/{household}")
        | ("POST", "/scenarios/{scenario}/placement-runs/{id}/approve")
        | ("GET", "/scenarios/{scenario}/arrival-forecast")
        | ("PUT", "/scenarios/{scenario}/arrival-forecast")
        | ("GET", "/scenarios/{scenario}/run-schedule")
        | ("PUT", "/scenarios/{scenario}/run-schedule")
        | ("DELETE", "/scenarios/{scenario}/run-schedule") => NATIONAL,
        ("GET", "/public/scenarios")
        | ("GET", "/public/scenarios/{scenario}/summary")
        | ("GET", "/public/agreements")
        | ("GET", "/public/agreements/{id}/report") => EVERYONE,
        // Lists of the caller's agreements: a region or municipality party to none gets an
        // empty list; administrators manage accounts, not agreements.
        ("GET", "/agreements") | ("GET", "/reminders") => {
            // SIGNED_IN lists the administrator last.
            &SIGNED_IN[..SIGNED_IN.len() - 1]
        }
        // The parties: national, the agreement's region, municipalities and partners in it.
        ("GET", "/agreements/{id}")
        | ("GET", "/agreements/{id}/versions")
        | ("GET", "/agreements/{id}/follow-up")
        | ("GET", "/agreements/{id}/report") => &[National, RegionOwn, MunicipalityOwn, Partner],
        ("PUT", "/agreements/{id}") => &[National, RegionOwn],
        // Norway's practice: in this Swedish year nobody may (flows/norway.rs tries
        // IMDi and the municipality itself in a Norwegian one).
        ("PUT", "/scenarios/{scenario}/municipalities/{code}/unaccompanied-minors") => &[],
        _ => return None,
    })
}

/// The status a forbidden caller gets: 404 where saying "forbidden" would tell that the
/// record exists to a caller of the same kind that may see others like it (an agreement
/// one is not party to, a household of another municipality), otherwise 403: the role
/// or the country has no business there at all.
fn refusal(caller: Caller, method: &str, path: &str) -> u16 {
    let p = path.trim_start_matches("/api/v1");
    match (caller, method, p) {
        (Administrator, _, _) => 403,
        // Another municipality's file names persons it has none of: each row is refused
        // (with the same words as for a person that does not exist).
        (MunicipalityOther, _, "/scenarios/{scenario}/register-files") => 422,
        (
            _,
            "GET",
            "/agreements/{id}"
            | "/agreements/{id}/versions"
            | "/agreements/{id}/follow-up"
            | "/agreements/{id}/report",
        ) => 404,
        (MunicipalityOther, "GET", "/scenarios/{scenario}/households/{id}")
        | (
            MunicipalityOther,
            _,
            "/scenarios/{scenario}/households/{id}/response"
            | "/scenarios/{scenario}/households/{id}/move-in"
            | "/scenarios/{scenario}/households/{id}/move-elsewhere"
            | "/scenarios/{scenario}/households/{id}/history"
            | "/scenarios/{scenario}/households/{id}/register"
            | "/scenarios/{scenario}/households/{id}/register/{person}/programme"
            | "/scenarios/{scenario}/households/{id}/register/{person}/statuses/{checkpoint}",
        ) => 404,
        _ => 403,
    }
}

pub(crate) fn unique() -> u32 {
    next_unique()
}

/// A request that the rule's allowed callers can carry out: concrete path and valid body.
async fn request_for(
    server: &TestServer,
    caller: Caller,
    method: &str,
    template: &str,
) -> (String, Option<Value>, Vec<(String, String)>) {
    let username = if template.ends_with("/tokens") {
        caller.username().unwrap_or(SPARE_ACCOUNT)
    } else {
        SPARE_ACCOUNT
    };
    let id = if template.contains("/agreements/{id}") {
        AGREEMENT.to_owned()
    } else if template.contains("/households/{id}") {
        server.household.clone()
    } else if template.contains("/dwellings/{id}") {
        server.dwelling.clone()
    } else if template.ends_with("/approve") {
        // Only the latest run is approved, once no other is queued or running.
        server.approvable_job().await.to_string()
    } else {
        server.job_id.to_string()
    };
    // A household step changes the household, so each call gets a new one in the state
    // the step starts from, with the version to send.
    let p = template.trim_start_matches("/api/v1");
    let run = server.run_id().await;
    let approved = || {
        HouseholdState::Approved(Destination {
            run,
            municipality: OWN_MUNICIPALITY.parse().unwrap(),
            dwelling: None,
        })
    };
    let stepped = match (method, p) {
        ("PUT", "/scenarios/{scenario}/households/{id}")
        | ("POST", "/scenarios/{scenario}/households/{id}/withdrawal") => Some(
            server
                .household_in("matrix", HouseholdState::Waiting, &[])
                .await,
        ),
        ("POST", "/scenarios/{scenario}/households/{id}/move-in") => {
            Some(server.household_in("matrix", approved(), &[]).await)
        }
        ("POST", "/scenarios/{scenario}/households/{id}/move-elsewhere")
        | ("GET", "/scenarios/{scenario}/households/{id}/register")
        | ("POST", "/scenarios/{scenario}/register-files")
        | ("PUT", "/scenarios/{scenario}/households/{id}/register/{person}/programme")
        | (
            "PUT",
            "/scenarios/{scenario}/households/{id}/register/{person}/statuses/{checkpoint}",
        ) => {
            let state = HouseholdState::MovedIn {
                destination: match approved() {
                    HouseholdState::Approved(d) => d,
                    _ => unreachable!(),
                },
                // Over a year ago, so its first-year status can be recorded.
                on: chrono::NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(),
            };
            Some(server.household_in("matrix", state, &[]).await)
        }
        ("DELETE", "/scenarios/{scenario}/households/{id}/exclusions/{municipality}") => Some(
            server
                .household_in("matrix", HouseholdState::Waiting, &[OWN_MUNICIPALITY])
                .await,
        ),
        _ => None,
    };
    let id = stepped
        .as_ref()
        .map_or(id, |(household, _)| household.clone());
    let query = match p {
        "/scenarios/{scenario}/intake-files" => "?name=intake.csv",
        "/scenarios/{scenario}/register-files" => "?name=register.csv",
        _ => "",
    };
    let path = template
        .replace("{scenario}", SCENARIO)
        .replace("{municipality}", OWN_MUNICIPALITY)
        .replace("{code}", OWN_MUNICIPALITY)
        .replace("{username}", username)
        .replace("{household}", &server.household)
        .replace("{person}", &format!("{id}-p1"))
        .replace("{checkpoint}", "settled_1_year")
        .replace("{id}", &id)
        + query;
    // Reading or stopping a schedule needs one: national sets it first (a month ahead, so
    // that no run starts).
    if matches!(
        (method, p),
        ("GET" | "DELETE", "/scenarios/{scenario}/run-schedule")
    ) {
        let set = server
            .call(National, Method::PUT, &path, Some(schedule_body()), &[])
            .await;
        assert!(set.status.is_success(), "{}", set.body);
    }
    let mut headers = Vec::new();
    if let Some((_, version)) = &stepped {
        headers.push(("if-match".to_owned(), format!("\"{version}\"")));
    }
    let body = match (method, p) {
        ("POST", "/scenarios/{scenario}/households") => Some(json!({"households": [{
            "id": format!("matrix-new-{}", unique()), "adults": 2, "children": 1,
            "waiting_since": "2026-03-02", "permit_date": "2026-02-20",
            "intake_category": "quota",
            "persons": [{"id": format!("matrix-person-{}", unique()), "birth_year": 1990,
                         "sex": "f", "education": "secondary", "languages": ["ar"]}],
        }]})),
        ("PUT", "/scenarios/{scenario}/households/{id}") => Some(json!({
            "household": {"id": id, "adults": 1, "children": 0, "waiting_since": "2026-01-05",
                          "intake_category": "family_reunification"},
            "note": "reunification, not from a reception centre",
        })),
        ("POST", "/scenarios/{scenario}/intake-files") => Some(Value::String(format!(
            "household_id,size,adults,children,unaccompanied_minor,waiting_since,intake_category\n\
             matrix-file-{},3,2,1,false,2026-03-02,quota\n",
            unique()
        ))),
        ("POST", "/scenarios/{scenario}/register-files") => Some(Value::String(format!(
            "person_id,entry,checkpoint,activity\n{id}-p1,status,settled_1_year,work\n"
        ))),
        ("POST", "/scenarios/{scenario}/households/{id}/withdrawal") => {
            Some(json!({"note": "moved abroad"}))
        }
        ("POST", "/scenarios/{scenario}/households/{id}/move-in") => {
            Some(json!({"on": "2026-03-01"}))
        }
        ("POST", "/scenarios/{scenario}/households/{id}/move-elsewhere") => {
            Some(json!({"on": "2026-06-01", "note": "to Stockholm"}))
        }
        ("PUT", "/scenarios/{scenario}/households/{id}/register/{person}/programme") => {
            Some(json!({"decided_on": "2026-02-10", "started_on": "2026-03-01", "goal": "work"}))
        }
        (
            "PUT",
            "/scenarios/{scenario}/households/{id}/register/{person}/statuses/{checkpoint}",
        ) => Some(json!({"activity": "work"})),
        ("POST", "/auth/login") => Some(json!({"username": "partner", "password": PASSWORD})),
        ("POST", "/accounts") => Some(json!({
            "username": format!("new-user-{}", unique()),
            "display_name": "New user",
            "password": PASSWORD,
            "role": "municipality",
            "country": "SE",
            "jurisdiction": OWN_MUNICIPALITY,
        })),
        ("POST", "/accounts/{username}/tokens") => Some(json!({"label": "matrix"})),
        ("PUT", "/accounts/{username}/sso") => {
            Some(json!({"subject": format!("matrix-{}@falun.se", unique())}))
        }
        ("PUT", "/agreements/{id}") => {
            let (agreement, version) = server.store.agreement(AGREEMENT, None).await.unwrap();
            headers.push(("if-match".to_owned(), format!("\"{version}\"")));
            Some(json!({"agreement": agreement, "note": "matrix"}))
        }
        ("POST", "/scenarios/{scenario}/request-rounds") => Some(json!({
            "year": 2026, "round": 100 + unique(), "sent_by": "test",
            "requests": [{"municipality": OWN_MUNICIPALITY, "persons": 10, "unaccompanied_minors": 1}],
        })),
        ("PUT", "/scenarios/{scenario}/municipalities/{code}/unaccompanied-minors") => {
            Some(json!({"takes": false}))
        }
        ("PUT", "/scenarios/{scenario}/municipalities/{code}/priorities") => {
            Some(json!({"priorities": ["large_families", "ties"]}))
        }
        ("PUT", "/scenarios/{scenario}/households/{id}/preferences") => {
            Some(json!({"ranking": [OWN_MUNICIPALITY]}))
        }
        ("POST", "/scenarios/{scenario}/municipalities/{code}/decisions") => Some(
            json!({"persons": 12, "unaccompanied_minors": 2, "body": "municipal_council", "decided_on": "2026-02-01"}),
        ),
        ("POST", "/scenarios/{scenario}/dwellings") => Some(json!({
            "id": format!("matrix-{}", unique()), "municipality": OWN_MUNICIPALITY,
            "beds": 3, "available_from": "2026-04-01", "contract": "sublet",
        })),
        ("POST", "/scenarios/{scenario}/dwelling-commitments") => Some(json!({
            "prefix": format!("matrix-{}", unique()), "municipality": OWN_MUNICIPALITY,
            "beds": 3, "contract": "first_hand", "rent": 6000,
            "first": "2026-02-01", "until": "2026-04-30",
        })),
        ("PUT", "/scenarios/{scenario}/dwellings/{id}") => {
            let current = server
                .store
                .dwelling(SCENARIO, &server.dwelling)
                .await
                .expect("the test dwelling");
            headers.push(("if-match".to_owned(), format!("\"{}\"", current.version)));
            Some(json!({"beds": 5, "available_from": "2026-03-01", "contract": "first_hand"}))
        }
        ("POST", "/scenarios/{scenario}/households/{id}/response") => {
            Some(json!({"response": "questioned", "comment": "no school place for the children"}))
        }
        ("POST", "/scenarios/{scenario}/quota") => Some(json!({
            "total": 200, "minors": 10, "region": OWN_REGION,
            "adjustments": [{"municipality": OWN_MUNICIPALITY, "persons": 50, "reason": "new housing"}],
        })),
        ("POST", "/scenarios/{scenario}/placement-runs") => {
            Some(json!({"method": "greedy", "time_limit_seconds": 1}))
        }
        ("PUT", "/scenarios/{scenario}/arrival-forecast") => Some({
            let version = server
                .store
                .arrival_forecast_version(SCENARIO)
                .await
                .expect("the forecast's version");
            headers.push(("if-match".to_owned(), format!("\"{version}\"")));
            json!({"periods": [{
            "period_start": "2026-03-02", "period_end": "2026-03-08",
            "intake_category": "quota", "household_type": "couple",
            "households": 2, "persons": 4,
            }]})
        }),
        ("PUT", "/scenarios/{scenario}/run-schedule") => Some(schedule_body()),
        (_, _) if method == "POST" => Some(json!({})),
        _ => None,
    };
    // Bodies that carry no fields are sent without one where the operation takes none.
    let body = match (method, p) {
        ("POST", "/auth/logout")
        | ("POST", "/accounts/{username}/disable")
        | ("POST", "/accounts/{username}/enable")
        | ("POST", "/scenarios/{scenario}/placement-runs/{id}/approve") => None,
        _ => body,
    };
    (path, body, headers)
}

/// A weekly schedule whose first run is a month ahead.
fn schedule_body() -> Value {
    let first_run = chrono::Utc::now() + chrono::TimeDelta::days(30);
    json!({"first_run": first_run.to_rfc3339(), "time_limit_seconds": 1})
}

fn method_name(method: &HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Head => "HEAD",
        HttpMethod::Options => "OPTIONS",
        HttpMethod::Trace => "TRACE",
    }
}

fn operations() -> Vec<(&'static str, String)> {
    let document = landa_server::openapi_document();
    let mut operations = Vec::new();
    for (path, item) in &document.paths.paths {
        let methods = [
            (HttpMethod::Get, &item.get),
            (HttpMethod::Post, &item.post),
            (HttpMethod::Put, &item.put),
            (HttpMethod::Delete, &item.delete),
            (HttpMethod::Patch, &item.patch),
        ];
        for (method, operation) in methods {
            if operation.is_some() {
                operations.push((method_name(&method), path.clone()));
            }
        }
    }
    operations
}

#[test]
fn every_operation_has_a_rule() {
    let missing: Vec<String> = operations()
        .into_iter()
        .filter(|(method, path)| rule(method, path).is_none())
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without an authorization rule in tests/api/authorization.rs: {missing:?}"
    );
    assert!(operations().len() >= 25, "the document lists every route");
}

#[tokio::test]
async fn every_operation_answers_each_role_as_its_rule_says() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let mut failures = Vec::new();
        for (method, template) in operations() {
            let allowed = rule(method, &template).expect("checked by every_operation_has_a_rule");
            for caller in Caller::ALL {
                let (path, body, headers) = request_for(&server, caller, method, &template).await;
                let headers: Vec<(&str, &str)> = headers
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let answer = server
                    .call(
                        caller,
                        Method::from_bytes(method.as_bytes()).unwrap(),
                        &path,
                        body,
                        &headers,
                    )
                    .await;
                let status = answer.status.as_u16();
                let ok = if allowed.contains(&caller) {
                    answer.status.is_success()
                } else if caller == Anonymous {
                    status == 401
                } else {
                    status == refusal(caller, method, &template)
                };
                if !ok {
                    failures.push(format!(
                        "{method} {path} as {caller:?}: {status} {} (allowed: {})",
                        answer.body,
                        allowed.contains(&caller)
                    ));
                }
            }
        }
        assert_no_broken_rules(&failures);
    })
    .await;
}
