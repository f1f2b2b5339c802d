//! `landa quota`: the year's number over regions and municipalities, with each unit's breakdown.

use crate::source::{self, municipality_name, region_name};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use landa_app::Principal;
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_model::{
    Country, MunicipalRequest, MunicipalityCode, NaiveDate, RegionCode, RequestRound, Role,
    Scenario,
};
use landa_quota::{
    distribute_national, distribute_region, opt_in_by_decisions, units_from_scenario, Adjustment,
    Breakdown, Distribution, Method, NationalOptions, Options, Weights,
};
use landa_store::Location;
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum)]
pub enum MethodArg {
    /// Largest remainder.
    Hamilton,
    /// Divisor method with divisors 1, 3, 5 ...
    SainteLague,
}

#[derive(Args)]
pub struct QuotaArgs {
    /// Scenario bundle on disk, or the name of a scenario in the store.
    pub source: String,
    /// Persons to distribute: the national total, or the region's number with --region.
    #[arg(long)]
    pub total: u32,
    /// Unaccompanied minors to distribute (part of --total).
    #[arg(long, default_value_t = 0)]
    pub minors: u32,
    #[arg(long, value_enum, default_value = "hamilton")]
    pub method: MethodArg,
    /// Distribute the region's number over its municipalities only (as a county board does).
    #[arg(long)]
    pub region: Option<RegionCode>,
    /// Weights of population, labour market, reception, housing and, optionally,
    /// introduction results and school capacity, e.g. 0.4,0.3,0.3,0 (normalised; housing is
    /// weighed at the municipal step only) [default: the country's practice, Sweden
    /// 0.4,0.3,0.3,0, Norway (IMDi's criteria) 0.4,0.2,0,0,0.2,0.2].
    #[arg(long, value_delimiter = ',')]
    pub weights: Option<Vec<f64>>,
    /// Manual adjustment CODE=PERSONS:reason (repeatable): a 4-digit code fixes a municipality,
    /// a 2-digit code a region; the others are re-balanced so the total still holds.
    #[arg(long = "adjust", value_name = "CODE=PERSONS:REASON")]
    pub adjustments: Vec<String>,
    /// The fewest persons a municipality is asked for; one whose number would fall below
    /// is asked for none [default: 10 in Norway (IMDi's rule), 0 in Sweden].
    #[arg(long)]
    pub minimum: Option<u32>,
    /// Where to write the table (.csv or .xlsx).
    #[arg(long)]
    pub out: PathBuf,
    /// Also store the municipal numbers as this request round (anmodning) of the stored
    /// scenario; rounds are never overwritten, so give a new number for a revision.
    #[arg(long, requires = "sent_by")]
    pub publish_round: Option<u32>,
    /// Who sends the round, e.g. "Länsstyrelsen Dalarna" (with --publish-round).
    #[arg(long)]
    pub sent_by: Option<String>,
    /// Date the round is sent (YYYY-MM-DD) [default: today].
    #[arg(long)]
    pub sent_on: Option<NaiveDate>,
}

/// A parsed `--adjust`, for a region or a municipality.
enum ParsedAdjustment {
    Region(Adjustment<RegionCode>),
    Municipality(Adjustment<MunicipalityCode>),
}

fn parse_adjustment(text: &str) -> Result<ParsedAdjustment> {
    let expected =
        || format!("--adjust '{text}': expected CODE=PERSONS:reason, e.g. 0180=900:new housing");
    let (code, rest) = text.split_once('=').with_context(expected)?;
    let (value, reason) = rest.split_once(':').with_context(expected)?;
    let value: u32 = value.trim().parse().with_context(expected)?;
    let reason = reason.trim().to_owned();
    Ok(match code.trim().len() {
        2 => ParsedAdjustment::Region(Adjustment {
            key: code.parse()?,
            value,
            reason,
        }),
        _ => ParsedAdjustment::Municipality(Adjustment {
            key: code.parse()?,
            value,
            reason,
        }),
    })
}

