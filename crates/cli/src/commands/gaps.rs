//! `landa gaps`: requested, decided, placed and remaining per municipality, region and nation.

use crate::source::{self, municipality_name};
use anyhow::{Context, Result};
use clap::Args;
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_model::Scenario;
use landa_quota::{gap_report, GapReport, GapTotals};
use landa_store::Location;
use std::path::PathBuf;

#[derive(Args)]
pub struct GapsArgs {
    /// Scenario bundle on disk, or the name of a scenario in the store (then placements count too).
    pub source: String,
    /// Planning year [default: the scenario's].
    #[arg(long)]
    pub year: Option<i32>,
    /// Also write the table to this file (.csv or .xlsx).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub async fn run(args: &GapsArgs, location: &Location) -> Result<()> {
    let loaded = source::load(&args.source, location).await?;
    let scenario = &loaded.scenario;
    let placed = loaded.placed_persons().await?;
    let year = args.year.unwrap_or(scenario.meta.year);
    let report = gap_report(
        year,
        &scenario.regions,
        &scenario.municipalities,
        &scenario.request_rounds,
        &scenario.decisions,
        &placed,
    );
    let table = gap_table(&report, scenario);
    print!("{}", table.to_text());
    if report.nation.without_decision > 0 {
        println!(
            "{} municipalit{} without a registered decision (shown blank under decided).",
            report.nation.without_decision,
            if report.nation.without_decision == 1 {
                "y"
            } else {
                "ies"
            }
        );
    }
    if let Some(out) = &args.out {
        table
            .write_file(out)
            .with_context(|| format!("writing {}", out.display()))?;
        println!("Wrote {}.", out.display());
    }
    Ok(())
}

/// One row per municipality, then one per region and one for the nation (emphasised);
/// the `level` column tells them apart for programs reading the CSV.
pub fn gap_table(report: &GapReport, scenario: &Scenario) -> Table {
    let title = format!("{} {}", scenario.meta.name, report.year);
    let text = |name: &str| Column::new(name, ColumnKind::Text);
    let integer = |name: &str| Column::new(name, ColumnKind::Integer);
    let mut table = Table::new(
        format!("Gaps {title}"),
        vec![
            text("level"),
            text("region"),
            text("code"),
            text("name"),
            integer("requested"),
            integer("requested_minors"),
            integer("decided"),
            integer("decided_minors"),
            integer("placed"),
            integer("remaining"),
            integer("gap"),
            text("today"),
        ],
    );
    for row in &report.municipalities {
        let decided = row.decided;
        let cells: Vec<Cell> = vec![
            "municipality".into(),
            row.region.as_ref().map(|r| r.to_string()).into(),
            row.municipality.to_string().into(),
            municipality_name(scenario, &row.municipality).into(),
            row.requested.persons.into(),
            row.requested.unaccompanied_minors.into(),
            decided.map(|d| d.persons).into(),
            decided.map(|d| d.unaccompanied_minors).into(),
            row.placed.persons.into(),
            row.remaining.persons.into(),
            row.gap.persons.into(),
            // What a former municipality (Østfold 2015) is part of today.
            landa_model::today_of(scenario.meta.country, &row.municipality)
                .map(|change| format!("{} {}", change.today, change.today_name))
                .into(),
        ];
        table.push(cells);
    }
    for region in &report.regions {
        table.push_emphasised(totals_cells(
            "region",
            region.region.as_str(),
            region.name.as_deref().unwrap_or(""),
            &region.totals,
        ));
    }
    table.push_emphasised(totals_cells("nation", "", "Total", &report.nation));
    table
}

fn totals_cells(level: &str, code: &str, name: &str, totals: &GapTotals) -> Vec<Cell> {
    let count = |value: u64| Cell::Integer(value as i64);
    vec![
        level.into(),
        Cell::Empty,
        code.into(),
        name.into(),
        count(totals.requested.persons),
        count(totals.requested.unaccompanied_minors),
        count(totals.decided.persons),
        count(totals.decided.unaccompanied_minors),
        count(totals.placed.persons),
        count(totals.remaining.persons),
        totals.gap.persons.into(),
        Cell::Empty,
    ]
}
