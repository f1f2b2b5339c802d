//! A household's life in the year. Its state is kept on its row (the projection every
//! count reads with one GROUP BY) and each step is appended to `household_events` in the
//! same transaction, with the household's new version; the municipalities that
//! questioned it are in `household_exclusions`. Steps of a whole run (its proposals, its
//! approval) are set-based statements, one per table, whatever the run's size.

use crate::audit::insert_audit;
use crate::codec::{instant_text, RowReader};
use crate::{commit, scenario_id, AuditEntry, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use landa_model::{
    Destination, DwellingId, HouseholdId, HouseholdState, Lifecycle, MunicipalityCode, StateName,
};
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

/// One step of a household's life as it was recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdEvent {
    /// The household's version this step made.
    pub version: i64,
    /// What happened: registered, corrected, proposed, superseded, accepted, questioned,
    /// approved, moved_in, moved_elsewhere, withdrawn, exclusion_lifted.
    pub step: String,
    /// The state it left the household in.
    pub state: StateName,
    pub municipality: Option<MunicipalityCode>,
    pub dwelling: Option<DwellingId>,
    pub run: Option<i64>,
    pub on: Option<NaiveDate>,
    /// A reason, a comment, or what a correction changed.
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// Where every household of a scenario stands: what a run during the year starts from.
#[derive(Debug, Clone, Default)]
pub struct YearStanding {
    pub households: HashMap<HouseholdId, Lifecycle>,
}

/// One household's step as a command decided it: from `version`, to `next`.
#[derive(Debug, Clone)]
pub struct Transition<'a> {
    pub household: &'a HouseholdId,
    /// The version the command read; another writer's step in between makes it stale.
    pub version: i64,
    pub step: &'a str,
    pub next: &'a Lifecycle,
    pub note: &'a str,
    pub recorded_by: &'a str,
    /// A dwelling the step lets from that day (moving in): refused if it is let already.
    pub lets: Option<(&'a DwellingId, NaiveDate)>,
}

/// The state's columns: name, municipality, dwelling, run, day.
type StateColumns<'s> = (
    StateName,
    Option<&'s MunicipalityCode>,
    Option<&'s DwellingId>,
    Option<i64>,
    Option<NaiveDate>,
);

pub(crate) fn state_columns(state: &HouseholdState) -> StateColumns<'_> {
    let destination = state.destination();
    let on = match state {
        HouseholdState::MovedIn { on, .. } | HouseholdState::MovedElsewhere { on, .. } => Some(*on),
        _ => None,
    };
    (
        state.name(),
        state.municipality(),
        destination.and_then(|d| d.dwelling.as_ref()),
        destination.map(|d| d.run),
        on,
    )
}

/// The state of a row's columns `state`, `state_municipality`, `state_dwelling`,
/// `state_run`, `state_on`.
pub(crate) fn state_of_row(r: &RowReader<'_>) -> Result<HouseholdState, StoreError> {
    let name: StateName = r.parsed("state")?;
    let municipality: Option<MunicipalityCode> = r.optional_parsed("state_municipality")?;
    let missing = |column: &str| StoreError::Corrupt {
        what: format!("households.{column}"),
        message: format!("a household that is {name} names its {column}"),
    };
    let destination = || -> Result<Destination, StoreError> {
        Ok(Destination {
            run: r
                .optional_count("state_run")?
                .ok_or_else(|| missing("state_run"))?,
            municipality: municipality
                .clone()
                .ok_or_else(|| missing("state_municipality"))?,
            dwelling: r.optional_parsed("state_dwelling")?,
        })
    };
    let on = || -> Result<NaiveDate, StoreError> {
        r.optional_parsed("state_on")?
            .ok_or_else(|| missing("state_on"))
    };
    Ok(match name {
        StateName::Waiting => HouseholdState::Waiting,
        StateName::Withdrawn => HouseholdState::Withdrawn,
        StateName::Proposed => HouseholdState::Proposed(destination()?),
        StateName::Accepted => HouseholdState::Accepted(destination()?),
        StateName::Approved => HouseholdState::Approved(destination()?),
        StateName::MovedIn => HouseholdState::MovedIn {
            destination: destination()?,
            on: on()?,
        },
        StateName::MovedElsewhere => HouseholdState::MovedElsewhere {
            from: municipality
                .clone()
                .ok_or_else(|| missing("state_municipality"))?,
            on: on()?,
        },
        StateName::SelfSettled => HouseholdState::SelfSettled(
            municipality
                .clone()
                .ok_or_else(|| missing("state_municipality"))?,
        ),
    })
}

