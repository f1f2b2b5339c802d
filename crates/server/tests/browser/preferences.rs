//! Preferences in the browser: national keeps a household's ranking on its page (a code
//! that is no municipality refused at the top and at its field, the entry kept, nothing
//! saved); Falun sets the groups it is prepared for first on its decision tab; national
//! starts a stable run from the run form, and the household's explanation names the
//! choice it got. axe-core checks every page on the way.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_households_ranking_and_a_municipalitys_priorities_are_kept_and_honoured_in_the_browser()
{
    let Some(driver) = start_driver() else { return };
    let (_directory, server, base) = serve_fresh().await;
    let household = server.household.clone();
    let id = household.parse().unwrap();

    let national = browser(&driver).await;
    log_in(&national, &base, "national").await;
    visit(
        &national,
        &format!("{base}/app/{SCENARIO}/households/{household}"),
    )
    .await;
    assert!(text(&national).await.contains("ranks no municipality"));
    let save_ranking = Locator::XPath("//form[input[@name='step' and @value='ranking']]//button");
    fill(&national, "ranking", &format!("{OWN_MUNICIPALITY}, 9999")).await;
    click_and_load(&national, save_ranking).await;
    let summary = text_at(&national, Locator::Css(".error-summary")).await;
    assert!(summary.contains("9999"), "{summary}");
    assert!(text_at(&national, Locator::Id("ranking-error"))
        .await
        .contains("9999"));
    let kept = value_of(&national, "ranking").await;
    assert_eq!(kept, Some(format!("{OWN_MUNICIPALITY}, 9999")));
    let stored = server
        .store
        .household_preferences(SCENARIO, &id)
        .await
        .unwrap();
    assert!(stored.0.is_empty(), "a refused ranking saves nothing");
    refill(
        &national,
        "ranking",
        &format!("{OWN_MUNICIPALITY}, {OTHER_MUNICIPALITY}"),
    )
    .await;
    click_and_load(&national, save_ranking).await;
    let ranking = text_at(&national, Locator::Css("ol.ranking")).await;
    assert_eq!(
        ranking.lines().collect::<Vec<_>>(),
        [OWN_MUNICIPALITY, OTHER_MUNICIPALITY]
    );
    screenshot(&national, "household-ranking").await;

    // Falun says which households it is prepared for first: a group it cannot name is
    // refused at its field, the entry kept; then saved and listed in order.
    let falun = browser(&driver).await;
    log_in(&falun, &base, "municipality-own").await;
    visit(
        &falun,
        &format!("{base}/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}?tab=decision"),
    )
    .await;
    let save_priorities = Locator::Css("form[action$='/priorities'] button");
    fill(&falun, "priorities", "large_families, pets").await;
    click_and_load(&falun, save_priorities).await;
    assert!(text_at(&falun, Locator::Css(".error-summary"))
        .await
        .contains("pets"));
    assert!(falun.find(Locator::Id("priorities-error")).await.is_ok());
    let kept = value_of(&falun, "priorities").await;
    assert_eq!(kept.as_deref(), Some("large_families, pets"));
    refill(&falun, "priorities", "large_families, ties").await;
    click_and_load(&falun, save_priorities).await;
    let priorities = text_at(&falun, Locator::Css("ol.priorities")).await;
    assert_eq!(
        priorities.lines().collect::<Vec<_>>(),
        ["large_families", "ties"]
    );
    screenshot(&falun, "municipality-priorities").await;
    falun.close().await.unwrap();

    // A stable run from the run form; its page states its certificate, and the household's
    // explanation names the choice it got.
    visit(&national, &format!("{base}/app/{SCENARIO}?tab=placement")).await;
    choose(&national, "mechanism", "stable").await;
    refill(&national, "time_limit", "2").await;
    click_and_load(
        &national,
        Locator::Css("form[action$='/placement-runs'] button"),
    )
    .await;
    assert!(text_at(&national, Locator::Css(".panel"))
        .await
        .contains("is started"));
    let job = server.settled_latest_job().await;
    let run = job.result.expect("a done run").run_id;
    let message = job.message.unwrap_or_default();
    assert!(
        message.contains("stable") && message.contains("blocking pairs"),
        "{message}"
    );
    visit(
        &national,
        &format!("{base}/app/{SCENARIO}/placement-runs/{run}"),
    )
    .await;
    assert!(text(&national).await.contains("blocking pairs"));
    visit(
        &national,
        &format!("{base}/app/{SCENARIO}/placement-runs/{run}/explanation?household={household}"),
    )
    .await;
    let why = text_at(&national, Locator::Id("alternatives")).await;
    assert!(
        why.contains("choice") || why.contains("outside its ranking"),
        "{why}"
    );
    screenshot(&national, "explanation-choice").await;
    national.close().await.unwrap();
}
