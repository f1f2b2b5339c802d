//! The audit log's hash chain: each entry's `hash` is the SHA-256 of the hash before it
//! and of the entry's stored columns, so that an entry changed or removed by someone
//! who went around landa (dropping the append-only triggers) breaks the chain from there
//! on. The head (`audit_chain`: entries and last hash) is locked by every append, so the
//! chain follows the ids; checkpoints copy the head and are exported to be kept
//! elsewhere, since whoever can rewrite the log can rewrite the head too.

use crate::codec::{instant_text, RowReader};
use crate::session::AnySession;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// The hash "before" the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Entries read at a time when verifying: the log may hold millions.
const PAGE: i64 = 10_000;

/// An entry's columns as stored, the text the hash is taken over.
pub(crate) struct StoredEntry<'e> {
    pub at: &'e str,
    pub actor: &'e str,
    pub role: &'e str,
    pub action: &'e str,
    pub resource: &'e str,
    pub detail: &'e str,
    pub remote: Option<&'e str>,
    pub request_id: Option<&'e str>,
}

impl StoredEntry<'_> {
    /// SHA-256 (hex) of `previous` and the columns, each prefixed by its length so that
    /// no two different entries read the same; an absent `remote` differs from an empty one.
    /// The request id, added in a later release, counts only when present, so that the
    /// entries written before keep their hashes.
    pub(crate) fn hash(&self, previous: &str) -> String {
        let mut digest = Sha256::new();
        digest.update(previous.as_bytes());
        for column in [
            Some(self.at),
            Some(self.actor),
            Some(self.role),
            Some(self.action),
            Some(self.resource),
            Some(self.detail),
            self.remote,
        ] {
            match column {
                Some(text) => {
                    digest.update((text.len() as u64 + 1).to_le_bytes());
                    digest.update(text.as_bytes());
                }
                None => digest.update(0u64.to_le_bytes()),
            }
        }
        if let Some(request_id) = self.request_id {
            digest.update((request_id.len() as u64 + 1).to_le_bytes());
            digest.update(request_id.as_bytes());
        }
        digest
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// Locks the chain's head for the caller's transaction, counts `adding` entries more,
/// and returns the count and the last entry's hash. Setting the new hash is the caller's
/// next step ([`set_head`]).
pub(crate) async fn lock_head<C: AnySession + ?Sized>(
    connection: &mut C,
    adding: u64,
) -> Result<(u64, String), StoreError> {
    let row = sqlx::query(
        "UPDATE audit_chain SET entries = entries + $1 WHERE singleton = 1 \
         RETURNING entries, last_hash",
    )
    .bind(i64::try_from(adding).unwrap_or(i64::MAX))
    .fetch_one(connection.executor())
    .await
    .map_err(StoreError::database("locking the audit log's chain"))?;
    let r = RowReader::new(&row, "audit_chain");
    Ok((r.count("entries")?, r.text("last_hash")?))
}

pub(crate) async fn set_head<C: AnySession + ?Sized>(
    connection: &mut C,
    last_hash: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE audit_chain SET last_hash = $1 WHERE singleton = 1")
        .bind(last_hash)
        .execute(connection.executor())
        .await
        .map_err(StoreError::database("advancing the audit log's chain"))?;
    Ok(())
}

async fn insert_checkpoint(
    transaction: &mut sqlx::Transaction<'static, sqlx::Any>,
    entries: u64,
    last_hash: String,
) -> Result<AuditCheckpoint, StoreError> {
    let checkpoint = AuditCheckpoint {
        at: Utc::now(),
        entries,
        last_hash,
    };
    sqlx::query("INSERT INTO audit_checkpoints (at, entries, last_hash) VALUES ($1, $2, $3)")
        .bind(instant_text(checkpoint.at))
        .bind(i64::try_from(checkpoint.entries).unwrap_or(i64::MAX))
        .bind(checkpoint.last_hash.as_str())
        .execute(&mut **transaction)
        .await
        .map_err(StoreError::database("recording an audit checkpoint"))?;
    Ok(checkpoint)
}

async fn commit_checkpoint(
    transaction: sqlx::Transaction<'static, sqlx::Any>,
) -> Result<(), StoreError> {
    transaction
        .commit()
        .await
        .map_err(StoreError::database("recording an audit checkpoint"))
}

/// A copy of the chain's head: after `entries` entries the last hash was `last_hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCheckpoint {
    pub at: DateTime<Utc>,
    pub entries: u64,
    pub last_hash: String,
}

