//! Phase 1 from the command line: the Østfold report reproduced, decisions recorded as
//! versions, a distributed number published as a request round.

use crate::{csv_rows, data, Landa};
use landa_testing::on_each_engine;
use std::collections::HashMap;

fn number(row: &HashMap<String, String>, column: &str) -> i64 {
    let value = &row[column];
    if value.is_empty() {
        0
    } else {
        value
            .parse()
            .unwrap_or_else(|_| panic!("{column} = '{value}'"))
    }
}

fn row_of<'r>(
    rows: &'r [HashMap<String, String>],
    level: &str,
    code: &str,
) -> &'r HashMap<String, String> {
    rows.iter()
        .find(|row| row["level"] == level && row["code"] == code)
        .unwrap_or_else(|| panic!("no {level} row {code}"))
}

#[tokio::test]
async fn the_ostfold_2015_gap_table_matches_the_report() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", &data("bundles/ostfold-2015")]);
        let out = tempfile::tempdir().unwrap();
        let csv = out.path().join("gaps.csv");
        let printed = landa.ok(&["gaps", "ostfold-2015", "--out", csv.to_str().unwrap()]);
        assert!(printed.contains("Østfold"), "{printed}");
        let rows = csv_rows(&csv);

        let nation = row_of(&rows, "nation", "");
        assert_eq!(number(nation, "requested"), 435);
        assert_eq!(number(nation, "decided"), 331);
        assert_eq!(number(nation, "gap"), 104);
        assert_eq!(number(nation, "decided_minors"), 25);

        // Every municipality of the report's table, as the report gives it.
        let report = csv_rows(std::path::Path::new(&data("no/ostfold_2015.csv")));
        assert_eq!(report.len(), 18);
        for source in &report {
            let code = &source["municipality_code"];
            let row = row_of(&rows, "municipality", code);
            let requested = number(source, "requested_2015");
            assert_eq!(number(row, "requested"), requested, "{code}");
            if source["decided_2015"].is_empty() {
                assert_eq!(row["decided"], "", "{code} has no decision");
                assert_eq!(number(row, "gap"), requested, "{code}");
            } else {
                let decided = number(source, "decided_2015");
                assert_eq!(number(row, "decided"), decided, "{code}");
                assert_eq!(number(row, "gap"), requested - decided, "{code}");
            }
        }
        // Each former municipality names the one it is part of today.
        assert_eq!(
            row_of(&rows, "municipality", "0124")["today"],
            "3118 Indre Østfold"
        );
        assert_eq!(row_of(&rows, "municipality", "0136")["today"], "3103 Moss");

        let xlsx = out.path().join("gaps.xlsx");
        landa.ok(&["gaps", "ostfold-2015", "--out", xlsx.to_str().unwrap()]);
        assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    })
    .await;
}

#[tokio::test]
async fn the_ostfold_2016_requests_total_780_with_197_minors() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", &data("bundles/ostfold-2016")]);
        let out = tempfile::tempdir().unwrap();
        let csv = out.path().join("gaps.csv");
        landa.ok(&["gaps", "ostfold-2016", "--out", csv.to_str().unwrap()]);
        let rows = csv_rows(&csv);
        let nation = row_of(&rows, "nation", "");
        assert_eq!(number(nation, "requested"), 780);
        assert_eq!(number(nation, "requested_minors"), 197);
    })
    .await;
}

#[tokio::test]
async fn a_revised_decision_is_a_new_version_and_the_gap_follows_it() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", &data("bundles/ostfold-2015")]);
        // Hobøl had no decision in the report; it decides, then revises.
        let first = landa.ok(&[
            "decide",
            "ostfold-2015",
            "--municipality",
            "0138",
            "--persons",
            "8",
            "--minors",
            "2",
            "--body",
            "municipal_council",
            "--date",
            "2015-03-12",
            "--registration",
            "15/301",
            "--by",
            "hobøl-kommune",
        ]);
        assert!(first.contains("version 1"), "{first}");
        let second = landa.ok(&[
            "decide",
            "ostfold-2015",
            "--municipality",
            "0138",
            "--persons",
            "10",
            "--minors",
            "2",
            "--body",
            "executive_board",
            "--date",
            "2015-06-01",
            "--by",
            "hobøl-kommune",
        ]);
        assert!(second.contains("version 2"), "{second}");

        let history = landa.ok(&["history", "ostfold-2015", "--municipality", "0138"]);
        let lines: Vec<&str> = history.lines().collect();
        assert!(
            lines
                .iter()
                .any(|l| l.contains("version 1") && l.contains("15/301") && l.contains(" 8 ")),
            "{history}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("version 2") && l.contains("executive_board")),
            "{history}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("request") && l.contains("round 1")),
            "{history}"
        );

        let out = tempfile::tempdir().unwrap();
        let csv = out.path().join("gaps.csv");
        landa.ok(&["gaps", "ostfold-2015", "--out", csv.to_str().unwrap()]);
        let rows = csv_rows(&csv);
        assert_eq!(number(row_of(&rows, "municipality", "0138"), "decided"), 10);
        assert_eq!(number(row_of(&rows, "nation", ""), "decided"), 341);

        let refused = landa.run(&[
            "decide",
            "ostfold-2015",
            "--municipality",
            "0138",
            "--persons",
            "1",
            "--minors",
            "2",
            "--by",
            "x",
        ]);
        assert!(!refused.success);
        assert!(
            refused
                .stderr
                .contains("--minors 2 is more than --persons 1"),
            "{}",
            refused.stderr
        );
        let unknown = landa.run(&[
            "decide",
            "ostfold-2015",
            "--municipality",
            "0301",
            "--persons",
            "1",
            "--by",
            "x",
        ]);
        assert!(
            unknown
                .stderr
                .contains("municipality 0301 is not in scenario 'ostfold-2015'"),
            "{}",
            unknown.stderr
        );

        // The decision was recorded by the operator, audited as such.
        let store = landa_store::Store::open(&location).await.unwrap();
        let entries = store
            .audit_entries(&landa_store::AuditFilter::default(), 100, 0)
            .await
            .unwrap();
        assert!(
            entries.iter().any(|e| e.resource
                == "/api/v1/scenarios/ostfold-2015/municipalities/0138/decisions"
                && e.actor.contains("operator:")
                && e.role == "operator as national:NO"),
            "{entries:?}"
        );
        // Replacing the scenario would discard that decision history: refused, unless
        // asked for in so many words (and audited).
        let bundle = data("bundles/ostfold-2015");
        let replace = landa.run(&["import", "--replace", &bundle]);
        assert!(!replace.success);
        assert!(
            replace
                .stderr
                .contains("decision versions registered since the import"),
            "{}",
            replace.stderr
        );
        assert!(landa
            .ok(&["history", "ostfold-2015", "--municipality", "0138"])
            .contains("version 2"));
        landa.ok(&["import", "--replace", "--discard-history", &bundle]);
        let entries = store
            .audit_entries(&landa_store::AuditFilter::default(), 100, 0)
            .await
            .unwrap();
        assert!(entries
            .iter()
            .any(|e| e.detail.contains("discarding its history")));
    })
    .await;
}

