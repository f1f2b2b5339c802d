//! The main flows from the keyboard alone, as a person who uses no mouse works: the skip
//! link first, the login form reached by Tab and sent with Enter, a municipality's
//! decision typed in and sent the same way, and a region's round distributed, confirmed
//! and published through the page's tabs. Each page on the way is checked by axe-core.

use super::*;
use fantoccini::key::Key;

/// Presses Tab until the focus is on the element with this id.
async fn tab_to(client: &Client, id: &str) {
    tab_to_matching(client, &format!("#{id}")).await;
}

/// Presses Tab until the focused element matches the CSS `selector` (at most 60 times,
/// about the links and fields of a long page).
async fn tab_to_matching(client: &Client, selector: &str) {
    for _ in 0..60 {
        let here = client
            .execute(
                "return document.activeElement.matches(arguments[0]);",
                vec![selector.into()],
            )
            .await
            .unwrap();
        if here == serde_json::Value::Bool(true) {
            return;
        }
        type_keys(client, &Key::Tab.to_string()).await;
    }
    panic!("Tab never reached {selector}");
}

/// Types into the focused element.
async fn type_keys(client: &Client, text: &str) {
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Presses Enter on the focused element and waits for the next page.
async fn enter_and_load(client: &Client) {
    let enter = Key::Enter.to_string();
    after_next_page(client, || type_keys(client, &enter)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_logs_in_and_registers_a_decision_with_the_keyboard_alone() {
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;
    let falun = browser(&driver).await;
    visit(&falun, &format!("{base}/login")).await;
    assert_accessible(&falun).await;

    // The first Tab reaches the skip link, which leads past the header to the content.
    type_keys(&falun, &Key::Tab.to_string()).await;
    let skip = falun.active_element().await.unwrap();
    assert_eq!(skip.attr("href").await.unwrap().as_deref(), Some("#main"));

    tab_to(&falun, "username").await;
    type_keys(&falun, "municipality-own").await;
    tab_to(&falun, "password").await;
    type_keys(&falun, PASSWORD).await;
    enter_and_load(&falun).await;
    assert!(text(&falun).await.contains(SCENARIO), "logged in");

    visit(
        &falun,
        &format!("{base}/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}?tab=decision"),
    )
    .await;
    tab_to(&falun, "persons").await;
    type_keys(&falun, "64").await;
    tab_to(&falun, "unaccompanied_minors").await;
    type_keys(&falun, "3").await;
    tab_to(&falun, "registration_number").await;
    type_keys(&falun, "KS 2026/64").await;
    enter_and_load(&falun).await;
    let page = text(&falun).await;
    assert!(
        page.contains("Decision for 2026 is registered: 64 persons"),
        "{page}"
    );
    let year = server
        .store
        .municipality_year(SCENARIO, &OWN_MUNICIPALITY.parse().unwrap())
        .await
        .unwrap();
    let decision = year.decisions.last().expect("the decision is stored");
    assert_eq!(
        (
            decision.persons,
            decision.unaccompanied_minors,
            decision.registration_number.as_deref()
        ),
        (64, 3, Some("KS 2026/64"))
    );
    falun.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_county_officer_publishes_a_round_with_the_keyboard_alone() {
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;
    let dalarna = browser(&driver).await;
    visit(&dalarna, &format!("{base}/login")).await;
    tab_to(&dalarna, "username").await;
    type_keys(&dalarna, "region-own").await;
    tab_to(&dalarna, "password").await;
    type_keys(&dalarna, PASSWORD).await;
    enter_and_load(&dalarna).await;

    // From the start page to the year, and to its distribution tab, by links.
    tab_to_matching(&dalarna, &format!("main a[href='/app/{SCENARIO}']")).await;
    enter_and_load(&dalarna).await;
    tab_to_matching(&dalarna, "nav.tabs a[href='?tab=distribute']").await;
    enter_and_load(&dalarna).await;
    tab_to(&dalarna, "total").await;
    type_keys(&dalarna, "120").await;
    tab_to(&dalarna, "round").await;
    type_keys(&dalarna, "4").await;
    tab_to(&dalarna, "sent_by").await;
    type_keys(&dalarna, "Länsstyrelsen Dalarna").await;
    tab_to_matching(&dalarna, "button[value=publish]").await;
    enter_and_load(&dalarna).await;
    // The confirm step: its button is reached and pressed the same way.
    assert!(text_at(&dalarna, Locator::Css("h1"))
        .await
        .starts_with("Publish round 4 to"));
    tab_to_matching(&dalarna, "button.confirmed").await;
    enter_and_load(&dalarna).await;
    let panel = text_at(&dalarna, Locator::Css(".panel")).await;
    assert!(panel.starts_with("Round 4 published to"), "{panel}");
    let rounds = server.store.request_rounds(SCENARIO).await.unwrap();
    assert!(rounds.iter().any(|r| r.round == 4), "the round is stored");
    dalarna.close().await.unwrap();
}
