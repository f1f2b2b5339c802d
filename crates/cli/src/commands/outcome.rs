//! `landa model train|report|score` and `landa backtest`: outcome prediction from past
//! placements, and the honest back-test of what placing by it would have gained.

use crate::{progress, source};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_model::{History, Municipality, NaiveDate};
use landa_outcome::backtest::{
    backtest as run_backtest, BacktestOptions, BacktestReport, Estimate, ASSUMPTIONS,
};
use landa_outcome::{
    score_scenario, train, Dimension, FairPlacement, Fairness, FairnessRule, TrainOptions,
    TrainedModel,
};
use landa_placement::SolveOptions;
use landa_store::Location;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Args)]
pub struct ModelArgs {
    #[command(subcommand)]
    command: ModelCommand,
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Learn P(outcome | person, municipality) from a history of past placements; cross-validated and calibrated.
    Train(TrainArgs),
    /// Show a trained model: what it learned from, its out-of-fold metrics, reliability table and effects.
    Report(ReportArgs),
    /// Write a scenario's scores (each household's expected outcome in each municipality) from a model.
    Score(ScoreArgs),
}

#[derive(Args)]
struct TrainArgs {
    /// History of past placements: CSV, or a workbook whose first sheet is read.
    history: PathBuf,
    /// Bundle on disk or stored scenario whose municipalities (and their facts) the history names.
    #[arg(long)]
    geography: String,
    /// Where to write the model (JSON).
    #[arg(long)]
    out: PathBuf,
    /// The outcome to learn: an `outcome:<name>` column of the history.
    #[arg(long, default_value = "employed_2y")]
    outcome: String,
    /// Learn only from households placed on or before this day (keep later ones for a back-test).
    #[arg(long)]
    until: Option<NaiveDate>,
    /// Cross-validation folds (households kept whole).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Args)]
struct ReportArgs {
    /// A model written by `landa model train`.
    model: PathBuf,
    /// Also write the coefficients (.csv or .xlsx).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct ScoreArgs {
    /// Scenario bundle on disk, or the name of a scenario in the store (persons are needed).
    source: String,
    #[arg(long)]
    model: PathBuf,
    /// Where to write the scores [default: the bundle folder's scores.csv, so that `landa place` uses them].
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct BacktestArgs {
    /// History of past placements with outcomes (CSV or workbook).
    pub history: PathBuf,
    /// Bundle on disk or stored scenario whose municipalities the history names.
    #[arg(long)]
    pub geography: String,
    /// A model trained on the history up to a day (`landa model train --until`): the households placed after it are tested.
    #[arg(long)]
    pub model: PathBuf,
    /// Bootstrap replicates for the 95 % intervals.
    #[arg(long, default_value_t = 200)]
    pub replicates: usize,
    /// Seconds the optimiser may use.
    #[arg(long, default_value_t = 10.0)]
    pub time_limit: f64,
    /// A fairness rule every group must keep: `floor=0.2` (each group's expected share at least 20 %) or `loss-cap=0.01` (no group more than one point below the actual placement).
    #[arg(long)]
    pub fairness: Option<String>,
    /// The groups the fairness rule applies to: any of sex, age, household, origin.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "sex,age,household,origin"
    )]
    pub groups: Vec<String>,
    /// Also write the report: .json (everything), or .csv / .xlsx (the group table).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub async fn model(args: &ModelArgs, location: &Location) -> Result<()> {
    match &args.command {
        ModelCommand::Train(args) => train_model(args, location).await,
        ModelCommand::Report(args) => report(args),
        ModelCommand::Score(args) => score(args, location).await,
    }
}

async fn geography(source: &str, location: &Location) -> Result<Vec<Municipality>> {
    Ok(source::load(source, location)
        .await?
        .scenario
        .municipalities)
}

/// Reads a history against `municipalities`, printing every error with its place.
fn read_history(path: &Path, municipalities: &[Municipality]) -> Result<History> {
    source::read_checked(path, || landa_bundle::read_history(path, municipalities))
}

