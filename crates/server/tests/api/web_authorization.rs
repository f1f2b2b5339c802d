//! The authorization matrix of the web pages: every page and form the web router registers
//! (`landa_server::web_routes`) × every caller, with the exact answer: the page (200), a
//! redirect (303: to the login form without a session, to the role's own home, or after
//! a form was carried out), or the refusal the rule gives (403, or 404 where "forbidden"
//! would tell that the record exists, as in the API's matrix). Forms are sent with the
//! session's CSRF token and fields that would pass, so a refusal is the rule's. A route
//! without a rule here fails the test, so a page cannot ship without deciding who may use it.

use crate::authorization::{
    unique, ADMINISTRATOR, EVERYONE, NATIONAL, OWN_JURISDICTION, OWN_MUNICIPALITY_OR_NATIONAL,
    SIGNED_IN,
};
use crate::support::*;
use axum::http::{header, StatusCode};
use landa_model::{Destination, HouseholdState, NaiveDate};
use landa_testing::on_each_engine;
use std::collections::HashMap;

use Caller::*;

/// What a page answers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expected {
    Page,
    Redirect(String),
    /// A redirect to a path under this one (a record made by the request).
    RedirectUnder(String),
    Refused(u16),
}

impl Expected {
    /// Whether `answer` is what this expects.
    fn admits(&self, answer: &Expected) -> bool {
        match (self, answer) {
            (Expected::RedirectUnder(prefix), Expected::Redirect(location)) => {
                location.starts_with(prefix.as_str())
            }
            _ => self == answer,
        }
    }
}

fn to(location: &str) -> Expected {
    Expected::Redirect(location.to_owned())
}

/// Who may use a route, and what they get.
struct Rule {
    allowed: &'static [Caller],
    success: Expected,
}

/// The parties an agreement page is shown to (as the API's `GET /agreements/{id}`).
const AGREEMENT_PARTIES: &[Caller] = &[National, RegionOwn, MunicipalityOwn, Partner];

/// The signed-in callers with planning years for a home (partners have agreements).
const NOT_PARTNERS: &[Caller] = &[
    National,
    RegionOwn,
    RegionOther,
    MunicipalityOwn,
    MunicipalityOther,
    NationalNorway,
    RegionNorway,
    MunicipalityNorway,
    Housing,
    Administrator,
];

