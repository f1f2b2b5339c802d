//! `landa place --mechanism`: placement that honours households' rankings
//! (preferences.csv) by one of the engine's three mechanisms, with what it did for them.

use crate::progress;
use anyhow::{anyhow, bail, Result};
use clap::{Args, ValueEnum};
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_model::Mechanism;
use landa_placement::preferences::{frontier, place_with, PreferenceReport, Preferences};
use landa_placement::{Problem, Solution, SolveOptions};

#[derive(Clone, Copy, ValueEnum)]
pub enum MechanismArg {
    /// Outcome + λ × satisfaction (a k-th choice satisfies 1/k).
    Weighted,
    /// Preferences as far as the predicted outcome stays at least --outcome-share of the optimum.
    MinimumOutcome,
    /// No justified envy: municipalities take households by their priorities, then waiting time.
    Stable,
}

#[derive(Args)]
pub struct MechanismArgs {
    /// Honour the households' rankings (preferences.csv) by this mechanism.
    /// With --fairness weighted or minimum-outcome: the group floors are priced on their
    /// weighted placements.
    #[arg(long, value_enum, conflicts_with_all = ["reserve", "balance"])]
    pub mechanism: Option<MechanismArg>,
    /// With --mechanism weighted: the weight λ of satisfaction against the outcome.
    #[arg(long, default_value_t = 0.5)]
    pub lambda: f64,
    /// With --mechanism minimum-outcome: the share of the outcome-optimal placement's
    /// predicted outcome the placement keeps.
    #[arg(long, default_value_t = 0.98)]
    pub outcome_share: f64,
    /// With --mechanism weighted: also print the frontier at these λ (e.g. 0,0.1,0.5,2).
    #[arg(long, value_delimiter = ',')]
    pub frontier: Vec<f64>,
}

/// Places by the chosen mechanism and prints what it did for preferences and outcome.
pub fn place(
    args: &MechanismArgs,
    mechanism: MechanismArg,
    problem: &Problem,
    preferences: &Preferences,
    options: &SolveOptions,
) -> Result<Solution> {
    let chosen = check_mechanism(args, mechanism, preferences)?;
    if let Some(bad) = args.frontier.iter().find(|l| !l.is_finite() || **l < 0.0) {
        bail!("--frontier takes weights 0 or more, got {bad}");
    }
    let placed = progress::step(&format!("placing ({chosen})"), || {
        place_with(chosen, problem, preferences, options)
    });
    println!(
        "{}; {} blocking pairs (a household and a municipality that would both rather be together, the municipality by its priorities).",
        placed.certificate, placed.blocking_pairs
    );
    let solution = placed.solution;
    let report = PreferenceReport::of(problem, preferences, &solution);
    print!(
        "{}",
        report_table(&[("placement".to_owned(), report)]).to_text()
    );
    if matches!(mechanism, MechanismArg::Weighted) && !args.frontier.is_empty() {
        let points = progress::step("tracing the frontier", || {
            frontier(problem, preferences, &args.frontier, options)
        });
        let rows: Vec<(String, PreferenceReport)> = points
            .into_iter()
            .map(|p| (format!("λ = {}", p.lambda), p.report))
            .collect();
        print!("{}", report_table(&rows).to_text());
    }
    Ok(solution)
}

fn refuse_without_rankings(preferences: &Preferences) -> Result<()> {
    if !preferences.any() {
        bail!("--mechanism: no household in this batch ranks a municipality (preferences.csv and household_preferences.csv are empty or name other households)");
    }
    Ok(())
}

/// The mechanism the flags choose, checked: some household ranks, and its parameter is
/// in range (named by its flag).
pub fn check_mechanism(
    args: &MechanismArgs,
    mechanism: MechanismArg,
    preferences: &Preferences,
) -> Result<Mechanism> {
    refuse_without_rankings(preferences)?;
    let (chosen, flag) = match mechanism {
        MechanismArg::Weighted => (Mechanism::new("weighted", Some(args.lambda)), "--lambda"),
        MechanismArg::MinimumOutcome => (
            Mechanism::new("minimum_outcome", Some(args.outcome_share)),
            "--outcome-share",
        ),
        MechanismArg::Stable => (Mechanism::new("stable", None), "--mechanism"),
    };
    chosen.map_err(|error| anyhow!("{flag}: {error}"))
}

/// Persons placed, predicted outcome, mean choice, first and top-3 shares per row.
pub fn report_table(rows: &[(String, PreferenceReport)]) -> Table {
    let mut table = Table::new(
        "Preferences",
        vec![
            Column::new("placement", ColumnKind::Text),
            Column::new("persons placed", ColumnKind::Integer),
            Column::new("predicted outcome", ColumnKind::Decimal),
            Column::new("mean choice", ColumnKind::Decimal),
            Column::new("1st choice", ColumnKind::Percent),
            Column::new("top 3", ColumnKind::Percent),
        ],
    );
    for (name, report) in rows {
        table.push(vec![
            name.as_str().into(),
            Cell::Integer(report.persons_placed as i64),
            report.outcome.into(),
            report.mean_choice.into(),
            report.first_share().into(),
            report.top_three_share().into(),
        ]);
    }
    table
}
