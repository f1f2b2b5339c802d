//! Backups of a live store and their restore. SQLite writes a consistent copy of the
//! store with `VACUUM INTO` (readers and writers go on; the copy is itself a store file);
//! PostgreSQL's is `pg_dump`'s custom format, taken in one snapshot while writers go on,
//! restored by `pg_restore` in one transaction. Either way a restore goes into a new
//! place (a data folder without a store, an empty database) and never over a store in
//! use: the one exception, `replace` on SQLite, keeps the replaced file beside it.

use crate::location::Target;
use crate::{Engine, Location, Store, StoreError, SQLITE_FILE_NAME};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

/// How far a backup or restore has come: `done` of `total` steps (tables, for
/// PostgreSQL; the one copy, for SQLite).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Why a backup or restore could not be made.
fn failed(message: impl Into<String>) -> StoreError {
    StoreError::Backup(message.into())
}

/// Writes a consistent copy of the store at `location` to `to`, which must not exist.
/// Every write acknowledged before it began is in the copy.
pub async fn back_up(
    location: &Location,
    to: &Path,
    mut progress: impl FnMut(Progress),
) -> Result<(), StoreError> {
    if to.exists() {
        return Err(failed(format!(
            "{} exists already: a backup never overwrites a file",
            to.display()
        )));
    }
    let store = Store::open(location).await?;
    match store.engine() {
        Engine::Sqlite { .. } => {
            progress(Progress { done: 0, total: 1 });
            sqlx::query("VACUUM INTO $1")
                .bind(to.display().to_string())
                .execute(&store.pool)
                .await
                .map_err(StoreError::database("writing the backup"))?;
            progress(Progress { done: 1, total: 1 });
            Ok(())
        }
        Engine::Postgres { .. } => {
            let Location::Url(url) = location else {
                return Err(failed("a PostgreSQL store without its URL"));
            };
            let total: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
            )
            .fetch_one(&store.pool)
            .await
            .map_err(StoreError::database("counting the tables to back up"))?;
            let mut command = Command::new("pg_dump");
            command
                .arg("--format=custom")
                .arg("--verbose")
                .arg("--no-owner")
                .arg(format!("--file={}", to.display()))
                .arg(format!("--dbname={url}"));
            run_counting(command, "dumping contents of table", total, &mut progress).await
        }
    }
}

/// Restores the backup `from` into `location`, which must hold no store yet (with
/// `replace`, a SQLite store there is moved aside to `landa.sqlite.replaced`); then opens
/// it, applying the migrations of this release to a backup of an earlier one.
pub async fn restore(
    location: &Location,
    from: &Path,
    replace: bool,
    mut progress: impl FnMut(Progress),
) -> Result<Store, StoreError> {
    if !from.is_file() {
        return Err(failed(format!("{}: no such file", from.display())));
    }
    let target = Target::resolve(location)?;
    match &target.engine {
        Engine::Sqlite { path } => {
            check_sqlite_backup(from).await?;
            progress(Progress { done: 0, total: 1 });
            restore_sqlite(from, path, replace)?;
            progress(Progress { done: 1, total: 1 });
        }
        Engine::Postgres { database, .. } => {
            let Location::Url(url) = location else {
                return Err(failed("a PostgreSQL store without its URL"));
            };
            if replace {
                return Err(failed(
                    "a PostgreSQL store is never replaced: restore into a new, empty database \
                     (createdb) and point DATABASE_URL at it",
                ));
            }
            ensure_empty(url, database).await?;
            let total = tables_in_dump(from).await?;
            let mut command = Command::new("pg_restore");
            command
                .arg("--verbose")
                .arg("--single-transaction")
                .arg("--exit-on-error")
                .arg("--no-owner")
                .arg("--no-privileges")
                .arg(format!("--dbname={url}"))
                .arg(from);
            run_counting(command, "processing data for table", total, &mut progress).await?;
        }
    }
    Store::open(location).await
}

