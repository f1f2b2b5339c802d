//! National plans the rest of the year: the arrival forecast against the intake (refused
//! whole with the row's field when a row is wrong), the waiting stock, and the weekly run
//! schedule, through the API and from the year page (entries kept when refused).

use crate::support::*;
use axum::http::StatusCode;
use landa_testing::on_each_engine;
use serde_json::json;

#[tokio::test]
async fn national_sets_a_forecast_and_sees_the_intake_against_it() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let path = format!("/api/v1/scenarios/{SCENARIO}/arrival-forecast");
        let period = |start: &str, end: &str, households: u32, persons: u32| {
            json!({"period_start": start, "period_end": end, "intake_category": "reception_centre",
                   "household_type": "couple", "households": households, "persons": persons})
        };
        // A row with fewer persons than households, a row twice, a day of another year:
        // each refused naming its row, nothing kept.
        for (periods, field) in [
            (
                vec![
                    period("2026-01-01", "2026-01-31", 5, 10),
                    period("2026-02-01", "2026-02-28", 5, 4),
                ],
                "periods[1].persons",
            ),
            (
                vec![
                    period("2026-01-01", "2026-01-31", 5, 10),
                    period("2026-01-01", "2026-01-31", 1, 2),
                ],
                "periods[1].period_start",
            ),
            (
                vec![period("2027-01-01", "2027-01-31", 5, 10)],
                "periods[0].period_start",
            ),
            (
                vec![period("2026-01-01", "2026-06-30", 5, 10)],
                "periods[0].period_end",
            ),
        ] {
            let refused = server
                .call(
                    Caller::National,
                    axum::http::Method::PUT,
                    &path,
                    Some(json!({"periods": periods})),
                    &[("if-match", "\"0\"")],
                )
                .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                refused.body
            );
            assert_eq!(refused.body["field"], field, "{}", refused.body);
        }
        let empty = server.get(Caller::National, &path).await;
        assert_eq!(empty.body["periods"], json!([]), "nothing was kept");

        // A household ready in January of the year (the generated ones came the year before).
        server
            .household_in("forecast", landa_model::HouseholdState::Waiting, &[])
            .await;
        let put = |version: Option<&'static str>, households: u32| {
            let headers: Vec<(&str, &str)> = version.map(|v| ("if-match", v)).into_iter().collect();
            let server = &server;
            let path = &path;
            async move {
                server
                    .call(
                        Caller::National,
                        axum::http::Method::PUT,
                        path,
                        Some(json!({"periods": [period("2026-01-01", "2026-01-31", households, 60)]})),
                        &headers,
                    )
                    .await
            }
        };
        assert_eq!(empty.headers["etag"], "\"0\"", "not set yet");
        let set = put(Some("\"0\""), 25).await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);
        assert_eq!(set.headers["etag"], "\"1\"");
        // Another officer's save based on the version before is refused, as is one based
        // on none; the forecast stays as set.
        assert_eq!(put(Some("\"0\""), 30).await.status, StatusCode::PRECONDITION_FAILED);
        assert_eq!(put(None, 30).await.status, StatusCode::PRECONDITION_REQUIRED);
        let kept = server.get(Caller::National, &path).await;
        assert_eq!(kept.body["periods"][0]["households"], 25, "{}", kept.body);
        let line = &set.body["against_intake"][0];
        assert_eq!(line["forecast_households"], 25);
        assert_eq!(line["intake_category"], "reception_centre");
        // The household registered in January is in the period.
        assert!(line["actual_households"].as_u64().unwrap() >= 1, "{line}");
        for other in [
            Caller::RegionOwn,
            Caller::MunicipalityOwn,
            Caller::NationalNorway,
        ] {
            assert_eq!(
                server.get(other, &path).await.status,
                StatusCode::FORBIDDEN,
                "{other:?}"
            );
        }
        let audit = server.audit_entries().await;
        assert!(audit
            .iter()
            .any(|e| e.resource.ends_with("/arrival-forecast")
                && e.detail.contains("1 rows, 25 households")));
    })
    .await;
}

