//! One week of the living year through the API: national registers arrivals (bad input
//! changes nothing), a municipality's decision sets what the next run may place there,
//! the run proposes, national approves, the municipality records the move-in into a
//! dwelling that is then let once, and the household's history shows every step.

use crate::support::*;
use axum::http::{Method, StatusCode};
use landa_testing::on_each_engine;
use serde_json::{json, Value};
use std::time::Duration;

/// Starts a run and waits until it is done; its id.
async fn run_to_done(server: &TestServer) -> i64 {
    run_with(
        server,
        json!({"method": "optimal", "time_limit_seconds": 5}),
    )
    .await
}

/// Starts a run with the options of `body` and waits until it is done; its id.
pub(super) async fn run_with(server: &TestServer, body: Value) -> i64 {
    let runs = format!("/api/v1/scenarios/{SCENARIO}/placement-runs");
    let started = server.post(Caller::National, &runs, body).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let id = started.body["id"].as_i64().unwrap();
    for _ in 0..1200 {
        let status = server
            .get(Caller::National, &format!("{runs}/{id}"))
            .await
            .body;
        match status["status"].as_str() {
            Some("done") => return id,
            Some("failed") => panic!("run failed: {status}"),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    panic!("run {id} did not finish within a minute");
}

/// The run's placements in `municipality`: household ids.
async fn placed_in(server: &TestServer, run: i64, municipality: &str) -> Vec<String> {
    let page = server
        .get(
            Caller::National,
            &format!("/api/v1/scenarios/{SCENARIO}/placement-runs/{run}/placements?limit=1000"),
        )
        .await;
    page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["municipality"] == municipality)
        .map(|p| p["household"].as_str().unwrap().to_owned())
        .collect()
}

/// National registers `code`'s decision of `persons` for the year.
async fn decide(server: &TestServer, code: &str, persons: u64) {
    let uri = format!("/api/v1/scenarios/{SCENARIO}/municipalities/{code}/decisions");
    let history = server.get(Caller::National, &uri).await;
    let etag = history.headers["etag"].to_str().unwrap().to_owned();
    let decided = server
        .call(
            Caller::National,
            Method::POST,
            &uri,
            Some(json!({"persons": persons, "unaccompanied_minors": 0,
                        "body": "municipal_council", "decided_on": "2026-02-01"})),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
}

/// The persons of households `ids`.
async fn persons_of(server: &TestServer, ids: &[String]) -> u64 {
    let mut sum = 0;
    for id in ids {
        let h = household(server, Caller::National, id).await;
        sum += h["adults"].as_u64().unwrap() + h["children"].as_u64().unwrap();
    }
    sum
}

async fn household(server: &TestServer, caller: Caller, id: &str) -> Value {
    let answer = server
        .get(
            caller,
            &format!("/api/v1/scenarios/{SCENARIO}/households/{id}"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

async fn step(server: &TestServer, caller: Caller, id: &str, what: &str, body: Value) -> Answer {
    let version = household(server, Caller::National, id).await["version"].to_string();
    server
        .call(
            caller,
            Method::POST,
            &format!("/api/v1/scenarios/{SCENARIO}/households/{id}/{what}"),
            Some(body),
            &[("if-match", &format!("\"{version}\""))],
        )
        .await
}

fn arrival(id: &str, category: &str, settled_in: Option<&str>) -> Value {
    json!({
        "id": id, "adults": 2, "children": 2, "waiting_since": "2026-03-02",
        "permit_date": "2026-02-16", "intake_category": category, "settled_in": settled_in,
        "persons": [{"id": format!("{id}-1"), "birth_year": 1988, "sex": "f",
                     "education": "secondary", "languages": ["ar", "en"]}],
    })
}

async fn intake_total(server: &TestServer) -> u64 {
    let totals = server
        .get(
            Caller::National,
            &format!("/api/v1/scenarios/{SCENARIO}/intake"),
        )
        .await;
    assert_eq!(totals.status, StatusCode::OK, "{}", totals.body);
    totals
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["households"].as_u64().unwrap())
        .sum()
}

#[tokio::test]
async fn registering_a_decision_changes_the_next_run() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        // Where a run places people under the planned numbers...
        let first = run_to_done(&server).await;
        let placements = server
            .get(
                Caller::National,
                &format!(
                    "/api/v1/scenarios/{SCENARIO}/placement-runs/{first}/placements?limit=1000"
                ),
            )
            .await;
        let code = placements.body["items"][0]["municipality"]
            .as_str()
            .expect("the first run places someone")
            .to_owned();
        let planned = placed_in(&server, first, &code).await;
        // ... a decision of none closes to the next run, one of a single family's size
        // lets that many in and no more.
        decide(&server, &code, 0).await;
        let closed = run_to_done(&server).await;
        assert_eq!(
            placed_in(&server, closed, &code).await,
            Vec::<String>::new()
        );
        let smallest = {
            let mut sizes = Vec::new();
            for id in &planned {
                sizes.push(persons_of(&server, std::slice::from_ref(id)).await);
            }
            sizes.into_iter().min().unwrap()
        };
        decide(&server, &code, smallest).await;
        let reopened = run_to_done(&server).await;
        let placed = placed_in(&server, reopened, &code).await;
        assert!(
            persons_of(&server, &placed).await <= smallest,
            "{placed:?} within {smallest}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_week_goes_from_intake_to_move_in_and_bad_input_changes_nothing() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let register = format!("/api/v1/scenarios/{SCENARIO}/households");
        let before = intake_total(&server).await;

        // Bad input: every error is named by its field, and nothing is registered.
        for (body, field) in [
            (json!({"households": [arrival("w-1", "quota", None), {
                "id": "w-2", "adults": 1, "children": 0, "waiting_since": "2026-03-02",
                "intake_category": "quota", "tie": "9999"}]}), "households[1].tie"),
            (json!({"households": [arrival("w-1", "self_settled", None)]}), "households[0].settled_in"),
            (json!({"households": [arrival("w-1", "quota", None), arrival("w-1", "quota", None)]}),
             "households[1].id"),
            (json!({"households": [{"id": "w-3", "adults": 1, "children": 0,
                "waiting_since": "2026-01-02", "permit_date": "2026-02-01",
                "intake_category": "quota"}]}), "households[0].permit_date"),
            (json!({"households": []}), "households"),
            // Predicted outcomes in a municipality the scenario lacks, or not a code.
            (json!({"households": [{"id": "w-4", "adults": 1, "children": 0,
                "waiting_since": "2026-03-02", "intake_category": "quota",
                "scores": {OWN_MUNICIPALITY: 0.4, "9999": 0.3}}]}), "households[0].scores"),
            (json!({"households": [{"id": "w-4", "adults": 1, "children": 0,
                "waiting_since": "2026-03-02", "intake_category": "quota",
                "scores": {"Falun": 0.4}}]}), "households[0].scores.Falun"),
        ] {
            let refused = server.post(Caller::National, &register, body.clone()).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", refused.body);
            assert_eq!(refused.body["field"], field, "{}", refused.body);
        }
        let municipality = server
            .post(Caller::MunicipalityOwn, &register, json!({"households": [arrival("w-1", "quota", None)]}))
            .await;
        assert_eq!(municipality.status, StatusCode::FORBIDDEN, "only national registers");
        assert_eq!(intake_total(&server).await, before);

        // Two arrivals: a quota family to be placed, a family that settled itself in Falun.
        let registered = server
            .post(
                Caller::National,
                &register,
                json!({"households": [arrival("w-1", "quota", None),
                                      arrival("w-2", "self_settled", Some(OWN_MUNICIPALITY))]}),
            )
            .await;
        assert_eq!(registered.status, StatusCode::CREATED, "{}", registered.body);
        assert_eq!(intake_total(&server).await, before + 2);
        let settled = household(&server, Caller::MunicipalityOwn, "w-2").await;
        assert_eq!(settled["state"], "self_settled");
        assert_eq!(settled["placed_in"], OWN_MUNICIPALITY);
        let again = server
            .post(Caller::National, &register, json!({"households": [arrival("w-1", "quota", None)]}))
            .await;
        assert_eq!(again.body["field"], "households[0].id", "{}", again.body);

        // Falun decides room for the week; its run proposes; national approves it.
        decide(&server, OWN_MUNICIPALITY, 500).await;
        let run = run_to_done(&server).await;
        let quota = household(&server, Caller::National, "w-1").await;
        assert_eq!(quota["state"], "proposed", "{quota}");
        let destination = quota["state_municipality"].as_str().unwrap().to_owned();
        let approved = server
            .call(
                Caller::SecondNational,
                Method::POST,
                &format!("/api/v1/scenarios/{SCENARIO}/placement-runs/{run}/approve"),
                None,
                &[],
            )
            .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        let quota = household(&server, Caller::National, "w-1").await;
        assert_eq!(quota["state"], "approved");
        assert_eq!(quota["placed_in"], destination.as_str());

        // Its municipality records the move-in; a stale version, a date to come and a
        // dwelling of another municipality are refused.
        let mover = if destination == OWN_MUNICIPALITY {
            Caller::MunicipalityOwn
        } else {
            Caller::National
        };
        let stale = server
            .call(
                mover,
                Method::POST,
                &format!("/api/v1/scenarios/{SCENARIO}/households/w-1/move-in"),
                Some(json!({"on": "2026-04-01"})),
                &[("if-match", "\"1\"")],
            )
            .await;
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.body);
        let future = step(&server, mover, "w-1", "move-in", json!({"on": "2999-01-01"})).await;
        assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(future.body["field"], "on");
        let wrong_home = if destination == OWN_MUNICIPALITY {
            Some(json!({"on": "2026-04-01", "dwelling": "no-such-dwelling"}))
        } else {
            Some(json!({"on": "2026-04-01", "dwelling": server.dwelling}))
        };
        let wrong = step(&server, mover, "w-1", "move-in", wrong_home.unwrap()).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
        assert_eq!(wrong.body["field"], "dwelling");

        let moved = step(&server, mover, "w-1", "move-in", json!({"on": "2026-04-01"})).await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        let living = household(&server, Caller::National, "w-1").await;
        assert_eq!(living["state"], "moved_in");
        assert_eq!(living["placed_in"], destination.as_str());
        let twice = step(&server, mover, "w-1", "move-in", json!({"on": "2026-04-02"})).await;
        assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);
        // The region follows its municipalities' flow: counts of households moved in.
        let counts = server
            .get(Caller::RegionOwn, &format!("/api/v1/scenarios/{SCENARIO}/households/counts"))
            .await;
        let row = counts.body.as_array().unwrap().iter().find(|c| c["municipality"] == destination.as_str());
        assert!(row.is_some_and(|c| c["moved_in_households"].as_u64() >= Some(1)), "{}", counts.body);
        let (cookie, _) = server.session("region-own").await;
        let page = server.send(page_get(&format!("/app/{SCENARIO}?tab=flow"), Some(&cookie))).await;
        assert!(page.body.as_str().unwrap().contains("Households moved in"));

        // The history tells the week, oldest first; the other municipality cannot read it.
        let history = server
            .get(
                Caller::National,
                &format!("/api/v1/scenarios/{SCENARIO}/households/w-1/history"),
            )
            .await;
        let steps: Vec<&str> = history
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["step"].as_str().unwrap())
            .collect();
        assert_eq!(steps, ["registered", "proposed", "approved", "moved_in"]);
        let other = if destination == OTHER_MUNICIPALITY {
            Caller::MunicipalityOwn
        } else {
            Caller::MunicipalityOther
        };
        let hidden = server
            .get(other, &format!("/api/v1/scenarios/{SCENARIO}/households/w-1/history"))
            .await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);

        // A withdrawal needs a reason and a household not yet placed.
        let no_reason = step(&server, Caller::National, "w-2", "withdrawal", json!({"note": " "})).await;
        assert_eq!(no_reason.body["field"], "note", "{}", no_reason.body);
        let placed = step(&server, Caller::National, "w-1", "withdrawal", json!({"note": "moved abroad"})).await;
        assert_eq!(placed.status, StatusCode::CONFLICT, "{}", placed.body);
    })
    .await;
}

