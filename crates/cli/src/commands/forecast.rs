//! `landa forecast`: national's forecast of the year's arrivals set from a file (CSV as
//! Excel writes it, or an .xlsx workbook), whole or not at all.

use crate::source;
use anyhow::{Context, Result};
use clap::Args;
use landa_app::forecast::set_forecast_file;
use landa_app::intake::IntakeFileError;
use landa_app::Principal;
use landa_model::Role;
use landa_store::{Location, Store};
use std::path::PathBuf;

#[derive(Args)]
pub struct ForecastArgs {
    /// Name of a scenario in the store: the planning year forecast.
    pub scenario: String,
    /// Columns period_start, period_end, intake_category, household_type, households,
    /// persons; one row per week or month, category and household type.
    pub file: PathBuf,
    /// Who sets it, kept in the audit log.
    #[arg(long)]
    pub by: String,
}

pub async fn forecast(args: &ForecastArgs, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    let meta = store.scenario_meta(&args.scenario).await?;
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("reading {name}"))?;
    let rows = source::read_checked(&args.file, || {
        landa_bundle::read_forecast_bytes(&name, &bytes)
    })?;
    let operator = Principal::local_operator(Role::National(meta.country)).on_behalf_of(&args.by);
    match set_forecast_file(&store, &operator, &args.scenario, &name, &rows, None).await {
        Ok(periods) => {
            let households: u32 = periods.iter().map(|p| p.households()).sum();
            println!(
                "Set the forecast of '{}': {} rows, {households} households expected.",
                args.scenario,
                periods.len()
            );
            Ok(())
        }
        Err(IntakeFileError::File(errors)) => source::refuse(&args.file, &errors),
        Err(IntakeFileError::Refused(error)) => Err(error).context(format!("setting {name}")),
    }
}
