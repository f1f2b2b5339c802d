//! Backups taken while writers run, restored into a new place: every write acknowledged
//! before the backup began is there, the audit chain is intact, and a restore never
//! goes over a store without being told to.

use crate::fixtures::sample_scenario;
use crate::setup;
use landa_store::{back_up, restore, AuditEntry, AuditFilter, ImportMode, Location, Store};
use landa_testing::{on_each_engine, TestDatabase};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Writers append entries until told to stop, each noting what was acknowledged.
struct Writers {
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<String>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Writers {
    fn start(store: &Store, count: usize) -> Writers {
        let stop = Arc::new(AtomicBool::new(false));
        let acknowledged = Arc::new(Mutex::new(Vec::new()));
        let tasks = (0..count)
            .map(|writer| {
                let (store, stop, acknowledged) =
                    (store.clone(), stop.clone(), acknowledged.clone());
                tokio::spawn(async move {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        let resource = format!("/writers/{writer}/{n}");
                        let entry = AuditEntry::system("writer", "create", &resource, "");
                        store.append_audit(&entry).await.unwrap();
                        acknowledged.lock().unwrap().push(resource);
                        n += 1;
                    }
                })
            })
            .collect();
        Writers {
            stop,
            acknowledged,
            tasks,
        }
    }

    fn so_far(&self) -> Vec<String> {
        self.acknowledged.lock().unwrap().clone()
    }

    async fn stop(self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        for task in self.tasks {
            task.await.unwrap();
        }
        self.acknowledged.lock().unwrap().len()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_writers_run_restores_every_write_acknowledged_before_it() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let scenario = sample_scenario("backed-up");
        store
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        let writers = Writers::start(&store, 2);
        while writers.so_far().len() < 20 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let before = writers.so_far();
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("landa.backup");
        let mut steps = Vec::new();
        back_up(&location, &file, |p| steps.push(p)).await.unwrap();
        let written = writers.stop().await;
        assert!(
            written > before.len(),
            "the writers went on during the backup"
        );
        assert_eq!(steps.last().map(|p| p.done), steps.last().map(|p| p.total));
        assert!(
            back_up(&location, &file, |_| {}).await.is_err(),
            "a backup never overwrites a file"
        );

        let (target, database) = match &location {
            Location::DataDir(_) => (Location::DataDir(folder.path().join("restored")), None),
            Location::Url(_) => {
                let database = TestDatabase::create().await.unwrap();
                (Location::Url(database.url.clone()), Some(database))
            }
        };
        let restored = restore(&target, &file, false, |_| {}).await.unwrap();
        let resources: std::collections::HashSet<String> = restored
            .audit_entries(&AuditFilter::default(), 10_000, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.resource)
            .collect();
        let missing: Vec<_> = before.iter().filter(|r| !resources.contains(*r)).collect();
        assert!(
            missing.is_empty(),
            "acknowledged before the backup, lost: {missing:?}"
        );
        assert_eq!(
            restored.verify_audit_chain(&[]).await.unwrap().first_break,
            None
        );
        assert_eq!(restored.load_scenario("backed-up").await.unwrap(), scenario);
        restored
            .append_audit(&AuditEntry::system("officer", "read", "/after", ""))
            .await
            .expect("the restored store takes writes");

        let again = restore(&target, &file, false, |_| {}).await;
        assert!(again.is_err(), "a restore never goes over a store unasked");
        drop(restored);
        if let Location::DataDir(dir) = &target {
            let replaced = restore(&target, &file, true, |_| {}).await.unwrap();
            let kept = dir.join(format!("{}.replaced", landa_store::SQLITE_FILE_NAME));
            assert!(kept.exists(), "the replaced store is kept beside");
            let after = AuditFilter {
                resource: Some("/after"),
                ..Default::default()
            };
            assert!(
                replaced
                    .audit_entries(&after, 10, 0)
                    .await
                    .unwrap()
                    .is_empty(),
                "what was written after the backup is not in it"
            );
        }
        if let Some(database) = database {
            database.drop().await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_file_that_is_no_backup_is_refused_and_nothing_is_written() {
    on_each_engine(|location| async move {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("notes.txt");
        std::fs::write(&file, "not a backup").unwrap();
        let target = match &location {
            Location::DataDir(_) => Location::DataDir(folder.path().join("restored")),
            Location::Url(url) => Location::Url(url.clone()),
        };
        let error = restore(&target, &file, false, |_| {}).await.unwrap_err();
        assert!(error.to_string().contains("notes.txt"), "{error}");
        if let Location::DataDir(dir) = &target {
            assert!(!dir.join(landa_store::SQLITE_FILE_NAME).exists());
        }
    })
    .await;
}
