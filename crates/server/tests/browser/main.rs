//! The web UI in a real headless Chromium (Debian's chromium and chromium-driver, which
//! `.ci/run` installs): each role logs in and does its main task, and what another role
//! then sees is checked. Screenshots of the main pages are saved as test artefacts under
//! the target directory (`…/tmp/screenshots`). Without chromedriver the test says so and
//! passes, unless LANDA_REQUIRE_BROWSER=1 (as in CI) makes that a failure.

#[path = "../api/support.rs"]
#[allow(dead_code)]
mod support;

mod housing;
mod keyboard;
mod languages;
mod norway;
mod preferences;
mod register;
mod single_sign_on;

use fantoccini::{Client, ClientBuilder, Locator};
use landa_store::Location;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use support::*;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

struct Driver {
    process: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn start_driver() -> Option<Driver> {
    if !Path::new(CHROMEDRIVER).exists() {
        if std::env::var("LANDA_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("LANDA_REQUIRE_BROWSER=1 but {CHROMEDRIVER} is missing (apt-get install chromium chromium-driver)");
        }
        eprintln!("SKIPPED browser tests: {CHROMEDRIVER} is missing (apt-get install chromium chromium-driver)");
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let process = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    Some(Driver {
        process,
        url: format!("http://127.0.0.1:{port}"),
    })
}

/// A fresh browser (its own profile, so no cookies) on the driver.
async fn browser(driver: &Driver) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1280,1100"]
        }),
    );
    for _ in 0..50 {
        let connected =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&driver.url)
                .await;
        match connected {
            Ok(client) => return client,
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    panic!("chromedriver did not accept a session at {}", driver.url);
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    dir
}

async fn screenshot(client: &Client, name: &str) {
    assert_accessible(client).await;
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::write(screenshots().join(format!("{name}.png")), png).expect("saving the screenshot");
}

/// axe-core's script (npm, installed by scripts/test under tests/npm), or why it is missing.
fn axe_source() -> Option<&'static str> {
    static SOURCE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/npm/node_modules/axe-core/axe.min.js");
            let source = std::fs::read_to_string(&path).ok();
            if source.is_none() {
                if std::env::var("LANDA_REQUIRE_BROWSER").as_deref() == Ok("1") {
                    panic!(
                        "LANDA_REQUIRE_BROWSER=1 but {} is missing (scripts/test runs npm ci)",
                        path.display()
                    );
                }
                eprintln!(
                    "SKIPPED accessibility checks: {} is missing",
                    path.display()
                );
            }
            source
        })
        .as_deref()
}

/// Runs axe-core on the page as it is now (every rule it has, WCAG 2.1 A and AA and its
/// best practices) and fails on any violation, listing each rule with where it failed.
async fn assert_accessible(client: &Client) {
    let Some(axe) = axe_source() else { return };
    let loaded = client
        .execute(&format!("{axe}\n;return typeof axe;"), vec![])
        .await
        .expect("axe-core loads into the page");
    assert_eq!(loaded, "object", "axe-core did not load");
    let violations = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document).then(
                 r => done(r.violations.map(v => v.id + ' (' + v.help + '): '
                     + v.nodes.map(n => n.target.join(' ')).join(', '))),
                 e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    let url = client
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default();
    let violations: Vec<String> = serde_json::from_value(violations).expect("a list");
    assert!(
        violations.is_empty(),
        "axe-core finds {} violation(s) on {url}:\n{}",
        violations.len(),
        violations.join("\n")
    );
}

/// Clicks what `locator` finds and waits until the next page has replaced this one.
async fn click_and_load(client: &Client, locator: Locator<'_>) {
    let element = client.find(locator).await.unwrap();
    after_next_page(client, || async { element.click().await.unwrap() }).await;
}

/// Does `act` and waits until the page it leads to has replaced this one; axe-core then
/// checks the new page.
async fn after_next_page<F, Fut>(client: &Client, act: F)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future,
{
    let old = client.find(Locator::Css("main")).await.unwrap();
    act().await;
    for _ in 0..200 {
        // The old page's element goes stale once the new page is loaded.
        if old.text().await.is_err() {
            client
                .wait()
                .for_element(Locator::Css("main"))
                .await
                .unwrap();
            assert_accessible(client).await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no new page after the action");
}

/// Opens `url` as if typed into the address bar; axe-core then checks the page.
async fn visit(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("main"))
        .await
        .unwrap();
    assert_accessible(client).await;
}

async fn log_in(client: &Client, base: &str, username: &str) {
    visit(client, &format!("{base}/login")).await;
    fill(client, "username", username).await;
    fill(client, "password", PASSWORD).await;
    click_and_load(client, Locator::Css("main form button")).await;
}

/// Types `text` into the field with this id.
async fn fill(client: &Client, id: &str, text: &str) {
    let field = client.find(Locator::Id(id)).await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Replaces the value of the field with this id.
async fn refill(client: &Client, id: &str, text: &str) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    fill(client, id, text).await;
}

/// Sets a field's value directly (date inputs take typing by the browser's locale).
async fn set_value(client: &Client, id: &str, value: &str) {
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1]",
            vec![id.into(), value.into()],
        )
        .await
        .unwrap();
}