pub(crate) fn read_model(path: &Path) -> Result<TrainedModel> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a model written by `landa model train`",
            path.display()
        )
    })
}

fn print_metrics(model: &TrainedModel) {
    let m = &model.metrics;
    let u = &model.uncalibrated_metrics;
    println!(
        "Out of fold (households kept whole), calibrated: log-loss {:.4} (before calibration {:.4}), AUC {:.3}, Brier {:.4}, calibration error {:.4}.",
        m.log_loss,
        u.log_loss,
        m.auc,
        m.brier,
        m.calibration_error
    );
}

async fn train_model(args: &TrainArgs, location: &Location) -> Result<()> {
    let municipalities = geography(&args.geography, location).await?;
    let history = read_history(&args.history, &municipalities)?;
    let options = TrainOptions {
        outcome: args.outcome.clone(),
        until: args.until,
        folds: args.folds,
        seed: args.seed,
        ..TrainOptions::default()
    };
    let model = progress::step("training (cross-validated)", || {
        train(&history, &municipalities, &options)
    })?;
    let json = serde_json::to_string(&model)?;
    std::fs::write(&args.out, json).with_context(|| format!("writing {}", args.out.display()))?;
    let set = &model.trained_on;
    println!(
        "Learned {} from {} persons of working age in {} households placed {} to {} ({:.1} % positive); municipality shrinkage {} chosen by cross-validation.",
        model.outcome,
        set.persons,
        set.households,
        set.first_placed,
        set.last_placed,
        100.0 * set.positives as f64 / set.persons.max(1) as f64,
        model.shrinkage
    );
    print_metrics(&model);
    println!("Wrote {}.", args.out.display());
    Ok(())
}

fn report(args: &ReportArgs) -> Result<()> {
    let model = read_model(&args.model)?;
    let set = &model.trained_on;
    println!(
        "Model of {}: {} persons in {} households placed {} to {}{}.",
        model.outcome,
        set.persons,
        set.households,
        set.first_placed,
        set.last_placed,
        set.until
            .map(|u| format!(" (learned up to {u})"))
            .unwrap_or_default()
    );
    let mut trials = Table::new(
        "Cross-validation",
        vec![
            Column::new("municipality shrinkage", ColumnKind::Decimal),
            Column::new("log-loss", ColumnKind::Text),
        ],
    );
    for trial in &model.cross_validation {
        trials.push(vec![
            trial.shrinkage.into(),
            format!("{:.5}", trial.log_loss).into(),
        ]);
    }
    print!("{}", trials.to_text());
    print_metrics(&model);
    let mut reliability = Table::new(
        "Reliability (out of fold, calibrated)",
        vec![
            Column::new("predicted", ColumnKind::Text),
            Column::new("persons", ColumnKind::Integer),
            Column::new("mean predicted", ColumnKind::Percent),
            Column::new("observed", ColumnKind::Percent),
        ],
    );
    for bin in &model.reliability {
        reliability.push(vec![
            format!("{:.0}-{:.0} %", bin.from * 100.0, bin.to * 100.0).into(),
            Cell::Integer(bin.persons as i64),
            bin.mean_predicted.into(),
            bin.observed.into(),
        ]);
    }
    print!("{}", reliability.to_text());
    let offset = model.features.municipality_offset();
    print!("{}", coefficient_table(&model, offset).to_text());
    let mut effects: Vec<(f64, usize)> = model.coefficients[offset..]
        .iter()
        .copied()
        .zip(model.municipality_persons.iter().copied())
        .collect();
    effects.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "Municipality effects (shrunk): {} municipalities, from {:+.3} to {:+.3}.",
        effects.len(),
        effects.first().map_or(0.0, |e| e.0),
        effects.last().map_or(0.0, |e| e.0)
    );
    if let Some(path) = &args.out {
        coefficient_table(&model, model.coefficients.len())
            .write_file(path)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("Wrote {}.", path.display());
    }
    Ok(())
}