/// The start of every statement that appends to a household's history.
pub(crate) const INSERT_EVENT: &str = "INSERT INTO household_events (scenario_id, household, \
     version, step, state, municipality, dwelling, run_id, on_date, note, recorded_by, \
     recorded_at)";

/// The columns of the state, for a SELECT from `households h`.
pub(crate) const STATE_COLUMNS: &str =
    "h.state, h.state_municipality, h.state_dwelling, h.state_run, h.state_on, h.version";

impl Store {
    /// One household's lifecycle and version; `None` when the scenario has no such household.
    pub async fn lifecycle(
        &self,
        scenario: &str,
        household: &HouseholdId,
    ) -> Result<Option<(Lifecycle, i64)>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let row = sqlx::query(&format!(
            "SELECT {STATE_COLUMNS} FROM households h WHERE h.scenario_id = $1 AND h.id = $2"
        ))
        .bind(id)
        .bind(household.as_str())
        .fetch_optional(&mut *transaction)
        .await
        .map_err(StoreError::database("reading a household's state"))?;
        let Some(row) = row else {
            commit(transaction).await?;
            return Ok(None);
        };
        let r = RowReader::new(&row, "households");
        let state = state_of_row(&r)?;
        let version = r.int("version")?;
        let excluded = sqlx::query_scalar::<_, String>(
            "SELECT municipality FROM household_exclusions \
             WHERE scenario_id = $1 AND household = $2",
        )
        .bind(id)
        .bind(household.as_str())
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading a household's exclusions"))?
        .into_iter()
        .map(|code| parse_code(&code))
        .collect::<Result<BTreeSet<_>, _>>()?;
        commit(transaction).await?;
        Ok(Some((Lifecycle { state, excluded }, version)))
    }

    /// Every household's lifecycle, read in one transaction.
    pub async fn year_standing(&self, scenario: &str) -> Result<YearStanding, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query(&format!(
            "SELECT h.id, {STATE_COLUMNS} FROM households h WHERE h.scenario_id = $1"
        ))
        .bind(id)
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading the households' states"))?;
        let mut households = HashMap::with_capacity(rows.len());
        for row in &rows {
            let r = RowReader::new(row, "households");
            let lifecycle = Lifecycle {
                state: state_of_row(&r)?,
                excluded: BTreeSet::new(),
            };
            households.insert(r.parsed("id")?, lifecycle);
        }
        let exclusions = sqlx::query(
            "SELECT household, municipality FROM household_exclusions WHERE scenario_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading the households' exclusions"))?;
        for row in &exclusions {
            let r = RowReader::new(row, "household_exclusions");
            let household: HouseholdId = r.parsed("household")?;
            if let Some(lifecycle) = households.get_mut(&household) {
                lifecycle.excluded.insert(r.parsed("municipality")?);
            }
        }
        commit(transaction).await?;
        Ok(YearStanding { households })
    }

    /// A household's history, oldest first.
    pub async fn household_events(
        &self,
        scenario: &str,
        household: &HouseholdId,
    ) -> Result<Vec<HouseholdEvent>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query(
            "SELECT version, step, state, municipality, dwelling, run_id, on_date, note, \
             recorded_by, recorded_at FROM household_events \
             WHERE scenario_id = $1 AND household = $2 ORDER BY version",
        )
        .bind(id)
        .bind(household.as_str())
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading a household's history"))?;
        commit(transaction).await?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "household_events");
                Ok(HouseholdEvent {
                    version: r.int("version")?,
                    step: r.text("step")?,
                    state: r.parsed("state")?,
                    municipality: r.optional_parsed("municipality")?,
                    dwelling: r.optional_parsed("dwelling")?,
                    run: r.optional_count("run_id")?,
                    on: r.optional_parsed("on_date")?,
                    note: r.text("note")?,
                    recorded_by: r.text("recorded_by")?,
                    recorded_at: r.instant("recorded_at")?,
                })
            })
            .collect()
    }

    /// Records one household's step with `audit`, in one transaction; returns its new
    /// version. Stale when another step came in since the command read `version`.
    pub async fn step_household(
        &self,
        scenario: &str,
        transition: &Transition<'_>,
        audit: &AuditEntry,
    ) -> Result<i64, StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        let version = step(&mut transaction, id, transition).await?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(version)
    }

    /// Takes each household's step in one transaction, with one audit entry for all: how a
    /// past year's settlements are brought in (the demo's settled years). Refused whole if
    /// any household is not at the version its transition names.
    pub async fn step_households(
        &self,
        scenario: &str,
        transitions: &[Transition<'_>],
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        for transition in transitions {
            step(&mut transaction, id, transition).await?;
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }
}

fn parse_code(text: &str) -> Result<MunicipalityCode, StoreError> {
    text.parse().map_err(|e| StoreError::Corrupt {
        what: "household_exclusions.municipality".into(),
        message: format!("{e}"),
    })
}

/// One household's step inside the caller's transaction: the event, the row's new state
/// and version, the exclusions as `next` has them.
pub(crate) async fn step(
    connection: &mut AnyConnection,
    scenario_id: i64,
    transition: &Transition<'_>,
) -> Result<i64, StoreError> {
    let (name, municipality, dwelling, run, on) = state_columns(&transition.next.state);
    let household = transition.household.as_str();
    // The event names the municipality the household is at after the step or, where it
    // left one (questioned, superseded, withdrawn), the one it left.
    let inserted = sqlx::query(&format!(
        "{INSERT_EVENT} \
         SELECT h.scenario_id, h.id, h.version + 1, $3, $4, COALESCE($5, h.state_municipality), \
         COALESCE($6, h.state_dwelling), COALESCE($7, h.state_run), $8, $9, $10, $11 \
         FROM households h WHERE h.scenario_id = $1 AND h.id = $2 AND h.version = $12"
    ))
    .bind(scenario_id)
    .bind(household)
    .bind(transition.step)
    .bind(name.as_str())
    .bind(municipality.map(MunicipalityCode::as_str))
    .bind(dwelling.map(DwellingId::as_str))
    .bind(run)
    .bind(on.map(|day| day.to_string()))
    .bind(transition.note)
    .bind(transition.recorded_by)
    .bind(instant_text(Utc::now()))
    .bind(transition.version)
    .execute(&mut *connection)
    .await
    .map_err(StoreError::database("recording a household's step"))?
    .rows_affected();
    if inserted == 0 {
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM households WHERE scenario_id = $1 AND id = $2")
                .bind(scenario_id)
                .bind(household)
                .fetch_optional(&mut *connection)
                .await
                .map_err(StoreError::database("reading a household's version"))?;
        return Err(match current {
            None => StoreError::NotFound(format!("household {household}")),
            Some(current) => StoreError::VersionConflict {
                what: format!("household {household}"),
                expected: u32::try_from(transition.version).unwrap_or(u32::MAX),
                current: u32::try_from(current).unwrap_or(u32::MAX),
            },
        });
    }
    sqlx::query(
        "UPDATE households SET state = $3, state_municipality = $4, state_dwelling = $5, \
         state_run = $6, state_on = $7, version = version + 1 \
         WHERE scenario_id = $1 AND id = $2",
    )
    .bind(scenario_id)
    .bind(household)
    .bind(name.as_str())
    .bind(municipality.map(MunicipalityCode::as_str))
    .bind(dwelling.map(DwellingId::as_str))
    .bind(run)
    .bind(on.map(|day| day.to_string()))
    .execute(&mut *connection)
    .await
    .map_err(StoreError::database("updating a household's state"))?;
    sqlx::query("DELETE FROM household_exclusions WHERE scenario_id = $1 AND household = $2")
        .bind(scenario_id)
        .bind(household)
        .execute(&mut *connection)
        .await
        .map_err(StoreError::database("updating a household's exclusions"))?;
    for municipality in &transition.next.excluded {
        sqlx::query(
            "INSERT INTO household_exclusions (scenario_id, household, municipality) \
             VALUES ($1, $2, $3)",
        )
        .bind(scenario_id)
        .bind(household)
        .bind(municipality.as_str())
        .execute(&mut *connection)
        .await
        .map_err(StoreError::database("updating a household's exclusions"))?;
    }
    if let Some((dwelling, on)) = transition.lets {
        let let_now = sqlx::query(
            "UPDATE dwellings SET let_on = $3, version = version + 1 \
             WHERE scenario_id = $1 AND id = $2 AND let_on IS NULL",
        )
        .bind(scenario_id)
        .bind(dwelling.as_str())
        .bind(on.to_string())
        .execute(&mut *connection)
        .await
        .map_err(StoreError::database("letting a dwelling"))?
        .rows_affected();
        if let_now == 0 {
            return Err(StoreError::Conflict(format!(
                "dwelling {dwelling} is let already (or is not in this scenario)"
            )));
        }
    }
    Ok(transition.version + 1)
}

/// In the transaction that saved run `run_id`: its placements become the proposals of the
/// households still open to a run (waiting, or proposed by an earlier run and not
/// approved), and those an earlier run proposed that this one did not place go back to
/// waiting. A household approved, withdrawn or moved meanwhile keeps its state.
pub(crate) async fn propose_run(
    connection: &mut AnyConnection,
    scenario_id: i64,
    run_id: i64,
    recorded_by: &str,
) -> Result<(), StoreError> {
    let not_placed = "NOT EXISTS (SELECT 1 FROM placements p WHERE p.run_id = $2 \
         AND p.household = households.id)";
    let superseded =
        format!("scenario_id = $1 AND state IN ('proposed', 'accepted') AND {not_placed}");
    step_many(
        connection,
        (scenario_id, run_id, recorded_by),
        &format!(
            "SELECT scenario_id, id, version + 1, 'superseded', 'waiting', state_municipality, \
             state_dwelling, state_run, NULL, 'a newer run did not place it', $3, $4 \
             FROM households WHERE {superseded}"
        ),
        &format!(
            "UPDATE households SET state = 'waiting', state_municipality = NULL, \
             state_dwelling = NULL, state_run = NULL, version = version + 1 WHERE {superseded}"
        ),
        (
            "recording superseded proposals",
            "returning superseded proposals to waiting",
        ),
    )
    .await?;
    step_many(
        connection,
        (scenario_id, run_id, recorded_by),
        &format!(
            "SELECT h.scenario_id, h.id, h.version + 1, 'proposed', 'proposed', \
             p.municipality, p.dwelling, p.run_id, NULL, '', $3, $4 \
             FROM households h JOIN placements p ON p.run_id = $2 \
             AND p.scenario_id = h.scenario_id AND p.household = h.id \
             WHERE h.scenario_id = $1 AND h.{OPEN_TO_RUN}"
        ),
        &format!(
            "UPDATE households SET state = 'proposed', state_municipality = p.municipality, \
             state_dwelling = p.dwelling, state_run = p.run_id, version = version + 1 \
             FROM placements p WHERE p.run_id = $2 AND p.scenario_id = households.scenario_id \
             AND p.household = households.id AND households.scenario_id = $1 \
             AND households.{OPEN_TO_RUN}"
        ),
        (
            "recording a run's proposals",
            "marking a run's households proposed",
        ),
    )
    .await?;
    Ok(())
}

/// One step of many households at once, for run `run_id`: their events (`events`, a
/// SELECT of the event's columns, with $1 the scenario, $2 the run, $3 who records and
/// $4 when), then their states (`update`, with $1 and $2); how many changed. `what`
/// names the two statements in errors.
async fn step_many(
    connection: &mut AnyConnection,
    (scenario_id, run_id, recorded_by): (i64, i64, &str),
    events: &str,
    update: &str,
    what: (&'static str, &'static str),
) -> Result<u64, StoreError> {
    sqlx::query(&format!("{INSERT_EVENT} {events}"))
        .bind(scenario_id)
        .bind(run_id)
        .bind(recorded_by)
        .bind(instant_text(Utc::now()))
        .execute(&mut *connection)
        .await
        .map_err(StoreError::database(what.0))?;
    Ok(sqlx::query(update)
        .bind(scenario_id)
        .bind(run_id)
        .execute(&mut *connection)
        .await
        .map_err(StoreError::database(what.1))?
        .rows_affected())
}

/// The states a run places (`StateName::in_next_run`), as SQL on a households row.
pub(crate) const OPEN_TO_RUN: &str = "state IN ('waiting', 'proposed', 'accepted')";

/// In the transaction that approved run `run_id`: the households it proposed that are
/// still its proposals (not questioned, not re-placed) are approved, with the dwelling
/// the run gave them reserved.
pub(crate) async fn approve_run(
    connection: &mut AnyConnection,
    scenario_id: i64,
    run_id: i64,
    recorded_by: &str,
) -> Result<u64, StoreError> {
    let proposed = "scenario_id = $1 AND state IN ('proposed', 'accepted') AND state_run = $2";
    step_many(
        connection,
        (scenario_id, run_id, recorded_by),
        &format!(
            "SELECT scenario_id, id, version + 1, 'approved', 'approved', state_municipality, \
             state_dwelling, state_run, NULL, '', $3, $4 FROM households WHERE {proposed}"
        ),
        &format!(
            "UPDATE households SET state = 'approved', version = version + 1 WHERE {proposed}"
        ),
        (
            "recording a run's approvals",
            "approving a run's households",
        ),
    )
    .await
}
