//! Dwelling lists: paged, filtered and kept to their jurisdiction.

use crate::support::*;
use axum::http::StatusCode;
use landa_testing::on_each_engine;

#[tokio::test]
async fn dwelling_lists_page_filter_and_stay_in_their_jurisdiction() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let list = |query: &str| format!("/api/v1/scenarios/{SCENARIO}/dwellings?{query}");
        let page = server
            .get(Caller::MunicipalityOwn, &list("available=true&limit=1"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
        let total = page.body["total"].as_u64().unwrap();
        assert!(total >= 1);
        let all = server
            .get(Caller::MunicipalityOwn, &list("limit=1000"))
            .await;
        assert!(all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["municipality"] == OWN_MUNICIPALITY));
        let let_only = server
            .get(Caller::MunicipalityOwn, &list("available=false"))
            .await;
        assert_eq!(let_only.body["total"], 0, "nothing is let yet");
        let other = server
            .get(Caller::MunicipalityOther, &list("limit=1000"))
            .await;
        assert!(other.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["municipality"] == OTHER_MUNICIPALITY));
        let forbidden = server
            .get(
                Caller::MunicipalityOther,
                &list(&format!("municipality={OWN_MUNICIPALITY}")),
            )
            .await;
        assert!(
            forbidden.status == StatusCode::FORBIDDEN || forbidden.status == StatusCode::NOT_FOUND
        );
    })
    .await;
}