#[tokio::test]
async fn a_dwelling_is_let_to_one_household_only() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let run = server.run_id().await;
        let approved = || {
            landa_model::HouseholdState::Approved(landa_model::Destination {
                run,
                municipality: OWN_MUNICIPALITY.parse().unwrap(),
                dwelling: None,
            })
        };
        let (first, _) = server.household_in("let", approved(), &[]).await;
        let (second, _) = server.household_in("let", approved(), &[]).await;
        let home = json!({"on": "2026-04-01", "dwelling": server.dwelling});
        let moved = step(
            &server,
            Caller::MunicipalityOwn,
            &first,
            "move-in",
            home.clone(),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        let taken = step(&server, Caller::MunicipalityOwn, &second, "move-in", home).await;
        assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.body);
        let still = household(&server, Caller::National, &second).await;
        assert_eq!(
            still["state"], "approved",
            "the refused move-in changed nothing"
        );
        let dwelling = server
            .store
            .dwelling(SCENARIO, &server.dwelling)
            .await
            .unwrap();
        assert!(dwelling.let_on.is_some());
    })
    .await;
}

#[tokio::test]
async fn an_uploaded_intake_file_is_registered_whole_or_refused_with_every_error() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let upload = |name: &str| format!("/api/v1/scenarios/{SCENARIO}/intake-files?name={name}");
        let header = "household_id;size;adults;children;unaccompanied_minor;waiting_since;\
                      tie_municipality_code;intake_category;settled_municipality_code";
        let before = intake_total(&server).await;
        let bad = format!(
            "{header}\r\nf-1;3;2;1;false;2026-03-02;9999;quota;\r\nf-2;2;1;0;false;2026-03-02;;quota;\r\n"
        );
        let refused = server
            .call(Caller::National, Method::POST, &upload("week.csv"), Some(Value::String(bad)), &[])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert_eq!(refused.body["code"], "invalid_file");
        let errors = refused.body["errors"].as_array().unwrap();
        let places: Vec<(u64, &str)> = errors
            .iter()
            .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap()))
            .collect();
        assert!(places.contains(&(2, "tie_municipality_code")), "{places:?}");
        assert!(places.contains(&(3, "size")), "{places:?}");
        assert!(errors.iter().all(|e| e["file"] == "week.csv"));
        assert_eq!(intake_total(&server).await, before, "nothing registered");

        let taken = format!("{header}\r\nf-1;1;1;0;false;2026-03-02;;quota;\r\n{};1;1;0;false;2026-03-02;;quota;\r\n", server.household);
        let refused = server
            .call(Caller::National, Method::POST, &upload("week.csv"), Some(Value::String(taken)), &[])
            .await;
        assert_eq!(refused.body["errors"][0]["row"], 3, "{}", refused.body);
        assert_eq!(refused.body["errors"][0]["column"], "household_id");

        let good = format!(
            "{header}\r\nf-1;3;2;1;false;2026-03-02;{OWN_MUNICIPALITY};quota;\r\n\
             f-2;1;1;0;false;2026-03-02;;self_settled;{OWN_MUNICIPALITY}\r\n"
        );
        let municipality = server
            .call(Caller::MunicipalityOwn, Method::POST, &upload("week.csv"), Some(Value::String(good.clone())), &[])
            .await;
        assert_eq!(municipality.status, StatusCode::FORBIDDEN);
        let registered = server
            .call(Caller::National, Method::POST, &upload("week.csv"), Some(Value::String(good)), &[])
            .await;
        assert_eq!(registered.status, StatusCode::CREATED, "{}", registered.body);
        assert_eq!(registered.body["registered"], 2);
        assert_eq!(intake_total(&server).await, before + 2);
        let settled = household(&server, Caller::MunicipalityOwn, "f-2").await;
        assert_eq!(settled["intake_category"], "self_settled");
    })
    .await;
}

