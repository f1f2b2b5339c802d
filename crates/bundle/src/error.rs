//! Errors with their place in the bundle, and the collector that caps them.

use std::fmt;

/// One problem found in a bundle, with its place: the file (or, in a workbook, the sheet),
/// the row as a person sees it in a text editor or spreadsheet (the header is row 1) and the
/// column. Parts that do not apply are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleError {
    pub file: String,
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for BundleError {
    /// `households.csv:12:size: expected ...`; parts that are absent are left out, and an
    /// error about the bundle as a whole (empty `file`) is its message alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.is_empty() {
            f.write_str(&self.file)?;
            if let Some(row) = self.row {
                write!(f, ":{row}")?;
            }
            if let Some(column) = &self.column {
                write!(f, ":{column}")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for BundleError {}

/// Errors kept before the rest are only counted, so that a garbage file of a million rows
/// yields a readable list instead of a gigantic one.
pub(crate) const MAX_ERRORS: usize = 1000;

/// Collects errors while a bundle is read; never stops the reading.
#[derive(Debug, Default)]
pub(crate) struct Errors {
    kept: Vec<BundleError>,
    omitted: usize,
}

impl Errors {
    pub(crate) fn push(
        &mut self,
        file: &str,
        row: Option<usize>,
        column: Option<&str>,
        message: String,
    ) {
        if self.kept.len() < MAX_ERRORS {
            self.kept.push(BundleError {
                file: file.to_owned(),
                row,
                column: column.map(str::to_owned),
                message,
            });
        } else {
            self.omitted += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The kept errors sorted by file and row (a stable sort, so errors on one row stay in
    /// column order), then one entry saying how many more there were.
    pub(crate) fn into_sorted(self) -> Vec<BundleError> {
        let mut errors = self.kept;
        errors.sort_by(|a, b| (&a.file, a.row).cmp(&(&b.file, b.row)));
        if self.omitted > 0 {
            errors.push(BundleError {
                file: String::new(),
                row: None,
                column: None,
                message: format!(
                    "and {} more errors (only the first {MAX_ERRORS} are listed)",
                    self.omitted
                ),
            });
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_leaves_out_absent_parts() {
        let mut error = BundleError {
            file: "households.csv".into(),
            row: Some(12),
            column: Some("size".into()),
            message: "expected 3".into(),
        };
        assert_eq!(error.to_string(), "households.csv:12:size: expected 3");
        error.column = None;
        assert_eq!(error.to_string(), "households.csv:12: expected 3");
        error.row = None;
        assert_eq!(error.to_string(), "households.csv: expected 3");
        error.file.clear();
        assert_eq!(error.to_string(), "expected 3");
    }

    #[test]
    fn errors_are_sorted_and_capped() {
        let mut errors = Errors::default();
        for row in (0..MAX_ERRORS + 5).rev() {
            errors.push("b.csv", Some(row), None, "x".into());
        }
        errors.push("a.csv", None, None, "y".into());
        let sorted = errors.into_sorted();
        assert_eq!(sorted.len(), MAX_ERRORS + 1);
        // The kept ones are the first reported (rows MAX_ERRORS+4 down to 5), in row order.
        assert_eq!(sorted[0].row, Some(5));
        assert!(sorted
            .windows(2)
            .take(MAX_ERRORS - 1)
            .all(|w| w[0].row < w[1].row));
        assert_eq!(
            sorted[MAX_ERRORS].message,
            format!("and 6 more errors (only the first {MAX_ERRORS} are listed)")
        );
    }
}
