//! Each role's start page, a refused form and a confirmation, in Swedish on the test year
//! of Dalarna and in bokmål on the shipped Østfold 2016, each page checked by axe-core and
//! saved as a screenshot (`sv-*.png`, `nb-*.png`) for review of its words. The shipped
//! years whose data lacks what the distribution weighs show the region why, in its words.

use super::*;

/// A shipped scenario of data/bundles (`example`, `ostfold-2016`), imported as it is.
async fn import_bundle(server: &TestServer, name: &str) -> String {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/bundles")
        .join(name);
    let scenario = landa_bundle::read_bundle(&folder).expect("a shipped bundle");
    server
        .store
        .import_scenario(&scenario, landa_store::ImportMode::New, &setup())
        .await
        .expect("import");
    scenario.meta.name
}

/// One language's walk: who logs in, on which year, and the words to find.
struct Walk<'a> {
    lang: &'a str,
    year: &'a str,
    /// The year's first day of decisions (a decision is dated within its year).
    decided_on: &'a str,
    national: &'a str,
    region: &'a str,
    municipality: &'a str,
    municipality_code: &'a str,
    /// The organisation the national officer's header names.
    agency: &'a str,
    /// The start page's title, and what a refusal's summary and a saved decision say.
    start_title: &'a str,
    summary_title: &'a str,
    decision_saved: &'a str,
    run_started: &'a str,
    /// Whether the region publishes a round of `year` (Østfold's tables hold no
    /// populations to distribute by).
    publishes: bool,
    /// A year whose data lacks what the distribution weighs, and how the refusal says so.
    unweighable: (&'a str, &'a str),
}

#[tokio::test(flavor = "multi_thread")]
async fn each_role_works_in_swedish_and_bokmal() {
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;
    let example = import_bundle(&server, "example").await;
    let ostfold = import_bundle(&server, "ostfold-2016").await;
    add_account(&server, "statsforvalteren-ostfold", "region:NO:01").await;
    add_account(&server, "halden", "municipality:NO:0101").await;
    let swedish = Walk {
        lang: "sv",
        year: SCENARIO,
        decided_on: "2026-03-01",
        national: "national",
        region: "region-own",
        municipality: "municipality-own",
        municipality_code: OWN_MUNICIPALITY,
        agency: "Migrationsverket",
        start_title: "Att göra",
        summary_title: "Det finns ett problem",
        decision_saved: "Beslut för 2026 är registrerat",
        run_started: "är startad",
        publishes: true,
        unweighable: (&example, "saknar mottagande per 1 000 invånare"),
    };
    let norwegian = Walk {
        lang: "nb",
        year: &ostfold,
        decided_on: "2016-03-01",
        national: "imdi",
        region: "statsforvalteren-ostfold",
        municipality: "halden",
        municipality_code: "0101",
        agency: "IMDi",
        start_title: "Å gjøre",
        summary_title: "Det er et problem",
        decision_saved: "Vedtak for 2016 er registrert",
        run_started: "er startet",
        publishes: false,
        unweighable: (&ostfold, "mangler folketall"),
    };
    for walk in [swedish, norwegian] {
        national_walk(&driver, &base, &walk).await;
        region_walk(&driver, &base, &walk).await;
        municipality_walk(&driver, &base, &walk).await;
        administrator_walk(&driver, &base, &walk).await;
    }
    for name in [
        "sv-national-start",
        "sv-region-confirmation",
        "nb-municipality-refused",
        "nb-administrator-confirmation",
    ] {
        let png = std::fs::metadata(screenshots().join(format!("{name}.png"))).unwrap();
        assert!(png.len() > 1000, "{name}.png holds a picture");
    }
}

/// A fresh browser in the walk's language, logged in as `username` on its start page.
async fn signed_in(driver: &Driver, base: &str, walk: &Walk<'_>, username: &str) -> Client {
    let client = browser(driver).await;
    visit(&client, &format!("{base}/language/{}", walk.lang)).await;
    log_in(&client, base, username).await;
    client
}

/// The summary at the top of a refused form, in the walk's language.
async fn assert_refused(client: &Client, walk: &Walk<'_>, field: &str) {
    let summary = text_at(client, Locator::Css(".error-summary")).await;
    assert!(summary.starts_with(walk.summary_title), "{summary}");
    assert!(
        client
            .find(Locator::Id(&format!("{field}-error")))
            .await
            .is_ok(),
        "the error stands at {field} too"
    );
}

async fn national_walk(driver: &Driver, base: &str, walk: &Walk<'_>) {
    let national = signed_in(driver, base, walk, walk.national).await;
    let lang = walk.lang;
    assert_eq!(
        text_at(&national, Locator::Css("h1")).await,
        walk.start_title
    );
    assert!(text_at(&national, Locator::Css("header"))
        .await
        .contains(walk.agency));
    assert!(text(&national).await.contains(walk.year));
    screenshot(&national, &format!("{lang}-national-start")).await;
    visit(
        &national,
        &format!("{base}/app/{}?tab=placement", walk.year),
    )
    .await;
    refill(&national, "time_limit", "0").await;
    click_and_load(
        &national,
        Locator::Css("form[action$='/placement-runs'] button"),
    )
    .await;
    assert_refused(&national, walk, "time_limit").await;
    // The application's reason is written in English, and marked so on this page.
    assert!(national
        .find(Locator::Css(".error-summary li [lang='en']"))
        .await
        .is_ok());
    screenshot(&national, &format!("{lang}-national-refused")).await;
    refill(&national, "time_limit", "1").await;
    click_and_load(
        &national,
        Locator::Css("form[action$='/placement-runs'] button"),
    )
    .await;
    let panel = text_at(&national, Locator::Css(".panel")).await;
    assert!(panel.contains(walk.run_started), "{panel}");
    screenshot(&national, &format!("{lang}-national-confirmation")).await;
    national.close().await.unwrap();
}