#[tokio::test]
async fn a_move_in_from_the_household_page_keeps_the_entries_when_refused() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let approved = landa_model::HouseholdState::Approved(landa_model::Destination {
            run: server.run_id().await,
            municipality: OWN_MUNICIPALITY.parse().unwrap(),
            dwelling: None,
        });
        let (id, version) = server.household_in("page", approved, &[]).await;
        let (cookie, csrf) = server.session("municipality-own").await;
        let path = format!("/app/{SCENARIO}/households/{id}/step");
        let page = server.send(page_get(&format!("/app/{SCENARIO}/households/{id}"), Some(&cookie))).await;
        let html = page.body.as_str().unwrap();
        assert!(html.contains("Record the move-in"), "{html}");
        assert!(!html.contains("Withdraw from the year"), "national withdraws, not the municipality");

        let future = server
            .send(form_request(
                &path,
                Some(&cookie),
                &format!("csrf_token={csrf}&step=move_in&version={version}&on=2999-01-01&dwelling=no-such-flat&note="),
            ))
            .await;
        assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = future.body.as_str().unwrap();
        assert!(html.contains("error-summary") && html.contains("the date is in the future"), "{html}");
        assert!(html.contains("value=\"2999-01-01\"") && html.contains("value=\"no-such-flat\""), "entries kept");
        assert!(html.contains("aria-invalid=\"true\""), "the field is marked");

        let moved = server
            .send(form_request(
                &path,
                Some(&cookie),
                &format!("csrf_token={csrf}&step=move_in&version={version}&on=2026-04-01&dwelling=&note="),
            ))
            .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
        let now = household(&server, Caller::National, &id).await;
        assert_eq!(now["state"], "moved_in");
        let stale = server
            .send(form_request(
                &path,
                Some(&cookie),
                &format!("csrf_token={csrf}&step=move_elsewhere&version={version}&on=2026-06-01&note=Stockholm"),
            ))
            .await;
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "an old version is refused");
        assert!(stale.body.as_str().unwrap().contains("read it again"));
    })
    .await;
}

