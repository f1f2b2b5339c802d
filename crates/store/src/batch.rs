//! Multi-row INSERT in batches sized under the engine's bind-parameter limit.
//!
//! Every full batch has the same SQL text, so sqlx prepares it once per connection and
//! reuses it; only the last, shorter batch is prepared apart.

use crate::location::Placeholders;
use crate::session::AnySession;
use crate::StoreError;
use sqlx::any::{Any, AnyArguments};
use sqlx::query::Query;
use sqlx::AnyConnection;
use std::borrow::Cow;
use std::future::Future;

pub(crate) type AnyQuery<'q> = Query<'q, Any, AnyArguments<'q>>;

/// Rows per statement beyond which a larger batch stops paying off; also keeps the
/// statement text of narrow tables to a modest size.
const MAX_ROWS_PER_STATEMENT: usize = 2_000;

/// A table and the columns an insert fills, in the order the binder binds them.
pub(crate) struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// Names the insert in errors, e.g. "inserting households".
    pub insert_action: &'static str,
}

impl Table {
    fn insert_sql(&self, rows: usize, numbered: bool) -> String {
        let width = self.columns.len();
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            self.name,
            self.columns.join(", ")
        );
        for row in 0..rows {
            if row > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for column in 0..width {
                if column > 0 {
                    sql.push_str(", ");
                }
                if numbered {
                    sql.push('$');
                    sql.push_str(&(row * width + column + 1).to_string());
                } else {
                    sql.push('?');
                }
            }
            sql.push(')');
        }
        sql
    }
}

/// Inserts `rows` into `table`. `bind` binds one row's values in column order; it is given
/// the row's index in `rows`, which tables that keep the model's order store as `position`.
pub(crate) async fn insert_rows<T, C: AnySession + ?Sized>(
    connection: &mut C,
    placeholders: Placeholders,
    table: &Table,
    rows: &[T],
    bind: impl for<'q> Fn(AnyQuery<'q>, i64, &'q T) -> AnyQuery<'q>,
) -> Result<(), StoreError> {
    let width = table.columns.len().max(1);
    let batch_rows = (placeholders.max_parameters / width).clamp(1, MAX_ROWS_PER_STATEMENT);
    let full_batch_sql = table.insert_sql(batch_rows, placeholders.numbered);
    let mut first_index = 0_i64;
    for batch in rows.chunks(batch_rows) {
        let partial_sql;
        let sql = if batch.len() == batch_rows {
            &full_batch_sql
        } else {
            partial_sql = table.insert_sql(batch.len(), placeholders.numbered);
            &partial_sql
        };
        let mut query = sqlx::query(sql);
        for (offset, row) in (first_index..).zip(batch) {
            query = bind(query, offset, row);
        }
        query
            .execute(connection.executor())
            .await
            .map_err(StoreError::database(table.insert_action))?;
        first_index += batch.len() as i64;
    }
    Ok(())
}

/// One value of a row, typed even when null: what both ways of writing rows in bulk need,
/// binding it to an INSERT or writing it as COPY text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(Option<bool>),
    Text(Option<Cow<'a, str>>),
}

impl<'a> Cell<'a> {
    fn bind(self, query: AnyQuery<'a>) -> AnyQuery<'a> {
        match self {
            Cell::Int(value) => query.bind(value),
            Cell::Real(value) => query.bind(value),
            Cell::Bool(value) => query.bind(value),
            Cell::Text(Some(Cow::Borrowed(text))) => query.bind(text),
            Cell::Text(Some(Cow::Owned(text))) => query.bind(text),
            Cell::Text(None) => query.bind(None::<&str>),
        }
    }
}

impl From<i64> for Cell<'_> {
    fn from(value: i64) -> Self {
        Cell::Int(Some(value))
    }
}
impl From<Option<i64>> for Cell<'_> {
    fn from(value: Option<i64>) -> Self {
        Cell::Int(value)
    }
}
impl From<f64> for Cell<'_> {
    fn from(value: f64) -> Self {
        Cell::Real(Some(value))
    }
}
impl From<Option<f64>> for Cell<'_> {
    fn from(value: Option<f64>) -> Self {
        Cell::Real(value)
    }
}
impl From<bool> for Cell<'_> {
    fn from(value: bool) -> Self {
        Cell::Bool(Some(value))
    }
}
impl From<Option<bool>> for Cell<'_> {
    fn from(value: Option<bool>) -> Self {
        Cell::Bool(value)
    }
}
impl<'a> From<&'a str> for Cell<'a> {
    fn from(value: &'a str) -> Self {
        Cell::Text(Some(Cow::Borrowed(value)))
    }
}
impl<'a> From<Option<&'a str>> for Cell<'a> {
    fn from(value: Option<&'a str>) -> Self {
        Cell::Text(value.map(Cow::Borrowed))
    }
}
impl From<String> for Cell<'_> {
    fn from(value: String) -> Self {
        Cell::Text(Some(Cow::Owned(value)))
    }
}
impl From<Option<String>> for Cell<'_> {
    fn from(value: Option<String>) -> Self {
        Cell::Text(value.map(Cow::Owned))
    }
}

/// How a session writes many rows of a table: multi-row INSERTs on a connection of the Any
/// pool, COPY on PostgreSQL's own connection (`crate::copy`). `cells` gives one row's
/// values in column order from its index in `rows` (the `position` of ordered tables).
pub(crate) trait BulkWrite: AnySession {
    /// Declared `Send` so that callers need not prove it through the higher-ranked
    /// closure, which the compiler cannot.
    fn write_rows<T: Sync, const N: usize>(
        &mut self,
        placeholders: Placeholders,
        table: &Table,
        rows: &[T],
        cells: impl for<'q> Fn(i64, &'q T) -> [Cell<'q>; N] + Send + Sync,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

impl BulkWrite for AnyConnection {
    async fn write_rows<T: Sync, const N: usize>(
        &mut self,
        placeholders: Placeholders,
        table: &Table,
        rows: &[T],
        cells: impl for<'q> Fn(i64, &'q T) -> [Cell<'q>; N] + Send + Sync,
    ) -> Result<(), StoreError> {
        insert_rows(self, placeholders, table, rows, |query, position, row| {
            cells(position, row)
                .into_iter()
                .fold(query, |query, cell| cell.bind(query))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_rows_then_columns() {
        let table = Table {
            name: "t",
            columns: &["a", "b"],
            insert_action: "inserting t",
        };
        assert_eq!(
            table.insert_sql(2, true),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            table.insert_sql(2, false),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }
}
