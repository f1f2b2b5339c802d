//! Data-driven checks shared by the test files: each case's actual output against the
//! expectation file beside it, rewritten instead with `UPDATE_EXPECT=1`.

use std::fs;
use std::path::{Path, PathBuf};

/// Compares `actual(case)` with the text of `expected(case)` for every case and fails
/// with every difference; with `UPDATE_EXPECT` set, writes the expectations instead.
pub fn check_expectations(
    cases: &[PathBuf],
    expected: impl Fn(&Path) -> PathBuf,
    actual: impl Fn(&Path) -> String,
) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for case in cases {
        let actual = actual(case);
        let expected_path = expected(case);
        if update {
            fs::write(&expected_path, &actual).expect("the expectation is writable");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                case.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.join("\n")
    );
}