/// A SQLite file that landa's migrations made, read without changing it.
async fn check_sqlite_backup(from: &Path) -> Result<(), StoreError> {
    let not_a_backup = |why: String| {
        failed(format!(
            "{} is not a backup of a landa store on SQLite: {why}",
            from.display()
        ))
    };
    let mut connection = SqliteConnectOptions::new()
        .filename(from)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| not_a_backup(e.to_string()))?;
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
         AND name IN ('_sqlx_migrations', 'scenarios', 'audit_log')",
    )
    .fetch_one(&mut connection)
    .await
    .map_err(|e| not_a_backup(e.to_string()))?;
    connection
        .close()
        .await
        .map_err(|e| not_a_backup(e.to_string()))?;
    if tables == 3 {
        Ok(())
    } else {
        Err(not_a_backup("it has not landa's tables".to_owned()))
    }
}

/// Copies the backup beside the store's file and renames it into place, so that a
/// restore cut off leaves no half-copied store.
fn restore_sqlite(from: &Path, store: &Path, replace: bool) -> Result<(), StoreError> {
    let io = |what: &str, path: &Path, error: std::io::Error| {
        failed(format!("{what} {}: {error}", path.display()))
    };
    if store.exists() {
        if !replace {
            return Err(failed(format!(
                "{} holds a store already: restore into another data folder, or pass \
                 --replace (the store there is kept as {SQLITE_FILE_NAME}.replaced)",
                store.display()
            )));
        }
        let aside = sibling(store, ".replaced");
        std::fs::rename(store, &aside).map_err(|e| io("moving aside", store, e))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sibling(store, suffix));
        }
    }
    let partial = sibling(store, ".restoring");
    std::fs::copy(from, &partial).map_err(|e| io("copying to", &partial, e))?;
    std::fs::File::open(&partial)
        .and_then(|file| file.sync_all())
        .map_err(|e| io("writing", &partial, e))?;
    std::fs::rename(&partial, store).map_err(|e| io("moving into place", store, e))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Refuses a database that holds tables already.
async fn ensure_empty(url: &str, database: &str) -> Result<(), StoreError> {
    let mut connection = sqlx::PgConnection::connect(url)
        .await
        .map_err(StoreError::database(
            "connecting to the database to restore into",
        ))?;
    let tables: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
            .fetch_one(&mut connection)
            .await
            .map_err(StoreError::database("reading the database to restore into"))?;
    if tables > 0 {
        return Err(failed(format!(
            "database {database} holds {tables} tables already: restore into a new, empty \
             database (createdb) and point DATABASE_URL at it"
        )));
    }
    Ok(())
}

/// The tables whose rows a pg_dump file holds.
async fn tables_in_dump(from: &Path) -> Result<i64, StoreError> {
    let listed = Command::new("pg_restore")
        .arg("--list")
        .arg(from)
        .output()
        .await
        .map_err(|e| failed(format!("cannot run pg_restore: {e}")))?;
    if !listed.status.success() {
        return Err(failed(format!(
            "{} is not a backup of a landa store on PostgreSQL: {}",
            from.display(),
            String::from_utf8_lossy(&listed.stderr).trim()
        )));
    }
    let list = String::from_utf8_lossy(&listed.stdout);
    Ok(list
        .lines()
        .filter(|line| line.contains(" TABLE DATA "))
        .count() as i64)
}

/// Runs a pg_dump or pg_restore, a step done for each line of its verbose output that
/// contains `step`; fails with the end of what it said when it fails.
async fn run_counting(
    mut command: Command,
    step: &str,
    total: i64,
    progress: &mut impl FnMut(Progress),
) -> Result<(), StoreError> {
    let program = command
        .as_std()
        .get_program()
        .to_string_lossy()
        .into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot run {program}: {e}")))?;
    let total = u64::try_from(total).unwrap_or(0);
    let mut said = Vec::new();
    let mut done = 0;
    progress(Progress { done, total });
    if let Some(stderr) = child.stderr.take() {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains(step) {
                done += 1;
                progress(Progress {
                    done: done.min(total),
                    total,
                });
            } else {
                said.push(line);
            }
        }
    }
    let status = child
        .wait()
        .await
        .map_err(|e| failed(format!("{program} did not finish: {e}")))?;
    if status.success() {
        progress(Progress { done: total, total });
        Ok(())
    } else {
        let tail = said.iter().rev().take(5).rev().cloned().collect::<Vec<_>>();
        Err(failed(format!(
            "{program} failed ({status}): {}",
            tail.join("; ")
        )))
    }
}