async fn region_walk(driver: &Driver, base: &str, walk: &Walk<'_>) {
    let region = signed_in(driver, base, walk, walk.region).await;
    let lang = walk.lang;
    assert_eq!(text_at(&region, Locator::Css("h1")).await, walk.start_title);
    screenshot(&region, &format!("{lang}-region-start")).await;
    visit(&region, &format!("{base}/app/{}?tab=distribute", walk.year)).await;
    fill(&region, "total", "-5").await;
    click_and_load(&region, Locator::Css("button[value=preview]")).await;
    assert_refused(&region, walk, "total").await;
    let kept = value_of(&region, "total").await;
    assert_eq!(kept.as_deref(), Some("-5"), "the entry is kept");
    screenshot(&region, &format!("{lang}-region-refused")).await;
    refill(&region, "total", "120").await;
    fill(&region, "round", "3").await;
    fill(&region, "sent_by", "Länsstyrelsen").await;
    if walk.publishes {
        click_and_load(&region, Locator::Css("button[value=publish]")).await;
        screenshot(&region, &format!("{lang}-region-confirm")).await;
        click_and_load(&region, Locator::Css("button.confirmed")).await;
        assert!(region.find(Locator::Css(".panel")).await.is_ok());
        screenshot(&region, &format!("{lang}-region-confirmation")).await;
    }
    // A year without what the model weighs: the region is told which municipality lacks
    // what, by name and in its words.
    let (year, words) = walk.unweighable;
    visit(&region, &format!("{base}/app/{year}?tab=distribute")).await;
    fill(&region, "total", "120").await;
    click_and_load(&region, Locator::Css("button[value=preview]")).await;
    let summary = text_at(&region, Locator::Css(".error-summary")).await;
    assert!(summary.contains(words), "{summary}");
    screenshot(&region, &format!("{lang}-region-cannot-distribute")).await;
    region.close().await.unwrap();
}

async fn municipality_walk(driver: &Driver, base: &str, walk: &Walk<'_>) {
    let municipality = signed_in(driver, base, walk, walk.municipality).await;
    let lang = walk.lang;
    assert_eq!(
        text_at(&municipality, Locator::Css("h1")).await,
        walk.start_title
    );
    // Its reminders are about itself, said in full.
    let reminders = text_at(&municipality, Locator::Css("ul.counts")).await;
    assert!(
        reminders.contains(&format!("({})", walk.municipality_code)),
        "{reminders}"
    );
    screenshot(&municipality, &format!("{lang}-municipality-start")).await;
    visit(
        &municipality,
        &format!(
            "{base}/app/{}/municipalities/{}?tab=decision",
            walk.year, walk.municipality_code
        ),
    )
    .await;
    fill(&municipality, "persons", "-5").await;
    click_and_load(&municipality, Locator::Css("form.stack button")).await;
    assert_refused(&municipality, walk, "persons").await;
    // The page's own reason is in the page's language, unmarked.
    assert!(municipality
        .find(Locator::Css(".error-summary li [lang='en']"))
        .await
        .is_err());
    screenshot(&municipality, &format!("{lang}-municipality-refused")).await;
    refill(&municipality, "persons", "30").await;
    set_value(&municipality, "decided_on", walk.decided_on).await;
    fill(&municipality, "registration_number", "2016/42").await;
    click_and_load(&municipality, Locator::Css("form.stack button")).await;
    let panel = text_at(&municipality, Locator::Css(".panel")).await;
    assert!(panel.starts_with(walk.decision_saved), "{panel}");
    screenshot(&municipality, &format!("{lang}-municipality-confirmation")).await;
    municipality.close().await.unwrap();
}

async fn administrator_walk(driver: &Driver, base: &str, walk: &Walk<'_>) {
    let admin = signed_in(driver, base, walk, "admin").await;
    let lang = walk.lang;
    screenshot(&admin, &format!("{lang}-administrator-start")).await;
    let username = format!("clerk-{lang}");
    fill(&admin, "username", &username).await;
    fill(&admin, "display_name", "Clerk").await;
    fill(&admin, "password", "short").await;
    fill(&admin, "jurisdiction", walk.municipality_code).await;
    if lang == "nb" {
        choose(&admin, "country", "NO").await;
    }
    click_and_load(&admin, Locator::Css("form.stack button")).await;
    assert_refused(&admin, walk, "password").await;
    screenshot(&admin, &format!("{lang}-administrator-refused")).await;
    fill(&admin, "password", "a-long-enough-password").await;
    click_and_load(&admin, Locator::Css("form.stack button")).await;
    let panel = text_at(&admin, Locator::Css(".panel")).await;
    assert!(panel.contains(&username), "{panel}");
    screenshot(&admin, &format!("{lang}-administrator-confirmation")).await;
    admin.close().await.unwrap();
}