/// Where a chain stops being what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry at `position` (1-based) does not follow from the one before: it was
    /// changed, or an entry between `after_id` and it was removed.
    Entry {
        position: u64,
        id: i64,
        at: String,
        actor: String,
        action: String,
        resource: String,
        after_id: Option<i64>,
    },
    /// The log holds `entries`, but `source` (the chain's head, or a checkpoint) counted
    /// `expected`: entries at the end were removed (or the head was rewritten).
    Length {
        entries: u64,
        expected: u64,
        source: String,
    },
    /// A checkpoint's hash differs from the chain's at its position, though every entry
    /// follows from the one before: the log was rewritten up to there, hashes included.
    Checkpoint { entries: u64, source: String },
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainBreak::Entry {
                position,
                id,
                at,
                actor,
                action,
                resource,
                after_id,
            } => {
                write!(
                    f,
                    "entry #{id} (number {position} in the chain; {at}, {actor}, {action} \
                     {resource}) does not follow from the entry before it: it was changed"
                )?;
                match after_id {
                    Some(before) => write!(f, ", or an entry after #{before} was removed"),
                    None => write!(f, ", or an entry before it was removed"),
                }
            }
            ChainBreak::Length {
                entries,
                expected,
                source,
            } => write!(
                f,
                "the log holds {entries} entries but {source} counted {expected}: entries at \
                 its end were removed, or the chain's head was rewritten"
            ),
            ChainBreak::Checkpoint { entries, source } => write!(
                f,
                "{source} does not match the chain after {entries} entries: the log was \
                 rewritten up to there, hashes included"
            ),
        }
    }
}

/// What verifying the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainVerification {
    pub entries: u64,
    /// Checkpoints compared (the store's and those given).
    pub checkpoints: usize,
    /// The first place the chain breaks; `None` when the log is as it was written.
    pub first_break: Option<ChainBreak>,
}

impl Store {
    /// Gives every entry written before the chain began (by a release without it) its
    /// hash, in id order, once: when the store opens, before anything is appended.
    pub(crate) async fn chain_unhashed_entries(&self) -> Result<(), StoreError> {
        let first: Option<Option<String>> =
            sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY id LIMIT 1")
                .fetch_optional(&self.pool)
                .await
                .map_err(StoreError::database("reading the audit log"))?;
        if !matches!(first, Some(None)) {
            return Ok(());
        }
        let mut transaction = self.begin_write().await?;
        let rows = sqlx::query(
            "SELECT id, at, actor, role, action, resource, detail, remote, request_id FROM audit_log \
             WHERE hash IS NULL ORDER BY id",
        )
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading the audit log"))?;
        let (_, mut previous) = lock_head(&mut transaction, rows.len() as u64).await?;
        for row in &rows {
            let r = RowReader::new(row, "audit_log");
            let (id, columns) = (r.int("id")?, Columns::read(&r)?);
            previous = columns.stored().hash(&previous);
            sqlx::query("UPDATE audit_log SET hash = $1 WHERE id = $2")
                .bind(previous.as_str())
                .bind(id)
                .execute(&mut *transaction)
                .await
                .map_err(StoreError::database("chaining the audit log"))?;
        }
        set_head(&mut transaction, &previous).await?;
        transaction
            .commit()
            .await
            .map_err(StoreError::database("chaining the audit log"))
    }

    /// Records the chain's head as a checkpoint, and returns it.
    pub async fn record_audit_checkpoint(&self) -> Result<AuditCheckpoint, StoreError> {
        let mut transaction = self.begin_write().await?;
        let (entries, last_hash) = lock_head(&mut transaction, 0).await?;
        let checkpoint = insert_checkpoint(&mut transaction, entries, last_hash).await?;
        commit_checkpoint(transaction).await?;
        Ok(checkpoint)
    }

    /// Records the chain's head as a checkpoint unless one was recorded in the `every`
    /// before `now` or the log has not grown since the last: of several processes asking
    /// at once, one records it (the head's lock orders them).
    pub async fn record_audit_checkpoint_when_due(
        &self,
        now: DateTime<Utc>,
        every: chrono::Duration,
    ) -> Result<Option<AuditCheckpoint>, StoreError> {
        let mut transaction = self.begin_write().await?;
        let (entries, last_hash) = lock_head(&mut transaction, 0).await?;
        let latest =
            sqlx::query("SELECT at, entries FROM audit_checkpoints ORDER BY id DESC LIMIT 1")
                .fetch_optional(&mut *transaction)
                .await
                .map_err(StoreError::database("reading the audit checkpoints"))?;
        if let Some(row) = latest {
            let r = RowReader::new(&row, "audit_checkpoints");
            if r.instant("at")? > now - every || r.count::<u64>("entries")? == entries {
                return Ok(None);
            }
        }
        let checkpoint = insert_checkpoint(&mut transaction, entries, last_hash).await?;
        commit_checkpoint(transaction).await?;
        Ok(Some(checkpoint))
    }

