//! A server on a fresh store with a small synthetic year, one account (and API token)
//! per role and jurisdiction, a placement run proposing a household to Falun, and a
//! dwelling in Falun.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use landa_app::credentials;
use landa_model::{
    Contract, Dwelling, EducationLevel, Household, HouseholdId, HouseholdState, Lifecycle,
    NaiveDate, Person, Placement, PlacementAlternative, Role, Scenario, Sex, Standing,
};
use landa_server::{AppState, ServerConfig};
use landa_store::{AuditEntry, Location, NewAccount, PlacementRunRecord, Store, Transition};
use serde_json::Value;
use std::sync::OnceLock;
use std::time::Duration;
use tower::ServiceExt;

pub const SCENARIO: &str = "api-test";
/// Falun, in Dalarna (20).
pub const OWN_MUNICIPALITY: &str = "2080";
pub const OWN_REGION: &str = "20";
/// Borlänge: another municipality of the same region.
pub const OTHER_MUNICIPALITY: &str = "2081";
/// Stockholm's region.
pub const OTHER_REGION: &str = "01";
pub const PASSWORD: &str = "a long test password";
/// An account no caller uses, for disabling and token issuing.
pub const SPARE_ACCOUNT: &str = "spare";
/// "Vägen in" (Dalarna, region 20), with Falun and the partner as parties and Borlänge not.
pub const AGREEMENT: &str = "vagen-in";
/// The partner account's name: the employment service, a party to Vägen in.
pub const PARTNER: &str = "Arbetsförmedlingen";
/// The housing company's name: it serves the own municipality only.
pub const HOUSING: &str = "Kopparstaden";

/// The callers every rule is tried with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caller {
    Anonymous,
    National,
    RegionOwn,
    RegionOther,
    MunicipalityOwn,
    MunicipalityOther,
    Partner,
    Administrator,
    /// IMDi: national, but of Norway.
    NationalNorway,
    /// A Norwegian county with the same code as the own region (Sweden's 20 is Dalarna).
    RegionNorway,
    /// A Norwegian municipality with the same code as Falun.
    MunicipalityNorway,
    /// A housing company serving the own municipality (Falun).
    Housing,
    /// A second national officer of Sweden: approves the runs `National` starts (four
    /// eyes). Not among `ALL`: the matrices try the roles, and this is `National`'s.
    SecondNational,
}

impl Caller {
    pub const ALL: [Caller; 12] = [
        Caller::Anonymous,
        Caller::National,
        Caller::RegionOwn,
        Caller::RegionOther,
        Caller::MunicipalityOwn,
        Caller::MunicipalityOther,
        Caller::Partner,
        Caller::Administrator,
        Caller::NationalNorway,
        Caller::RegionNorway,
        Caller::MunicipalityNorway,
        Caller::Housing,
    ];

    pub fn username(self) -> Option<&'static str> {
        Some(match self {
            Caller::Anonymous => return None,
            Caller::National => "national",
            Caller::RegionOwn => "region-own",
            Caller::RegionOther => "region-other",
            Caller::MunicipalityOwn => "municipality-own",
            Caller::MunicipalityOther => "municipality-other",
            Caller::Partner => "partner",
            Caller::Administrator => "admin",
            Caller::NationalNorway => "imdi",
            Caller::RegionNorway => "region-norway",
            Caller::MunicipalityNorway => "municipality-norway",
            Caller::Housing => "housing",
            Caller::SecondNational => "national-2",
        })
    }

    fn role(self) -> Option<Role> {
        let text = match self {
            Caller::Anonymous => return None,
            Caller::National => "national:SE".to_owned(),
            Caller::RegionOwn => format!("region:SE:{OWN_REGION}"),
            Caller::RegionOther => format!("region:SE:{OTHER_REGION}"),
            Caller::MunicipalityOwn => format!("municipality:SE:{OWN_MUNICIPALITY}"),
            Caller::MunicipalityOther => format!("municipality:SE:{OTHER_MUNICIPALITY}"),
            Caller::Partner => format!("partner:SE:{PARTNER}"),
            Caller::Administrator => "administrator".to_owned(),
            Caller::NationalNorway => "national:NO".to_owned(),
            Caller::RegionNorway => format!("region:NO:{OWN_REGION}"),
            Caller::MunicipalityNorway => format!("municipality:NO:{OWN_MUNICIPALITY}"),
            Caller::Housing => format!("housing:SE:{HOUSING}:{OWN_MUNICIPALITY}"),
            Caller::SecondNational => "national:SE".to_owned(),
        };
        Some(text.parse().expect("a valid role"))
    }
}

/// One argon2 hash for every test account: hashing is slow on purpose.
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| credentials::hash_password(PASSWORD).expect("hashing"))
}

