//! `landa`: the command line over landa's library crates. Each subcommand parses its
//! arguments, calls one library function per step and prints what a person needs.

mod commands;
mod config;
mod logging;
mod mail;
mod progress;
mod source;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "landa",
    version,
    about = "Settlement of refugees from the state down to the municipality: distribute the \
             year's numbers, record decisions, place households, follow up.",
    long_about = None
)]
struct Cli {
    /// The configuration file (TOML; also LANDA_CONFIG). A flag beats its environment
    /// variable, which beats the file; `landa config check` prints what is in force.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Folder of the embedded SQLite store [default: ./landa-data; env: LANDA_DATA_DIR].
    /// Ignored when DATABASE_URL points at PostgreSQL (postgres://user@host/db).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a scenario bundle (folder or .xlsx) and list every error with file, row and column; writes nothing.
    Validate(commands::bundle::ValidateArgs),
    /// Validate a bundle and store it, all or nothing, in SQLite or PostgreSQL.
    Import(commands::bundle::ImportArgs),
    /// List the scenarios held in the store.
    Scenarios,
    /// Write a synthetic national scenario bundle on the real Swedish municipality list.
    Generate(commands::bundle::GenerateArgs),
    /// Distribute the year's number over regions and municipalities (länstal, kommuntal / anmodning).
    Quota(commands::quota::QuotaArgs),
    /// Record a municipality's formal decision (vedtak) as a new version; earlier versions stay.
    Decide(commands::decisions::DecideArgs),
    /// Show a municipality's request rounds and every version of its decisions.
    History(commands::decisions::HistoryArgs),
    /// Register households granted residence from a file (CSV or .xlsx) into a stored year, all or nothing.
    Intake(commands::intake::IntakeArgs),
    /// Set national's forecast of the year's arrivals from a file (CSV or .xlsx), whole or not at all.
    Forecast(commands::forecast::ForecastArgs),
    /// Report requested, decided, placed and remaining per municipality, region and nation.
    Gaps(commands::gaps::GapsArgs),
    /// Place households in municipalities and dwellings (anvisning / utsøking) and certify the result.
    Place(commands::place::PlaceArgs),
    /// Place a year's arrivals batch by batch and compare with the hindsight optimum.
    Simulate(commands::place::SimulateArgs),
    /// Outcome models: train one from past placements, report on it, score a scenario with it.
    Model(commands::outcome::ModelArgs),
    /// Estimate out of sample what placing by predicted outcomes would have gained, with intervals, by group.
    Backtest(commands::outcome::BacktestArgs),
    /// Serve the HTTP API (and web UI) over the store: SQLite by default, PostgreSQL with DATABASE_URL.
    Serve(commands::serve::ServeArgs),
    /// Accounts: add, disable, enable, issue or revoke API tokens, list.
    User(commands::user::UserArgs),
    /// Load the demo data and demo accounts into the store, then serve on 127.0.0.1:8080.
    Demo(commands::demo::DemoArgs),
    /// Agreements and their follow-up: validate, import, add values, list, write the yearly report.
    Agreement(commands::agreement::AgreementArgs),
    /// List what needs attention: agreements (expiry without revision, missing decisions, stale indicators, overdue actions) and this year's placement (no decision, unanswered proposals, long waits, empty dwellings).
    Remind(commands::remind::RemindArgs),
    /// Write a consistent copy of the live store to a file (SQLite or PostgreSQL), with a progress bar.
    Backup(commands::backup::BackupArgs),
    /// Restore a backup into a new data folder or an empty PostgreSQL database, and verify its audit log.
    Restore(commands::backup::RestoreArgs),
    /// The audit log's hash chain: verify it, record a checkpoint, export the checkpoints to keep elsewhere.
    Audit(commands::audit::AuditArgs),
    /// The configuration: check it and print what is in force, secrets masked.
    Config(commands::config::ConfigArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match config::Config::load(&cli.flags(), |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(errors) => {
            eprintln!(
                "error: the configuration has {} error{}:",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            for error in &errors {
                eprintln!("  {error}");
            }
            return ExitCode::from(2);
        }
    };
    logging::start(&config, matches!(cli.command, Command::Demo(_)));
    let location = config.location();
    let result = match cli.command {
        Command::Validate(args) => commands::bundle::validate(&args),
        Command::Import(args) => commands::bundle::import(&args, &location).await,
        Command::Scenarios => commands::bundle::scenarios(&location).await,
        Command::Generate(args) => commands::bundle::generate(&args),
        Command::Quota(args) => commands::quota::run(&args, &location).await,
        Command::Decide(args) => commands::decisions::decide(&args, &location).await,
        Command::Intake(args) => commands::intake::intake(&args, &location).await,
        Command::Forecast(args) => commands::forecast::forecast(&args, &location).await,
        Command::History(args) => commands::decisions::history(&args, &location).await,
        Command::Gaps(args) => commands::gaps::run(&args, &location).await,
        Command::Place(args) => commands::place::place(&args, &location).await,
        Command::Simulate(args) => commands::place::simulate(&args, &location).await,
        Command::Model(args) => commands::outcome::model(&args, &location).await,
        Command::Backtest(args) => commands::outcome::backtest(&args, &location).await,
        Command::Serve(_) => commands::serve::run(&config, &location).await,
        Command::User(args) => commands::user::run(&args, &location).await,
        Command::Demo(args) => commands::demo::run(&args, &config, &location).await,
        Command::Agreement(args) => commands::agreement::run(&args, &location).await,
        Command::Remind(args) => commands::remind::remind(&args, &location).await,
        Command::Backup(args) => commands::backup::backup(&args, &location).await,
        Command::Restore(args) => commands::backup::restore_from(&args, &location).await,
        Command::Audit(args) => commands::audit::run(&args, &location).await,
        Command::Config(args) => commands::config::run(&args, &config),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

impl Cli {
    /// The flags that the configuration file and environment may also set.
    fn flags(&self) -> config::Flags {
        let serve = match &self.command {
            Command::Serve(args) => Some(args),
            Command::Demo(args) => Some(&args.serve),
            _ => None,
        };
        config::Flags {
            config: self.config.clone(),
            data_dir: self.data_dir.clone(),
            bind: serve.and_then(|args| args.bind),
            secure_cookies: serve.is_some_and(|args| args.secure_cookies),
            session_hours: serve.and_then(|args| args.session_hours),
            job_poll_ms: serve.and_then(|args| args.job_poll_ms),
            job_lease_seconds: serve.and_then(|args| args.job_lease_seconds),
        }
    }
}
