//! Bundles in and out: validate, import, list, generate.

use crate::{progress, source};
use anyhow::{bail, Context, Result};
use clap::Args;
use landa_app::Principal;
use landa_model::{Country, Role, Scenario};
use landa_store::{ImportMode, Location, Store};
use std::path::PathBuf;

#[derive(Args)]
pub struct ValidateArgs {
    /// Scenario bundle: a folder of CSV files with scenario.toml, or an .xlsx workbook.
    pub bundle: PathBuf,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Scenario bundle: a folder of CSV files with scenario.toml, or an .xlsx workbook.
    pub bundle: PathBuf,
    /// Replace a stored scenario of the same name instead of refusing; refused when the
    /// stored one has a history of its own (decisions registered, placement runs, answers).
    #[arg(long)]
    pub replace: bool,
    /// With --replace: discard that history too (the audit log keeps that it was).
    #[arg(long, requires = "replace")]
    pub discard_history: bool,
}

#[derive(Args)]
pub struct GenerateArgs {
    /// Country whose real municipalities to use: se (the 290 kommuner) or no (the 357
    /// kommuner of 2025, with their real population).
    #[arg(long, default_value = "se")]
    pub country: Country,
    /// Households in the batch to place.
    #[arg(long)]
    pub households: usize,
    /// Seed of the random draws: the same seed gives the same bundle.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Planning year [default: the generator's].
    #[arg(long)]
    pub year: Option<i32>,
    /// Share of municipalities each household is eligible in (0..1].
    #[arg(long)]
    pub eligible_share: Option<f64>,
    /// Leave out dwellings.csv.
    #[arg(long)]
    pub no_dwellings: bool,
    /// Add households' rankings (preferences.csv) and municipalities' priority groups
    /// (municipality_priorities.csv), drawn as the generator's README describes.
    #[arg(long)]
    pub preferences: bool,
    /// Leave out persons.csv.
    #[arg(long)]
    pub no_persons: bool,
    /// Also write a synthetic history of past placements with known true outcomes
    /// (docs/history-format.md) to this CSV file.
    #[arg(long, value_name = "FILE.csv")]
    pub history: Option<PathBuf>,
    /// Years of history before the planning year (with --history).
    #[arg(long, default_value_t = 4, requires = "history")]
    pub history_years: u32,
    /// Households placed in each year of history (with --history).
    #[arg(long, default_value_t = 3000, requires = "history")]
    pub history_households: usize,
    /// Folder to write the bundle into (created if missing).
    pub out_dir: PathBuf,
}

pub fn validate(args: &ValidateArgs) -> Result<()> {
    let scenario = source::read_bundle(&args.bundle)?;
    println!("{} is valid.", args.bundle.display());
    print_counts(&scenario);
    Ok(())
}

pub async fn import(args: &ImportArgs, location: &Location) -> Result<()> {
    let scenario = source::read_bundle(&args.bundle)?;
    let store = Store::open(location).await?;
    let mode = match (args.replace, args.discard_history) {
        (true, true) => ImportMode::ReplaceDiscardingHistory,
        (true, false) => ImportMode::Replace,
        _ => ImportMode::New,
    };
    let spinner = progress::Spinner::start(format!("storing in {}", store.engine()));
    let operator = Principal::local_operator(Role::National(scenario.meta.country));
    landa_app::scenarios::import_scenario(&store, &operator, &scenario, mode)
        .await
        .with_context(|| {
            format!(
                "importing {} into {}",
                args.bundle.display(),
                store.engine()
            )
        })?;
    spinner.finish();
    println!(
        "Imported scenario '{}' into {}.",
        scenario.meta.name,
        store.engine()
    );
    print_counts(&scenario);
    Ok(())
}

pub async fn scenarios(location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    let list = store.scenarios().await?;
    if list.is_empty() {
        println!(
            "No scenarios in {}. Try `landa demo` or `landa import <bundle>`.",
            store.engine()
        );
    }
    for summary in list {
        println!("{summary}");
    }
    Ok(())
}

pub fn generate(args: &GenerateArgs) -> Result<()> {
    let mut options = landa_generate::GenerateOptions {
        country: args.country,
        households: args.households,
        seed: args.seed,
        with_dwellings: !args.no_dwellings,
        with_preferences: args.preferences,
        with_persons: !args.no_persons,
        ..Default::default()
    };
    if let Some(year) = args.year {
        options.year = year;
    }
    if let Some(share) = args.eligible_share {
        if !(share > 0.0 && share <= 1.0) {
            bail!("--eligible-share must be in (0, 1], got {share}");
        }
        options.eligible_share = share;
    }
    let scenario = progress::step("generating", || landa_generate::generate(&options))?;
    progress::step(&format!("writing {}", args.out_dir.display()), || {
        landa_bundle::write_bundle(&scenario, &args.out_dir)
    })
    .with_context(|| format!("writing {}", args.out_dir.display()))?;
    println!(
        "Wrote synthetic scenario '{}' to {}.",
        scenario.meta.name,
        args.out_dir.display()
    );
    print_counts(&scenario);
    if let Some(path) = &args.history {
        write_history(&options, args, path)?;
    }
    Ok(())
}

/// The synthetic history that goes with the generated bundle (same municipalities and
/// outcome model).
fn write_history(
    options: &landa_generate::GenerateOptions,
    args: &GenerateArgs,
    path: &std::path::Path,
) -> Result<()> {
    let history_options = landa_generate::HistoryOptions {
        years: args.history_years,
        households_per_year: args.history_households,
    };
    let generated = progress::step("generating the history", || {
        landa_generate::generate_history(options, &history_options)
    })?;
    let history = &generated.history;
    progress::step(&format!("writing {}", path.display()), || {
        landa_bundle::write_history(history, path)
    })
    .with_context(|| format!("writing {}", path.display()))?;
    let first = options.year - args.history_years as i32;
    println!(
        "Wrote a synthetic history of {} households ({} persons) placed {first}-{} to {} ({} drawn households fitted nowhere within the capacities and are left out).",
        history.households.len(),
        history.persons(),
        options.year - 1,
        path.display(),
        generated.unplaced()
    );
    Ok(())
}

pub fn print_counts(scenario: &Scenario) {
    let persons: u32 = scenario.households.iter().map(|h| h.size()).sum();
    let minors = scenario
        .households
        .iter()
        .filter(|h| h.is_unaccompanied_minor())
        .count();
    println!(
        "  {} {} · {} regions · {} municipalities · {} households ({} persons, {} unaccompanied minors) · {} capacities · {} dwellings · {} scores · {} request rounds · {} decisions",
        scenario.meta.country,
        scenario.meta.year,
        scenario.regions.len(),
        scenario.municipalities.len(),
        scenario.households.len(),
        persons,
        minors,
        scenario.capacities.len(),
        scenario.dwellings.len(),
        scenario.scores.len(),
        scenario.request_rounds.len(),
        scenario.decisions.len(),
    );
    if !scenario.preferences.is_empty() || !scenario.priorities.is_empty() {
        println!(
            "  {} rankings of municipalities by {} households · {} priority groups of municipalities",
            scenario.preferences.len(),
            scenario
                .preferences
                .iter()
                .map(|p| &p.household)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            scenario.priorities.len()
        );
    }
}