#[tokio::test]
async fn a_distributed_number_sums_exactly_and_is_published_as_a_new_round() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", &data("bundles/example")]);
        let out = tempfile::tempdir().unwrap();
        let quotas = out.path().join("quotas.csv");
        let args = [
            "quota",
            "example-2024",
            "--total",
            "1501",
            "--minors",
            "101",
            "--method",
            "sainte-lague",
            "--weights",
            "0.6,0.4,0,0",
            "--adjust",
            "2062=90:new housing in Mora",
            "--out",
            quotas.to_str().unwrap(),
            "--publish-round",
            "2",
            "--sent-by",
            "Migrationsverket",
            "--sent-on",
            "2024-03-01",
        ];
        let printed = landa.ok(&args);
        assert!(
            printed.contains("Published request round 2 of 2024 to 6 municipalities"),
            "{printed}"
        );
        let rows = csv_rows(&quotas);
        let sum = |level: &str, column: &str| -> i64 {
            rows.iter()
                .filter(|row| row["level"] == level)
                .map(|row| number(row, column))
                .sum()
        };
        assert_eq!(sum("region", "persons"), 1501);
        assert_eq!(sum("municipality", "persons"), 1501);
        assert_eq!(sum("municipality", "unaccompanied_minors"), 101);
        let mora = row_of(&rows, "municipality", "2062");
        assert_eq!(number(mora, "persons"), 90);
        assert_eq!(mora["adjustment_reason"], "new housing in Mora");

        // Publishing the same round again would overwrite it: refused, nothing changes.
        let again = landa.run(&args);
        assert!(!again.success);
        assert!(
            again.stderr.contains("rounds are never overwritten"),
            "{}",
            again.stderr
        );

        let gaps = out.path().join("gaps.csv");
        landa.ok(&["gaps", "example-2024", "--out", gaps.to_str().unwrap()]);
        let rows = csv_rows(&gaps);
        assert_eq!(number(row_of(&rows, "nation", ""), "requested"), 1501);
        let history = landa.ok(&["history", "example-2024", "--municipality", "2062"]);
        assert!(
            history.contains("round 1") && history.contains("round 2"),
            "{history}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_norwegian_county_is_asked_by_imdis_rules_from_the_command_line() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        let out = tempfile::tempdir().unwrap();
        let bundle = out.path().join("no");
        landa.ok(&[
            "generate",
            "--country",
            "no",
            "--households",
            "200",
            "--seed",
            "3",
            bundle.to_str().unwrap(),
        ]);
        let quotas = out.path().join("ostfold.csv");
        let ask = |minimum: Option<&str>| {
            let mut args = vec![
                "quota",
                bundle.to_str().unwrap(),
                "--total",
                "300",
                "--region",
                "31",
                "--out",
                quotas.to_str().unwrap(),
            ];
            args.extend(minimum.map(|m| ["--minimum", m]).into_iter().flatten());
            landa.ok(&args);
            csv_rows(&quotas)
        };
        let rows = ask(None);
        assert_eq!(rows.len(), 12, "today's Østfold");
        let asked: i64 = rows.iter().map(|row| number(row, "persons")).sum();
        assert_eq!(asked, 300);
        for row in &rows {
            let persons = number(row, "persons");
            assert!(persons == 0 || persons >= 10, "{row:?}");
            assert_eq!(row["bound"] == "below minimum", persons == 0, "{row:?}");
        }
        assert_eq!(
            row_of(&rows, "municipality", "3124")["bound"],
            "below minimum"
        );
        // Without the minimum Aremark is asked for its share.
        let rows = ask(Some("0"));
        assert!(number(row_of(&rows, "municipality", "3124"), "persons") > 0);
    })
    .await;
}
