//! `landa audit verify|checkpoint|checkpoints`: the audit log's hash chain, for the
//! operator and the data protection officer. A checkpoint file (CSV: at, entries,
//! last_hash) is meant to be kept away from the database, where whoever could rewrite the
//! log cannot reach it.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use landa_app::audit::{entry, Action};
use landa_app::Principal;
use landa_model::Role;
use landa_store::{AuditCheckpoint, Location, Store};
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: AuditCommand,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Walk the chain from the first entry; name the first entry changed or removed. Exits 1 if the log is not as written.
    Verify {
        /// Checkpoints kept elsewhere (a file `landa audit checkpoint --append` wrote).
        #[arg(long)]
        checkpoints: Option<PathBuf>,
    },
    /// Record the chain's head as a checkpoint (run it daily, e.g. from a systemd timer) and print it.
    Checkpoint {
        /// Also add it to this CSV file, created with its header if missing.
        #[arg(long)]
        append: Option<PathBuf>,
    },
    /// Print every recorded checkpoint as CSV, to be kept elsewhere.
    Checkpoints,
}

const HEADER: [&str; 3] = ["at", "entries", "last_hash"];

pub async fn run(args: &AuditArgs, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    match &args.command {
        AuditCommand::Verify { checkpoints } => {
            let kept = match checkpoints {
                Some(path) => read_checkpoints(path)?,
                None => Vec::new(),
            };
            let verified = store.verify_audit_chain(&kept).await?;
            let operator = Principal::local_operator(Role::Administrator);
            let outcome = match &verified.first_break {
                None => "intact".to_owned(),
                Some(first_break) => first_break.to_string(),
            };
            store
                .append_audit(&entry(&operator, Action::Read, "/audit-log", &outcome))
                .await?;
            match verified.first_break {
                None => println!(
                    "The audit log is as it was written: entries {}, each following from the one \
                     before, matching the chain's head; checkpoints matched {}.",
                    verified.entries, verified.checkpoints
                ),
                Some(first_break) => bail!("the audit log was altered: {first_break}"),
            }
        }
        AuditCommand::Checkpoint { append } => {
            let checkpoint = store.record_audit_checkpoint().await?;
            if let Some(path) = append {
                append_checkpoint(path, &checkpoint)?;
            }
            println!(
                "Checkpoint {}: entries {}, last hash {}.",
                checkpoint.at.to_rfc3339(),
                checkpoint.entries,
                checkpoint.last_hash
            );
        }
        AuditCommand::Checkpoints => {
            let mut writer = csv::Writer::from_writer(std::io::stdout());
            writer.write_record(HEADER)?;
            for checkpoint in store.audit_checkpoints().await? {
                writer.write_record(record(&checkpoint))?;
            }
            writer.flush()?;
        }
    }
    Ok(())
}

fn record(checkpoint: &AuditCheckpoint) -> [String; 3] {
    [
        checkpoint.at.to_rfc3339(),
        checkpoint.entries.to_string(),
        checkpoint.last_hash.clone(),
    ]
}

fn append_checkpoint(path: &Path, checkpoint: &AuditCheckpoint) -> Result<()> {
    let name = path.display();
    let new = !path.exists();
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening {name}"))?;
    let mut writer = csv::Writer::from_writer(file);
    if new {
        writer.write_record(HEADER)?;
    }
    writer.write_record(record(checkpoint))?;
    writer.flush().with_context(|| format!("writing {name}"))
}

/// The checkpoints of a file `append_checkpoint` wrote; a bad value is named by file, row
/// and column.
fn read_checkpoints(path: &Path) -> Result<Vec<AuditCheckpoint>> {
    let name = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("reading {name}"))?;
    let headers = reader.headers()?.clone();
    if headers.iter().collect::<Vec<_>>() != HEADER {
        bail!("{name}:1: the columns must be {}", HEADER.join(","));
    }
    let mut checkpoints = Vec::new();
    for (index, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("reading {name}"))?;
        let line = index + 2;
        let at = chrono::DateTime::parse_from_rfc3339(&row[0])
            .with_context(|| format!("{name}:{line}:at: not a time (2026-12-06T21:00:00Z)"))?
            .to_utc();
        let entries = row[1]
            .parse()
            .with_context(|| format!("{name}:{line}:entries: not a count"))?;
        let last_hash = row[2].to_owned();
        if last_hash.len() != 64 || !last_hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            bail!("{name}:{line}:last_hash: not a SHA-256 in hex (64 characters)");
        }
        checkpoints.push(AuditCheckpoint {
            at,
            entries,
            last_hash,
        });
    }
    Ok(checkpoints)
}
