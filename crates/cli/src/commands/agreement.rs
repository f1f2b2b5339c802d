//! `landa agreement validate|import|values|list|report`: agreements and their follow-up
//! (samverkan och uppföljning); `landa remind` (remind.rs) lists their reminders.

use anyhow::{bail, Context, Result};
use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};
use landa_app::followup::with_planning_data;
use landa_app::Principal;
use landa_followup::{follow_up_report, read_agreement, read_values, render_html, Agreement, Lang};
use landa_model::{Country, Role};
use landa_store::{Location, Store, StoreError};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct AgreementArgs {
    #[command(subcommand)]
    pub command: AgreementCommand,
}

#[derive(Subcommand)]
pub enum AgreementCommand {
    /// Check agreement files (docs/agreement-format.md) and list every error; writes nothing.
    Validate { files: Vec<PathBuf> },
    /// Store agreement files, each as a new version of its agreement (earlier versions stay).
    Import {
        files: Vec<PathBuf>,
        /// Why this version, kept with it.
        #[arg(long, default_value = "imported from file")]
        note: String,
        /// Who saves it, for the version history.
        #[arg(long, default_value = "command line")]
        by: String,
    },
    /// Add measured indicator values from CSV or Excel (.xlsx, first sheet): indicator,date,value[,source,note]; a new version.
    Values {
        agreement: String,
        file: PathBuf,
        #[arg(long, default_value = "command line")]
        by: String,
    },
    /// List the stored agreements with their version and validity.
    List,
    /// Write an agreement's yearly follow-up report as print-ready HTML (.html) or data (.json).
    Report {
        agreement: String,
        /// The year followed up [default: this year, or the year after the agreement ended].
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        out: PathBuf,
        /// The language of its headings, findings and status words: en, sv, nb or nn.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
}

/// Reads and checks an agreement file, printing every error.
pub fn read_file(path: &Path) -> Result<Agreement> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {name}"))?;
    read_agreement(&name, &text).or_else(|errors| {
        for error in &errors {
            eprintln!("{error}");
        }
        bail!("{name} has {} error(s); nothing was written", errors.len())
    })
}

pub async fn run(args: &AgreementArgs, location: &Location) -> Result<()> {
    match &args.command {
        AgreementCommand::Validate { files } => {
            for file in files {
                let agreement = read_file(file)?;
                println!(
                    "{} is valid: {} parties, {} goals, {} indicators, {} values.",
                    file.display(),
                    agreement.parties.len(),
                    agreement.goals.len(),
                    agreement.indicators.len(),
                    agreement.values.len()
                );
            }
        }
        AgreementCommand::Import { files, note, by } => {
            // Every file is checked before any is stored.
            let agreements = files
                .iter()
                .map(|f| read_file(f))
                .collect::<Result<Vec<_>>>()?;
            let store = Store::open(location).await?;
            for agreement in &agreements {
                let current = match store.agreement(&agreement.id, None).await {
                    Ok((_, version)) => version,
                    Err(StoreError::NotFound(_)) => 0,
                    Err(other) => return Err(other.into()),
                };
                let version = landa_app::agreements::save_agreement(
                    &store,
                    &operator_for(agreement)?.on_behalf_of(by),
                    agreement,
                    note,
                    current,
                )
                .await?;
                println!("Stored {} as version {version}.", agreement.id);
            }
        }
        AgreementCommand::Values {
            agreement,
            file,
            by,
        } => {
            let store = Store::open(location).await?;
            let (mut current, version) = store.agreement(agreement, None).await?;
            let name = file.display().to_string();
            let text = if file.extension().is_some_and(|e| e == "xlsx") {
                landa_bundle::first_sheet_as_csv(file).map_err(anyhow::Error::msg)?
            } else {
                std::fs::read_to_string(file).with_context(|| format!("reading {name}"))?
            };
            let values = read_values(&name, &text, &current).or_else(|errors| {
                for error in &errors {
                    eprintln!("{error}");
                }
                bail!("{name} has {} error(s); nothing was written", errors.len())
            })?;
            let count = values.len();
            current.values.extend(values);
            let saved = landa_app::agreements::save_agreement(
                &store,
                &operator_for(&current)?.on_behalf_of(by),
                &current,
                &format!("{count} values from {name}"),
                version,
            )
            .await?;
            println!("Added {count} values to {agreement} (version {saved}).");
        }
        AgreementCommand::List => {
            let store = Store::open(location).await?;
            for (a, version) in store.agreements().await? {
                println!(
                    "{:<28} v{version:<3} {} – {}  {}",
                    a.id, a.valid_from, a.valid_until, a.title
                );
            }
        }
        AgreementCommand::Report {
            agreement,
            year,
            out,
            lang,
        } => {
            let store = Store::open(location).await?;
            let (agreement, _) = store.agreement(agreement, None).await?;
            let agreement = with_planning_data(&store, &agreement).await?;
            let today = chrono::Local::now().date_naive();
            let year = year.unwrap_or_else(|| default_year(&agreement, today));
            let report = follow_up_report(&agreement, year, today, *lang);
            let text = match out.extension().and_then(|e| e.to_str()) {
                Some("json") => serde_json::to_string_pretty(&report)?,
                Some("html") | Some("htm") => render_html(&report),
                _ => bail!("--out must end in .html or .json, got {}", out.display()),
            };
            std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
            for finding in &report.findings {
                println!("- {finding}");
            }
            println!(
                "Wrote the {year} follow-up of {} to {}.",
                agreement.id,
                out.display()
            );
        }
    }
    Ok(())
}

pub(crate) fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| format!("expected en, sv, nb or nn, got {code:?}"))
}

/// This year, or for an agreement that has ended the year after it ended, when its
/// expiry is the news.
pub fn default_year(agreement: &Agreement, today: NaiveDate) -> i32 {
    today.year().min(agreement.valid_until.0.year() + 1)
}

/// The local operator, acting as national of the agreement's country.
pub fn operator_for(agreement: &Agreement) -> Result<Principal> {
    let country: Country = agreement
        .country
        .parse()
        .map_err(|e| anyhow::anyhow!("agreement {}: {e}", agreement.id))?;
    Ok(Principal::local_operator(Role::National(country)))
}
