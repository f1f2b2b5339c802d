//! The main flows from the keyboard alone, as a person who uses no mouse works: the skip
//! link first, the login form reached by Tab and sent with Enter, and a municipality's
//! decision typed in and sent the same way. Each page on the way is checked by axe-core.

use super::*;
use fantoccini::key::Key;

/// Presses Tab until the focus is on the element with this id (at most 60 times, about
/// the links and fields of a long page).
async fn tab_to(client: &Client, id: &str) {
    for _ in 0..60 {
        let focused = client.active_element().await.unwrap();
        if focused.attr("id").await.unwrap().as_deref() == Some(id) {
            return;
        }
        focused.send_keys(&Key::Tab.to_string()).await.unwrap();
    }
    panic!("Tab never reached #{id}");
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