/// Who the fixtures the tests set up through the store are by (also the worker that
/// claims and completes the fixture's placement job).
const SETUP: &str = "test setup";

/// The audit entry of the fixtures the tests set up through the store.
pub fn setup() -> AuditEntry {
    AuditEntry::system(SETUP, "create", "/", "fixture")
}

pub struct TestServer {
    pub store: Store,
    pub router: Router,
    tokens: Vec<(Caller, String)>,
    /// A household proposed to Falun by `run_id`.
    pub household: String,
    /// A done, unapproved placement job.
    pub job_id: i64,
    pub dwelling: String,
}

static UNIQUE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// A number no other call in this test process got.
pub fn next_unique() -> u32 {
    UNIQUE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

/// A fresh store holding the small synthetic year as `SCENARIO`, and no worker on it.
pub async fn seeded_store(location: &Location) -> (Store, Scenario) {
    let store = Store::open(location).await.expect("store");
    let mut scenario = landa_generate::generate(&landa_generate::GenerateOptions {
        households: 30,
        seed: 11,
        ..Default::default()
    })
    .expect("a synthetic scenario");
    scenario.meta.name = SCENARIO.to_owned();
    store
        .import_scenario(&scenario, landa_store::ImportMode::New, &setup())
        .await
        .expect("import");
    (store, scenario)
}

impl TestServer {
    pub async fn start(location: Location) -> TestServer {
        let (store, scenario) = seeded_store(&location).await;
        let mut tokens = Vec::new();
        for caller in Caller::ALL.into_iter().chain([Caller::SecondNational]) {
            let (Some(username), Some(role)) = (caller.username(), caller.role()) else {
                continue;
            };
            store
                .create_account(
                    &NewAccount {
                        username: username.to_owned(),
                        display_name: username.to_owned(),
                        password_hash: password_hash().to_owned(),
                        role,
                    },
                    &setup(),
                )
                .await
                .expect("account");
            let token = credentials::new_api_token();
            store
                .create_api_token(username, &credentials::digest(&token), "tests", &setup())
                .await
                .expect("token");
            tokens.push((caller, token));
        }
        // An account for the administrators' operations to act on.
        store
            .create_account(
                &NewAccount {
                    username: SPARE_ACCOUNT.to_owned(),
                    display_name: "Spare".to_owned(),
                    password_hash: password_hash().to_owned(),
                    role: format!("municipality:SE:{OWN_MUNICIPALITY}")
                        .parse()
                        .unwrap(),
                },
                &setup(),
            )
            .await
            .expect("spare account");
        let household = scenario.households[0].id.to_string();
        let job = store
            .queue_placement_job(
                SCENARIO,
                &landa_store::JobSpec::new("greedy", 1000),
                "national",
                &setup(),
            )
            .await
            .expect("job");
        // No worker runs yet: the setup claims the job and completes it itself.
        store
            .claim_placement_job(SETUP, Duration::from_secs(600))
            .await
            .expect("claim")
            .expect("the queued job");
        store
            .complete_placement_job_with_run(
                job.id,
                SETUP,
                &PlacementRunRecord {
                    method: "greedy".into(),
                    objective: 1.0,
                    bound: Some(1.0),
                    persons_placed: scenario.households[0].size(),
                    created_at: chrono::Utc::now(),
                    placements: vec![Placement {
                        household: scenario.households[0].id.clone(),
                        municipality: OWN_MUNICIPALITY.parse().unwrap(),
                        dwelling: None,
                        score: 1.0,
                    }],
                    alternatives: vec![PlacementAlternative {
                        household: scenario.households[0].id.clone(),
                        municipality: OWN_MUNICIPALITY.parse().unwrap(),
                        value: 1.0,
                        standing: Standing::Placed,
                        detail: String::new(),
                    }],
                },
                "test run",
                &setup(),
            )
            .await
            .expect("run");
        let dwelling = "test-dwelling-falun".to_owned();
        store
            .add_dwelling(
                SCENARIO,
                &Dwelling::new(
                    dwelling.parse().unwrap(),
                    OWN_MUNICIPALITY.parse().unwrap(),
                    4,
                    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                    false,
                    Contract::FirstHand,
                )
                .unwrap(),
                None,
                &setup(),
            )
            .await
            .expect("dwelling");
        store
            .save_agreement(&test_agreement(), "national", "test", None, &setup())
            .await
            .expect("agreement");
        let state = AppState::start(store.clone(), ServerConfig::default());
        TestServer {
            store,
            router: landa_server::router(state),
            tokens,
            household,
            job_id: job.id,
            dwelling,
        }
    }

    fn token(&self, caller: Caller) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(c, _)| *c == caller)
            .map(|(_, t)| t.as_str())
    }

    /// The API token of a signed-in caller.
    pub fn token_of(&self, caller: Caller) -> &str {
        self.token(caller).expect("a signed-in caller")
    }

    /// Sends a request as `caller` (by API token) with an optional JSON body and headers.
    pub async fn call(
        &self,
        caller: Caller,
        method: Method,
        uri: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.call_with(self.token(caller), method, uri, body, headers)
            .await
    }

    /// Sends a request with an API token (none: anonymous), as `call` does.
    pub async fn call_with(
        &self,
        token: Option<&str>,
        method: Method,
        uri: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = match body {
            // A JSON string is sent as the text it holds: a file's content.
            Some(Value::String(text)) => request
                .header(header::CONTENT_TYPE, "text/csv")
                .body(Body::from(text)),
            Some(json) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string())),
            None => request.body(Body::empty()),
        }
        .expect("a request");
        self.send(request).await
    }

    /// Sends a raw request.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, caller: Caller, uri: &str) -> Answer {
        self.call(caller, Method::GET, uri, None, &[]).await
    }

    pub async fn post(&self, caller: Caller, uri: &str, body: Value) -> Answer {
        self.call(caller, Method::POST, uri, Some(body), &[]).await
    }

    /// Entries in the audit log (as administrator).
    /// Logs `username` in with the test password; the session's cookie (`name=value`)
    /// and CSRF token.
    pub async fn session(&self, username: &str) -> (String, String) {
        let login = self.send(login_request(username, PASSWORD)).await;
        assert_eq!(login.status, StatusCode::OK, "{username}: {}", login.body);
        let cookie = login.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let csrf = login.body["csrf_token"].as_str().unwrap().to_owned();
        (cookie, csrf)
    }

    /// A new household (id `prefix-N`), registered and then set straight to `state` as
    /// if its steps had been taken, with `excluded` municipalities that questioned it;
    /// its id and version.
    pub async fn household_in(
        &self,
        prefix: &str,
        state: HouseholdState,
        excluded: &[&str],
    ) -> (String, i64) {
        let id: HouseholdId = format!("{prefix}-{}", next_unique()).parse().unwrap();
        let household = Household::new(
            id.clone(),
            1,
            0,
            false,
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        )
        .unwrap();
        // Its one adult, whose register a settled household's municipality records.
        let person = Person {
            id: format!("{id}-p1").parse().unwrap(),
            household: id.clone(),
            birth_year: 1990,
            sex: Sex::Female,
            education: EducationLevel::Secondary,
            languages: Default::default(),
        };
        self.store
            .register_households(SCENARIO, &[household], &[person], &[], SETUP, &setup())
            .await
            .expect("registering a test household");
        let next = Lifecycle {
            state,
            excluded: excluded.iter().map(|c| c.parse().unwrap()).collect(),
        };
        let transition = Transition {
            household: &id,
            version: 1,
            step: "corrected",
            next: &next,
            note: "",
            recorded_by: SETUP,
            lets: None,
        };
        let version = self
            .store
            .step_household(SCENARIO, &transition, &setup())
            .await
            .expect("setting the test household's state");
        (id.to_string(), version)
    }

    /// A run `National` may approve: the latest, once no run is queued or running, and
    /// started by another officer (four eyes); when the latest is National's own, the
    /// second officer starts one and it is waited for.
    pub async fn approvable_job(&self) -> i64 {
        let latest = self.settled_latest_job().await;
        if latest.requested_by != Caller::National.username().unwrap() {
            return latest.id;
        }
        let job = self
            .store
            .queue_placement_job(
                SCENARIO,
                &landa_store::JobSpec::new("greedy", 1000),
                Caller::SecondNational.username().unwrap(),
                &setup(),
            )
            .await
            .expect("queueing a run");
        let done = self.settled_latest_job().await;
        assert_eq!(done.id, job.id, "the second officer's run is the latest");
        done.id
    }

    /// The placement run at `run` (its API path) as `caller` sees it once it has ended.
    pub async fn run_ended(&self, caller: Caller, run: &str) -> Value {
        let mut status = Value::Null;
        for _ in 0..600 {
            status = self.get(caller, run).await.body;
            if status["status"] == "done" || status["status"] == "failed" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        status
    }

    /// A generated Norwegian year on the real 357 municipalities, stored as `name`.
    pub async fn norwegian_year(&self, name: &str) -> Scenario {
        let mut scenario = landa_generate::generate(&landa_generate::GenerateOptions {
            country: landa_model::Country::Norway,
            households: 120,
            seed: 11,
            ..Default::default()
        })
        .expect("a Norwegian scenario");
        scenario.meta.name = name.to_owned();
        self.store
            .import_scenario(&scenario, landa_store::ImportMode::New, &setup())
            .await
            .expect("import");
        scenario
    }

    /// The latest done job once none is queued or running (the worker ends them).
    pub async fn settled_latest_job(&self) -> landa_store::PlacementJob {
        for _ in 0..600 {
            let jobs = self.store.placement_jobs(SCENARIO).await.expect("the jobs");
            let busy = jobs.iter().any(|j| {
                matches!(
                    j.status,
                    landa_store::JobStatus::Queued | landa_store::JobStatus::Running
                )
            });
            if !busy {
                return jobs
                    .into_iter()
                    .filter(|j| j.status == landa_store::JobStatus::Done)
                    .max_by_key(|j| j.result.map(|r| r.run_id))
                    .expect("a done job");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("placement jobs still running after a minute");
    }

    /// An account of `role` with an API token: its token.
    pub async fn account_with_token(&self, username: &str, role: &str) -> String {
        self.store
            .create_account(
                &NewAccount {
                    username: username.to_owned(),
                    display_name: username.to_owned(),
                    password_hash: password_hash().to_owned(),
                    role: role.parse().expect("a valid role"),
                },
                &setup(),
            )
            .await
            .expect("account");
        let token = credentials::new_api_token();
        self.store
            .create_api_token(username, &credentials::digest(&token), "tests", &setup())
            .await
            .expect("token");
        token
    }

    /// A household approved into Falun with `dwelling` reserved for it, as a run's
    /// approval leaves one.
    pub async fn household_holding(&self, dwelling: &str) -> String {
        let approved = HouseholdState::Approved(landa_model::Destination {
            run: self.run_id().await,
            municipality: OWN_MUNICIPALITY.parse().unwrap(),
            dwelling: Some(dwelling.parse().unwrap()),
        });
        self.household_in("housed", approved, &[]).await.0
    }

    /// The run of the done job, for destinations of test households.
    pub async fn run_id(&self) -> i64 {
        let job = self
            .store
            .placement_job(self.job_id)
            .await
            .expect("the job");
        job.result.expect("a done job").run_id
    }

    pub async fn audit_entries(&self) -> Vec<landa_store::AuditEntry> {
        self.store
            .audit_entries(&landa_store::AuditFilter::default(), 10_000, 0)
            .await
            .expect("the audit log")
    }
}

/// Vägen in as entered from its evaluation, with the other municipality taken out, so that
/// both sides of each rule can be tried.
fn test_agreement() -> landa_followup::Agreement {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/agreements/vagen-in.toml"
    );
    let text = std::fs::read_to_string(path).expect("data/agreements/vagen-in.toml");
    let mut agreement = landa_followup::read_agreement(path, &text).expect("a valid agreement");
    assert_eq!(agreement.region.as_deref(), Some(OWN_REGION));
    let other: Vec<String> = agreement
        .parties
        .iter()
        .filter(|p| p.municipality.as_deref() == Some(OTHER_MUNICIPALITY))
        .map(|p| p.id.clone())
        .collect();
    agreement.parties.retain(|p| !other.contains(&p.id));
    for body in &mut agreement.bodies {
        body.members.retain(|m| !other.contains(m));
    }
    // The partner account is the employment service's, as the real file names it.
    assert!(agreement
        .parties
        .iter()
        .any(|p| p.partner.as_deref() == Some(PARTNER)));
    assert_eq!(landa_followup::check(&agreement), Vec::new());
    agreement
}

/// A JSON login with `username` and `password`.
pub fn login_request(username: &str, password: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"username": username, "password": password}).to_string(),
        ))
        .unwrap()
}