fn weights(args: &QuotaArgs, country: Country) -> Result<Weights> {
    let given = |population: f64, labour_market: f64, reception: f64, housing: f64| Weights {
        population,
        labour_market,
        reception,
        housing,
        introduction_results: 0.0,
        school_capacity: 0.0,
    };
    Ok(match args.weights.as_deref() {
        None => Weights::for_country(country),
        Some(&[population, labour_market, reception, housing]) => {
            given(population, labour_market, reception, housing)
        }
        Some(&[population, labour_market, reception, housing, introduction, school]) => Weights {
            introduction_results: introduction,
            school_capacity: school,
            ..given(population, labour_market, reception, housing)
        },
        Some(other) => bail!("--weights takes four or six numbers, got {}", other.len()),
    })
}

pub async fn run(args: &QuotaArgs, location: &Location) -> Result<()> {
    let loaded = source::load(&args.source, location).await?;
    let scenario = &loaded.scenario;
    if args.publish_round.is_some() && loaded.store.is_none() {
        bail!("--publish-round stores a request round, so the source must be a scenario in the store (landa import it first)");
    }
    let method = match args.method {
        MethodArg::Hamilton => Method::Hamilton,
        MethodArg::SainteLague => Method::SainteLague,
    };
    let weights = weights(args, scenario.meta.country)?;
    let mut regional = Options::<RegionCode> {
        weights: Weights {
            housing: 0.0,
            ..weights
        },
        method,
        ..Default::default()
    };
    let practice = Options::<MunicipalityCode>::for_country(scenario.meta.country);
    let mut municipal = Options::<MunicipalityCode> {
        weights,
        method,
        minimum: args.minimum.unwrap_or(practice.minimum),
        ..practice
    };
    for text in &args.adjustments {
        match parse_adjustment(text)? {
            ParsedAdjustment::Region(adjustment) => regional.adjustments.push(adjustment),
            ParsedAdjustment::Municipality(adjustment) => municipal.adjustments.push(adjustment),
        }
    }
    let mut units = units_from_scenario(scenario);
    opt_in_by_decisions(&mut units, &scenario.decisions, scenario.meta.year);
    let mut requests = Vec::new();
    let table = match &args.region {
        Some(region) => {
            if !regional.adjustments.is_empty() {
                bail!("--adjust with a region code makes no sense with --region");
            }
            let municipalities = units.remove(region).with_context(|| {
                format!(
                    "region {region} is not in scenario '{}'",
                    scenario.meta.name
                )
            })?;
            let distribution =
                distribute_region(args.total, args.minors, &municipalities, &municipal)?;
            let mut table = quota_table(scenario);
            push_municipalities(&mut table, scenario, region, &distribution);
            requests.extend(municipal_requests(&distribution));
            table
        }
        None => {
            let national = distribute_national(
                args.total,
                args.minors,
                &units,
                &NationalOptions {
                    regional,
                    municipal,
                },
            )?;
            let mut table = quota_table(scenario);
            for allocation in &national.regional.allocations {
                let region = &allocation.key;
                let unit = UnitRow {
                    level: "region",
                    region,
                    code: region.as_str(),
                    name: region_name(scenario, region),
                };
                unit.push(
                    &mut table,
                    &allocation.persons,
                    &allocation.unaccompanied_minors,
                );
                if let Some(distribution) = national.municipal.get(region) {
                    push_municipalities(&mut table, scenario, region, distribution);
                    requests.extend(municipal_requests(distribution));
                }
            }
            table
        }
    };
    table
        .write_file(&args.out)
        .with_context(|| format!("writing {}", args.out.display()))?;
    let regions = table.rows.iter().filter(|row| row.emphasis).count();
    println!(
        "Distributed {} persons ({} unaccompanied minors) over {} regions and {} municipalities; wrote {}.",
        args.total,
        args.minors,
        if args.region.is_some() { 1 } else { regions },
        table.rows.len() - regions,
        args.out.display()
    );
    if let (Some(round), Some(store)) = (args.publish_round, &loaded.store) {
        let round = RequestRound {
            year: scenario.meta.year,
            round,
            sent_on: Some(
                args.sent_on
                    .unwrap_or_else(|| chrono::Local::now().date_naive()),
            ),
            sent_by: args.sent_by.clone().unwrap_or_default(),
            requests,
        };
        let operator = Principal::local_operator(Role::National(scenario.meta.country))
            .on_behalf_of(&round.sent_by);
        let round =
            landa_app::planning::publish_round(store, &operator, &scenario.meta.name, round)
                .await
                .context("publishing the request round")?;
        println!(
            "Published request round {} of {} to {} municipalities in scenario '{}'.",
            round.round,
            round.year,
            round.requests.len(),
            scenario.meta.name
        );
    }
    Ok(())
}

