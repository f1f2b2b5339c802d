//! landa-store: persistence of scenarios, request rounds, decisions and placement runs on
//! SQLite (embedded, the default) or PostgreSQL.
//!
//! Architecture invariant: only this crate writes SQL. One set of queries serves both
//! engines through sqlx's Any driver; only the DDL in `migrations/sqlite` and
//! `migrations/postgres` differs, and both define the same tables with the same meaning
//! (the test `schema` compares what they make).
//! Every multi-row change runs in one transaction, so a failure leaves the store as it was.
//! The store keeps no state between calls beyond its connection pool, so any number of
//! processes can share one PostgreSQL database.

mod accounts;
mod agreements;
mod attention;
mod audit;
mod audit_chain;
mod backup;
mod batch;
mod codec;
mod copy;
mod dwellings;
mod error;
mod forecast;
mod households;
mod import;
mod intake;
mod jobs;
mod lifecycle;
mod location;
mod logins;
mod municipality_year;
mod planning;
mod preferences;
mod read;
mod register;
mod responses;
mod runs;
mod schedule;
mod session;
mod views;

pub use accounts::{Account, NewAccount, SessionRecord};
pub use agreements::AgreementVersion;
pub use attention::{Overdue, OverdueFacts, OverdueLimits};
pub use audit::{AuditEntry, AuditFilter};
pub use audit_chain::{AuditCheckpoint, ChainBreak, ChainVerification};
pub use backup::{back_up, restore, Progress};
pub use dwellings::{DwellingHolder, DwellingRecord};
pub use error::StoreError;
pub use forecast::DailyIntake;
pub use households::{HouseholdCounts, HouseholdPage, HouseholdRecord, IntakeTotal};
pub use jobs::{JobSpec, JobStatus, PlacementJob, RunOptions, RunSummary};
pub use lifecycle::{HouseholdEvent, Transition, YearStanding};
pub use location::{Engine, Location, DATABASE_URL_VAR, DEFAULT_DATA_DIR, SQLITE_FILE_NAME};
pub use logins::LoginAttempt;
pub use municipality_year::MunicipalityYear;
pub use read::Jurisdiction;
pub use register::{PersonRegister, Recorded, RegisterWrites, StatusFact};
pub use responses::PlacementResponse;
pub use schedule::{RunSchedule, LONGEST_SCHEDULE_DAYS};
pub use views::PlanningView;

use chrono::{DateTime, Utc};
use landa_model::{MunicipalDecision, Placement, PlacementAlternative};
use location::Target;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::{AnyConnection, AnyPool, PgPool};
use std::sync::Arc;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Settings of every SQLite connection: write-ahead log so readers do not block the
/// writer, full fsync at commit so a committed change survives power loss, foreign keys
/// enforced (SQLite leaves them off by default) and a wait instead of an immediate
/// "database is locked" when another connection writes.
const SQLITE_PRAGMAS: [&str; 4] = [
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
];

/// Handle to the store. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    /// On PostgreSQL, connections of its own driver for what the Any driver cannot do
    /// (COPY); connected on first use.
    postgres: Option<PgPool>,
    engine: Arc<Engine>,
    /// Municipality years read before, each checked against the database when read.
    years: Arc<municipality_year::YearCache>,
}

/// What to do when a scenario of the same name is already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Refuse: the existing scenario stays as it is.
    New,
    /// Replace the stored scenario in the same transaction, if nothing happened to it
    /// since its import; a scenario with a history of its own is refused.
    Replace,
    /// Replace the stored scenario even with its decision history, placement runs and
    /// answers: they are discarded, and the audit entry says so.
    ReplaceDiscardingHistory,
}

/// How many of each kind a scenario holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScenarioCounts {
    pub regions: u64,
    pub municipalities: u64,
    pub households: u64,
    pub persons: u64,
    pub capacities: u64,
    pub dwellings: u64,
    pub scores: u64,
    pub request_rounds: u64,
    /// Current decisions: one per municipality and year, whatever the number of versions.
    pub decisions: u64,
}

