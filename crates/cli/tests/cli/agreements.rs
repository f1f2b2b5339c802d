//! `landa agreement` and `landa remind`: the real agreements in, their follow-up out, and
//! bad files and values refused without a change.

use crate::{data, Landa};
use landa_export::{Column, ColumnKind, Table};
use landa_store::Location;
use landa_testing::on_each_engine;

#[tokio::test(flavor = "multi_thread")]
async fn agreements_are_imported_followed_up_and_reported() {
    on_each_engine(|location: Location| async move {
        let landa = Landa::at(&location);
        let vagen_in = data("agreements/vagen-in.toml");
        let ostfold = data("agreements/ostfold-samarbeidsavtale.toml");
        landa.ok(&["agreement", "validate", &vagen_in, &ostfold]);
        let stored = landa.ok(&["agreement", "import", &vagen_in, &ostfold]);
        assert!(stored.contains("Stored vagen-in as version 1."), "{stored}");

        // A broken file names its line and column and stores nothing.
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.toml");
        let text = std::fs::read_to_string(&vagen_in).unwrap();
        std::fs::write(&broken, text.replacen("kind = \"", "kind = \"treaty-", 1)).unwrap();
        let run = landa.run(&["agreement", "import", broken.to_str().unwrap()]);
        assert!(!run.success);
        assert!(run.stderr.contains("broken.toml:"), "{}", run.stderr);
        assert!(landa
            .ok(&["agreement", "list"])
            .contains("vagen-in                     v1 "));

        // Values from CSV: a bad row is named by row and column and nothing is added.
        let values = dir.path().join("values.csv");
        std::fs::write(&values, "indicator,date,value\nno-such,2021-12-31,0.3\n").unwrap();
        let run = landa.run(&["agreement", "values", "vagen-in", values.to_str().unwrap()]);
        assert!(!run.success);
        assert!(
            run.stderr.contains("values.csv:2:1: no indicator"),
            "{}",
            run.stderr
        );
        let indicator = "sysselsattning-0-2";
        let csv = format!("indicator,date,value,source\n{indicator},2019-12-31,0.27,SCB\n");
        std::fs::write(&values, csv).unwrap();
        let added = landa.ok(&["agreement", "values", "vagen-in", values.to_str().unwrap()]);
        assert!(
            added.contains("Added 1 values to vagen-in (version 2)."),
            "{added}"
        );
        // The same from Excel, as a statistics agency's table would come.
        let mut sheet = Table::new(
            "values",
            ["indicator", "date", "value", "source"]
                .map(|h| {
                    let kind = if h == "value" {
                        ColumnKind::Decimal
                    } else {
                        ColumnKind::Text
                    };
                    Column::new(h, kind)
                })
                .to_vec(),
        );
        sheet.push(vec![
            indicator.into(),
            "2020-12-31".into(),
            0.29.into(),
            "SCB".into(),
        ]);
        let xlsx = dir.path().join("values.xlsx");
        std::fs::write(&xlsx, sheet.to_xlsx().unwrap()).unwrap();
        let added = landa.ok(&["agreement", "values", "vagen-in", xlsx.to_str().unwrap()]);
        assert!(added.contains("(version 3)"), "{added}");

        let remind = landa.ok(&["remind", "--today", "2026-11-23", "--agreement", "vagen-in"]);
        assert!(
            remind.contains("[ExpiredWithoutRevision] expired on 2020-12-31"),
            "{remind}"
        );
        assert!(remind.contains("[NoDecisionRegistered]"), "{remind}");
        let swedish = landa.ok(&[
            "remind",
            "--today",
            "2026-11-23",
            "--agreement",
            "vagen-in",
            "--lang",
            "sv",
        ]);
        assert!(
            swedish.contains("[ExpiredWithoutRevision] löpte ut 2020-12-31"),
            "{swedish}"
        );
        let html = dir.path().join("report.html");
        let report = landa.ok(&[
            "agreement",
            "report",
            "vagen-in",
            "--year",
            "2021",
            "--out",
            html.to_str().unwrap(),
        ]);
        assert!(
            report.contains("no revision or new agreement was started"),
            "{report}"
        );
        assert!(std::fs::read_to_string(&html)
            .unwrap()
            .contains("none registered"));
        let json = dir.path().join("report.json");
        landa.ok(&[
            "agreement",
            "report",
            "vagen-in",
            "--year",
            "2021",
            "--lang",
            "sv",
            "--out",
            json.to_str().unwrap(),
        ]);
        let data: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(data["agreement"], "vagen-in");
        // In Swedish, as asked.
        assert_eq!(data["lang"], "sv");
        assert!(
            data["findings"][0]
                .as_str()
                .unwrap()
                .starts_with("Överenskommelsen löpte ut 2020-12-31"),
            "{}",
            data["findings"]
        );
        assert!(data["findings"].as_array().unwrap().len() >= 4);
    })
    .await;
}
