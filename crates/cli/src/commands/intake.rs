//! `landa intake`: households granted residence registered into a stored year from a file
//! (a households CSV with its persons.csv beside it, or an .xlsx workbook), all or nothing.

use crate::source;
use anyhow::{Context, Result};
use clap::Args;
use landa_app::intake::{register_intake_file, IntakeFileError};
use landa_app::Principal;
use landa_model::Role;
use landa_store::{Location, Store};
use std::path::PathBuf;

#[derive(Args)]
pub struct IntakeArgs {
    /// Name of a scenario in the store: the planning year the households join.
    pub scenario: String,
    /// A households CSV (the columns of a bundle's households.csv; persons.csv beside it is
    /// read too) or an .xlsx workbook with the sheets households and persons.
    pub file: PathBuf,
    /// Who registers them, kept with each household's history.
    #[arg(long)]
    pub by: String,
}

pub async fn intake(args: &IntakeArgs, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    let meta = store.scenario_meta(&args.scenario).await?;
    let municipalities = store.municipalities(&args.scenario).await?;
    let batch = source::read_checked(&args.file, || {
        landa_bundle::read_intake(&args.file, &municipalities)
    })?;
    let operator = Principal::local_operator(Role::National(meta.country)).on_behalf_of(&args.by);
    match register_intake_file(&store, &operator, &args.scenario, &batch).await {
        Ok(registered) => {
            println!(
                "Registered {registered} households with {} persons in '{}'; they wait for the next run.",
                batch.persons.len(),
                args.scenario
            );
            Ok(())
        }
        Err(IntakeFileError::File(errors)) => source::refuse(&args.file, &errors),
        Err(IntakeFileError::Refused(error)) => {
            Err(error).context(format!("registering {}", args.file.display()))
        }
    }
}
