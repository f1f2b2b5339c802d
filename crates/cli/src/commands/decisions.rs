//! `landa decide` and `landa history`: a municipality's formal decision (vedtak) recorded as
//! a new version, and the full history of requests and decisions behind its numbers.

use anyhow::{Context, Result};
use clap::Args;
use landa_app::Principal;
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_model::{DecidingBody, MunicipalDecision, MunicipalityCode, NaiveDate, Role};
use landa_store::{Location, Store};

#[derive(Args)]
pub struct DecideArgs {
    /// Name of a scenario in the store.
    pub scenario: String,
    /// The deciding municipality (4-digit code).
    #[arg(long)]
    pub municipality: MunicipalityCode,
    /// Persons the municipality will settle, unaccompanied minors included.
    #[arg(long)]
    pub persons: u32,
    /// How many of those may be unaccompanied minors.
    #[arg(long, default_value_t = 0)]
    pub minors: u32,
    /// municipal_council (kommunfullmäktige / kommunestyret), executive_board
    /// (kommunstyrelsen / formannskapet) or the name of another body.
    #[arg(long)]
    pub body: Option<DecidingBody>,
    /// Date of the decision (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Registration number (diarienummer / saksnummer).
    #[arg(long)]
    pub registration: Option<String>,
    /// Link to the minutes or decision document.
    #[arg(long)]
    pub document: Option<String>,
    /// Planning year [default: the scenario's].
    #[arg(long)]
    pub year: Option<i32>,
    /// Who records it, kept with the version.
    #[arg(long)]
    pub by: String,
}

#[derive(Args)]
pub struct HistoryArgs {
    /// Name of a scenario in the store.
    pub scenario: String,
    /// The municipality (4-digit code).
    #[arg(long)]
    pub municipality: MunicipalityCode,
}

pub async fn decide(args: &DecideArgs, location: &Location) -> Result<()> {
    if args.minors > args.persons {
        anyhow::bail!(
            "--minors {} is more than --persons {}: the decided number includes the minors",
            args.minors,
            args.persons
        );
    }
    let store = Store::open(location).await?;
    // Only the year and country: the store refuses a municipality the scenario does not have.
    let meta = store.scenario_meta(&args.scenario).await?;
    let decision = MunicipalDecision {
        year: args.year.unwrap_or(meta.year),
        municipality: args.municipality.clone(),
        persons: args.persons,
        unaccompanied_minors: args.minors,
        body: args.body.clone(),
        decided_on: args.date,
        registration_number: args.registration.clone(),
        document_url: args.document.clone(),
    };
    let operator = Principal::local_operator(Role::National(meta.country)).on_behalf_of(&args.by);
    let recorded = landa_app::planning::register_decision(
        &store,
        &operator,
        &args.scenario,
        decision,
        None,
        chrono::Local::now().date_naive(),
    )
    .await
    .context("recording the decision")?;
    println!(
        "Recorded the decision of {} for {} as version {}; earlier versions are kept.",
        args.municipality, recorded.decision.year, recorded.version
    );
    Ok(())
}

pub async fn history(args: &HistoryArgs, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    let rounds = store.request_rounds(&args.scenario).await?;
    let text = |name: &str| Column::new(name, ColumnKind::Text);
    let integer = |name: &str| Column::new(name, ColumnKind::Integer);
    let mut table = Table::new(
        format!("History of {} in {}", args.municipality, args.scenario),
        vec![
            text("what"),
            integer("year"),
            text("version"),
            text("date"),
            text("by"),
            integer("persons"),
            integer("minors"),
            text("body"),
            text("registration"),
        ],
    );
    for round in &rounds {
        for request in round
            .requests
            .iter()
            .filter(|request| request.municipality == args.municipality)
        {
            table.push(vec![
                "request".into(),
                i64::from(round.year).into(),
                format!("round {}", round.round).into(),
                round.sent_on.map(|day| day.to_string()).into(),
                round.sent_by.clone().into(),
                request.persons.into(),
                request.unaccompanied_minors.into(),
                Cell::Empty,
                Cell::Empty,
            ]);
        }
    }
    for version in store
        .decision_history(&args.scenario, &args.municipality)
        .await?
    {
        let decision = &version.decision;
        table.push(vec![
            "decision".into(),
            i64::from(decision.year).into(),
            format!("version {}", version.version).into(),
            decision.decided_on.map(|day| day.to_string()).into(),
            version.recorded_by.into(),
            decision.persons.into(),
            decision.unaccompanied_minors.into(),
            decision
                .body
                .as_ref()
                .map_or("none registered".to_owned(), ToString::to_string)
                .into(),
            decision.registration_number.clone().into(),
        ]);
    }
    print!("{}", table.to_text());
    Ok(())
}