/// The first `count` coefficients (the person and municipal features come first, then
/// one effect per municipality) with their odds ratios.
fn coefficient_table(model: &TrainedModel, count: usize) -> Table {
    let mut table = Table::new(
        "Coefficients (log-odds)",
        vec![
            Column::new("feature", ColumnKind::Text),
            Column::new("coefficient", ColumnKind::Text),
            Column::new("odds ratio", ColumnKind::Decimal),
            Column::new("persons placed there", ColumnKind::Integer),
        ],
    );
    let offset = model.features.municipality_offset();
    for (j, (name, beta)) in model
        .features
        .names()
        .into_iter()
        .zip(&model.coefficients)
        .enumerate()
        .take(count)
    {
        table.push(vec![
            name.into(),
            format!("{beta:+.4}").into(),
            beta.exp().into(),
            j.checked_sub(offset)
                .and_then(|m| model.municipality_persons.get(m))
                .map(|&n| Cell::Integer(n as i64))
                .unwrap_or(Cell::Empty),
        ]);
    }
    table
}

async fn score(args: &ScoreArgs, location: &Location) -> Result<()> {
    let model = read_model(&args.model)?;
    let out = match &args.out {
        Some(out) => out.clone(),
        None if Path::new(&args.source).is_dir() => Path::new(&args.source).join("scores.csv"),
        None => bail!(
            "--out is needed: '{}' is no bundle folder to write scores.csv into",
            args.source
        ),
    };
    let loaded = source::load(&args.source, location).await?;
    let scores = progress::step("scoring", || score_scenario(&model, &loaded.scenario))?;
    let mut table = Table::new(
        "scores",
        vec![
            Column::new("household_id", ColumnKind::Text),
            Column::new("municipality_code", ColumnKind::Text),
            Column::new("score", ColumnKind::Decimal),
        ],
    );
    for s in &scores {
        table.push(vec![
            s.household.to_string().into(),
            s.municipality.to_string().into(),
            s.value().into(),
        ]);
    }
    table
        .write_file(&out)
        .with_context(|| format!("writing {}", out.display()))?;
    println!(
        "Scored {} households in {} pairs with the model of {}; wrote {}.",
        loaded.scenario.households.len(),
        scores.len(),
        model.outcome,
        out.display()
    );
    Ok(())
}

pub(crate) fn parse_fairness(rule: &str, groups: &[String]) -> Result<Fairness> {
    let (kind, value) = rule.split_once('=').with_context(|| {
        format!("--fairness takes floor=<share> or loss-cap=<share>, got '{rule}'")
    })?;
    let share: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| (0.0..=1.0).contains(v))
        .with_context(|| format!("--fairness: expected a share between 0 and 1, got '{value}'"))?;
    let rule = match kind.trim() {
        "floor" => FairnessRule::Floor(share),
        "loss-cap" => FairnessRule::LossCap(share),
        other => bail!("--fairness: expected floor or loss-cap, got '{other}'"),
    };
    let dimensions = groups
        .iter()
        .map(|g| {
            Dimension::parse(g).with_context(|| {
                format!("--groups: expected sex, age, household or origin, got '{g}'")
            })
        })
        .collect::<Result<_>>()?;
    Ok(Fairness { rule, dimensions })
}

fn points(e: &Estimate) -> String {
    format!(
        "{:+.1} ({:+.1} to {:+.1})",
        e.value * 100.0,
        e.low * 100.0,
        e.high * 100.0
    )
}

fn share(e: &Estimate) -> String {
    format!(
        "{:.1} % ({:.1}–{:.1})",
        e.value * 100.0,
        e.low * 100.0,
        e.high * 100.0
    )
}

