//! `landa backup FILE` and `landa restore FILE`: a consistent copy of the live store
//! (SQLite's VACUUM INTO, PostgreSQL's pg_dump) and its restore into a new place, each
//! behind a progress bar; the restored store's audit chain is verified before it is used.

use anyhow::{bail, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use landa_store::{back_up, restore, Location, Progress};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args)]
pub struct BackupArgs {
    /// The file to write; never overwritten. A store file on SQLite, pg_dump's custom
    /// format on PostgreSQL.
    pub file: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A file `landa backup` wrote.
    pub file: PathBuf,
    /// On SQLite, replace the store in the data folder (kept beside it as
    /// landa.sqlite.replaced). A PostgreSQL store is never replaced: restore into a new,
    /// empty database.
    #[arg(long)]
    pub replace: bool,
}

/// A bar that follows a backup's or restore's steps.
fn bar(label: &str) -> (ProgressBar, impl FnMut(Progress)) {
    let bar = ProgressBar::new(1);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
            .expect("static template"),
    );
    bar.set_message(label.to_owned());
    let shown = bar.clone();
    (bar, move |progress: Progress| {
        shown.set_length(progress.total.max(1));
        shown.set_position(progress.done);
    })
}

pub async fn backup(args: &BackupArgs, location: &Location) -> Result<()> {
    let started = Instant::now();
    let (bar, follow) = bar("Backing up");
    let result = back_up(location, &args.file, follow).await;
    bar.finish_and_clear();
    result?;
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    println!(
        "Backed up the store to {} ({:.1} MB) in {:.1} s. Keep it away from the database; \
         `landa restore {}` restores it into a new place.",
        args.file.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        args.file.display()
    );
    Ok(())
}

pub async fn restore_from(args: &RestoreArgs, location: &Location) -> Result<()> {
    let started = Instant::now();
    let (bar, follow) = bar("Restoring");
    let result = restore(location, &args.file, args.replace, follow).await;
    bar.finish_and_clear();
    let store = result?;
    let verified = store.verify_audit_chain(&[]).await?;
    if let Some(first_break) = verified.first_break {
        bail!(
            "restored {} into {}, but its audit log was altered: {first_break}",
            args.file.display(),
            store.engine()
        );
    }
    let scenarios = store.scenarios().await?;
    println!(
        "Restored {} into {} in {:.1} s: scenarios {}, audit log entries {} with their chain intact.",
        args.file.display(),
        store.engine(),
        started.elapsed().as_secs_f64(),
        scenarios.len(),
        verified.entries
    );
    Ok(())
}
