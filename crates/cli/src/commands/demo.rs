//! `landa demo`: the embedded store with every demo data set loaded, ready to explore.

use crate::{progress, source};
use anyhow::{Context, Result};
use landa_store::{ImportMode, Location, Store};
use std::path::PathBuf;

/// Bundles shipped in the repository's data/bundles, loaded in this order.
const DEMO_BUNDLES: [&str; 3] = ["example", "ostfold-2015", "ostfold-2016"];

/// Households in the synthetic Swedish national scenario the demo generates.
const DEMO_HOUSEHOLDS: usize = 2_000;
const DEMO_SEED: u64 = 2026;

/// The shipped bundles: `LANDA_DEMO_DATA` when set, else the repository the binary was built from.
fn demo_data_dir() -> PathBuf {
    std::env::var_os("LANDA_DEMO_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/bundles"))
}

pub async fn run(location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    println!("Store: {}", store.engine());
    let data = demo_data_dir();
    for name in DEMO_BUNDLES {
        let scenario = source::read_bundle(&data.join(name)).with_context(|| {
            format!("demo bundle {name} (set LANDA_DEMO_DATA to the data/bundles folder)")
        })?;
        store
            .import_scenario(&scenario, ImportMode::Replace)
            .await?;
    }
    let options = landa_generate::GenerateOptions {
        households: DEMO_HOUSEHOLDS,
        seed: DEMO_SEED,
        ..Default::default()
    };
    let synthetic = progress::step("generating the synthetic Swedish scenario", || {
        landa_generate::generate(&options)
    })?;
    let spinner = progress::Spinner::start("storing it");
    store
        .import_scenario(&synthetic, ImportMode::Replace)
        .await?;
    spinner.finish();
    println!("Loaded scenarios:");
    for summary in store.scenarios().await? {
        println!("  {summary}");
    }
    println!(
        "Try: landa gaps ostfold-2015 · landa history ostfold-2015 --municipality 0138 · \
         landa place {} --out assignments.csv --explain",
        synthetic.meta.name
    );
    Ok(())
}
