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

/// Reads the columns of one result row of a named table.
pub(crate) struct RowReader<'r> {
    row: &'r AnyRow,
    table: &'static str,
}

impl<'r> RowReader<'r> {
    pub fn new(row: &'r AnyRow, table: &'static str) -> Self {
        RowReader { row, table }
    }

    fn corrupt(&self, index: usize, message: impl Display) -> StoreError {
        let column = self
            .row
            .try_column(index)
            .map(|c| sqlx::Column::name(c).to_owned())
            .unwrap_or_else(|_| format!("column {index}"));
        StoreError::Corrupt {
            what: format!("{}.{column}", self.table),
            message: message.to_string(),
        }
    }

    fn get<T>(&self, index: usize) -> Result<T, StoreError>
    where
        T: Decode<'r, Any> + Type<Any>,
    {
        self.row
            .try_get::<T, _>(index)
            .map_err(|e| self.corrupt(index, e))
    }

    pub fn text(&self, index: usize) -> Result<String, StoreError> {
        self.get(index)
    }

    pub fn optional_text(&self, index: usize) -> Result<Option<String>, StoreError> {
        self.get(index)
    }

    pub fn int(&self, index: usize) -> Result<i64, StoreError> {
        self.get(index)
    }

    pub fn real(&self, index: usize) -> Result<f64, StoreError> {
        self.get(index)
    }

    pub fn optional_real(&self, index: usize) -> Result<Option<f64>, StoreError> {
        self.get(index)
    }

    /// An integer that must fit the domain's integer type (u32, u16, i32 ...).
    pub fn count<T: TryFrom<i64>>(&self, index: usize) -> Result<T, StoreError> {
        let value = self.int(index)?;
        T::try_from(value).map_err(|_| self.corrupt(index, format!("{value} is out of range")))
    }

    pub fn optional_count<T: TryFrom<i64>>(&self, index: usize) -> Result<Option<T>, StoreError> {
        match self.get::<Option<i64>>(index)? {
            None => Ok(None),
            Some(value) => T::try_from(value)
                .map(Some)
                .map_err(|_| self.corrupt(index, format!("{value} is out of range"))),
        }
    }

    /// A flag written as a bool. Read as an integer because SQLite has no boolean type
    /// (the SELECT casts PostgreSQL's BOOLEAN to an integer).
    pub fn flag(&self, index: usize) -> Result<bool, StoreError> {
        match self.int(index)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.corrupt(index, format!("{other} is not a flag (0 or 1)"))),
        }
    }

    /// A text column holding a domain value: a code, an enum, a date.
    pub fn parsed<T>(&self, index: usize) -> Result<T, StoreError>
    where
        T: FromStr,
        T::Err: Display,
    {
        let text = self.text(index)?;
        text.parse().map_err(|e| self.corrupt(index, e))
    }

    pub fn optional_parsed<T>(&self, index: usize) -> Result<Option<T>, StoreError>
    where
        T: FromStr,
        T::Err: Display,
    {
        match self.optional_text(index)? {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|e| self.corrupt(index, e)),
        }
    }

    pub fn instant(&self, index: usize) -> Result<DateTime<Utc>, StoreError> {
        let text = self.text(index)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|instant| instant.with_timezone(&Utc))
            .map_err(|e| self.corrupt(index, e))
    }
}
