//! National's forecast of the year's arrivals, replaced as a whole when it is set, and the
//! actual intake by day and category to set it against.

use crate::audit::insert_audit;
use crate::codec::{instant_text, RowReader};
use crate::{commit, scenario_id, AuditEntry, Store, StoreError};
use chrono::{NaiveDate, Utc};
use landa_model::{ForecastPeriod, IntakeCategory};

/// Households and persons of one category that became ready for settlement on one day,
/// and of them those still waiting for a municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyIntake {
    pub day: NaiveDate,
    pub category: IntakeCategory,
    pub households: u32,
    pub persons: u32,
    pub waiting_households: u32,
    pub waiting_persons: u32,
}

impl Store {
    /// Replaces the scenario's forecast by `periods`, with the caller's audit entry, if
    /// the forecast is still at version `based_on` (`None`: whatever it is, for the local
    /// operator); returns the new version.
    pub async fn set_arrival_forecast(
        &self,
        scenario: &str,
        periods: &[ForecastPeriod],
        based_on: Option<u32>,
        set_by: &str,
        audit: &AuditEntry,
    ) -> Result<u32, StoreError> {
        let mut transaction = self.begin_write().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        // The row lock this update takes keeps a concurrent set waiting until this one is
        // committed, and then finds the version moved on.
        let moved = sqlx::query(
            "UPDATE scenarios SET forecast_version = forecast_version + 1 \
             WHERE id = $1 AND (CAST($2 AS BIGINT) IS NULL OR forecast_version = $2)",
        )
        .bind(id)
        .bind(based_on.map(i64::from))
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("moving the forecast's version on"))?
        .rows_affected();
        let version = forecast_version(&mut transaction, id).await?;
        if moved == 0 {
            return Err(StoreError::VersionConflict {
                what: "the arrival forecast".into(),
                expected: based_on.unwrap_or_default(),
                current: version,
            });
        }
        sqlx::query("DELETE FROM arrival_forecasts WHERE scenario_id = $1")
            .bind(id)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("replacing the arrival forecast"))?;
        let at = instant_text(Utc::now());
        for period in periods {
            sqlx::query(
                "INSERT INTO arrival_forecasts (scenario_id, period_start, period_end, \
                 intake_category, household_type, households, persons, set_by, set_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(period.start().to_string())
            .bind(period.end().to_string())
            .bind(period.category.as_str())
            .bind(period.household_type.as_str())
            .bind(i64::from(period.households()))
            .bind(i64::from(period.persons()))
            .bind(set_by)
            .bind(&at)
            .execute(&mut *transaction)
            .await
            .map_err(|error| match crate::error::is_unique_violation(&error) {
                true => StoreError::Conflict(format!(
                    "the forecast has two rows for {} {} {}",
                    period.start(),
                    period.category,
                    period.household_type.as_str()
                )),
                false => StoreError::database("storing the arrival forecast")(error),
            })?;
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(version)
    }

    /// The forecast's version: 0 before it is first set.
    pub async fn arrival_forecast_version(&self, scenario: &str) -> Result<u32, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let version = forecast_version(&mut transaction, id).await?;
        commit(transaction).await?;
        Ok(version)
    }

    /// The scenario's forecast, by period, category and household type.
    pub async fn arrival_forecast(
        &self,
        scenario: &str,
    ) -> Result<Vec<ForecastPeriod>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query(
            "SELECT period_start, period_end, intake_category, household_type, households, \
             persons FROM arrival_forecasts WHERE scenario_id = $1 \
             ORDER BY period_start, intake_category, household_type",
        )
        .bind(id)
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading the arrival forecast"))?;
        commit(transaction).await?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "arrival_forecasts");
                r.checked(
                    "households",
                    ForecastPeriod::new(
                        r.parsed("period_start")?,
                        r.parsed("period_end")?,
                        r.parsed("intake_category")?,
                        r.parsed("household_type")?,
                        r.count("households")?,
                        r.count("persons")?,
                    ),
                )
            })
            .collect()
    }

    /// The households registered for the year by the day they became ready for
    /// settlement and their category, with those still waiting. Counts only, no personal
    /// data.
    pub async fn daily_intake(&self, scenario: &str) -> Result<Vec<DailyIntake>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query(
            "SELECT waiting_since, intake_category, CAST(COUNT(*) AS BIGINT) AS households, \
             CAST(SUM(adults + children) AS BIGINT) AS persons, \
             CAST(SUM(CASE WHEN state = 'waiting' THEN 1 ELSE 0 END) AS BIGINT) \
               AS waiting_households, \
             CAST(SUM(CASE WHEN state = 'waiting' THEN adults + children ELSE 0 END) AS BIGINT) \
               AS waiting_persons FROM households \
             WHERE scenario_id = $1 GROUP BY waiting_since, intake_category \
             ORDER BY waiting_since, intake_category",
        )
        .bind(id)
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("counting the intake by day"))?;
        commit(transaction).await?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "households");
                Ok(DailyIntake {
                    day: r.parsed("waiting_since")?,
                    category: r.parsed("intake_category")?,
                    households: r.count("households")?,
                    persons: r.count("persons")?,
                    waiting_households: r.count("waiting_households")?,
                    waiting_persons: r.count("waiting_persons")?,
                })
            })
            .collect()
    }
}

async fn forecast_version(
    connection: &mut sqlx::AnyConnection,
    scenario_id: i64,
) -> Result<u32, StoreError> {
    let version: i64 =
        sqlx::query_scalar("SELECT CAST(forecast_version AS BIGINT) FROM scenarios WHERE id = $1")
            .bind(scenario_id)
            .fetch_one(connection)
            .await
            .map_err(StoreError::database("reading the forecast's version"))?;
    u32::try_from(version).map_err(|_| StoreError::Corrupt {
        what: "scenarios".into(),
        message: format!("forecast version {version} out of range"),
    })
}
