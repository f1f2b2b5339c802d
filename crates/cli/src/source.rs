//! Where a command's scenario comes from: a bundle on disk, or a scenario held in the store.

use crate::progress;
use anyhow::{bail, Context, Result};
use landa_model::{MunicipalityCode, Placement, RegionCode, Scenario};
use landa_store::{Location, Store};
use std::collections::BTreeMap;
use std::path::Path;

/// Reads a bundle, printing every error with its place; fails when there is any.
pub fn read_bundle(path: &Path) -> Result<Scenario> {
    let result = progress::step(&format!("reading {}", path.display()), || {
        landa_bundle::read_bundle(path)
    });
    match result {
        Ok(scenario) => Ok(scenario),
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            bail!(
                "{} has {} error{}; nothing was written",
                path.display(),
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )
        }
    }
}

/// A scenario and, when it came from the store, the store (which also knows placements).
pub struct Loaded {
    pub scenario: Scenario,
    pub store: Option<Store>,
}

impl Loaded {
    /// Persons and unaccompanied minors placed so far per municipality: the latest
    /// placement run in the store; none for a bundle on disk.
    pub async fn placed_persons(&self) -> Result<BTreeMap<MunicipalityCode, (u32, u32)>> {
        let placements = match &self.store {
            Some(store) => store.latest_placements(&self.scenario.meta.name).await?,
            None => Vec::new(),
        };
        Ok(placed_by_municipality(&placements, &self.scenario))
    }
}

/// `source` names a bundle when such a path exists, otherwise a scenario in the store.
pub async fn load(source: &str, location: &Location) -> Result<Loaded> {
    let path = Path::new(source);
    if path.exists() {
        return Ok(Loaded {
            scenario: read_bundle(path)?,
            store: None,
        });
    }
    let store = Store::open(location)
        .await
        .with_context(|| format!("'{source}' is no bundle on disk, so opening the store"))?;
    let scenario = store.load_scenario(source).await.with_context(|| {
        format!(
            "'{source}' is neither a bundle on disk nor a scenario in {}",
            store.engine()
        )
    })?;
    Ok(Loaded {
        scenario,
        store: Some(store),
    })
}

pub fn region_name<'a>(scenario: &'a Scenario, code: &RegionCode) -> &'a str {
    scenario
        .regions
        .iter()
        .find(|region| &region.code == code)
        .map_or("", |region| region.name.as_str())
}

pub fn municipality_name<'a>(scenario: &'a Scenario, code: &MunicipalityCode) -> &'a str {
    scenario
        .municipalities
        .iter()
        .find(|municipality| &municipality.code == code)
        .map_or("", |municipality| municipality.name.as_str())
}

/// Persons and unaccompanied minors placed per municipality.
fn placed_by_municipality(
    placements: &[Placement],
    scenario: &Scenario,
) -> BTreeMap<MunicipalityCode, (u32, u32)> {
    let households: BTreeMap<_, _> = scenario
        .households
        .iter()
        .map(|household| (&household.id, household))
        .collect();
    let mut placed: BTreeMap<MunicipalityCode, (u32, u32)> = BTreeMap::new();
    for placement in placements {
        if let Some(household) = households.get(&placement.household) {
            let entry = placed.entry(placement.municipality.clone()).or_default();
            entry.0 += household.size();
            if household.is_unaccompanied_minor() {
                entry.1 += household.size();
            }
        }
    }
    placed
}
