//! The solver's own view of a placement problem: compact indices and a CSR list of eligible
//! pairs, independent of where the data came from (a scenario, a database, a GAP file).

use landa_model::{DwellingId, HouseholdId, MunicipalityCode, NaiveDate, Scenario, ServiceName};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use thiserror::Error;

/// The service that requires an accessible dwelling where a municipality offers dwellings.
pub const ACCESSIBLE_HOUSING: &str = "accessible_housing";

/// How scores become the objective of one placement round.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemOptions {
    /// The day of placement: dwellings available later do not count, and waiting time is
    /// counted up to it. `None`: every dwelling counts, waiting is counted up to the latest
    /// `waiting_since` in the batch.
    pub placement_date: Option<NaiveDate>,
    /// Added to the score of a placement in the household's tie municipality (relatives).
    pub tie_bonus: f64,
    /// Added to every placement of a household per day it has waited (priority to the
    /// longest waiting when capacity is short).
    pub waiting_weight: f64,
}

impl Default for ProblemOptions {
    fn default() -> Self {
        ProblemOptions {
            placement_date: None,
            tie_bonus: 0.0,
            waiting_weight: 0.0,
        }
    }
}

/// Why a scenario cannot be turned into a placement problem.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ProblemError {
    #[error("a score names household '{0}', which is not in the batch")]
    UnknownHousehold(String),
    #[error("{what} names municipality {code}, which has no capacity or is unknown")]
    UnknownMunicipality { what: &'static str, code: String },
    #[error("household '{household}' has two scores for municipality {municipality}")]
    DuplicateScore {
        household: String,
        municipality: String,
    },
    #[error("municipality {0} has two capacities")]
    DuplicateCapacity(String),
    #[error("option {0} must be a finite number")]
    NotFinite(&'static str),
    #[error("the objective of household '{0}' is not a finite number (score too large?)")]
    ValueOverflow(String),
}

/// What stops a household from being placed in a municipality where it is eligible
/// (municipalities without a score are counted apart, see [`crate::Explanation`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bound {
    /// The municipality's persons capacity (kommuntal; GAP: resource units).
    Persons,
    /// Places for unaccompanied minors (ensamkommande / EM).
    UnaccompaniedMinors,
    /// Capacity for a service the household needs.
    Service(String),
    /// No free dwelling with enough beds (and accessible where needed).
    Dwelling,
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bound::Persons => f.write_str("persons"),
            Bound::UnaccompaniedMinors => f.write_str("unaccompanied minors"),
            Bound::Service(name) => write!(f, "service {name}"),
            Bound::Dwelling => f.write_str("dwelling"),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct HouseholdData {
    pub id: HouseholdId,
    /// What the first (lexicographic) layer maximises: persons, or 1 per GAP job.
    pub persons: u32,
    /// Beds needed in a dwelling.
    pub size: u32,
    /// Days from the start of the batch's period; orders arrivals.
    pub arrival: i64,
    pub unaccompanied_minor: bool,
    pub needs_accessible: bool,
    /// Index of `size` in `Problem::size_classes`.
    pub size_class: usize,
    /// Unit resources this household uses wherever it goes, as (kind, amount): kind 0 is
    /// unaccompanied minors, counted in persons (the decided number of minors is persons);
    /// then one unit of each service it needs.
    pub units: Vec<(usize, u32)>,
}

#[derive(Debug, Clone)]
pub(crate) struct MunicipalityData {
    pub code: MunicipalityCode,
    /// Persons (GAP: resource units) the municipality can take.
    pub capacity: u64,
    /// Its dwellings in `Problem::dwellings`, when it offers any: placement then needs one.
    pub dwellings: Option<std::ops::Range<usize>>,
}

#[derive(Debug, Clone)]
pub(crate) struct DwellingData {
    pub id: DwellingId,
    pub beds: u32,
    pub accessible: bool,
}

/// A pair left out before solving, kept so that `explain` can say why.
#[derive(Debug, Clone)]
pub(crate) struct ExcludedPair {
    pub household: usize,
    pub municipality: usize,
    pub value: f64,
    pub bound: Bound,
}

/// A placement problem in compact form. Build it with [`Problem::from_scenario`] or
/// [`crate::orlib_gap::parse`].
#[derive(Debug, Clone)]
pub struct Problem {
    pub(crate) households: Vec<HouseholdData>,
    pub(crate) municipalities: Vec<MunicipalityData>,
    pub(crate) dwellings: Vec<DwellingData>,
    /// Names of unit resources: kind 0 is unaccompanied minors, then one per service.
    pub(crate) kind_names: Vec<String>,
    /// Capacity of kind `k` in municipality `m` at `m * kinds + k`.
    pub(crate) unit_capacity: Vec<u32>,
    /// Distinct household sizes, ascending: the thresholds of the nested dwelling bounds.
    pub(crate) size_classes: Vec<u32>,
    /// Dwellings with beds >= `size_classes[t]` in `m` at `m * classes + t`, all and accessible.
    pub(crate) dwellings_at_least: Vec<u32>,
    pub(crate) accessible_at_least: Vec<u32>,
    /// CSR over households: pairs of household `h` are `pair_start[h]..pair_start[h + 1]`,
    /// sorted by value, best first.
    pub(crate) pair_start: Vec<usize>,
    pub(crate) pair_municipality: Vec<usize>,
    /// The objective of the pair (score plus tie bonus and waiting priority).
    pub(crate) pair_value: Vec<f64>,
    /// The score as given, reported in placements.
    pub(crate) pair_score: Vec<f64>,
    /// Capacity the pair uses of the municipality's persons capacity.
    pub(crate) pair_weight: Vec<u64>,
    /// The same pairs per household sorted by municipality, for lookups.
    pub(crate) pair_by_municipality: Vec<usize>,
    /// Pairs no solution can use, in household order.
    pub(crate) excluded: Vec<ExcludedPair>,
}

/// Raw parts from which every source builds a problem; checked and compacted by `build`.
pub(crate) struct RawProblem {
    pub households: Vec<HouseholdData>,
    pub municipalities: Vec<MunicipalityData>,
    pub dwellings: Vec<DwellingData>,
    pub kind_names: Vec<String>,
    pub unit_capacity: Vec<u32>,
    /// (household, municipality, value, score, weight)
    pub pairs: Vec<(usize, usize, f64, f64, u64)>,
}

impl Problem {
    pub fn household_count(&self) -> usize {
        self.households.len()
    }
    pub fn municipality_count(&self) -> usize {
        self.municipalities.len()
    }
    pub fn dwelling_count(&self) -> usize {
        self.dwellings.len()
    }
    /// Number of eligible (household, municipality) pairs the solver considers.
    pub fn pair_count(&self) -> usize {
        self.pair_municipality.len()
    }
    pub fn household_id(&self, household: usize) -> Option<&HouseholdId> {
        self.households.get(household).map(|h| &h.id)
    }
    pub fn municipality_code(&self, municipality: usize) -> Option<&MunicipalityCode> {
        self.municipalities.get(municipality).map(|m| &m.code)
    }
    pub fn dwelling_id(&self, dwelling: usize) -> Option<&DwellingId> {
        self.dwellings.get(dwelling).map(|d| &d.id)
    }
    /// Persons the household counts for in the first objective layer.
    pub fn household_persons(&self, household: usize) -> Option<u32> {
        self.households.get(household).map(|h| h.persons)
    }
    /// The objective of placing `household` in `municipality`, if the pair is eligible.
    pub fn value(&self, household: usize, municipality: usize) -> Option<f64> {
        self.find_pair(household, municipality)
            .map(|p| self.pair_value[p])
    }

    pub(crate) fn pairs(&self, household: usize) -> std::ops::Range<usize> {
        self.pair_start[household]..self.pair_start[household + 1]
    }
    /// The household's excluded pairs (`excluded` is in household order).
    pub(crate) fn excluded_of(&self, household: usize) -> &[ExcludedPair] {
        let start = self.excluded.partition_point(|e| e.household < household);
        let end = self.excluded.partition_point(|e| e.household <= household);
        &self.excluded[start..end]
    }
    pub(crate) fn find_pair(&self, household: usize, municipality: usize) -> Option<usize> {
        if household >= self.households.len() {
            return None;
        }
        let list = &self.pair_by_municipality[self.pairs(household)];
        list.binary_search_by_key(&municipality, |&p| self.pair_municipality[p])
            .ok()
            .map(|i| list[i])
    }
    pub(crate) fn kinds(&self) -> usize {
        self.kind_names.len()
    }
    pub(crate) fn classes(&self) -> usize {
        self.size_classes.len()
    }
    pub(crate) fn fits_dwelling(&self, household: usize, dwelling: usize) -> bool {
        let h = &self.households[household];
        let d = &self.dwellings[dwelling];
        d.beds >= h.size && (d.accessible || !h.needs_accessible)
    }

    /// A short description of a household for messages: "h17 (5 persons, needs specialist_care)".
    pub(crate) fn describe_household(&self, household: usize) -> String {
        let h = &self.households[household];
        let mut text = format!(
            "household {} ({} person{}",
            h.id,
            h.persons,
            if h.persons == 1 { "" } else { "s" }
        );
        if h.unaccompanied_minor {
            text.push_str(", unaccompanied minor");
        }
        let services: Vec<&str> = h
            .units
            .iter()
            .filter(|&&(k, _)| k > 0)
            .map(|&(k, _)| self.kind_names[k].as_str())
            .collect();
        if !services.is_empty() {
            text.push_str(", needs ");
            text.push_str(&services.join(", "));
        }
        text.push(')');
        text
    }

    /// Builds the problem of placing a scenario's households within its capacities.
    /// A municipality without a capacity row can take nobody; a household needing a
    /// service no municipality offers is kept and reported unplaced, never an error.
    pub fn from_scenario(
        scenario: &Scenario,
        options: &ProblemOptions,
    ) -> Result<Problem, ProblemError> {
        if !options.tie_bonus.is_finite() {
            return Err(ProblemError::NotFinite("tie_bonus"));
        }
        if !options.waiting_weight.is_finite() {
            return Err(ProblemError::NotFinite("waiting_weight"));
        }
        let mut municipality_index: BTreeMap<&MunicipalityCode, usize> = BTreeMap::new();
        let mut municipalities = Vec::with_capacity(scenario.capacities.len());
        for capacity in &scenario.capacities {
            if municipality_index
                .insert(&capacity.municipality, municipalities.len())
                .is_some()
            {
                return Err(ProblemError::DuplicateCapacity(
                    capacity.municipality.to_string(),
                ));
            }
            municipalities.push(MunicipalityData {
                code: capacity.municipality.clone(),
                capacity: u64::from(capacity.persons()),
                dwellings: None,
            });
        }

        let services: BTreeSet<&ServiceName> = scenario
            .households
            .iter()
            .flat_map(|h| h.needs.iter())
            .collect();
        let mut kind_names = vec!["unaccompanied_minors".to_owned()];
        kind_names.extend(services.iter().map(|s| s.to_string()));
        let kinds = kind_names.len();
        let mut unit_capacity = vec![0u32; municipalities.len() * kinds];
        for (m, capacity) in scenario.capacities.iter().enumerate() {
            unit_capacity[m * kinds] = capacity.unaccompanied_minors();
            for (k, service) in services.iter().enumerate() {
                unit_capacity[m * kinds + k + 1] = capacity.service(service);
            }
        }

        // Dwellings grouped by municipality; those not yet available still mark the
        // municipality as one that needs a dwelling, but cannot be used.
        let mut by_municipality: Vec<Vec<DwellingData>> = vec![Vec::new(); municipalities.len()];
        let mut has_dwellings = vec![false; municipalities.len()];
        for dwelling in &scenario.dwellings {
            let m = *municipality_index
                .get(&dwelling.municipality)
                .ok_or_else(|| ProblemError::UnknownMunicipality {
                    what: "a dwelling",
                    code: dwelling.municipality.to_string(),
                })?;
            has_dwellings[m] = true;
            let available = options
                .placement_date
                .is_none_or(|date| dwelling.available_from <= date);
            if available {
                by_municipality[m].push(DwellingData {
                    id: dwelling.id.clone(),
                    beds: dwelling.beds(),
                    accessible: dwelling.accessible,
                });
            }
        }
        let mut dwellings = Vec::new();
        for (m, mut list) in by_municipality.into_iter().enumerate() {
            if !has_dwellings[m] {
                continue;
            }
            // Smallest first, plain before accessible: the matching then keeps large and
            // accessible dwellings for the households that need them.
            list.sort_by(|a, b| (a.beds, a.accessible, &a.id).cmp(&(b.beds, b.accessible, &b.id)));
            let start = dwellings.len();
            dwellings.extend(list);
            municipalities[m].dwellings = Some(start..dwellings.len());
        }

        let accessible: Option<ServiceName> = ACCESSIBLE_HOUSING.parse().ok();
        let reference_day = options
            .placement_date
            .or_else(|| scenario.households.iter().map(|h| h.waiting_since).max());
        let mut household_index: BTreeMap<&HouseholdId, usize> = BTreeMap::new();
        let mut households = Vec::with_capacity(scenario.households.len());
        let mut priority = Vec::with_capacity(scenario.households.len());
        let first_day = scenario.households.iter().map(|h| h.waiting_since).min();
        for household in &scenario.households {
            household_index.insert(&household.id, households.len());
            let mut units: Vec<(usize, u32)> = household
                .needs
                .iter()
                .filter_map(|need| services.iter().position(|s| *s == need).map(|k| (k + 1, 1)))
                .collect();
            if household.is_unaccompanied_minor() {
                units.insert(0, (0, household.size()));
            }
            let waited = reference_day
                .map(|day| (day - household.waiting_since).num_days().max(0))
                .unwrap_or(0);
            priority.push(options.waiting_weight * waited as f64);
            households.push(HouseholdData {
                id: household.id.clone(),
                persons: household.size(),
                size: household.size(),
                arrival: first_day
                    .map(|first| (household.waiting_since - first).num_days())
                    .unwrap_or(0),
                unaccompanied_minor: household.is_unaccompanied_minor(),
                needs_accessible: accessible
                    .as_ref()
                    .is_some_and(|a| household.needs.contains(a)),
                size_class: 0,
                units,
            });
        }

        let mut seen = BTreeSet::new();
        let mut pairs = Vec::with_capacity(scenario.scores.len());
        for score in &scenario.scores {
            let h = *household_index
                .get(&score.household)
                .ok_or_else(|| ProblemError::UnknownHousehold(score.household.to_string()))?;
            let m = *municipality_index.get(&score.municipality).ok_or_else(|| {
                ProblemError::UnknownMunicipality {
                    what: "a score",
                    code: score.municipality.to_string(),
                }
            })?;
            if !seen.insert((h, m)) {
                return Err(ProblemError::DuplicateScore {
                    household: score.household.to_string(),
                    municipality: score.municipality.to_string(),
                });
            }
            let tie = scenario.households[h].tie.as_ref() == Some(&score.municipality);
            let value = score.value() + priority[h] + if tie { options.tie_bonus } else { 0.0 };
            if !value.is_finite() {
                return Err(ProblemError::ValueOverflow(score.household.to_string()));
            }
            let weight = u64::from(households[h].size);
            pairs.push((h, m, value, score.value(), weight));
        }
        Ok(Problem::build(RawProblem {
            households,
            municipalities,
            dwellings,
            kind_names,
            unit_capacity,
            pairs,
        }))
    }

    /// Compacts raw parts: size classes, nested dwelling counts, and the pair CSR with
    /// pairs that can never be used (capacity too small, service not offered, no dwelling
    /// that fits) moved aside for explanations.
    /// The same problem with each pair's objective replaced by `value(pair)` (scores kept
    /// as given, for reporting).
    pub(crate) fn with_values(&self, value: impl Fn(usize) -> f64) -> Problem {
        let pairs = (0..self.households.len())
            .flat_map(|h| self.pairs(h).map(move |p| (h, p)))
            .map(|(h, p)| {
                (
                    h,
                    self.pair_municipality[p],
                    value(p),
                    self.pair_score[p],
                    self.pair_weight[p],
                )
            })
            .collect();
        Problem::build(RawProblem {
            households: self.households.clone(),
            municipalities: self.municipalities.clone(),
            dwellings: self.dwellings.clone(),
            kind_names: self.kind_names.clone(),
            unit_capacity: self.unit_capacity.clone(),
            pairs,
        })
    }

    pub(crate) fn build(raw: RawProblem) -> Problem {
        let RawProblem {
            mut households,
            municipalities,
            dwellings,
            kind_names,
            unit_capacity,
            mut pairs,
        } = raw;
        let size_classes: Vec<u32> = households
            .iter()
            .map(|h| h.size)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for h in &mut households {
            h.size_class = size_classes.partition_point(|&s| s < h.size);
        }
        let classes = size_classes.len();
        let mut dwellings_at_least = vec![0u32; municipalities.len() * classes];
        let mut accessible_at_least = vec![0u32; municipalities.len() * classes];
        for (m, municipality) in municipalities.iter().enumerate() {
            for d in municipality.dwellings.clone().unwrap_or(0..0) {
                let dwelling = &dwellings[d];
                for (t, &size) in size_classes.iter().enumerate() {
                    if dwelling.beds >= size {
                        dwellings_at_least[m * classes + t] += 1;
                        if dwelling.accessible {
                            accessible_at_least[m * classes + t] += 1;
                        }
                    }
                }
            }
        }

        // Best value first; ties by municipality so that the order never depends on input order.
        pairs.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.total_cmp(&a.2)).then(a.1.cmp(&b.1)));
        let mut problem = Problem {
            households,
            municipalities,
            dwellings,
            kind_names,
            unit_capacity,
            size_classes,
            dwellings_at_least,
            accessible_at_least,
            pair_start: Vec::new(),
            pair_municipality: Vec::new(),
            pair_value: Vec::new(),
            pair_score: Vec::new(),
            pair_weight: Vec::new(),
            pair_by_municipality: Vec::new(),
            excluded: Vec::new(),
        };
        let mut start = vec![0usize; problem.households.len() + 1];
        for (h, m, value, score, weight) in pairs {
            match problem.static_bound(h, m, weight) {
                Some(bound) => problem.excluded.push(ExcludedPair {
                    household: h,
                    municipality: m,
                    value,
                    bound,
                }),
                None => {
                    start[h + 1] += 1;
                    problem.pair_municipality.push(m);
                    problem.pair_value.push(value);
                    problem.pair_score.push(score);
                    problem.pair_weight.push(weight);
                }
            }
        }
        for h in 0..problem.households.len() {
            start[h + 1] += start[h];
        }
        problem.pair_start = start;
        problem.pair_by_municipality = (0..problem.households.len())
            .flat_map(|h| {
                let mut list: Vec<usize> = problem.pairs(h).collect();
                list.sort_by_key(|&p| problem.pair_municipality[p]);
                list
            })
            .collect();
        problem
    }

    /// What makes the pair unusable even in an empty municipality, if anything.
    pub(crate) fn static_bound(
        &self,
        household: usize,
        municipality: usize,
        weight: u64,
    ) -> Option<Bound> {
        let h = &self.households[household];
        let m = &self.municipalities[municipality];
        if weight > m.capacity {
            return Some(Bound::Persons);
        }
        let kinds = self.kinds();
        for &(k, amount) in &h.units {
            if self.unit_capacity[municipality * kinds + k] < amount {
                return Some(self.kind_bound(k));
            }
        }
        if let Some(range) = &m.dwellings {
            if !range.clone().any(|d| self.fits_dwelling(household, d)) {
                return Some(Bound::Dwelling);
            }
        }
        None
    }

    pub(crate) fn kind_bound(&self, kind: usize) -> Bound {
        if kind == 0 {
            Bound::UnaccompaniedMinors
        } else {
            Bound::Service(self.kind_names[kind].clone())
        }
    }
}