/// Who may use each route, by method and path template.
fn rule(method: &str, template: &str) -> Option<Rule> {
    // Back to the municipality's tab where the change shows.
    let saved = |tab: &str| {
        to(&format!(
            "/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}?note=saved&tab={tab}"
        ))
    };
    let (allowed, success): (&'static [Caller], Expected) = match (method, template) {
        (
            "GET",
            "/login"
            | "/public"
            | "/public/{scenario}"
            | "/public/agreements"
            | "/public/agreements/{id}",
        ) => (EVERYONE, Expected::Page),
        ("POST", "/login") => (EVERYONE, to("/app")),
        // Single sign-on: without a provider configured, as here, the login page with a 404;
        // with one, tests/browser/single_sign_on.rs walks it.
        ("GET", "/login/sso" | "/login/sso/callback") => (EVERYONE, Expected::Refused(404)),
        // Back where the user was (here no Referer: the start).
        ("GET", "/language/{code}") => (EVERYONE, to("/")),
        ("GET", "/") => (SIGNED_IN, to("/app")),
        ("POST", "/logout") => (SIGNED_IN, to("/login")),
        // Administrators have no planning: their start is their own page.
        ("GET", "/app") => (&NOT_PARTNERS[..NOT_PARTNERS.len() - 1], Expected::Page),
        // A region page per region: the other region distributes its own.
        ("GET", "/app/{scenario}") | ("POST", "/app/{scenario}/distribute") => {
            (&[National, RegionOwn, RegionOther], Expected::Page)
        }
        ("GET", "/app/{scenario}/municipalities/{code}")
        | ("GET", "/app/{scenario}/dwellings/{id}") => (OWN_JURISDICTION, Expected::Page),
        // Each planning role sees the indicators of its own jurisdiction.
        ("GET", "/app/{scenario}/integration") => (
            &[
                National,
                RegionOwn,
                RegionOther,
                MunicipalityOwn,
                MunicipalityOther,
            ],
            Expected::Page,
        ),
        ("GET", "/app/{scenario}/households/{id}") => {
            (OWN_MUNICIPALITY_OR_NATIONAL, Expected::Page)
        }
        ("POST", "/app/{scenario}/municipalities/{code}/decision")
        | ("POST", "/app/{scenario}/municipalities/{code}/priorities") => {
            (OWN_MUNICIPALITY_OR_NATIONAL, saved("decision"))
        }
        // Norway's practice: in this Swedish year nobody may (flows/norway.rs walks the
        // form of a Norwegian municipality, its token included).
        ("POST", "/app/{scenario}/municipalities/{code}/unaccompanied-minors") => (
            &[],
            to(&format!(
                "/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}?note=minors&tab=decision"
            )),
        ),
        ("POST", "/app/{scenario}/municipalities/{code}/dwellings")
        | ("POST", "/app/{scenario}/municipalities/{code}/dwelling-commitments")
        | ("POST", "/app/{scenario}/dwellings/{id}/let") => {
            (OWN_MUNICIPALITY_OR_NATIONAL, saved("dwellings"))
        }
        ("POST", "/app/{scenario}/dwellings/{id}") => (
            OWN_MUNICIPALITY_OR_NATIONAL,
            to(&format!(
                "/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}?tab=dwellings&note=saved"
            )),
        ),
        ("POST", "/app/{scenario}/households/{id}/response") => {
            (&[MunicipalityOwn], saved("households"))
        }
        ("GET", "/app/{scenario}/housing") => (&[Housing], Expected::Page),
        ("POST", "/app/{scenario}/housing/dwellings")
        | ("POST", "/app/{scenario}/housing/dwelling-commitments") => (
            &[Housing],
            to(&format!("/app/{SCENARIO}/housing?note=saved")),
        ),
        // A new household per call (page_request), so the step has its own to start from.
        ("POST", "/app/{scenario}/households/{id}/step") => (
            OWN_MUNICIPALITY_OR_NATIONAL,
            Expected::RedirectUnder(format!("/app/{SCENARIO}/households/web-step-")),
        ),
        // A settled household per call (page_request): its municipality records, national reads.
        ("GET", "/app/{scenario}/households/{id}/register") => {
            (OWN_MUNICIPALITY_OR_NATIONAL, Expected::Page)
        }
        ("POST", "/app/{scenario}/households/{id}/register") => (
            &[MunicipalityOwn],
            Expected::RedirectUnder(format!("/app/{SCENARIO}/households/web-register-")),
        ),
        ("POST", "/app/{scenario}/register-files") => (
            &[MunicipalityOwn],
            to(&format!("/app/{SCENARIO}/integration?note=recorded")),
        ),
        ("POST", "/app/{scenario}/intake-files") => {
            (NATIONAL, to(&format!("/app/{SCENARIO}?note=registered")))
        }
        ("POST", "/app/{scenario}/placement-runs") => (
            NATIONAL,
            Expected::RedirectUnder(format!("/app/{SCENARIO}?note=started&run=")),
        ),
        ("POST", "/app/{scenario}/arrival-forecast") => {
            (NATIONAL, to(&format!("/app/{SCENARIO}?note=forecast")))
        }
        ("POST", "/app/{scenario}/run-schedule") => {
            (NATIONAL, to(&format!("/app/{SCENARIO}?note=scheduled")))
        }
        ("POST", "/app/{scenario}/run-schedule/stop") => {
            (NATIONAL, to(&format!("/app/{SCENARIO}?note=unscheduled")))
        }
        ("POST", "/app/{scenario}/placement-runs/{id}/approve") => (
            NATIONAL,
            Expected::RedirectUnder(format!("/app/{SCENARIO}?note=approved&run=")),
        ),
        ("GET", "/app/{scenario}/placement-runs/{id}")
        | ("GET", "/app/{scenario}/placement-runs/{id}/explanation") => (NATIONAL, Expected::Page),
        // Administrators manage accounts, not agreements (SIGNED_IN lists them last).
        ("GET", "/app/agreements") => (&SIGNED_IN[..SIGNED_IN.len() - 1], Expected::Page),
        ("GET", "/app/agreements/{id}") => (AGREEMENT_PARTIES, Expected::Page),
        ("POST", "/app/agreements/{id}") => (
            &[National, RegionOwn],
            to(&format!(
                "/app/agreements/{AGREEMENT}?tab=keep&saved=lesson"
            )),
        ),
        ("GET", "/admin") => (ADMINISTRATOR, Expected::Page),
        ("POST", "/admin/accounts") => (
            ADMINISTRATOR,
            Expected::RedirectUnder("/admin?note=created&account=web-user-".into()),
        ),
        ("POST", "/admin/identities") => (
            ADMINISTRATOR,
            to(&format!("/admin?note=linked&account={SPARE_ACCOUNT}")),
        ),
        ("POST", "/admin/accounts/{username}/{action}") => (
            ADMINISTRATOR,
            to(&format!("/admin?note=disabled&account={SPARE_ACCOUNT}")),
        ),
        _ => return None,
    };
    Some(Rule { allowed, success })
}