fn group_table(report: &BacktestReport) -> Table {
    let text = |h: &str| Column::new(h, ColumnKind::Text);
    let mut columns = vec![
        text("group"),
        text("value"),
        Column::new("persons", ColumnKind::Integer),
        Column::new("observed, actual", ColumnKind::Percent),
        text("predicted, actual"),
        text("predicted, landa"),
        text("change, points"),
        text("verdict"),
    ];
    if report.fairness.is_some() {
        columns.push(text("predicted, landa with fairness"));
    }
    let mut table = Table::new("Back-test by group", columns);
    for row in &report.groups {
        let verdict = if row.change.low > 0.0 {
            "gains"
        } else if row.change.high < 0.0 {
            "loses"
        } else {
            "no clear change"
        };
        let mut cells = vec![
            row.dimension.name().into(),
            row.group.clone().into(),
            Cell::Integer(row.persons as i64),
            row.observed_actual.into(),
            share(&row.actual).into(),
            share(&row.optimal).into(),
            points(&row.change).into(),
            verdict.into(),
        ];
        if let Some(fair) = &row.fair {
            cells.push(share(fair).into());
        }
        table.push(cells);
    }
    table
}

pub async fn backtest(args: &BacktestArgs, location: &Location) -> Result<()> {
    let municipalities = geography(&args.geography, location).await?;
    let history = read_history(&args.history, &municipalities)?;
    let model = read_model(&args.model)?;
    let time_limit = Duration::try_from_secs_f64(args.time_limit)
        .ok()
        .filter(|d| !d.is_zero())
        .with_context(|| {
            format!(
                "--time-limit must be a positive number of seconds, got {}",
                args.time_limit
            )
        })?;
    let options = BacktestOptions {
        replicates: args.replicates,
        seed: args.seed,
        solve: SolveOptions {
            time_limit,
            seed: args.seed,
            ..SolveOptions::default()
        },
        fairness: args
            .fairness
            .as_deref()
            .map(|rule| parse_fairness(rule, &args.groups))
            .transpose()?,
    };
    let report = progress::step("back-testing", || {
        run_backtest(&model, &history, &municipalities, &options)
    })?;
    println!(
        "Back-test of {}: {} households placed after {} (the model's training end), {} persons of working age with an observed outcome.",
        report.outcome, report.tested_households, report.trained_until, report.tested_persons
    );
    let mut summary = Table::new(
        "Back-test",
        vec![
            Column::new("placement", ColumnKind::Text),
            Column::new(
                "share reaching the outcome (95 % interval)",
                ColumnKind::Text,
            ),
        ],
    );
    summary.push(vec![
        "actual, observed".into(),
        format!("{:.1} %", report.observed_actual * 100.0).into(),
    ]);
    summary.push(vec![
        "actual, predicted".into(),
        share(&report.actual).into(),
    ]);
    summary.push(vec![
        "greedy (arrival order, best with room)".into(),
        share(&report.greedy).into(),
    ]);
    summary.push(vec![
        "landa (optimal)".into(),
        share(&report.optimal).into(),
    ]);
    if let Some(fair) = &report.fairness {
        summary.push(vec!["landa with fairness".into(), share(&fair.fair).into()]);
    }
    print!("{}", summary.to_text());
    println!(
        "Gain of landa over the actual placement: {} points, {:+.1} % ({:+.1} to {:+.1}); optimiser gap {:.2} %, {} persons unplaced.",
        points(&report.gain),
        report.relative_gain.value * 100.0,
        report.relative_gain.low * 100.0,
        report.relative_gain.high * 100.0,
        report.optimiser_gap * 100.0,
        report.unplaced_persons
    );
    if let Some(fair) = &report.fairness {
        println!(
            "{}; its price {} points.",
            describe_fairness(&fair.placement),
            points(&fair.price)
        );
        print!("{}", fairness_table(&fair.placement).to_text());
    }
    let groups = group_table(&report);
    print!("{}", groups.to_text());
    println!("Assumptions ({} bootstrap replicates):", report.replicates);
    for assumption in ASSUMPTIONS {
        println!("  - {assumption}");
    }
    if let Some(path) = &args.out {
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::write(path, serde_json::to_string_pretty(&report_json(&report))?)
                .with_context(|| format!("writing {}", path.display()))?;
        } else {
            groups
                .write_file(path)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        println!("Wrote {}.", path.display());
    }
    Ok(())
}

