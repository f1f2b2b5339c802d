//! End-to-end tests of the `landa` binary: each runs the real executable on real files,
//! against SQLite and, when reachable, a fresh PostgreSQL database.

mod accounts;
mod agreements;
mod audit;
mod config;
mod demo;
mod durability;
mod flows;
mod intake;
mod jobs;
mod mail;
mod malformed;
mod outcomes;
mod planning;

use landa_store::Location;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `landa` binary pointed at one store.
pub struct Landa {
    location: Location,
}

/// What a run printed.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Landa {
    pub fn at(location: &Location) -> Landa {
        Landa {
            location: location.clone(),
        }
    }

    /// Runs `landa <args>` and returns what it printed, whatever its exit status.
    pub fn run(&self, args: &[&str]) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = self.command().args(args).output().expect("landa runs");
        Run {
            success: status.success(),
            stdout: String::from_utf8(stdout).expect("UTF-8 output"),
            stderr: String::from_utf8(stderr).expect("UTF-8 errors"),
        }
    }

    /// The `landa` command pointed at this store, to add arguments to.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_landa"));
        command
            .env_remove("DATABASE_URL")
            .env_remove("LANDA_DATA_DIR")
            .env_remove("LANDA_CONFIG");
        match &self.location {
            Location::DataDir(dir) => {
                command.arg("--data-dir").arg(dir);
            }
            Location::Url(url) => {
                command.env("DATABASE_URL", url);
            }
        }
        command
    }

    /// Runs `landa <args>`, fails the test unless it succeeds, and returns its output.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert!(
            run.success,
            "landa {} failed:\n{}\n{}",
            args.join(" "),
            run.stdout,
            run.stderr
        );
        run.stdout
    }
}

/// A folder of the repository's data/ tree.
pub fn data(relative: &str) -> String {
    repository()
        .join("data")
        .join(relative)
        .display()
        .to_string()
}

/// A bundle fixture of the bundle crate's tests.
pub fn fixture(name: &str) -> PathBuf {
    repository().join("crates/bundle/tests/fixtures").join(name)
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The rows of a CSV file as maps from header to value.
pub fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("a readable CSV file");
    let headers = reader.headers().expect("a header row").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a well-formed row");
            headers
                .iter()
                .zip(record.iter())
                .map(|(header, value)| (header.to_owned(), value.to_owned()))
                .collect()
        })
        .collect()
}