/// What `caller` gets from a route with `rule`.
fn expected(caller: Caller, method: &str, template: &str, rule: &Rule) -> Expected {
    let municipality = |code: &str| to(&format!("/app/{SCENARIO}/municipalities/{code}"));
    match (caller, method, template) {
        _ if rule.allowed.contains(&caller) => rule.success.clone(),
        (Anonymous, _, _) => to("/login"),
        // The planning pages send a role that has none to its own home.
        (Partner, "GET", "/app" | "/app/{scenario}") => to("/app/agreements"),
        (Administrator, "GET", "/app" | "/app/{scenario}") => to("/admin"),
        (Housing, "GET", "/app/{scenario}") => to(&format!("/app/{SCENARIO}/housing")),
        // The Norwegian municipality is sent to the code it holds, and refused there.
        (MunicipalityOwn | MunicipalityNorway, "GET", "/app/{scenario}") => {
            municipality(OWN_MUNICIPALITY)
        }
        (MunicipalityOther, "GET", "/app/{scenario}") => municipality(OTHER_MUNICIPALITY),
        _ => Expected::Refused(refusal(caller, method, template)),
    }
}

/// The status of a refused page: 404 where "forbidden" would tell a caller that may see
/// others like it that the record exists (an agreement it is not party to, a household
/// of another municipality), otherwise 403.
fn refusal(caller: Caller, method: &str, template: &str) -> u16 {
    match (caller, method, template) {
        (Administrator, _, _) => 403,
        // Its rows name persons of another municipality: each refused on the page.
        (MunicipalityOther, _, "/app/{scenario}/register-files") => 422,
        // A party that sees the agreement but does not keep it.
        (MunicipalityOwn | Partner, "POST", "/app/agreements/{id}") => 403,
        (_, _, "/app/agreements/{id}") => 404,
        (
            MunicipalityOther,
            _,
            "/app/{scenario}/households/{id}"
            | "/app/{scenario}/households/{id}/response"
            | "/app/{scenario}/households/{id}/step"
            | "/app/{scenario}/households/{id}/register",
        ) => 404,
        _ => 403,
    }
}

