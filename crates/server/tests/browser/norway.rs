//! IMDi's year in the browser: today's statsforvalter of Østfold previews and publishes
//! the county's requests (no municipality asked for fewer than 10, minors only where
//! taken), and Voss, which writes nynorsk, registers its vedtak in nynorsk. Screenshots
//! `nb-statsforvalter-*.png` and `nn-municipality-*.png`.

use super::*;

const NORWAY: &str = "browser-no";

#[tokio::test(flavor = "multi_thread")]
async fn the_statsforvalter_requests_and_a_nynorsk_municipality_decides_in_a_norwegian_year() {
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;
    server.norwegian_year(NORWAY).await;
    add_account(&server, "statsforvalteren-ostfold", "region:NO:31").await;
    add_account(&server, "voss", "municipality:NO:4621").await;

    let region = browser(&driver).await;
    visit(&region, &format!("{base}/language/nb")).await;
    log_in(&region, &base, "statsforvalteren-ostfold").await;
    visit(&region, &format!("{base}/app/{NORWAY}?tab=distribute")).await;
    fill(&region, "total", "120").await;
    fill(&region, "minors", "10").await;
    fill(&region, "minimum", "-3").await;
    click_and_load(&region, Locator::Css("button[value=preview]")).await;
    let summary = text_at(&region, Locator::Css(".error-summary")).await;
    assert!(summary.contains("'-3'"), "{summary}");
    assert_eq!(value_of(&region, "minimum").await.as_deref(), Some("-3"));
    refill(&region, "minimum", "").await;
    click_and_load(&region, Locator::Css("button[value=preview]")).await;
    let preview = text_at(&region, Locator::Id("preview")).await;
    // The smallest municipalities are not asked: below IMDi's minimum of 10.
    assert!(
        preview.contains("Ikke anmodet: under minstetallet"),
        "{preview}"
    );
    // The form says what IMDi's criteria weigh.
    let criteria = text_at(&region, Locator::Id("criteria")).await;
    assert!(
        criteria.contains("resultater i introduksjonsprogrammet 20 %"),
        "{criteria}"
    );
    screenshot(&region, "nb-statsforvalter-request").await;
    fill(&region, "round", "2").await;
    fill(&region, "sent_by", "Statsforvalteren i Østfold").await;
    click_and_load(&region, Locator::Css("button[value=publish]")).await;
    click_and_load(&region, Locator::Css("button.confirmed")).await;
    let panel = text_at(&region, Locator::Css(".panel")).await;
    assert!(panel.contains("120"), "{panel}");
    screenshot(&region, "nb-statsforvalter-published").await;
    region.close().await.unwrap();

    // Voss reads its pages in nynorsk and registers its vedtak.
    let voss = browser(&driver).await;
    visit(&voss, &format!("{base}/language/nn")).await;
    log_in(&voss, &base, "voss").await;
    let decision = format!("{base}/app/{NORWAY}/municipalities/4621?tab=decision");
    visit(&voss, &decision).await;
    assert_eq!(
        voss.find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap()
            .as_deref(),
        Some("nn")
    );
    assert!(text(&voss)
        .await
        .contains("Registrer vedtaket til kommunen"));
    fill(&voss, "persons", "-5").await;
    click_and_load(&voss, Locator::Css("form.stack button")).await;
    let summary = text_at(&voss, Locator::Css(".error-summary")).await;
    assert!(summary.starts_with("Det er eit problem"), "{summary}");
    refill(&voss, "persons", "12").await;
    set_value(&voss, "decided_on", "2026-03-01").await;
    fill(&voss, "registration_number", "2026/17").await;
    click_and_load(&voss, Locator::Css("form.stack button")).await;
    let panel = text_at(&voss, Locator::Css(".panel")).await;
    assert!(
        panel.starts_with("Vedtak for 2026 er registrert"),
        "{panel}"
    );
    screenshot(&voss, "nn-municipality-decision").await;
    // Voss says it takes unaccompanied minors, and the page confirms the answer.
    voss.find(Locator::Css("input[name=takes][value=yes]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click_and_load(
        &voss,
        Locator::Css("form[action$='unaccompanied-minors'] button"),
    )
    .await;
    let panel = text_at(&voss, Locator::Css(".panel")).await;
    assert!(
        panel.contains("Vi tek imot einslege mindreårige"),
        "{panel}"
    );
    voss.close().await.unwrap();
}
