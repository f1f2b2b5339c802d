//! Bulk rows into PostgreSQL through `COPY ... FROM STDIN` in its text format: several
//! times faster than multi-row INSERTs, which bind and type-check every value as a
//! parameter. Used by the import on its PostgreSQL session, inside its transaction.

use crate::batch::{BulkWrite, Cell, Table};
use crate::location::Placeholders;
use crate::session::PgSession;
use crate::StoreError;
use std::fmt::Write;

/// Bytes gathered before they are sent as one CopyData message: large enough that the
/// round trips do not count, small enough that memory does not.
const CHUNK_BYTES: usize = 1 << 20;

impl BulkWrite for PgSession<'_> {
    async fn write_rows<T: Sync, const N: usize>(
        &mut self,
        _: Placeholders,
        table: &Table,
        rows: &[T],
        cells: impl for<'q> Fn(i64, &'q T) -> [Cell<'q>; N] + Send + Sync,
    ) -> Result<(), StoreError> {
        let failed = |source| StoreError::Database {
            action: table.insert_action,
            source,
        };
        let statement = format!(
            "COPY {} ({}) FROM STDIN",
            table.name,
            table.columns.join(", ")
        );
        let mut copy = self.0.copy_in_raw(&statement).await.map_err(failed)?;
        let mut data = String::with_capacity(CHUNK_BYTES + 4096);
        for (position, row) in (0..).zip(rows) {
            push_row(&mut data, cells(position, row));
            if data.len() >= CHUNK_BYTES {
                copy.send(data.as_bytes()).await.map_err(failed)?;
                data.clear();
            }
        }
        if !data.is_empty() {
            copy.send(data.as_bytes()).await.map_err(failed)?;
        }
        copy.finish().await.map_err(failed)?;
        Ok(())
    }
}

/// Appends one row in COPY's text format: values separated by tabs, `\N` for null, a
/// newline at the end.
fn push_row<const N: usize>(data: &mut String, cells: [Cell<'_>; N]) {
    for (column, cell) in cells.into_iter().enumerate() {
        if column > 0 {
            data.push('\t');
        }
        // Writing to a String cannot fail.
        let _ = match cell {
            Cell::Int(Some(value)) => write!(data, "{value}"),
            // Display gives the shortest digits that read back as the same f64.
            Cell::Real(Some(value)) => write!(data, "{value}"),
            Cell::Bool(Some(value)) => write!(data, "{}", if value { 't' } else { 'f' }),
            Cell::Text(Some(text)) => {
                push_text(data, &text);
                Ok(())
            }
            Cell::Int(None) | Cell::Real(None) | Cell::Bool(None) | Cell::Text(None) => {
                write!(data, "\\N")
            }
        };
    }
    data.push('\n');
}

/// Appends `text` escaped for COPY's text format: a backslash starts an escape, tab and
/// newline end a value and a row, and COPY takes a carriage return for the end of a row
/// too. NUL cannot be escaped; PostgreSQL refuses it in text whichever way it comes.
fn push_text(data: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => data.push_str("\\\\"),
            '\t' => data.push_str("\\t"),
            '\n' => data.push_str("\\n"),
            '\r' => data.push_str("\\r"),
            c => data.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_in_copy_text_format() {
        let mut data = String::new();
        push_row(
            &mut data,
            [
                7_i64.into(),
                0.1_f64.into(),
                true.into(),
                "a\\b\tc\nd\re \\N".into(),
                None::<&str>.into(),
            ],
        );
        assert_eq!(data, "7\t0.1\tt\ta\\\\b\\tc\\nd\\re \\\\N\t\\N\n");
    }
}
