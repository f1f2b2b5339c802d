//! `landa demo`: the embedded store with every demo data set loaded, ready to explore.

use crate::commands::serve::{self, ServeArgs};
use crate::commands::{agreement, user};
use crate::config::Config;
use crate::{progress, source};
use anyhow::{Context, Result};
use clap::Args;
use landa_app::{AppError, Principal};
use landa_model::{Country, Role};
use landa_store::{AuditEntry, ImportMode, Location, Store};
use std::path::PathBuf;

#[derive(Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Load the demo data and accounts, then exit instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

/// Password of every demo account: a demo on a laptop, never a deployment.
pub const DEMO_PASSWORD: &str = "landa-demo-2026";

/// One account per role, with a jurisdiction in the Swedish demo (Dalarna, Falun,
/// Borlänge) and in the Norwegian: today's Østfold (county 31: the statsforvalter,
/// Indre Østfold, Fredrikstad) in the national Norwegian year, and the Østfold of 2015-2016
/// (county 01, Halden 0101: then Fylkesmannen) in the seed's years, and Voss, which writes
/// nynorsk, so that own and
/// other jurisdiction can be tried; the housing company offers homes in Falun. The
/// partner is the employment service, a party to "Vägen in"
/// (data/agreements/vagen-in.toml names the account on its party).
const DEMO_ACCOUNTS: [(&str, &str, &str); 16] = [
    (
        "nationell",
        "national:SE",
        "Migrationsverket (national, Sweden)",
    ),
    // A run is approved by another officer than the one who started it.
    (
        "nationell-2",
        "national:SE",
        "Migrationsverket, second officer (approves runs)",
    ),
    ("imdi", "national:NO", "IMDi (national, Norway)"),
    (
        "imdi-2",
        "national:NO",
        "IMDi, second officer (approves runs)",
    ),
    (
        "lansstyrelsen-dalarna",
        "region:SE:20",
        "Länsstyrelsen Dalarna (region)",
    ),
    (
        "falun",
        "municipality:SE:2080",
        "Falu kommun (municipality)",
    ),
    (
        "borlange",
        "municipality:SE:2081",
        "Borlänge kommun (municipality)",
    ),
    (
        "statsforvalteren-ostfold",
        "region:NO:31",
        "Statsforvalteren i Østfold (region, today's county 31)",
    ),
    (
        "indre-ostfold",
        "municipality:NO:3118",
        "Indre Østfold kommune (municipality)",
    ),
    (
        "fredrikstad",
        "municipality:NO:3107",
        "Fredrikstad kommune (municipality)",
    ),
    (
        "voss",
        "municipality:NO:4621",
        "Voss herad (municipality, writes nynorsk)",
    ),
    (
        "fylkesmannen-ostfold",
        "region:NO:01",
        "Fylkesmannen i Østfold (region, county 01 of 2015-2016)",
    ),
    (
        "halden",
        "municipality:NO:0101",
        "Halden kommune (municipality, 2015-2016 code)",
    ),
    (
        "arbetsformedlingen",
        "partner:SE:Arbetsförmedlingen",
        "Arbetsförmedlingen (partner, party to Vägen in)",
    ),
    (
        "kopparstaden",
        "housing:SE:Kopparstaden:2080",
        "Kopparstaden (housing company, offers homes in Falun)",
    ),
    ("admin", "administrator", "Administrator"),
];

/// Bundles shipped in the repository's data/bundles, loaded in this order.
const DEMO_BUNDLES: [&str; 3] = ["example", "ostfold-2015", "ostfold-2016"];

/// Households in the synthetic national scenarios the demo generates, Swedish and
/// Norwegian (Norway settled about a third of Sweden's number in recent years).
const DEMO_HOUSEHOLDS: [(Country, usize, &str); 2] = [
    (Country::Sweden, 2_000, "nationell"),
    (Country::Norway, 700, "imdi"),
];
const DEMO_SEED: u64 = 2026;

/// The shipped bundles: `LANDA_DEMO_DATA` when set, else the repository the binary was built from.
fn demo_data_dir() -> PathBuf {
    std::env::var_os("LANDA_DEMO_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/bundles"))
}