/// A route's concrete path and the form's fields (without the CSRF token) that the rule's
/// allowed callers can carry out; the versions are the current ones.
pub(crate) async fn page_request(server: &TestServer, template: &str) -> (String, String) {
    let id = if template.starts_with("/app/agreements/")
        || template.starts_with("/public/agreements/")
    {
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
    let code = if template.starts_with("/language/") {
        "sv"
    } else {
        OWN_MUNICIPALITY
    };
    if template == "/app/{scenario}/households/{id}/step" {
        let approved = HouseholdState::Approved(Destination {
            run: server.run_id().await,
            municipality: OWN_MUNICIPALITY.parse().unwrap(),
            dwelling: None,
        });
        let (household, version) = server.household_in("web-step", approved, &[]).await;
        return (
            format!("/app/{SCENARIO}/households/{household}/step"),
            format!("step=move_in&version={version}&on=2026-04-01&dwelling=&note="),
        );
    }
    if template == "/app/{scenario}/households/{id}/register"
        || template == "/app/{scenario}/register-files"
    {
        let settled = HouseholdState::MovedIn {
            destination: Destination {
                run: server.run_id().await,
                municipality: OWN_MUNICIPALITY.parse().unwrap(),
                dwelling: None,
            },
            // Over a year ago, so its first-year status can be recorded.
            on: NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(),
        };
        let (household, _) = server.household_in("web-register", settled, &[]).await;
        if template.ends_with("/register-files") {
            let file = format!(
                "person_id,entry,checkpoint,activity\n{household}-p1,status,settled_1_year,work\n"
            );
            return (
                format!("/app/{SCENARIO}/register-files"),
                serde_urlencoded::to_string([("file", file)]).unwrap(),
            );
        }
        return (
            format!("/app/{SCENARIO}/households/{household}/register"),
            format!("kind=status&person={household}-p1&checkpoint=settled_1_year&activity=work"),
        );
    }
    let path = template
        .replace("{scenario}", SCENARIO)
        .replace("{code}", code)
        .replace("{id}", &id)
        .replace("{username}", SPARE_ACCOUNT)
        .replace("{action}", "disable");
    let dwelling_version = || async {
        server
            .store
            .dwelling(SCENARIO, &server.dwelling)
            .await
            .expect("the test dwelling")
            .version
    };
    let password = PASSWORD.replace(' ', "+");
    let fields = match template {
        "/login" => format!("username=partner&password={password}"),
        "/app/{scenario}/municipalities/{code}/decision" => {
            "persons=5&unaccompanied_minors=0&body=municipal_council&decided_on=2026-01-01&registration_number=1".into()
        }
        "/app/{scenario}/households/{id}/response" => "response=accepted&comment=".into(),
        "/app/{scenario}/municipalities/{code}/unaccompanied-minors" => "takes=no".into(),
        "/app/{scenario}/municipalities/{code}/priorities" => "priorities=large_families".into(),
        "/app/{scenario}/distribute" => {
            "total=100&minors=0&adjustments=&round=90&sent_by=test&action=preview".into()
        }
        "/app/{scenario}/municipalities/{code}/dwellings" => format!(
            "dwelling_id=web-{}&beds=2&available_from=2026-04-01&contract=sublet",
            unique()
        ),
        "/app/{scenario}/municipalities/{code}/dwelling-commitments" => format!(
            "prefix=web-{}&commitment_beds=2&contract=sublet&commitment_rent=&first=2026-02-01&every_months=1&until=2026-03-31",
            unique()
        ),
        "/app/{scenario}/housing/dwellings" => format!(
            "municipality={OWN_MUNICIPALITY}&dwelling_id=web-{}&beds=2&available_from=2026-04-01&contract=sublet",
            unique()
        ),
        "/app/{scenario}/housing/dwelling-commitments" => format!(
            "municipality={OWN_MUNICIPALITY}&prefix=web-{}&commitment_beds=2&contract=sublet&commitment_rent=&first=2026-02-01&every_months=1&until=2026-03-31",
            unique()
        ),
        "/app/{scenario}/dwellings/{id}/let" => format!("version={}", dwelling_version().await),
        "/app/{scenario}/dwellings/{id}" => format!(
            "beds=3&available_from=2026-04-01&contract=sublet&version={}",
            dwelling_version().await
        ),
        "/app/{scenario}/placement-runs" => "method=greedy&time_limit_seconds=1".into(),
        "/app/{scenario}/arrival-forecast" => {
            let version = server
                .store
                .arrival_forecast_version(SCENARIO)
                .await
                .expect("the forecast's version")
                .to_string();
            serde_urlencoded::to_string([
                ("version", version.as_str()),
                (
                    "file",
                    "period_start,period_end,intake_category,household_type,households,persons\n\
                     2026-03-02,2026-03-08,quota,couple,4,8\n",
                ),
            ])
            .unwrap()
        }
        // A month ahead, so that no run starts.
        "/app/{scenario}/run-schedule" => format!(
            "first_run={}&every_days=7&method=greedy&time_limit_seconds=1&reserve=on",
            (chrono::Utc::now() + chrono::TimeDelta::days(30)).format("%Y-%m-%dT%H:%M")
        ),
        // Sent as a file field (form_request makes the upload multipart).
        "/app/{scenario}/intake-files" => serde_urlencoded::to_string([(
            "file",
            format!(
                "household_id,size,adults,children,unaccompanied_minor,waiting_since\n\
                 web-{},2,2,0,false,2026-03-02\n",
                unique()
            ),
        )])
        .unwrap(),
        "/app/{scenario}/placement-runs/{id}/explanation" => {
            return (format!("{path}?household={}", server.household), String::new())
        }
        "/app/agreements/{id}" => {
            let (_, version) = server.store.agreement(AGREEMENT, None).await.unwrap();
            format!("entry=lesson&version={version}&date=2026-01-10&what_happened=x&learned=y")
        }
        // Past their confirm step (a_confirm_step_is_asked_only_of_those_who_may_act).
        "/app/{scenario}/placement-runs/{id}/approve" | "/admin/accounts/{username}/{action}" => {
            "confirmed=yes".into()
        }
        "/admin/identities" => format!(
            "identity_username={SPARE_ACCOUNT}&subject=web-subject-{}",
            unique()
        ),
        "/admin/accounts" => format!(
            "username=web-user-{}&display_name=x&password={password}&role=municipality&country=SE&jurisdiction={OWN_MUNICIPALITY}",
            unique()
        ),
        _ => String::new(),
    };
    (path, fields)
}

/// Every route of the web router with its rule.
fn routes_with_rules() -> Vec<(&'static str, &'static str, Rule)> {
    landa_server::web_routes()
        .into_iter()
        .map(|(method, template)| {
            let rule = rule(method, template).unwrap_or_else(|| {
                panic!("{method} {template} has no rule in tests/api/web_authorization.rs")
            });
            (method, template, rule)
        })
        .collect()
}

/// Every form that changes something as a signed-in user (the login has no session; a
/// login from another site is refused by its origin), with a caller that may send it;
/// a form nobody may send in this Swedish year is tried where it may (flows/norway.rs).
pub(crate) fn forms() -> Vec<(&'static str, Caller)> {
    routes_with_rules()
        .into_iter()
        .filter(|(method, template, rule)| {
            *method == "POST" && *template != "/login" && !rule.allowed.is_empty()
        })
        .map(|(_, template, rule)| {
            let caller = rule.allowed.iter().find(|c| **c != Anonymous);
            (template, *caller.expect("a signed-in caller may send it"))
        })
        .collect()
}

fn answer_of(answer: &Answer) -> Expected {
    match answer.status {
        StatusCode::OK => Expected::Page,
        StatusCode::SEE_OTHER => Expected::Redirect(
            answer.headers[header::LOCATION]
                .to_str()
                .unwrap()
                .to_owned(),
        ),
        status => Expected::Refused(status.as_u16()),
    }
}

#[test]
fn every_page_has_a_rule() {
    let routes = routes_with_rules();
    assert!(
        routes.len() >= 30,
        "the router lists every page: {}",
        routes.len()
    );
    assert!(forms().len() >= 12, "every form is tried");
}

#[tokio::test]
async fn every_page_answers_each_caller_as_its_rule_says() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let mut sessions = HashMap::new();
        for caller in Caller::ALL {
            if let Some(username) = caller.username() {
                sessions.insert(caller, server.session(username).await);
            }
        }
        let mut failures = Vec::new();
        for (method, template, rule) in routes_with_rules() {
            for caller in Caller::ALL {
                let (path, fields) = page_request(&server, template).await;
                let session = match (caller.username(), template) {
                    // Logging out ends the session: a session of its own.
                    (Some(username), "/logout") => Some(server.session(username).await),
                    _ => sessions.get(&caller).cloned(),
                };
                let (cookie, csrf) = match &session {
                    Some((cookie, csrf)) => (Some(cookie.as_str()), csrf.as_str()),
                    None => (None, ""),
                };
                let request = match method {
                    "GET" => page_get(&path, cookie),
                    _ => form_request(&path, cookie, &format!("csrf_token={csrf}&{fields}")),
                };
                let answer = answer_of(&server.send(request).await);
                let expected = expected(caller, method, template, &rule);
                if !expected.admits(&answer) {
                    failures.push(format!(
                        "{method} {path} as {caller:?}: {answer:?}, expected {expected:?}"
                    ));
                }
            }
        }
        assert_no_broken_rules(&failures);
    })
    .await;
}