/// Chooses the option with this value in the select with this id.
async fn choose(client: &Client, id: &str, value: &str) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

/// The value the field with this id holds now (what a refused form kept, say).
async fn value_of(client: &Client, id: &str) -> Option<String> {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
}

/// The text of what `locator` finds.
async fn text_at(client: &Client, locator: Locator<'_>) -> String {
    client.find(locator).await.unwrap().text().await.unwrap()
}

async fn text(client: &Client) -> String {
    text_at(client, Locator::Css("main")).await
}

/// Another account with the tests' password, in `role` (e.g. "region:NO:01").
async fn add_account(server: &TestServer, username: &str, role: &str) {
    let account = landa_store::NewAccount {
        username: username.to_owned(),
        display_name: username.to_owned(),
        password_hash: password_hash().to_owned(),
        role: role.parse().expect("a role"),
    };
    server
        .store
        .create_account(&account, &setup())
        .await
        .expect("account");
}

/// `landa serve` on a fresh SQLite store with the test data: the folder (kept while the
/// test runs), the test server's handles, and the base URL.
async fn serve_fresh() -> (tempfile::TempDir, TestServer, String) {
    let directory = tempfile::tempdir().unwrap();
    let server = TestServer::start(Location::DataDir(directory.path().to_owned())).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    let state = landa_server::AppState::start(server.store.clone(), Default::default());
    tokio::spawn(landa_server::serve(listener, state, std::future::pending()));
    (directory, server, format!("http://{address}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn agreements_are_followed_up_by_their_parties_in_the_browser() {
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;

    // The region opens its agreement: the reminders and the report show what its
    // evaluation found, and it adds a measured value (a bad date is refused by the field).
    let dalarna = browser(&driver).await;
    log_in(&dalarna, &base, "region-own").await;
    visit(&dalarna, &format!("{base}/app/agreements")).await;
    let list = text_at(&dalarna, Locator::Id("agreements")).await;
    assert!(list.contains("Vägen in"), "{list}");
    click_and_load(&dalarna, Locator::Css("#agreements tbody tr:first-child a")).await;
    let page = text(&dalarna).await;
    assert!(
        page.contains("expired on 2020-12-31 and no revision"),
        "{page}"
    );
    assert!(page.contains("none registered"));
    assert!(
        page.contains("None of the goals can be followed up"),
        "{page}"
    );
    screenshot(&dalarna, "agreement").await;
    // At 1366 pixels, a common office screen, each part of the page fits its width.
    dalarna.set_window_size(1366, 900).await.unwrap();
    for tab in ["report", "keep", "versions"] {
        visit(
            &dalarna,
            &format!("{base}/app/agreements/{AGREEMENT}?tab={tab}"),
        )
        .await;
        let overflow = dalarna
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            overflow,
            serde_json::json!(0),
            "the {tab} tab scrolls sideways"
        );
    }
    // Each entry has its own form on the keep tab.
    visit(
        &dalarna,
        &format!("{base}/app/agreements/{AGREEMENT}?tab=keep&entry=value"),
    )
    .await;
    fill(&dalarna, "value-date", "31.12.2019").await;
    fill(&dalarna, "value-value", "0,27").await;
    fill(
        &dalarna,
        "value-source",
        "SCB, registerdata för integration",
    )
    .await;
    click_and_load(&dalarna, Locator::Css("#value button")).await;
    assert!(text_at(&dalarna, Locator::Id("value-date-error"))
        .await
        .contains("date"));
    set_value(&dalarna, "value-date", "2019-12-31").await;
    // 27 for a share of 0.27: refused at the field and at the top, entries kept.
    refill(&dalarna, "value-value", "27").await;
    click_and_load(&dalarna, Locator::Css("#value button")).await;
    assert!(text_at(&dalarna, Locator::Id("value-value-error"))
        .await
        .contains("27 is not a share between 0 and 1"));
    assert!(text_at(&dalarna, Locator::Css(".error-summary"))
        .await
        .contains("27 is not a share between 0 and 1"));
    refill(&dalarna, "value-value", "0,27").await;
    click_and_load(&dalarna, Locator::Css("#value button")).await;
    assert_eq!(
        text_at(&dalarna, Locator::Css("#value .note")).await,
        "Saved."
    );
    visit(
        &dalarna,
        &format!("{base}/app/agreements/{AGREEMENT}?tab=versions"),
    )
    .await;
    let versions = text_at(&dalarna, Locator::Id("versions")).await;
    assert!(versions.contains("value 0.27 for"), "{versions}");
    assert_eq!(
        server.store.agreement(AGREEMENT, None).await.unwrap().1,
        2,
        "the value is a new version"
    );
    // A lesson goes into the log the same way; without what was learned it is refused.
    visit(
        &dalarna,
        &format!("{base}/app/agreements/{AGREEMENT}?tab=keep&entry=lesson"),
    )
    .await;
    set_value(&dalarna, "lesson-date", "2021-03-31").await;
    fill(
        &dalarna,
        "lesson-what_happened",
        "The agreement expired without a revision",
    )
    .await;
    click_and_load(&dalarna, Locator::Css("#lesson button")).await;
    assert!(text_at(&dalarna, Locator::Id("lesson-learned-error"))
        .await
        .contains("learned is required"));
    fill(
        &dalarna,
        "lesson-learned",
        "Start the revision a year before expiry",
    )
    .await;
    click_and_load(&dalarna, Locator::Css("#lesson button")).await;
    visit(
        &dalarna,
        &format!("{base}/app/agreements/{AGREEMENT}?tab=versions"),
    )
    .await;
    let versions = text_at(&dalarna, Locator::Id("versions")).await;
    assert!(
        versions.contains("lesson logged on 2021-03-31"),
        "{versions}"
    );
    visit(&dalarna, &format!("{base}/app/agreements/{AGREEMENT}")).await;
    assert!(text(&dalarna)
        .await
        .contains("Start the revision a year before expiry"));

    // The region registers Falun's formal decision to join: the finding on signatories
    // without one counts one fewer.
    let stored = server.store.agreement(AGREEMENT, None).await.unwrap().0;
    let signed = stored.signatories().count();
    let without = stored
        .signatories()
        .filter(|p| p.decision.is_none())
        .count();
    let finding =
        |n: usize| format!("{n} of {signed} signatories have no registered formal decision");
    assert!(text(&dalarna).await.contains(&finding(without)));
    visit(
        &dalarna,
        &format!("{base}/app/agreements/{AGREEMENT}?tab=keep&entry=decision"),
    )
    .await;
    choose(&dalarna, "decision-party", "falun").await;
    fill(&dalarna, "decision-body", "Kommunstyrelsen").await;
    set_value(&dalarna, "decision-date", "2015-09-01").await;
    fill(&dalarna, "decision-registration_number", "KS 2015/321").await;
    click_and_load(&dalarna, Locator::Css("#decision button")).await;
    assert_eq!(
        text_at(&dalarna, Locator::Css("#decision .note")).await,
        "Saved."
    );
    visit(&dalarna, &format!("{base}/app/agreements/{AGREEMENT}")).await;
    let page = text(&dalarna).await;
    assert!(page.contains(&finding(without - 1)), "{page}");
    assert!(
        page.contains("Kommunstyrelsen, 2015-09-01, KS 2015/321"),
        "{page}"
    );

    // An action in the action plan, and a meeting of the steering group with its decisions.
    visit(
        &dalarna,
        &format!("{base}/app/agreements/{AGREEMENT}?tab=keep&entry=action"),
    )
    .await;
    fill(
        &dalarna,
        "action-activity",
        "Kartlägg praktikplatser i länet",
    )
    .await;
    choose(&dalarna, "action-responsible", "arbetsformedlingen").await;
    set_value(&dalarna, "action-due", "2021-10-31").await;
    click_and_load(&dalarna, Locator::Css("#action button")).await;
    visit(
        &dalarna,
        &format!("{base}/app/agreements/{AGREEMENT}?tab=keep&entry=meeting"),
    )
    .await;
    set_value(&dalarna, "meeting-date", "2021-05-10").await;
    fill(
        &dalarna,
        "meeting-decisions",
        "Starta revideringen av Vägen in",
    )
    .await;
    click_and_load(&dalarna, Locator::Css("#meeting button")).await;
    visit(&dalarna, &format!("{base}/app/agreements/{AGREEMENT}")).await;
    let report = text_at(&dalarna, Locator::Css("section.report")).await;
    assert!(
        report.contains("Kartlägg praktikplatser i länet"),
        "{report}"
    );
    assert!(
        report.contains("Starta revideringen av Vägen in"),
        "{report}"
    );
    assert!(report.contains("2021-05-10"), "{report}");
    screenshot(&dalarna, "agreement-kept").await;

    // In Swedish the report speaks of the överenskommelse.
    visit(&dalarna, &format!("{base}/language/sv")).await;
    visit(&dalarna, &format!("{base}/app/agreements/{AGREEMENT}")).await;
    let report = text_at(&dalarna, Locator::Css("section.report")).await;
    assert!(report.contains("Iakttagelser"), "{report}");
    assert!(
        report.contains(&format!(
            "{} av {signed} undertecknande parter saknar",
            without - 1
        )),
        "{report}"
    );
    dalarna.close().await.unwrap();

    // The partner lands on its agreements; a municipality that is no party sees none.
    let partner = browser(&driver).await;
    log_in(&partner, &base, "partner").await;
    assert!(text(&partner).await.contains("Vägen in"));
    partner.close().await.unwrap();
    let borlange = browser(&driver).await;
    log_in(&borlange, &base, "municipality-other").await;
    visit(&borlange, &format!("{base}/app/agreements")).await;
    assert!(text(&borlange)
        .await
        .contains("not a party to any agreement"));
    visit(&borlange, &format!("{base}/app/agreements/{AGREEMENT}")).await;
    assert!(text(&borlange).await.contains("Not found"));
    borlange.close().await.unwrap();

    // Its follow-up is published: anyone reads the report.
    let public = browser(&driver).await;
    visit(&public, &format!("{base}/public/agreements")).await;
    click_and_load(&public, Locator::Css("#agreements tbody tr:first-child a")).await;
    assert!(text(&public)
        .await
        .contains("Formal decisions of the signatories"));
    public.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn each_role_does_its_task_in_the_browser_and_the_others_see_it() {
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;

    // The region distributes its number with the model, adjusts Falun with a reason, previews, publishes.
    let dalarna = browser(&driver).await;
    log_in(&dalarna, &base, "region-own").await;
    visit(&dalarna, &format!("{base}/app/{SCENARIO}?tab=distribute")).await;
    fill(&dalarna, "total", "120").await;
    fill(&dalarna, "minors", "8").await;
    fill(
        &dalarna,
        "adjustments",
        &format!("{OWN_MUNICIPALITY}=40: new housing in Falun"),
    )
    .await;
    fill(&dalarna, "round", "2").await;
    fill(&dalarna, "sent_by", "Länsstyrelsen Dalarna").await;
    click_and_load(&dalarna, Locator::Css("button[value=preview]")).await;
    let preview = dalarna
        .find(Locator::Id("preview"))
        .await
        .expect("the preview table")
        .text()
        .await
        .unwrap();
    assert!(preview.contains("new housing in Falun"), "{preview}");
    // Publishing asks first, with the numbers it will send; then says what it did.
    click_and_load(&dalarna, Locator::Css("button[value=publish]")).await;
    let question = text_at(&dalarna, Locator::Css("h1")).await;
    assert!(question.starts_with("Publish round 2 to"), "{question}");
    assert!(text_at(&dalarna, Locator::Id("preview"))
        .await
        .contains("Falun"));
    assert!(
        server
            .store
            .request_rounds(SCENARIO)
            .await
            .unwrap()
            .iter()
            .all(|r| r.round != 2),
        "nothing is published before it is confirmed"
    );
    screenshot(&dalarna, "region-confirm-publish").await;
    click_and_load(&dalarna, Locator::Css("button.confirmed")).await;
    assert!(dalarna
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with("note=published&round=2"));
    let panel = text_at(&dalarna, Locator::Css(".panel")).await;
    assert!(panel.starts_with("Round 2 published to"), "{panel}");
    assert!(panel.contains("120 persons"), "{panel}");
    dalarna.close().await.unwrap();

    // The municipality sees its number and registers its decision; a wrong value is shown
    // next to its field.
    let falun = browser(&driver).await;
    log_in(&falun, &base, "municipality-own").await;
    assert!(
        text(&falun).await.contains(SCENARIO),
        "the planning years are listed"
    );
    click_and_load(&falun, Locator::LinkText(SCENARIO)).await;
    let page = text(&falun).await;
    assert!(page.contains("Falun (2080)"), "{page}");
    let requested = text_at(&falun, Locator::Css(".figure strong")).await;
    assert_eq!(
        requested, "40",
        "the region's published number reached Falun"
    );
    click_and_load(&falun, Locator::LinkText("Decision")).await;
    fill(&falun, "persons", "many").await;
    click_and_load(&falun, Locator::Css("form.stack button")).await;
    let error = falun
        .find(Locator::Id("persons-error"))
        .await
        .expect("the error stands next to the field");
    assert!(error.text().await.unwrap().contains("whole number"));
    let invalid = falun
        .find(Locator::Id("persons"))
        .await
        .unwrap()
        .attr("aria-invalid")
        .await
        .unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    refill(&falun, "persons", "77").await;
    fill(&falun, "unaccompanied_minors", "6").await;
    // A date input takes keys in the browser's locale order; set the value as a person's picker would.
    falun
        .execute(
            "document.getElementById('decided_on').value = '2026-03-12'",
            vec![],
        )
        .await
        .unwrap();
    fill(&falun, "registration_number", "KS 2026/77").await;
    click_and_load(&falun, Locator::Css("form.stack button")).await;
    let page = text(&falun).await;
    assert!(
        page.contains("Decision for 2026 is registered: 77 persons"),
        "{page}"
    );
    assert!(
        page.contains("KS 2026/77"),
        "the new version is in the history: {page}"
    );
    click_and_load(&falun, Locator::LinkText("Overview")).await;
    // 77 decided of 40 requested: the indicator says so.
    let indicators = text_at(&falun, Locator::Id("indicators")).await;
    let decided_row = indicators
        .lines()
        .find(|l| l.starts_with("Decided of the municipal quota"))
        .unwrap_or_default();
    assert!(
        decided_row.contains("192.5 %") && decided_row.contains("77 / 40"),
        "{indicators}"
    );
    screenshot(&falun, "municipality").await;

    // It offers a dwelling, then marks it let.
    click_and_load(&falun, Locator::LinkText("Dwellings offered")).await;
    fill(&falun, "dwelling_id", "falun-ny-1").await;
    fill(&falun, "beds", "4").await;
    fill(&falun, "address", "Åsgatan 12, 791 71 Falun").await;
    falun
        .execute(
            "document.getElementById('available_from').value = '2026-04-01'",
            vec![],
        )
        .await
        .unwrap();
    click_and_load(&falun, Locator::Css("form[action$='/dwellings'] button")).await;
    let row = falun
        .find(Locator::XPath(
            "//table[@id='dwellings']//tr[td[1]='falun-ny-1']",
        ))
        .await
        .expect("the offered dwelling is listed")
        .text()
        .await
        .unwrap();
    assert!(row.contains("2026-04-01"), "{row}");
    assert!(row.contains("Åsgatan 12, 791 71 Falun"), "{row}");
    // It edits the dwelling: the first save stands; a save based on a version someone
    // else has changed meanwhile is refused with a message on the form.
    click_and_load(&falun, Locator::LinkText("Edit falun-ny-1")).await;
    refill(&falun, "beds", "5").await;
    click_and_load(&falun, Locator::Css("form.stack button")).await;
    let row = text_at(
        &falun,
        Locator::XPath("//table[@id='dwellings']//tr[td[1]='falun-ny-1']"),
    )
    .await;
    assert!(row.contains("falun-ny-1 5 "), "{row}");
    click_and_load(&falun, Locator::LinkText("Edit falun-ny-1")).await;
    let current = server.store.dwelling(SCENARIO, "falun-ny-1").await.unwrap();
    server
        .store
        .update_dwelling(
            SCENARIO,
            &current.dwelling,
            None,
            current.version,
            &support::setup(),
        )
        .await
        .unwrap();
    click_and_load(&falun, Locator::Css("form.stack button")).await;
    let refused = text(&falun).await;
    assert!(refused.contains("changed meanwhile"), "{refused}");
    visit(
        &falun,
        &format!("{base}/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}?tab=dwellings"),
    )
    .await;
    click_and_load(
        &falun,
        Locator::XPath("//button[contains(., 'falun-ny-1')]"),
    )
    .await;
    let today = chrono::Utc::now().date_naive().to_string();
    let row = text_at(
        &falun,
        Locator::XPath("//table[@id='dwellings']//tr[td[1]='falun-ny-1']"),
    )
    .await;
    assert!(row.contains(&today), "marked let today: {row}");

    // It questions the household proposed to it; without a reason that is refused.
    click_and_load(&falun, Locator::LinkText("Households")).await;
    let answer = format!(
        "//form[contains(@action, '/households/{}/response')]",
        server.household
    );
    click_and_load(
        &falun,
        Locator::XPath(&format!("{answer}//button[@value='questioned']")),
    )
    .await;
    assert!(text(&falun)
        .await
        .contains("say why the placement is questioned"));
    falun
        .find(Locator::Id(&format!("comment-{}", server.household)))
        .await
        .unwrap()
        .send_keys("no accessible dwelling before June")
        .await
        .unwrap();
    click_and_load(
        &falun,
        Locator::XPath(&format!("{answer}//button[@value='questioned']")),
    )
    .await;
    assert!(text(&falun)
        .await
        .contains("Questioned: no accessible dwelling before June"));
    click_and_load(&falun, Locator::LinkText("Overview")).await;
    let indicators = text_at(&falun, Locator::Id("indicators")).await;
    let questioned = indicators
        .lines()
        .find(|l| l.starts_with("Proposed households questioned"))
        .unwrap_or_default();
    assert!(
        questioned.contains("100.0 %") && questioned.contains("1 / 1"),
        "{indicators}"
    );
    falun.close().await.unwrap();

    // The region sees the decision in its table, with the chart beside it.
    let region = browser(&driver).await;
    log_in(&region, &base, "region-own").await;
    visit(&region, &format!("{base}/app/{SCENARIO}")).await;
    let row = region
        .find(Locator::XPath(
            "//table[@id='municipalities']//tr[td[1]='2080']",
        ))
        .await
        .expect("Falun's row")
        .text()
        .await
        .unwrap();
    assert!(row.contains("77"), "{row}");
    assert!(region.find(Locator::Css("figure.chart svg")).await.is_ok());
    // Sorted by decided, largest first (two clicks on the header link): Falun leads.
    let decided_header = "//table[@id='municipalities']//th[4]/a";
    click_and_load(&region, Locator::XPath(decided_header)).await;
    click_and_load(&region, Locator::XPath(decided_header)).await;
    let sorted = region
        .find(Locator::XPath("//table[@id='municipalities']//th[4]"))
        .await
        .unwrap()
        .attr("aria-sort")
        .await
        .unwrap();
    assert_eq!(sorted.as_deref(), Some("descending"));
    let first = text_at(
        &region,
        Locator::XPath("//table[@id='municipalities']/tbody/tr[1]"),
    )
    .await;
    assert!(first.starts_with(OWN_MUNICIPALITY), "{first}");
    screenshot(&region, "region").await;
    region.close().await.unwrap();

    // Another municipality cannot open Falun's household.
    let borlange = browser(&driver).await;
    log_in(&borlange, &base, "municipality-other").await;
    visit(
        &borlange,
        &format!("{base}/app/{SCENARIO}/households/{}", server.household),
    )
    .await;
    let page = text(&borlange).await;
    assert!(page.contains("Not found, or not yours to see."), "{page}");
    assert!(!page.contains(&server.household) || page.contains("Not found"));
    borlange.close().await.unwrap();

    // National starts a placement run and sees it listed; then Swedish words.
    let national = browser(&driver).await;
    log_in(&national, &base, "national").await;
    visit(&national, &format!("{base}/app/{SCENARIO}?tab=intake")).await;
    // A week's arrivals from a file: a bad file is refused with every error at the top,
    // nothing registered; the corrected file is registered.
    let files = tempfile::tempdir().unwrap();
    let header =
        "household_id,size,adults,children,unaccompanied_minor,waiting_since,tie_municipality_code";
    let upload = |name: &str, rows: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, format!("{header}\n{rows}")).unwrap();
        path.display().to_string()
    };
    let bad = upload(
        "week-10.csv",
        "v10-1,2,2,0,false,2026-03-02,9999\nv10-2,3,1,1,false,2026-03-02,\n",
    );
    national
        .find(Locator::Id("intake-file"))
        .await
        .unwrap()
        .send_keys(&bad)
        .await
        .unwrap();
    click_and_load(
        &national,
        Locator::Css("form[action$='/intake-files'] button"),
    )
    .await;
    let summary = text_at(&national, Locator::Css(".error-summary")).await;
    assert!(
        summary.contains("week-10.csv:2:tie_municipality_code"),
        "{summary}"
    );
    assert!(summary.contains("week-10.csv:3:size"), "{summary}");
    let good = upload(
        "week-10-fixed.csv",
        &format!("v10-1,2,2,0,false,2026-03-02,{OWN_MUNICIPALITY}\n"),
    );
    national
        .find(Locator::Id("intake-file"))
        .await
        .unwrap()
        .send_keys(&good)
        .await
        .unwrap();
    click_and_load(
        &national,
        Locator::Css("form[action$='/intake-files'] button"),
    )
    .await;
    assert!(
        text(&national)
            .await
            .contains("Registered: the households wait for the next run."),
        "{}",
        text(&national).await
    );
    let intake = text_at(&national, Locator::Id("intake")).await;
    assert!(intake.contains("From a reception centre"), "{intake}");
    screenshot(&national, "national-intake").await;

    click_and_load(&national, Locator::LinkText("Placement runs")).await;
    // A time limit of nothing is refused at the field and at the top, entries kept.
    let start_run = Locator::Css("form[action$='/placement-runs'] button");
    refill(&national, "time_limit", "0").await;
    refill(&national, "tie_bonus", "0.5").await;
    click_and_load(&national, start_run).await;
    assert!(text_at(&national, Locator::Css(".error-summary"))
        .await
        .contains("time_limit_seconds must be above 0"));
    assert!(national.find(Locator::Id("time_limit-error")).await.is_ok());
    let kept = value_of(&national, "tie_bonus").await;
    assert_eq!(kept.as_deref(), Some("0.5"));
    refill(&national, "tie_bonus", "0").await;
    refill(&national, "time_limit", "1").await;
    click_and_load(&national, start_run).await;
    assert!(text_at(&national, Locator::Css(".panel"))
        .await
        .contains("is started"));
    let runs = text_at(&national, Locator::Id("runs")).await;
    assert!(
        runs.lines().count() >= 3,
        "the started run is listed: {runs}"
    );
    // National schedules the weekly run: a wrong number of days is summarised at the top
    // of the page and shown at its field, the entries kept; then the schedule is saved
    // and shown as saved (its first run next Monday morning: none starts during the test).
    refill(&national, "every_days", "200").await;
    click_and_load(
        &national,
        Locator::Css("form[action$='/run-schedule'] button"),
    )
    .await;
    let summary = text_at(&national, Locator::Css(".error-summary")).await;
    assert!(
        summary.contains("every_days must be from 1 to 92"),
        "{summary}"
    );
    let kept = value_of(&national, "every_days").await;
    assert_eq!(kept.as_deref(), Some("200"));
    refill(&national, "every_days", "7").await;
    click_and_load(
        &national,
        Locator::Css("form[action$='/run-schedule'] button"),
    )
    .await;
    let page = text(&national).await;
    assert!(page.contains("The schedule is saved"), "{page}");
    assert!(page.contains("Stop the schedule"), "{page}");
    screenshot(&national, "national-schedule").await;
    // When the run is done, another national officer approves it from the page (four
    // eyes): the one who started it is offered no approval.
    let second = browser(&driver).await;
    log_in(&second, &base, "national-2").await;
    let mut approved = false;
    for _ in 0..100 {
        visit(&second, &format!("{base}/app/{SCENARIO}?tab=placement")).await;
        if second.find(Locator::Css("button.approve")).await.is_ok() {
            visit(&national, &format!("{base}/app/{SCENARIO}?tab=placement")).await;
            assert!(
                national.find(Locator::Css("button.approve")).await.is_err(),
                "the officer who started the run cannot approve it"
            );
            // Approving asks first, saying what it does; then says what it did.
            click_and_load(&second, Locator::Css("button.approve")).await;
            assert!(text_at(&second, Locator::Css("h1"))
                .await
                .starts_with("Approve placement run #"));
            click_and_load(&second, Locator::Css("button.confirmed")).await;
            assert!(text_at(&second, Locator::Css(".panel"))
                .await
                .contains("is approved"));
            approved = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(approved, "a done run can be approved");
    second.close().await.unwrap();
    visit(&national, &format!("{base}/app/{SCENARIO}?tab=placement")).await;
    screenshot(&national, "national").await;
    // The newest run's page lists its placements; a household's explanation names where
    // it went and why the better-valued municipalities did not take it.
    click_and_load(&national, Locator::Css("#runs tbody tr:first-child a")).await;
    let placements = text_at(&national, Locator::Id("placements")).await;
    assert!(placements.lines().count() >= 3, "{placements}");
    click_and_load(
        &national,
        Locator::Css("#placements tbody tr:first-child a"),
    )
    .await;
    let why = text_at(&national, Locator::Id("alternatives")).await;
    assert!(why.contains("placed here"), "{why}");
    assert!(text(&national).await.contains("Placed in"));
    screenshot(&national, "national-explanation").await;
    visit(&national, &format!("{base}/language/sv")).await;
    visit(&national, &format!("{base}/app/{SCENARIO}?tab=placement")).await;
    assert!(text(&national).await.contains("Anvisningskörningar"));
    national.close().await.unwrap();

    // Falun now sees the households placed in it.
    let falun = browser(&driver).await;
    log_in(&falun, &base, "municipality-own").await;
    visit(
        &falun,
        &format!("{base}/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}?tab=households"),
    )
    .await;
    let page = text(&falun).await;
    let own = OWN_MUNICIPALITY.parse().unwrap();
    let placed_here = server
        .store
        .households_of(SCENARIO, &own)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.placed_in() == Some(&own))
        .count();
    // Each household shows where it stands; the placed ones as approved (or later).
    let shown: usize = ["Approved", "Moved in", "Moved on", "Self-settled"]
        .iter()
        .map(|state| page.matches(&format!("· {state}")).count())
        .sum();
    assert_eq!(shown, placed_here, "{page}");
    assert!(placed_here > 0, "the approved run placed households here");
    screenshot(&falun, "municipality-households").await;
    falun.close().await.unwrap();

    // The administrator sees accounts and the audit log (who read Falun's households), no personal data.
    let admin = browser(&driver).await;
    log_in(&admin, &base, "admin").await;
    visit(&admin, &format!("{base}/admin?tab=audit")).await;
    let audit = text_at(&admin, Locator::Id("audit")).await;
    assert!(audit.contains("municipality-own"), "{audit}");
    // The log filtered by account; a day that is no date is refused at its field.
    visit(&admin, &format!("{base}/admin?tab=audit&actor=region-own")).await;
    let filtered = text_at(&admin, Locator::Id("audit")).await;
    assert!(filtered.contains("region-own"), "{filtered}");
    visit(&admin, &format!("{base}/admin?tab=audit&from=yesterday")).await;
    assert!(admin.find(Locator::Id("from-error")).await.is_ok());
    assert!(text_at(&admin, Locator::Css(".error-summary"))
        .await
        .contains("from"));
    visit(&admin, &format!("{base}/admin")).await;
    assert!(text_at(&admin, Locator::Id("accounts"))
        .await
        .contains("region-own"));
    // The administrator creates an account: a short password is refused next to its
    // field, the other entries kept; then the account is created and disabled.
    fill(&admin, "username", "new-clerk").await;
    fill(&admin, "display_name", "New clerk").await;
    fill(&admin, "password", "short").await;
    fill(&admin, "jurisdiction", OWN_MUNICIPALITY).await;
    click_and_load(&admin, Locator::Css("form.stack button")).await;
    assert!(text_at(&admin, Locator::Id("password-error"))
        .await
        .contains("at least 12 characters"));
    let kept = admin.find(Locator::Id("username")).await.unwrap();
    assert_eq!(
        kept.prop("value").await.unwrap().as_deref(),
        Some("new-clerk")
    );
    fill(&admin, "password", "a-long-enough-password").await;
    click_and_load(&admin, Locator::Css("form.stack button")).await;
    assert!(text_at(&admin, Locator::Css(".panel"))
        .await
        .starts_with("Account new-clerk is created"));
    let accounts = text_at(&admin, Locator::Id("accounts")).await;
    let row = accounts
        .lines()
        .find(|l| l.contains("new-clerk"))
        .unwrap_or_default()
        .to_owned();
    assert!(
        row.contains(OWN_MUNICIPALITY) && row.contains("active"),
        "{accounts}"
    );
    click_and_load(
        &admin,
        Locator::Css("form[action='/admin/accounts/new-clerk/disable'] button"),
    )
    .await;
    assert!(text_at(&admin, Locator::Css("h1"))
        .await
        .contains("new-clerk"));
    assert!(text(&admin).await.contains("can no longer log in"));
    click_and_load(&admin, Locator::Css("button.confirmed")).await;
    let accounts = text_at(&admin, Locator::Id("accounts")).await;
    assert!(
        accounts
            .lines()
            .any(|l| l.contains("new-clerk") && l.contains("disabled")),
        "{accounts}"
    );
    // It links the new account to its holder's organisation login: an unknown account is
    // refused at its name, entries kept; then the link is made and listed.
    fill(&admin, "identity_username", "no-such-clerk").await;
    fill(&admin, "subject", "clerk@falun.se").await;
    click_and_load(
        &admin,
        Locator::Css("form[action='/admin/identities'] button"),
    )
    .await;
    assert!(admin
        .find(Locator::Id("identity_username-error"))
        .await
        .is_ok());
    refill(&admin, "identity_username", "new-clerk").await;
    click_and_load(
        &admin,
        Locator::Css("form[action='/admin/identities'] button"),
    )
    .await;
    assert!(text_at(&admin, Locator::Css(".panel"))
        .await
        .contains("is linked to clerk@falun.se"));
    assert!(text_at(&admin, Locator::Id("accounts"))
        .await
        .contains("clerk@falun.se"));
    screenshot(&admin, "administration").await;
    visit(
        &admin,
        &format!("{base}/app/{SCENARIO}/households/{}", server.household),
    )
    .await;
    assert!(text(&admin).await.contains("Not allowed for your role."));
    admin.close().await.unwrap();

    // The public page needs no login and shows no count below five.
    let public = browser(&driver).await;
    visit(&public, &format!("{base}/public/{SCENARIO}")).await;
    let figures = text_at(&public, Locator::Id("figures")).await;
    assert!(figures.contains("<5"), "{figures}");
    screenshot(&public, "public").await;
    // A region's link shows its municipalities, suppressed the same way.
    click_and_load(&public, Locator::LinkText(OWN_REGION)).await;
    let municipalities = text_at(&public, Locator::Id("figures")).await;
    assert!(
        municipalities.contains(OWN_MUNICIPALITY),
        "{municipalities}"
    );
    assert!(municipalities.contains("<5"), "{municipalities}");
    public.close().await.unwrap();

    for name in ["municipality", "region", "national", "public"] {
        let png = std::fs::metadata(screenshots().join(format!("{name}.png"))).unwrap();
        assert!(png.len() > 1000, "{name}.png holds a picture");
    }
}
