//! The integration register in the browser: Falun records a settled person's programme
//! (a programme ending before it started refused at the top and at its field, the entries
//! kept, nothing saved), then the status 90 days after it, and sees it counted on the
//! indicators page; a file with a wrong row is refused with its row and column named.
//! axe-core checks every page on the way.

use super::*;
use landa_model::{Destination, HouseholdState};

#[tokio::test(flavor = "multi_thread")]
async fn a_municipality_records_a_persons_programme_and_status_and_sees_them_counted() {
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;
    let settled = HouseholdState::MovedIn {
        destination: Destination {
            run: server.run_id().await,
            municipality: OWN_MUNICIPALITY.parse().unwrap(),
            dwelling: None,
        },
        on: "2025-06-01".parse().unwrap(),
    };
    let (household, _) = server.household_in("browser", settled, &[]).await;
    let id = household.parse().unwrap();

    let falun = browser(&driver).await;
    log_in(&falun, &base, "municipality-own").await;
    visit(
        &falun,
        &format!("{base}/app/{SCENARIO}/households/{household}"),
    )
    .await;
    click_and_load(&falun, Locator::LinkText("Integration register")).await;
    assert_accessible(&falun).await;

    let save_programme = Locator::Css("form:has(input[name='kind'][value='programme']) button");
    set_value(&falun, "decided_on", "2025-06-10").await;
    set_value(&falun, "started_on", "2025-07-01").await;
    choose(&falun, "goal", "work").await;
    set_value(&falun, "ended_on", "2025-06-20").await;
    choose(&falun, "end_reason", "work").await;
    click_and_load(&falun, save_programme).await;
    assert!(text_at(&falun, Locator::Css(".error-summary"))
        .await
        .contains("before it started"));
    assert!(falun.find(Locator::Id("ended_on-error")).await.is_ok());
    assert_eq!(
        value_of(&falun, "ended_on").await.as_deref(),
        Some("2025-06-20")
    );
    assert_eq!(
        value_of(&falun, "decided_on").await.as_deref(),
        Some("2025-06-10")
    );
    let stored = server
        .store
        .household_register(SCENARIO, &id)
        .await
        .unwrap();
    assert!(
        stored[0].programme.is_none(),
        "a refused programme saves nothing"
    );
    screenshot(&falun, "register-refused").await;

    set_value(&falun, "ended_on", "2026-01-31").await;
    click_and_load(&falun, save_programme).await;
    assert!(text(&falun).await.contains("2026-01-31"));
    choose(&falun, "checkpoint", "programme_90_days").await;
    choose(&falun, "activity", "education").await;
    click_and_load(
        &falun,
        Locator::Css("form:has(input[name='kind'][value='status']) button"),
    )
    .await;
    let stored = server
        .store
        .household_register(SCENARIO, &id)
        .await
        .unwrap();
    assert_eq!(stored[0].statuses.len(), 1);
    screenshot(&falun, "register-recorded").await;

    // Counted among Falun's people in work or education 90 days after the programme.
    visit(&falun, &format!("{base}/app/{SCENARIO}/integration")).await;
    let falun_row = text_at(
        &falun,
        Locator::XPath("//table[@id='integration']//tr[*[1]='2080']"),
    )
    .await;
    assert!(falun_row.contains("100.0 %"), "{falun_row}");
    screenshot(&falun, "integration-indicators").await;
}