/// The agreements shipped in data/agreements ("Vägen in", the Østfold cooperation
/// agreement), each stored as a new version only when it differs from the stored one.
async fn load_agreements(store: &Store, folder: &std::path::Path) -> Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .with_context(|| format!("demo agreements in {}", folder.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    println!("Agreements:");
    for file in files {
        let agreement = agreement::read_file(&file)?;
        let unchanged = matches!(
            store.agreement(&agreement.id, None).await,
            Ok((stored, _)) if stored == agreement
        );
        if !unchanged {
            let current = store
                .agreement(&agreement.id, None)
                .await
                .map_or(0, |(_, v)| v);
            let operator = agreement::operator_for(&agreement)?.on_behalf_of("demo");
            landa_app::agreements::save_agreement(
                store,
                &operator,
                &agreement,
                "demo data",
                current,
            )
            .await?;
        }
        println!("  {} ({})", agreement.id, agreement.title);
    }
    Ok(())
}

/// Loads a demo scenario afresh, unless the stored one has a history of its own (decisions
/// registered, runs, answers made since): that is kept, not silently discarded.
async fn import_demo(store: &Store, scenario: &landa_model::Scenario) -> Result<()> {
    let operator = Principal::local_operator(Role::National(scenario.meta.country));
    match landa_app::scenarios::import_scenario(store, &operator, scenario, ImportMode::Replace)
        .await
    {
        Ok(_) => Ok(()),
        Err(AppError::Conflict(why)) => {
            println!("  kept {}: {why}", scenario.meta.name);
            Ok(())
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn run(args: &DemoArgs, config: &Config, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    println!("Store: {}", store.engine());
    let data = demo_data_dir();
    for name in DEMO_BUNDLES {
        let scenario = source::read_bundle(&data.join(name)).with_context(|| {
            format!("demo bundle {name} (set LANDA_DEMO_DATA to the data/bundles folder)")
        })?;
        import_demo(&store, &scenario).await?;
    }
    let mut synthetic = Vec::new();
    for (country, households, officer) in DEMO_HOUSEHOLDS {
        let options = landa_generate::GenerateOptions {
            country,
            households,
            seed: DEMO_SEED,
            // Households' rankings and criteria and municipalities' priorities, so that a
            // run by a preference mechanism has something to honour.
            with_preferences: true,
            ..Default::default()
        };
        let scenario = progress::step(
            &format!("generating the synthetic {} scenario", country.code()),
            || landa_generate::generate(&options),
        )?;
        let spinner = progress::Spinner::start("storing it");
        import_demo(&store, &scenario).await?;
        spinner.finish();
        synthetic.push((scenario.meta.name, officer));
    }
    let settled = super::demo_settled::load(&store, DEMO_SEED).await?;
    // The oldest settled year has the most statuses whose day has come.
    let register_year = settled.first().cloned().unwrap_or_default();
    println!("Loaded scenarios:");
    for summary in store.scenarios().await? {
        println!("  {summary}");
    }
    load_agreements(&store, &data.join("../agreements")).await?;
    for (username, role, name) in DEMO_ACCOUNTS {
        if store.account(username).await?.is_none() {
            let role: Role = role.parse()?;
            user::add(&store, username, role, Some(name), DEMO_PASSWORD).await?;
        }
    }
    // A placement proposal for each synthetic year, so municipalities have households to
    // see; the server's worker runs them as soon as it starts.
    for (name, officer) in &synthetic {
        if store.placement_jobs(name).await?.is_empty() {
            let entry = AuditEntry {
                at: chrono::Utc::now(),
                actor: (*officer).to_owned(),
                role: "national".to_owned(),
                action: "create".to_owned(),
                resource: format!("/api/v1/scenarios/{name}/placement-runs"),
                detail: "started optimal placement, 5 s (landa demo)".to_owned(),
                remote: None,
                request_id: None,
            };
            store
                .queue_placement_job(
                    name,
                    &landa_store::JobSpec::new("optimal", 5_000),
                    officer,
                    &entry,
                )
                .await?;
        }
    }
    if args.no_serve {
        println!(
            "Try: landa gaps ostfold-2015 · landa history ostfold-2015 --municipality 0138 · \
             landa place {} --out assignments.csv --explain · landa serve",
            synthetic[0].0
        );
        return Ok(());
    }
    serve::serve(store, config, |address| {
        println!("Web UI: http://{address}/ — log in with a demo account (password {DEMO_PASSWORD}):");
        for (username, role, name) in DEMO_ACCOUNTS {
            println!("  {username:<26} {role:<22} {name}");
        }
        println!(
            "API: curl -c cookies -H 'content-type: application/json' -d '{{\"username\":\"falun\",\"password\":\"{DEMO_PASSWORD}\"}}' http://{address}/api/v1/auth/login"
        );
        println!("Public figures: curl http://{address}/api/v1/public/scenarios");
        println!(
            "The integration register's indicators: http://{address}/app/{register_year}/integration"
        );
    })
    .await
}