/// The confirm step of a consequential action (approve a run, disable an account, publish
/// a round) is asked only of those who may take it, others are refused as the action
/// refuses them, and asking changes nothing.
#[tokio::test]
async fn a_confirm_step_is_asked_only_of_those_who_may_act() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let rounds = server.store.request_rounds(SCENARIO).await.unwrap().len();
        let publish = "total=100&minors=0&adjustments=&round=90&sent_by=test&action=publish";
        let mut failures = Vec::new();
        let mut run = None;
        for template in [
            "/app/{scenario}/placement-runs/{id}/approve",
            "/admin/accounts/{username}/{action}",
            "/app/{scenario}/distribute",
        ] {
            let rule = rule("POST", template).unwrap();
            for caller in Caller::ALL {
                let (path, _) = page_request(&server, template).await;
                if template.ends_with("/approve") {
                    run = path.split('/').nth(4).map(str::to_owned);
                }
                let session = match caller.username() {
                    Some(username) => Some(server.session(username).await),
                    None => None,
                };
                let (cookie, csrf) = match &session {
                    Some((cookie, csrf)) => (Some(cookie.as_str()), csrf.as_str()),
                    None => (None, ""),
                };
                let fields = if template.ends_with("/distribute") {
                    publish
                } else {
                    ""
                };
                let request = form_request(&path, cookie, &format!("csrf_token={csrf}&{fields}"));
                let answer = answer_of(&server.send(request).await);
                let expected = if rule.allowed.contains(&caller) {
                    Expected::Page
                } else {
                    expected(caller, "POST", template, &rule)
                };
                if !expected.admits(&answer) {
                    failures.push(format!(
                        "POST {path} as {caller:?}: {answer:?}, expected {expected:?}"
                    ));
                }
            }
        }
        assert_no_broken_rules(&failures);
        assert_eq!(
            server.store.request_rounds(SCENARIO).await.unwrap().len(),
            rounds,
            "no round published"
        );
        let spare = server
            .store
            .account(SPARE_ACCOUNT)
            .await
            .unwrap()
            .expect("the spare account");
        assert!(!spare.disabled, "the account is not disabled");
        let run: i64 = run
            .expect("the approve path names its run")
            .parse()
            .unwrap();
        assert!(
            server
                .store
                .placement_job(run)
                .await
                .unwrap()
                .approved_by
                .is_none(),
            "the run is not approved"
        );
    })
    .await;
}