pub(crate) fn rule_text(rule: FairnessRule) -> String {
    match rule {
        FairnessRule::Floor(share) => format!("every group at least {:.1} %", share * 100.0),
        FairnessRule::LossCap(cap) => format!(
            "no group more than {:.1} points below the baseline",
            cap * 100.0
        ),
    }
}

/// "Fairness: <rule> over <dimensions>: met for every group".
pub(crate) fn describe_fairness(fair: &FairPlacement) -> String {
    format!(
        "Fairness: {} over {}: {}",
        rule_text(fair.rule),
        fair.dimensions
            .iter()
            .map(|d| d.name())
            .collect::<Vec<_>>()
            .join(", "),
        if fair.solution.floors_met {
            "met for every group"
        } else {
            "not met for every group (the closest placement found is used)"
        }
    )
}

/// Each fairness group's share reaching the outcome under greedy, unconstrained and fair
/// placement, and its floor.
pub(crate) fn fairness_table(fair: &FairPlacement) -> Table {
    let percent = |h: &str| Column::new(h, ColumnKind::Percent);
    let mut table = Table::new(
        "Fairness by group (predicted share reaching the outcome)",
        vec![
            Column::new("group", ColumnKind::Text),
            Column::new("persons", ColumnKind::Integer),
            percent("floor"),
            percent("baseline"),
            percent("landa"),
            percent("landa with fairness"),
        ],
    );
    for g in &fair.groups {
        table.push(vec![
            g.name.clone().into(),
            Cell::Integer(g.persons as i64),
            g.floor.into(),
            g.baseline.into(),
            g.unconstrained.into(),
            g.fair.into(),
        ]);
    }
    table
}

fn estimate_json(e: &Estimate) -> serde_json::Value {
    serde_json::json!({ "value": e.value, "low": e.low, "high": e.high })
}

/// The report as JSON: the CLI's edge, so the library's types stay free of a format.
fn report_json(report: &BacktestReport) -> serde_json::Value {
    serde_json::json!({
        "outcome": report.outcome,
        "trained_until": report.trained_until.to_string(),
        "tested_households": report.tested_households,
        "tested_persons": report.tested_persons,
        "observed_actual": report.observed_actual,
        "predicted_actual": estimate_json(&report.actual),
        "predicted_greedy": estimate_json(&report.greedy),
        "predicted_landa": estimate_json(&report.optimal),
        "gain_points": estimate_json(&report.gain),
        "relative_gain": estimate_json(&report.relative_gain),
        "unplaced_persons": report.unplaced_persons,
        "optimiser_gap": report.optimiser_gap,
        "replicates": report.replicates,
        "groups": report.groups.iter().map(|g| serde_json::json!({
            "dimension": g.dimension.name(),
            "group": g.group,
            "persons": g.persons,
            "observed_actual": g.observed_actual,
            "predicted_actual": estimate_json(&g.actual),
            "predicted_landa": estimate_json(&g.optimal),
            "change": estimate_json(&g.change),
            "predicted_fair": g.fair.as_ref().map(estimate_json),
        })).collect::<Vec<_>>(),
        "fairness": report.fairness.as_ref().map(|f| serde_json::json!({
            "rule": rule_text(f.placement.rule),
            "dimensions": f.placement.dimensions.iter().map(|d| d.name()).collect::<Vec<_>>(),
            "floors_met": f.floors_met,
            "predicted": estimate_json(&f.fair),
            "price_points": estimate_json(&f.price),
            "rounds": f.placement.solution.rounds,
            "groups": f.placement.groups.iter().map(|g| serde_json::json!({
                "group": g.name, "persons": g.persons, "floor": g.floor,
                "baseline": g.baseline, "unconstrained": g.unconstrained, "fair": g.fair,
            })).collect::<Vec<_>>(),
        })),
        "assumptions": ASSUMPTIONS,
    })
}
