//! `landa intake`: a file of arrivals joins a stored year whole, or, with any error, not
//! at all, every error named by file, row and column.

use crate::Landa;
use landa_testing::on_each_engine;

const HEADER: &str = "household_id;size;adults;children;unaccompanied_minor;waiting_since;\
                      tie_municipality_code;intake_category;settled_municipality_code;permit_date";

#[tokio::test]
async fn an_intake_file_is_registered_whole_or_not_at_all() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", crate::fixture("valid").to_str().unwrap()]);
        let work = tempfile::tempdir().unwrap();
        let write = |name: &str, rows: &[&str]| {
            let path = work.path().join(name);
            // As Excel writes it in a Nordic locale: BOM, semicolons, CRLF.
            let text = format!("\u{feff}{HEADER}\r\n{}\r\n", rows.join("\r\n"));
            std::fs::write(&path, text).unwrap();
            path
        };
        let store = landa_store::Store::open(&location).await.unwrap();
        let count = || async {
            store
                .intake_totals("fixture")
                .await
                .unwrap()
                .iter()
                .map(|t| t.households)
                .sum::<u32>()
        };
        let before = count().await;

        let bad = write(
            "bad.csv",
            &[
                "w1;3;2;1;false;2024-03-04;;quota;;2024-02-20",
                "w2;1;1;0;false;2024-03-04;9999;self_settled;;",
                "h1;2;2;0;false;2024-03-04;;family_reunification;;",
            ],
        );
        let run = landa.run(&[
            "intake",
            "fixture",
            bad.to_str().unwrap(),
            "--by",
            "migrationsverket",
        ]);
        assert!(!run.success);
        assert!(
            run.stderr.contains("bad.csv:3:tie_municipality_code"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("bad.csv:3:settled_municipality_code"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
        assert_eq!(count().await, before);

        // A file that reads well but names a household the year holds already.
        let taken = write(
            "taken.csv",
            &[
                "w1;3;2;1;false;2024-03-04;;quota;;",
                "h1;1;1;0;false;2024-03-04;;quota;;",
            ],
        );
        let run = landa.run(&[
            "intake",
            "fixture",
            taken.to_str().unwrap(),
            "--by",
            "migrationsverket",
        ]);
        assert!(!run.success);
        assert!(
            run.stderr
                .contains("taken.csv:3:household_id: household h1 is registered already"),
            "{}",
            run.stderr
        );
        assert_eq!(count().await, before);

        let good = write(
            "week-10.csv",
            &[
                "w1;3;2;1;false;2024-03-04;0380;quota;;2024-02-20",
                "w2;1;1;0;false;2024-03-04;;self_settled;2080;2024-03-01",
            ],
        );
        let printed = landa.ok(&[
            "intake",
            "fixture",
            good.to_str().unwrap(),
            "--by",
            "migrationsverket",
        ]);
        assert!(printed.contains("Registered 2 households"), "{printed}");
        assert_eq!(count().await, before + 2);
        let history = store
            .household_events("fixture", &"w2".parse().unwrap())
            .await
            .unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].step, "registered");
        assert_eq!(history[0].state, landa_model::StateName::SelfSettled);
        assert!(
            history[0].recorded_by.contains("migrationsverket"),
            "{:?}",
            history[0]
        );
    })
    .await;
}

#[tokio::test]
async fn a_forecast_file_is_set_whole_or_not_at_all() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", crate::fixture("valid").to_str().unwrap()]);
        let work = tempfile::tempdir().unwrap();
        let write = |name: &str, rows: &[&str]| {
            let path = work.path().join(name);
            let header =
                "period_start;period_end;intake_category;household_type;households;persons";
            std::fs::write(
                &path,
                format!("\u{feff}{header}\r\n{}\r\n", rows.join("\r\n")),
            )
            .unwrap();
            path.to_str().unwrap().to_owned()
        };
        let store = landa_store::Store::open(&location).await.unwrap();
        let forecast = |file: &str| landa.run(&["forecast", "fixture", file, "--by", "imdi"]);

        // A value that does not read, and a row that reads but falls in another year.
        let bad = write("bad.csv", &["2024-03-04;2024-03-10;quota;couple;many;8"]);
        let run = forecast(&bad);
        assert!(!run.success);
        assert!(
            run.stderr.contains("bad.csv:2:households"),
            "{}",
            run.stderr
        );
        let other_year = write(
            "other.csv",
            &[
                "2024-03-04;2024-03-10;quota;couple;4;8",
                "2025-01-06;2025-01-12;quota;couple;4;8",
            ],
        );
        let run = forecast(&other_year);
        assert!(!run.success);
        assert!(
            run.stderr.contains("other.csv:3:period_start"),
            "{}",
            run.stderr
        );
        assert!(
            store.arrival_forecast("fixture").await.unwrap().is_empty(),
            "nothing was set"
        );

        let good = write(
            "forecast.csv",
            &[
                "2024-03-04;2024-03-10;quota;couple;4;8",
                "2024-03-11;2024-03-17;quota;single_adult;3;3",
            ],
        );
        let run = forecast(&good);
        assert!(run.success, "{}", run.stderr);
        assert!(
            run.stdout.contains("2 rows, 7 households expected"),
            "{}",
            run.stdout
        );
        assert_eq!(store.arrival_forecast("fixture").await.unwrap().len(), 2);
    })
    .await;
}
