//! Multi-row INSERT in batches sized under the engine's bind-parameter limit.
//!
//! Every full batch has the same SQL text, so sqlx prepares it once per connection and
//! reuses it; only the last, shorter batch is prepared apart.

use crate::location::Placeholders;
use crate::StoreError;
use sqlx::any::{Any, AnyArguments};
use sqlx::query::Query;
use sqlx::AnyConnection;

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
pub(crate) async fn insert_rows<T>(
    connection: &mut AnyConnection,
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
            .execute(&mut *connection)
            .await
            .map_err(StoreError::database(table.insert_action))?;
        first_index += batch.len() as i64;
    }
    Ok(())
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