#[tokio::test]
async fn the_year_page_sets_and_stops_the_weekly_run_and_keeps_refused_entries() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (cookie, csrf) = server.session("national").await;
        let year = format!("/app/{SCENARIO}");
        let page = server.send(page_get(&format!("{year}?tab=intake"), Some(&cookie))).await;
        let html = page.body.as_str().unwrap();
        assert!(html.contains("Households waiting for a municipality, by days waited"), "{html}");
        let page = server.send(page_get(&format!("{year}?tab=placement"), Some(&cookie))).await;
        let html = page.body.as_str().unwrap();
        assert!(html.contains("No runs are scheduled"), "{html}");

        let form = format!("/app/{SCENARIO}/run-schedule");
        let refused = server
            .send(form_request(
                &form,
                Some(&cookie),
                &format!("csrf_token={csrf}&first_run=2030-01-01T06:00&every_days=200&method=greedy&time_limit_seconds=5&balance=on"),
            ))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.body.as_str().unwrap();
        assert!(html.contains("error-summary") && html.contains("every_days must be from 1 to 92"), "{html}");
        assert!(html.contains("value=\"200\"") && html.contains("value=\"2030-01-01T06:00\""), "entries kept");
        assert!(
            html.contains("value=\"200\" min=\"0\" aria-invalid=\"true\""),
            "the field is marked (the style sheet names the attribute too)"
        );
        assert!(
            html.find("error-summary").expect("a summary")
                < html.find("id=\"run-schedule\"").expect("the schedule's section"),
            "the summary is at the top of the page, not only at the form"
        );
        let not_a_time = server
            .send(form_request(&form, Some(&cookie), &format!("csrf_token={csrf}&first_run=next+monday&every_days=7&method=greedy&time_limit_seconds=5")))
            .await;
        assert_eq!(not_a_time.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(not_a_time.body.as_str().unwrap().contains("value=\"next monday\""));
        let schedule = format!("/api/v1/scenarios/{SCENARIO}/run-schedule");
        assert_eq!(server.get(Caller::National, &schedule).await.status, StatusCode::NOT_FOUND, "nothing saved");

        let first = (chrono::Utc::now() + chrono::TimeDelta::days(3)).format("%Y-%m-%dT%H:%M").to_string();
        let saved = server
            .send(form_request(
                &form,
                Some(&cookie),
                &format!("csrf_token={csrf}&first_run={first}&every_days=7&method=greedy&time_limit_seconds=5&balance=on"),
            ))
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let read = server.get(Caller::National, &schedule).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!((read.body["every_days"].as_u64(), read.body["balance"].as_bool(), read.body["reserve"].as_bool()), (Some(7), Some(true), Some(false)));
        assert_eq!(read.body["set_by"], "national");
        let page = server.send(page_get(&format!("{year}?note=scheduled"), Some(&cookie))).await;
        let html = page.body.as_str().unwrap();
        assert!(html.contains("The schedule is saved") && html.contains("Stop the schedule"), "{html}");
        assert!(html.contains("value=\"5\"") && html.contains(&format!("value=\"{first}\"")), "the form shows the schedule as saved");

        let stopped = server
            .send(form_request(&format!("{form}/stop"), Some(&cookie), &format!("csrf_token={csrf}")))
            .await;
        assert_eq!(stopped.status, StatusCode::SEE_OTHER);
        assert_eq!(server.get(Caller::National, &schedule).await.status, StatusCode::NOT_FOUND);
    })
    .await;
}

/// National uploads a forecast from the year page, as Excel writes CSV in a Nordic
/// locale: a file with errors is refused whole, every error at its row and column at the
/// top of the page; a row that is read but does not make a forecast is named by its row.
#[tokio::test]
async fn a_forecast_file_is_set_whole_or_refused_with_its_rows_named() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (cookie, csrf) = server.session("national").await;
        let form = format!("/app/{SCENARIO}/arrival-forecast");
        let upload = |content: &str| {
            format!(
                "csrf_token={csrf}&{}",
                serde_urlencoded::to_string([("file", content)]).unwrap()
            )
        };
        let header = "period_start;period_end;intake_category;household_type;households;persons\r\n";
        let unreadable = server
            .send(form_request(
                &form,
                Some(&cookie),
                &upload(&format!(
                    "{header}2026-03-02;2026-03-08;quota;couple;4;8\r\n2026-03-09;2026-03-15;refugee;couple;x;8\r\n"
                )),
            ))
            .await;
        assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = unreadable.body.as_str().unwrap();
        assert!(html.contains("forecast.csv:3:intake_category"), "{html}");
        assert!(html.contains("forecast.csv:3:households"), "{html}");
        let path = format!("/api/v1/scenarios/{SCENARIO}/arrival-forecast");
        let stored = server.get(Caller::National, &path).await;
        assert_eq!(stored.body["periods"], json!([]), "nothing was set");

        let too_long = server
            .send(form_request(
                &form,
                Some(&cookie),
                &upload(&format!(
                    "{header}2026-03-02;2026-03-08;quota;couple;4;8\r\n2026-04-01;2026-09-30;quota;couple;4;8\r\n"
                )),
            ))
            .await;
        assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = too_long.body.as_str().unwrap();
        assert!(html.contains("forecast.csv:3:period_end"), "{html}");

        let saved = server
            .send(form_request(
                &form,
                Some(&cookie),
                &upload(&format!(
                    "{header}2026-03-02;2026-03-08;quota;couple;4;8\r\n2026-03-09;2026-03-15;reception_centre;single_adult;10;10\r\n"
                )),
            ))
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let stored = server.get(Caller::National, &path).await;
        assert_eq!(stored.body["periods"].as_array().unwrap().len(), 2, "{}", stored.body);
        // A page read before that save sends the version it showed: refused at the file's
        // form, the forecast kept.
        let stale = server
            .send(form_request(
                &form,
                Some(&cookie),
                &format!(
                    "version=0&{}",
                    upload(&format!("{header}2026-05-04;2026-05-10;quota;couple;1;2\r\n"))
                ),
            ))
            .await;
        let html = stale.body.as_str().unwrap();
        assert!(html.contains("the page now shows it"), "{html}");
        let kept = server.get(Caller::National, &path).await;
        assert_eq!(kept.body["periods"].as_array().unwrap().len(), 2, "{}", kept.body);
        let (municipality_cookie, municipality_csrf) = server.session("municipality-own").await;
        let refused = server
            .send(form_request(
                &form,
                Some(&municipality_cookie),
                &format!("csrf_token={municipality_csrf}&file=x"),
            ))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    })
    .await;
}