#[tokio::test]
async fn a_run_keeps_its_options_and_refuses_them_out_of_range() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let runs = format!("/api/v1/scenarios/{SCENARIO}/placement-runs");
        for (body, field) in [
            (json!({"tie_bonus": -1.0}), "tie_bonus"),
            (json!({"waiting_weight": 2.0}), "waiting_weight"),
            (json!({"placement_date": "2026-13-01"}), "placement_date"),
        ] {
            let refused = server.post(Caller::National, &runs, body.clone()).await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{body}: {}",
                refused.body
            );
            assert_eq!(refused.body["field"], field, "{}", refused.body);
        }
        let started = server
            .post(
                Caller::National,
                &runs,
                json!({"method": "greedy", "time_limit_seconds": 1, "placement_date": "2026-05-04",
                       "tie_bonus": 0.5, "waiting_weight": 0.01}),
            )
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
        let id = started.body["id"].as_i64().unwrap();
        let run = server.get(Caller::National, &format!("{runs}/{id}")).await;
        assert_eq!(run.body["placement_date"], "2026-05-04");
        assert_eq!(run.body["tie_bonus"], 0.5);
        assert_eq!(run.body["waiting_weight"], 0.01);
        let audited = server.audit_entries().await.into_iter().any(|e| {
            e.resource.ends_with(&format!("/placement-runs/{id}"))
                && e.detail.contains("tie_bonus: 0.5")
        });
        assert!(audited, "the options are in the run's audit entry");
    })
    .await;
}
