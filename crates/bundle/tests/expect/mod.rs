//! Data-driven checks shared by the test files: each case's actual output against the
//! expectation file beside it, rewritten instead with `UPDATE_EXPECT=1`.
//!
//! A missing expectation file is a failure, not an empty expectation: otherwise a new
//! fixture without one would pass whenever its input happens to be valid, whatever it was
//! meant to show. `UPDATE_EXPECT=1` creates it from the current output, to be reviewed.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Compares `actual(case)` with the text of `expected(case)` for every case and fails
/// with every difference and every missing expectation file; with `UPDATE_EXPECT` set,
/// writes the expectations instead.
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
        let expected = match fs::read_to_string(&expected_path) {
            Ok(text) => text,
            Err(error) if error.kind() == ErrorKind::NotFound => {
                failures.push(format!(
                    "{}: the expectation file {} is missing; create it from the current \
                     output with UPDATE_EXPECT=1 and review it (an empty file means no errors)",
                    case.display(),
                    expected_path.display()
                ));
                continue;
            }
            Err(error) => {
                failures.push(format!("{}: {error}", expected_path.display()));
                continue;
            }
        };
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                case.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures differ (UPDATE_EXPECT=1 rewrites them, then review the diff):\n{}",
        failures.join("\n")
    );
}
