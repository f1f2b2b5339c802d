//! Where a command's scenario comes from: a bundle on disk, or a scenario held in the store.

use crate::progress;
use anyhow::{bail, Context, Result};
use landa_model::{MunicipalityCode, RegionCode, Scenario};
use landa_store::{Location, Store};
use std::collections::BTreeMap;
use std::path::Path;

/// Reads a bundle, printing every error with its place; fails when there is any.
pub fn read_bundle(path: &Path) -> Result<Scenario> {
    read_checked(path, || landa_bundle::read_bundle(path))
}

/// Runs a reader of `path` behind a progress line; prints every error it found, with its
/// place, and fails when there is any.
pub fn read_checked<T>(
    path: &Path,
    read: impl FnOnce() -> std::result::Result<T, Vec<landa_bundle::BundleError>>,
) -> Result<T> {
    progress::step(&format!("reading {}", path.display()), read)
        .or_else(|errors| refuse(path, &errors))
}

/// Prints every error of `path` with its place and fails.
pub fn refuse<T>(path: &Path, errors: &[landa_bundle::BundleError]) -> Result<T> {
    for error in errors {
        eprintln!("{error}");
    }
    bail!(
        "{} has {} error{}; nothing was written",
        path.display(),
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    )
}

/// A scenario and, when it came from the store, the store (which also knows placements).
pub struct Loaded {
    pub scenario: Scenario,
    pub store: Option<Store>,
}

impl Loaded {
    /// Persons and unaccompanied minors placed so far per municipality, as the server
    /// counts them (approved, moved in, moved on, or self-settled); none for a bundle on
    /// disk.
    pub async fn placed_persons(&self) -> Result<BTreeMap<MunicipalityCode, (u32, u32)>> {
        Ok(match &self.store {
            Some(store) => {
                store
                    .planning_view(&self.scenario.meta.name, None)
                    .await?
                    .placed
            }
            None => BTreeMap::new(),
        })
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
