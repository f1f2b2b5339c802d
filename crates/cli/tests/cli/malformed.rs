//! A malformed bundle yields all its errors with file:row:column and changes nothing.

use crate::{fixture, Landa};
use landa_testing::on_each_engine;

const MALFORMED: [&str; 5] = [
    "wrong-types",
    "missing-file",
    "dangling-id",
    "duplicate-id",
    "bad-utf8",
];

#[tokio::test]
async fn a_malformed_bundle_lists_every_error_and_leaves_the_store_unchanged() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", fixture("valid").to_str().unwrap()]);
        let before = landa.ok(&["scenarios"]);
        let gaps_before = landa.ok(&["gaps", "fixture"]);
        for name in MALFORMED {
            let bundle = fixture(name);
            let expected = std::fs::read_to_string(bundle.join("expected-errors.txt")).unwrap();
            assert!(!expected.trim().is_empty(), "{name} has expected errors");
            for mode in [&["import"][..], &["import", "--replace"][..]] {
                let mut args = mode.to_vec();
                args.push(bundle.to_str().unwrap());
                let run = landa.run(&args);
                assert!(!run.success, "{name} was imported");
                for line in expected.lines() {
                    assert!(
                        run.stderr.contains(line),
                        "{name}: missing error '{line}' in:\n{}",
                        run.stderr
                    );
                }
                let count = expected.lines().count();
                assert!(
                    run.stderr.contains(&format!("has {count} error"))
                        && run.stderr.contains("nothing was written"),
                    "{}",
                    run.stderr
                );
            }
            assert_eq!(landa.ok(&["scenarios"]), before, "after {name}");
            assert_eq!(landa.ok(&["gaps", "fixture"]), gaps_before, "after {name}");
        }
    })
    .await;
}

#[tokio::test]
async fn validate_reports_the_same_errors_without_a_store() {
    let directory = tempfile::tempdir().unwrap();
    let landa = Landa::at(&landa_store::Location::DataDir(
        directory.path().join("store"),
    ));
    let bundle = fixture("dangling-id");
    let run = landa.run(&["validate", bundle.to_str().unwrap()]);
    assert!(!run.success);
    let expected = std::fs::read_to_string(bundle.join("expected-errors.txt")).unwrap();
    assert!(expected.contains("capacities.csv:3:municipality_code: unknown municipality 9999"));
    for line in expected.lines() {
        assert!(
            run.stderr.contains(line),
            "missing '{line}' in:\n{}",
            run.stderr
        );
    }
    assert!(
        !directory.path().join("store").exists(),
        "validate created a store"
    );
}