/// A page's GET, with the session's cookie if any.
pub fn page_get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().uri(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

/// A page's form posted with `fields` (url-encoded), with the session's cookie if any.
pub fn form_request(path: &str, cookie: Option<&str>, fields: &str) -> Request<Body> {
    // A form with a file is sent as the browser sends it: multipart, `file` as a file.
    let upload = ["/intake-files", "/arrival-forecast", "/register-files"]
        .into_iter()
        .find(|end| path.ends_with(end));
    let (content_type, body) = if let Some(end) = upload {
        let file_name = match end {
            "/arrival-forecast" => "forecast.csv",
            "/register-files" => "register.csv",
            _ => "intake.csv",
        };
        let boundary = "landa-test-boundary";
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(fields).unwrap();
        let mut body = String::new();
        for (name, value) in pairs {
            let filename = if name == "file" {
                format!("; filename=\"{file_name}\"")
            } else {
                String::new()
            };
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        (format!("multipart/form-data; boundary={boundary}"), body)
    } else {
        (
            "application/x-www-form-urlencoded".to_owned(),
            fields.to_owned(),
        )
    };
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body)).unwrap()
}

/// Fails with every answer of an authorization matrix that broke its rule.
pub fn assert_no_broken_rules(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} answers broke the rules:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A form posted from a browser session (its cookie; the CSRF token travels in the form).
pub fn form_post(uri: &str, cookie: &str, fields: &[(&str, &str)]) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap()
}