impl ScenarioCounts {
    pub fn of(scenario: &landa_model::Scenario) -> ScenarioCounts {
        let count = |n: usize| n as u64;
        ScenarioCounts {
            regions: count(scenario.regions.len()),
            municipalities: count(scenario.municipalities.len()),
            households: count(scenario.households.len()),
            persons: count(scenario.persons.len()),
            capacities: count(scenario.capacities.len()),
            dwellings: count(scenario.dwellings.len()),
            scores: count(scenario.scores.len()),
            request_rounds: count(scenario.request_rounds.len()),
            decisions: count(scenario.decisions.len()),
        }
    }
}

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub scenario: String,
    /// True when a stored scenario of the same name was replaced.
    pub replaced: bool,
    pub counts: ScenarioCounts,
}

/// A stored scenario at a glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioSummary {
    pub name: String,
    pub country: landa_model::Country,
    pub year: i32,
    pub national_total: Option<u32>,
    pub counts: ScenarioCounts,
    pub placement_runs: u64,
}

/// One line for listings: name, country, year and what the scenario holds.
impl std::fmt::Display for ScenarioSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.counts;
        write!(
            f,
            "{} ({} {}): {} municipalities, {} households, {} persons, {} dwellings, \
             {} request rounds, {} decisions, {} placement runs",
            self.name,
            self.country.code(),
            self.year,
            c.municipalities,
            c.households,
            c.persons,
            c.dwellings,
            c.request_rounds,
            c.decisions,
            self.placement_runs
        )
    }
}

/// One version of a municipality's decision for a year, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionVersion {
    /// 1 for the first recorded decision, then 2, 3 ... for each revision.
    pub version: u32,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub decision: MunicipalDecision,
}

/// A placement run (utsøking / anvisning) to keep: how it was made, how good it is, and
/// the placements it made.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementRunRecord {
    /// The algorithm, e.g. "greedy" or "mip".
    pub method: String,
    /// Value of the objective the run reached.
    pub objective: f64,
    /// Proven bound on the best objective, where the method gives one.
    pub bound: Option<f64>,
    pub persons_placed: u32,
    pub created_at: DateTime<Utc>,
    pub placements: Vec<Placement>,
    /// Each household's best municipalities and what blocked them, household by household.
    pub alternatives: Vec<PlacementAlternative>,
}

