//! Placement runs (phase 2: utsøking / anvisning) and the placements they made.

use crate::audit::insert_audit;
use crate::batch::{insert_rows, Table};
use crate::codec::{instant_text, RowReader};
use crate::lifecycle::propose_run;
use crate::location::Placeholders;
use crate::{commit, scenario_id, AuditEntry, PlacementRunRecord, Store, StoreError};
use landa_model::{DwellingId, HouseholdId, Placement, PlacementAlternative};
use sqlx::AnyConnection;

impl Store {
    /// Keeps a placement run and its placements; returns the run's id. Runs are never
    /// overwritten; the latest one counts as placed until a run is approved (`planning_view`).
    pub async fn save_placement_run(
        &self,
        scenario: &str,
        run: &PlacementRunRecord,
        audit: &AuditEntry,
    ) -> Result<i64, StoreError> {
        let mut transaction = self.begin_write().await?;
        let scenario_id = scenario_id(&mut transaction, scenario).await?;
        let run_id = insert_run(
            &mut transaction,
            self.engine.placeholders(),
            scenario_id,
            run,
        )
        .await?;
        self.analyze_run_tables(&mut transaction).await?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(run_id)
    }
}

/// Inserts a run with its placements and alternatives inside the caller's transaction,
/// its placements becoming the households' proposals (`lifecycle::propose_run`); returns
/// the run's id.
pub(crate) async fn insert_run(
    transaction: &mut AnyConnection,
    placeholders: Placeholders,
    scenario_id: i64,
    run: &PlacementRunRecord,
) -> Result<i64, StoreError> {
    check_run(run)?;
    let run_id: i64 = sqlx::query_scalar(
        "INSERT INTO placement_runs \
         (scenario_id, method, objective, bound, persons_placed, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(scenario_id)
    .bind(run.method.as_str())
    .bind(run.objective)
    .bind(run.bound)
    .bind(i64::from(run.persons_placed))
    .bind(instant_text(run.created_at))
    .fetch_one(&mut *transaction)
    .await
    .map_err(StoreError::database("inserting a placement run"))?;
    insert_rows(
        transaction,
        placeholders,
        &PLACEMENTS,
        &run.placements,
        |q, position, placement| {
            q.bind(run_id)
                .bind(scenario_id)
                .bind(position)
                .bind(placement.household.as_str())
                .bind(placement.municipality.as_str())
                .bind(placement.dwelling.as_ref().map(DwellingId::as_str))
                .bind(placement.score)
        },
    )
    .await?;
    insert_rows(
        transaction,
        placeholders,
        &ALTERNATIVES,
        &run.alternatives,
        |q, position, alternative| {
            q.bind(run_id)
                .bind(position)
                .bind(alternative.household.as_str())
                .bind(alternative.municipality.as_str())
                .bind(alternative.value)
                .bind(alternative.standing.as_str())
                .bind(alternative.detail.as_str())
        },
    )
    .await?;
    propose_run(
        transaction,
        scenario_id,
        run_id,
        &format!("placement run {run_id}"),
    )
    .await?;
    Ok(run_id)
}

/// SQLite cannot hold NaN (it turns it into NULL), so no engine is asked to.
fn check_run(run: &PlacementRunRecord) -> Result<(), StoreError> {
    let numbers = [
        ("objective", run.objective),
        ("bound", run.bound.unwrap_or(0.0)),
    ]
    .into_iter()
    .chain(run.placements.iter().map(|p| ("placement score", p.score)))
    .chain(
        run.alternatives
            .iter()
            .map(|a| ("alternative value", a.value)),
    );
    for (what, value) in numbers {
        if value.is_nan() {
            return Err(StoreError::Invalid {
                what: format!("placement run {what}"),
                message: "is not a number (NaN)".into(),
            });
        }
    }
    Ok(())
}

const PLACEMENTS: Table = Table {
    name: "placements",
    columns: &[
        "run_id",
        "scenario_id",
        "position",
        "household",
        "municipality",
        "dwelling",
        "score",
    ],
    insert_action: "inserting placements",
};

const ALTERNATIVES: Table = Table {
    name: "placement_alternatives",
    columns: &[
        "run_id",
        "position",
        "household",
        "municipality",
        "value",
        "standing",
        "detail",
    ],
    insert_action: "inserting placement alternatives",
};

impl Store {
    /// Why the run placed one household where it did, or nowhere: its best municipalities
    /// as the run saw them, best first (empty for a run saved without explanations).
    pub async fn run_alternatives(
        &self,
        run_id: i64,
        household: &HouseholdId,
    ) -> Result<Vec<PlacementAlternative>, StoreError> {
        let rows = sqlx::query(
            "SELECT household, municipality, value, standing, detail FROM placement_alternatives \
             WHERE run_id = $1 AND household = $2 ORDER BY position",
        )
        .bind(run_id)
        .bind(household.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("reading placement alternatives"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "placement_alternatives");
                Ok(PlacementAlternative {
                    household: r.parsed("household")?,
                    municipality: r.parsed("municipality")?,
                    value: r.real("value")?,
                    standing: r.parsed("standing")?,
                    detail: r.text("detail")?,
                })
            })
            .collect()
    }

    /// The placements of one saved run, in the order they were saved: all, or with
    /// `window` (limit, offset) that page; with how many the run holds.
    pub async fn run_placements(
        &self,
        run_id: i64,
        window: Option<(u32, u64)>,
    ) -> Result<(Vec<Placement>, u64), StoreError> {
        let mut transaction = self.begin().await?;
        let sql = format!(
            "SELECT household, municipality, dwelling, score FROM placements \
             WHERE run_id = $1 ORDER BY position{}",
            window
                .map(|(limit, offset)| format!(" LIMIT {limit} OFFSET {offset}"))
                .unwrap_or_default()
        );
        let rows = sqlx::query(&sql)
            .bind(run_id)
            .fetch_all(&mut *transaction)
            .await
            .map_err(StoreError::database("reading placements"))?;
        let placements = rows
            .iter()
            .map(read_placement)
            .collect::<Result<Vec<_>, _>>()?;
        let total = match window {
            None => placements.len() as u64,
            Some(_) => {
                let count: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM placements WHERE run_id = $1")
                        .bind(run_id)
                        .fetch_one(&mut *transaction)
                        .await
                        .map_err(StoreError::database("counting placements"))?;
                u64::try_from(count).unwrap_or(0)
            }
        };
        commit(transaction).await?;
        Ok((placements, total))
    }
}

fn read_placement(row: &sqlx::any::AnyRow) -> Result<Placement, StoreError> {
    let r = RowReader::new(row, "placements");
    Ok(Placement {
        household: r.parsed("household")?,
        municipality: r.parsed("municipality")?,
        dwelling: r.optional_parsed("dwelling")?,
        score: r.real("score")?,
    })
}