fn municipal_requests(
    distribution: &Distribution<MunicipalityCode>,
) -> impl Iterator<Item = MunicipalRequest> + '_ {
    distribution
        .allocations
        .iter()
        .map(|allocation| MunicipalRequest {
            municipality: allocation.key.clone(),
            persons: allocation.persons.rounded,
            unaccompanied_minors: allocation.unaccompanied_minors.rounded,
        })
}

fn quota_table(scenario: &Scenario) -> Table {
    let text = |name: &str| Column::new(name, ColumnKind::Text);
    let integer = |name: &str| Column::new(name, ColumnKind::Integer);
    let decimal = |name: &str| Column::new(name, ColumnKind::Decimal);
    Table::new(
        format!("Quotas {} {}", scenario.meta.country, scenario.meta.year),
        vec![
            text("level"),
            text("region_code"),
            text("code"),
            text("name"),
            integer("persons"),
            integer("unaccompanied_minors"),
            decimal("exact_persons"),
            decimal("population_part"),
            decimal("labour_market_part"),
            decimal("reception_part"),
            decimal("housing_part"),
            decimal("introduction_results_part"),
            decimal("school_capacity_part"),
            text("bound"),
            text("adjustment_reason"),
        ],
    )
}

fn push_municipalities(
    table: &mut Table,
    scenario: &Scenario,
    region: &RegionCode,
    distribution: &Distribution<MunicipalityCode>,
) {
    for allocation in &distribution.allocations {
        let code = &allocation.key;
        let unit = UnitRow {
            level: "municipality",
            region,
            code: code.as_str(),
            name: municipality_name(scenario, code),
        };
        unit.push(table, &allocation.persons, &allocation.unaccompanied_minors);
    }
}

/// The identifying columns of a row; regions are emphasised as subtotals.
struct UnitRow<'a> {
    level: &'static str,
    region: &'a RegionCode,
    code: &'a str,
    name: &'a str,
}

impl UnitRow<'_> {
    fn push(&self, table: &mut Table, persons: &Breakdown, minors: &Breakdown) {
        let bound = match (
            persons.floor_binding,
            persons.ceiling_binding,
            persons.below_minimum,
        ) {
            (true, ..) => "floor",
            (_, true, _) => "ceiling",
            (.., true) => "below minimum",
            _ => "",
        };
        let parts = persons.contributions;
        let cells: Vec<Cell> = vec![
            self.level.into(),
            self.region.as_str().into(),
            self.code.into(),
            self.name.into(),
            persons.rounded.into(),
            minors.rounded.into(),
            persons.exact.into(),
            parts.population.into(),
            parts.labour_market.into(),
            parts.reception.into(),
            parts.housing.into(),
            parts.introduction_results.into(),
            parts.school_capacity.into(),
            bound.into(),
            persons
                .adjustment
                .as_ref()
                .map(|adjustment| adjustment.reason.clone())
                .into(),
        ];
        if self.level == "region" {
            table.push_emphasised(cells);
        } else {
            table.push(cells);
        }
    }
}