    /// The recorded checkpoints, oldest first.
    pub async fn audit_checkpoints(&self) -> Result<Vec<AuditCheckpoint>, StoreError> {
        let rows = sqlx::query("SELECT at, entries, last_hash FROM audit_checkpoints ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::database("reading the audit checkpoints"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "audit_checkpoints");
                Ok(AuditCheckpoint {
                    at: r.instant("at")?,
                    entries: r.count("entries")?,
                    last_hash: r.text("last_hash")?,
                })
            })
            .collect()
    }

    /// Walks the chain from its first entry and compares it with its head, the recorded
    /// checkpoints and `kept_elsewhere` (checkpoints exported earlier): the first place it
    /// breaks, if any.
    pub async fn verify_audit_chain(
        &self,
        kept_elsewhere: &[AuditCheckpoint],
    ) -> Result<ChainVerification, StoreError> {
        let head = sqlx::query("SELECT entries, last_hash FROM audit_chain WHERE singleton = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(StoreError::database("reading the audit log's chain"))?;
        let head = {
            let r = RowReader::new(&head, "audit_chain");
            (r.count("entries")?, r.text("last_hash")?)
        };
        // Position in the chain -> (hash, where the checkpoint came from).
        let mut expected: BTreeMap<u64, (String, String)> = BTreeMap::new();
        let recorded = self.audit_checkpoints().await?;
        for (checkpoint, source) in recorded
            .iter()
            .map(|c| (c, "the checkpoint recorded"))
            .chain(
                kept_elsewhere
                    .iter()
                    .map(|c| (c, "the checkpoint kept elsewhere")),
            )
        {
            expected.insert(
                checkpoint.entries,
                (
                    checkpoint.last_hash.clone(),
                    format!("{source} at {}", instant_text(checkpoint.at)),
                ),
            );
        }
        let checkpoints = recorded.len() + kept_elsewhere.len();
        let (mut previous, mut position, mut last_id) = (GENESIS.to_owned(), 0u64, None);
        let verified = |entries, first_break| ChainVerification {
            entries,
            checkpoints,
            first_break,
        };
        if let Some((hash, source)) = expected.get(&0) {
            if hash != GENESIS {
                return Ok(verified(
                    0,
                    Some(ChainBreak::Checkpoint {
                        entries: 0,
                        source: source.clone(),
                    }),
                ));
            }
        }
        loop {
            let rows = sqlx::query(
                "SELECT id, at, actor, role, action, resource, detail, remote, request_id, hash \
                 FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(last_id.unwrap_or(i64::MIN))
            .bind(PAGE)
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::database("reading the audit log"))?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let r = RowReader::new(row, "audit_log");
                let (id, columns) = (r.int("id")?, Columns::read(&r)?);
                position += 1;
                let hash = columns.stored().hash(&previous);
                if r.optional_text("hash")?.as_deref() != Some(hash.as_str()) {
                    return Ok(verified(
                        position,
                        Some(ChainBreak::Entry {
                            position,
                            id,
                            at: columns.at,
                            actor: columns.actor,
                            action: columns.action,
                            resource: columns.resource,
                            after_id: last_id,
                        }),
                    ));
                }
                if let Some((kept, source)) = expected.get(&position) {
                    if *kept != hash {
                        return Ok(verified(
                            position,
                            Some(ChainBreak::Checkpoint {
                                entries: position,
                                source: source.clone(),
                            }),
                        ));
                    }
                }
                previous = hash;
                last_id = Some(id);
            }
        }
        let longest_checkpoint = expected.range(position + 1..).next_back();
        let first_break = if head.0 != position {
            Some(ChainBreak::Length {
                entries: position,
                expected: head.0,
                source: "the chain's head".to_owned(),
            })
        } else if head.1 != previous {
            Some(ChainBreak::Checkpoint {
                entries: position,
                source: "the chain's head".to_owned(),
            })
        } else {
            longest_checkpoint.map(|(&entries, (_, source))| ChainBreak::Length {
                entries: position,
                expected: entries,
                source: source.clone(),
            })
        };
        Ok(verified(position, first_break))
    }
}

/// An entry's columns read back.
struct Columns {
    at: String,
    actor: String,
    role: String,
    action: String,
    resource: String,
    detail: String,
    remote: Option<String>,
    request_id: Option<String>,
}

impl Columns {
    fn read(r: &RowReader<'_>) -> Result<Columns, StoreError> {
        Ok(Columns {
            at: r.text("at")?,
            actor: r.text("actor")?,
            role: r.text("role")?,
            action: r.text("action")?,
            resource: r.text("resource")?,
            detail: r.text("detail")?,
            remote: r.optional_text("remote")?,
            request_id: r.optional_text("request_id")?,
        })
    }

    fn stored(&self) -> StoredEntry<'_> {
        StoredEntry {
            at: &self.at,
            actor: &self.actor,
            role: &self.role,
            action: &self.action,
            resource: &self.resource,
            detail: &self.detail,
            remote: self.remote.as_deref(),
            request_id: self.request_id.as_deref(),
        }
    }
}
