//! What in a planning year has waited too long on a day: proposals no municipality has
//! answered, households still waiting for a municipality, dwellings nobody holds (and what
//! their empty months cost), contracts soon to pass to their households. Counts per
//! municipality only, never a household, so the reminders built on them carry no personal
//! data.

use crate::codec::{instant_text, RowReader};
use crate::{commit, scenario_id, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use landa_model::MunicipalityCode;

/// How long is too long: what started before these instants or days is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverdueLimits {
    /// Proposals made before this instant and still unanswered.
    pub proposed_before: DateTime<Utc>,
    /// Households waiting since before this day.
    pub waiting_since_before: NaiveDate,
    /// Dwellings available since before this day that no household holds.
    pub available_before: NaiveDate,
    /// The day asked about: empty dwellings are costed up to it.
    pub today: NaiveDate,
    /// First-hand contracts passing to their households from today up to this day.
    pass_over_until: NaiveDate,
}

impl OverdueLimits {
    /// The limits of `today` (`pass_over_until` is moved up to `today` when earlier).
    pub fn new(
        today: NaiveDate,
        proposed_before: DateTime<Utc>,
        waiting_since_before: NaiveDate,
        available_before: NaiveDate,
        pass_over_until: NaiveDate,
    ) -> OverdueLimits {
        OverdueLimits {
            proposed_before,
            waiting_since_before,
            available_before,
            today,
            pass_over_until: pass_over_until.max(today),
        }
    }
}

/// Overdue things of one kind, in one municipality (none for waiting households, which
/// are in none yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub municipality: Option<MunicipalityCode>,
    pub count: u32,
    /// When the oldest of them started: proposed, waiting since, available from; for
    /// contracts passing over, the first day one does.
    pub oldest: NaiveDate,
    /// For empty dwellings, what their empty days cost at their rent (a month of 30
    /// days), in kronor; 0 where no rent is known.
    pub cost: u64,
}

/// What is overdue in a scenario, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverdueFacts {
    pub unanswered_proposals: Vec<Overdue>,
    pub long_waiting: Vec<Overdue>,
    /// Dwellings no household holds (reserved by approval or let by moving in) and not
    /// marked let.
    pub empty_dwellings: Vec<Overdue>,
    pub passing_over: Vec<Overdue>,
}

fn overdue_rows(
    rows: &[sqlx::any::AnyRow],
    table: &'static str,
) -> Result<Vec<Overdue>, StoreError> {
    rows.iter()
        .map(|row| {
            let r = RowReader::new(row, table);
            let oldest = r.text("oldest")?;
            // Proposals are dated by the instant they were made; the rest by a day.
            let day = oldest.get(..10).unwrap_or(&oldest).parse::<NaiveDate>();
            Ok(Overdue {
                municipality: r.optional_parsed("municipality")?,
                count: r.count("overdue")?,
                oldest: r.checked("oldest", day)?,
                cost: 0,
            })
        })
        .collect()
}

/// Empty dwellings per municipality, with what their empty days have cost by `today`.
fn empty_by_municipality(
    rows: &[sqlx::any::AnyRow],
    today: NaiveDate,
) -> Result<Vec<Overdue>, StoreError> {
    let mut found: Vec<Overdue> = Vec::new();
    for row in rows {
        let r = RowReader::new(row, "dwellings");
        let municipality: MunicipalityCode = r.parsed("municipality")?;
        let available: NaiveDate = r.parsed("available_from")?;
        let rent: Option<u64> = r.optional_count("rent")?;
        let days = u64::try_from((today - available).num_days()).unwrap_or(0);
        let cost = rent.unwrap_or(0) * days / 30;
        match found.last_mut() {
            Some(last) if last.municipality.as_ref() == Some(&municipality) => {
                last.count += 1;
                last.oldest = last.oldest.min(available);
                last.cost += cost;
            }
            _ => found.push(Overdue {
                municipality: Some(municipality),
                count: 1,
                oldest: available,
                cost,
            }),
        }
    }
    Ok(found)
}

impl Store {
    /// What is overdue in `scenario` by `limits`, per municipality.
    /// A proposal is dated by the run that made it, or where the store kept no such step
    /// (households stepped by hand, stores made before the history), by its latest step.
    pub async fn overdue(
        &self,
        scenario: &str,
        limits: &OverdueLimits,
    ) -> Result<OverdueFacts, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let proposals = sqlx::query(
            "SELECT municipality, CAST(COUNT(*) AS BIGINT) AS overdue, MIN(proposed_at) AS oldest \
             FROM (SELECT h.state_municipality AS municipality, \
                     COALESCE((SELECT MAX(e.recorded_at) FROM household_events e \
                               WHERE e.scenario_id = h.scenario_id AND e.household = h.id \
                                 AND e.step = 'proposed'), \
                              (SELECT MAX(e.recorded_at) FROM household_events e \
                               WHERE e.scenario_id = h.scenario_id AND e.household = h.id)) \
                       AS proposed_at \
                   FROM households h WHERE h.scenario_id = $1 AND h.state = 'proposed') p \
             WHERE proposed_at < $2 GROUP BY municipality ORDER BY municipality",
        )
        .bind(id)
        .bind(instant_text(limits.proposed_before))
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("finding unanswered proposals"))?;
        let waiting = sqlx::query(
            "SELECT CAST(NULL AS TEXT) AS municipality, CAST(COUNT(*) AS BIGINT) AS overdue, \
             MIN(waiting_since) AS oldest FROM households \
             WHERE scenario_id = $1 AND state = 'waiting' AND waiting_since < $2 \
             HAVING COUNT(*) > 0",
        )
        .bind(id)
        .bind(limits.waiting_since_before.to_string())
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("finding households waiting long"))?;
        // One row per empty dwelling: its cost is counted by day here, the same on both
        // engines.
        let empty = sqlx::query(
            "SELECT d.municipality, d.available_from, d.rent FROM dwellings d \
             LEFT JOIN (SELECT DISTINCT state_dwelling FROM households \
                        WHERE scenario_id = $1 AND state IN ('approved', 'moved_in') \
                          AND state_dwelling IS NOT NULL) held \
               ON held.state_dwelling = d.id \
             WHERE d.scenario_id = $1 AND d.available_from < $2 AND d.let_on IS NULL \
               AND held.state_dwelling IS NULL \
             ORDER BY d.municipality",
        )
        .bind(id)
        .bind(limits.available_before.to_string())
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("finding empty dwellings"))?;
        let passing = sqlx::query(
            "SELECT municipality, CAST(COUNT(*) AS BIGINT) AS overdue, \
             MIN(passes_over_on) AS oldest FROM dwellings \
             WHERE scenario_id = $1 AND passes_over_on >= $2 AND passes_over_on <= $3 \
             GROUP BY municipality ORDER BY municipality",
        )
        .bind(id)
        .bind(limits.today.to_string())
        .bind(limits.pass_over_until.to_string())
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("finding contracts to pass over"))?;
        commit(transaction).await?;
        Ok(OverdueFacts {
            unanswered_proposals: overdue_rows(&proposals, "households")?,
            long_waiting: overdue_rows(&waiting, "households")?,
            empty_dwellings: empty_by_municipality(&empty, limits.today)?,
            passing_over: overdue_rows(&passing, "dwellings")?,
        })
    }
}
