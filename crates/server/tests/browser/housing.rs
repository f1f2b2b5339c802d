//! A housing company's week: it offers a home in the municipality it serves (a bad entry
//! refused at the top and at its field, the entries kept) and commits to one a month;
//! national places a household in the home; the municipality records the move-in; the
//! company sees its home reserved, then let, and never the household.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_housing_company_offers_homes_and_sees_them_reserved_and_let_in_the_browser() {
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;

    // It lands on its own page from the planning years.
    let company = browser(&driver).await;
    log_in(&company, &base, "housing").await;
    click_and_load(&company, Locator::LinkText(SCENARIO)).await;
    assert!(company
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with(&format!("/app/{SCENARIO}/housing")));
    assert!(text(&company).await.contains(HOUSING));

    // A home with a word for beds: refused at the top and at the field, entries kept.
    fill(&company, "dwelling_id", "koppar-7").await;
    fill(&company, "beds", "three").await;
    set_value(&company, "available_from", "2026-04-01").await;
    fill(&company, "rent", "7100").await;
    click_and_load(&company, Locator::Css("form[action$='/dwellings'] button")).await;
    let summary = text_at(&company, Locator::Css(".error-summary")).await;
    assert!(summary.contains("beds"), "{summary}");
    assert!(text_at(&company, Locator::Id("beds-error"))
        .await
        .contains("whole number"));
    let kept = value_of(&company, "dwelling_id").await;
    assert_eq!(kept.as_deref(), Some("koppar-7"));
    assert!(server.store.dwelling(SCENARIO, "koppar-7").await.is_err());
    refill(&company, "beds", "3").await;
    click_and_load(&company, Locator::Css("form[action$='/dwellings'] button")).await;
    let row = text_at(
        &company,
        Locator::XPath("//table[@id='dwellings']//tr[td[1]='koppar-7']"),
    )
    .await;
    assert!(row.contains("On offer") && row.contains("7100"), "{row}");

    // One a month from May to July: three offers.
    fill(&company, "prefix", "koppar-month").await;
    fill(&company, "commitment_beds", "2").await;
    set_value(&company, "first", "2026-05-01").await;
    fill(&company, "every_months", "1").await;
    set_value(&company, "until", "2026-07-31").await;
    click_and_load(
        &company,
        Locator::Css("form[action$='/dwelling-commitments'] button"),
    )
    .await;
    let table = text_at(&company, Locator::Id("dwellings")).await;
    assert_eq!(table.matches("koppar-month-").count(), 3, "{table}");
    screenshot(&company, "housing-company").await;

    // National approves a household into the home (set up here as a run's approval would
    // leave it); Falun records the move-in from the household's page.
    let household = server.household_holding("koppar-7").await;
    company.refresh().await.unwrap();
    let row = text_at(
        &company,
        Locator::XPath("//table[@id='dwellings']//tr[td[1]='koppar-7']"),
    )
    .await;
    assert!(row.contains("Reserved"), "{row}");
    // The list filters by standing and by id or address, as a bookmarkable address.
    visit(
        &company,
        &format!("{base}/app/{SCENARIO}/housing?standing=reserved"),
    )
    .await;
    let reserved = text_at(&company, Locator::Id("dwellings")).await;
    assert!(
        reserved.contains("koppar-7") && !reserved.contains("koppar-month-"),
        "{reserved}"
    );
    visit(
        &company,
        &format!("{base}/app/{SCENARIO}/housing?search=KOPPAR-MONTH"),
    )
    .await;
    let searched = text_at(&company, Locator::Id("dwellings")).await;
    assert_eq!(searched.matches("koppar-month-").count(), 3, "{searched}");
    assert!(!searched.contains("koppar-7"), "{searched}");
    visit(&company, &format!("{base}/app/{SCENARIO}/housing")).await;
    let falun = browser(&driver).await;
    log_in(&falun, &base, "municipality-own").await;
    visit(
        &falun,
        &format!("{base}/app/{SCENARIO}/households/{household}"),
    )
    .await;
    set_value(&falun, "on", "2026-04-02").await;
    click_and_load(&falun, Locator::Css("form.stack button")).await;
    assert!(text(&falun).await.contains("Moved in"));
    falun.close().await.unwrap();
    company.refresh().await.unwrap();
    let row = text_at(
        &company,
        Locator::XPath("//table[@id='dwellings']//tr[td[1]='koppar-7']"),
    )
    .await;
    assert!(row.contains("Let") && row.contains("2026-04-02"), "{row}");

    // The household itself stays out of its reach, as does the municipality's page.
    visit(
        &company,
        &format!("{base}/app/{SCENARIO}/households/{household}"),
    )
    .await;
    assert!(text(&company).await.contains("Not allowed for your role."));
    visit(
        &company,
        &format!("{base}/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}"),
    )
    .await;
    assert!(text(&company).await.contains("Not allowed for your role."));
    company.close().await.unwrap();
}
