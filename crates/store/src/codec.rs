//! Conversions between domain values and column values. Integers travel as i64, reals
//! as f64, everything else as text: the common ground of sqlx's Any driver on SQLite and
//! PostgreSQL. Reading checks every value again, so a hand-edited database yields an
//! error naming the column instead of an invalid domain value.

use crate::StoreError;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::any::{Any, AnyRow};
use sqlx::{Decode, Row, Type};
use std::fmt::Display;
use std::str::FromStr;

/// Text of an instant: RFC 3339 in UTC with nanoseconds, so it reads back exactly and
/// sorts as text in time order.
pub(crate) fn instant_text(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

/// Reads the columns of one result row of a named table, each by its column name.
pub(crate) struct RowReader<'r> {
    row: &'r AnyRow,
    table: &'static str,
}

impl<'r> RowReader<'r> {
    pub fn new(row: &'r AnyRow, table: &'static str) -> Self {
        RowReader { row, table }
    }

    fn corrupt(&self, column: &str, message: impl Display) -> StoreError {
        StoreError::Corrupt {
            what: format!("{}.{column}", self.table),
            message: message.to_string(),
        }
    }

    fn get<T>(&self, column: &str) -> Result<T, StoreError>
    where
        T: Decode<'r, Any> + Type<Any>,
    {
        self.row
            .try_get::<T, _>(column)
            .map_err(|e| self.corrupt(column, e))
    }

    pub fn text(&self, column: &str) -> Result<String, StoreError> {
        self.get(column)
    }

    pub fn optional_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.get(column)
    }

    pub fn int(&self, column: &str) -> Result<i64, StoreError> {
        self.get(column)
    }

    pub fn real(&self, column: &str) -> Result<f64, StoreError> {
        self.get(column)
    }

    pub fn optional_real(&self, column: &str) -> Result<Option<f64>, StoreError> {
        self.get(column)
    }

    /// An integer that must fit the domain's integer type (u32, u16, i32 ...).
    pub fn count<T: TryFrom<i64>>(&self, column: &str) -> Result<T, StoreError> {
        let value = self.int(column)?;
        T::try_from(value).map_err(|_| self.corrupt(column, format!("{value} is out of range")))
    }

    pub fn optional_count<T: TryFrom<i64>>(&self, column: &str) -> Result<Option<T>, StoreError> {
        match self.get::<Option<i64>>(column)? {
            None => Ok(None),
            Some(value) => T::try_from(value)
                .map(Some)
                .map_err(|_| self.corrupt(column, format!("{value} is out of range"))),
        }
    }

    /// A flag written as a bool. Read as an integer because SQLite has no boolean type
    /// (the SELECT casts PostgreSQL's BOOLEAN to an integer).
    pub fn flag(&self, column: &str) -> Result<bool, StoreError> {
        match self.int(column)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.corrupt(column, format!("{other} is not a flag (0 or 1)"))),
        }
    }

    /// A flag that may be unknown; see [`RowReader::flag`].
    pub fn optional_flag(&self, column: &str) -> Result<Option<bool>, StoreError> {
        match self.get::<Option<i64>>(column)? {
            None => Ok(None),
            Some(0) => Ok(Some(false)),
            Some(1) => Ok(Some(true)),
            Some(other) => Err(self.corrupt(column, format!("{other} is not a flag (0 or 1)"))),
        }
    }

    /// The model's verdict on a value read from `column`.
    pub fn checked<T, E: Display>(
        &self,
        column: &str,
        verdict: Result<T, E>,
    ) -> Result<T, StoreError> {
        verdict.map_err(|e| self.corrupt(column, e))
    }

    /// A text column holding a domain value: a code, an enum, a date.
    pub fn parsed<T>(&self, column: &str) -> Result<T, StoreError>
    where
        T: FromStr,
        T::Err: Display,
    {
        let text = self.text(column)?;
        text.parse().map_err(|e| self.corrupt(column, e))
    }

    pub fn optional_parsed<T>(&self, column: &str) -> Result<Option<T>, StoreError>
    where
        T: FromStr,
        T::Err: Display,
    {
        match self.optional_text(column)? {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|e| self.corrupt(column, e)),
        }
    }

    pub fn instant(&self, column: &str) -> Result<DateTime<Utc>, StoreError> {
        let text = self.text(column)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|instant| instant.with_timezone(&Utc))
            .map_err(|e| self.corrupt(column, e))
    }
}