impl Store {
    /// Opens the store at `location`, creating the SQLite file and its directory if
    /// missing, and applies the schema migrations not yet applied.
    pub async fn open(location: &Location) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let target = Target::resolve(location)?;
        let (options, migrations) = match target.engine {
            Engine::Sqlite { .. } => (
                AnyPoolOptions::new()
                    .max_connections(4)
                    // A connection to a file cannot go stale: no ping before each use,
                    // which would double the statements of the most frequent reads.
                    .test_before_acquire(false)
                    .after_connect(|connection, _| {
                        Box::pin(async move {
                            for pragma in SQLITE_PRAGMAS {
                                sqlx::query(pragma).execute(&mut *connection).await?;
                            }
                            Ok(())
                        })
                    }),
                &SQLITE_MIGRATIONS,
            ),
            Engine::Postgres { .. } => (
                AnyPoolOptions::new().max_connections(8),
                &POSTGRES_MIGRATIONS,
            ),
        };
        let pool = options
            .connect(&target.url)
            .await
            .map_err(StoreError::database("connecting to the database"))?;
        migrations.run(&pool).await?;
        let postgres = match target.engine {
            Engine::Sqlite { .. } => None,
            Engine::Postgres { .. } => Some(
                PgPoolOptions::new()
                    .max_connections(2)
                    .connect_lazy(&target.url)
                    .map_err(StoreError::database("reading the PostgreSQL URL"))?,
            ),
        };
        let store = Store {
            pool,
            postgres,
            engine: Arc::new(target.engine),
            years: Arc::default(),
        };
        store.chain_unhashed_entries().await?;
        Ok(store)
    }

    /// Connections of the pool: open, and of them idle (for the service's metrics).
    pub fn connections(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// The engine behind this store, printable without secrets.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// A transaction for reading: sees one consistent state, blocks nobody. On PostgreSQL
    /// that takes REPEATABLE READ: at its default (READ COMMITTED) each statement sees what
    /// was committed when it started, so a read of several statements could see a round's
    /// requests without the round. A transaction that only reads never fails to serialise.
    async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let transaction = match *self.engine {
            Engine::Sqlite { .. } => self.pool.begin().await,
            Engine::Postgres { .. } => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .await
            }
        };
        transaction.map_err(StoreError::database("starting a transaction"))
    }

    /// After a placement run's rows are written, in its transaction: on PostgreSQL the
    /// planner's statistics of the run tables, so that the run's pages are read by index
    /// at once rather than after autovacuum's next visit. SQLite plans without them.
    async fn analyze_run_tables(&self, connection: &mut AnyConnection) -> Result<(), StoreError> {
        if let Engine::Postgres { .. } = *self.engine {
            sqlx::query("ANALYZE placements, placement_alternatives")
                .execute(connection)
                .await
                .map_err(StoreError::database("refreshing the planner's statistics"))?;
        }
        Ok(())
    }

    /// A transaction that will write. On SQLite it takes the write lock at once
    /// (BEGIN IMMEDIATE): a deferred transaction that reads first and writes later fails
    /// with "database is locked", without waiting, when another writer committed between.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let transaction = match *self.engine {
            Engine::Sqlite { .. } => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres { .. } => self.pool.begin().await,
        };
        transaction.map_err(StoreError::database("starting a transaction"))
    }

    /// A transaction that will write to scenario `name`, and the scenario's id. Its writes
    /// number rows after the scenario's others (a position, a decision's version) from what
    /// is there, so two writers that ran side by side would take the same number: one would
    /// fail on a unique key, or two rows would share a position. On PostgreSQL the
    /// scenario's row is therefore locked first, so its writers take turns (each statement
    /// after the lock sees what the one before committed); the lock (NO KEY UPDATE) leaves
    /// the foreign-key checks of other writers free. SQLite's BEGIN IMMEDIATE already lets
    /// one writer in at a time.
    async fn begin_scenario_write(
        &self,
        name: &str,
    ) -> Result<(sqlx::Transaction<'static, sqlx::Any>, i64), StoreError> {
        let mut transaction = self.begin_write().await?;
        let lock = match *self.engine {
            Engine::Sqlite { .. } => "",
            Engine::Postgres { .. } => " FOR NO KEY UPDATE",
        };
        let id = scenario_id_with(&mut transaction, name, lock).await?;
        Ok((transaction, id))
    }
}

/// Id of the scenario named `name`.
async fn scenario_id(connection: &mut AnyConnection, name: &str) -> Result<i64, StoreError> {
    scenario_id_with(connection, name, "").await
}

/// Id of the scenario named `name`, read with the row lock clause `lock` (or none).
async fn scenario_id_with(
    connection: &mut AnyConnection,
    name: &str,
    lock: &str,
) -> Result<i64, StoreError> {
    let sql = format!("SELECT id FROM scenarios WHERE name = $1{lock}");
    let id: Option<i64> = sqlx::query_scalar(&sql)
        .bind(name)
        .fetch_optional(connection)
        .await
        .map_err(StoreError::database("looking the scenario up"))?;
    id.ok_or_else(|| StoreError::ScenarioNotFound(name.to_owned()))
}

async fn commit(transaction: sqlx::Transaction<'static, sqlx::Any>) -> Result<(), StoreError> {
    transaction
        .commit()
        .await
        .map_err(StoreError::database("committing"))
}
