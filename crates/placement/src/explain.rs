//! Why a household went where it went, or nowhere: its best alternatives and the capacity
//! that bounds each.

use crate::load::Load;
use crate::problem::{Bound, Problem};
use crate::solve::Solution;
use landa_model::{PlacementAlternative, Standing};
use std::fmt;

/// What stands between a household and one municipality in a given solution.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The household is placed here.
    Placed,
    /// It would fit here as the others are placed (it was placed elsewhere by choice).
    Fits,
    /// This capacity is used up or missing; `detail` says how, e.g. "full (persons 120/120)"
    /// or "offers no specialist_care".
    Blocked { bound: Bound, detail: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub municipality: usize,
    pub code: String,
    pub value: f64,
    pub status: Status,
}

/// A household's alternatives, best value first.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub household: usize,
    pub description: String,
    pub alternatives: Vec<Alternative>,
    /// Municipalities where the household has no score.
    pub not_eligible: usize,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.description)?;
        for alternative in &self.alternatives {
            write!(f, "  {} value {:.4}: ", alternative.code, alternative.value)?;
            match &alternative.status {
                Status::Placed => writeln!(f, "placed here")?,
                Status::Fits => writeln!(f, "would fit")?,
                Status::Blocked { bound, detail } => writeln!(f, "{detail}, bound by {bound}")?,
            }
        }
        if self.not_eligible > 0 {
            writeln!(f, "  not eligible in {} municipalities", self.not_eligible)?;
        }
        Ok(())
    }
}

/// Alternatives shown per household.
const SHOWN: usize = 10;

/// The household's best alternatives in the solution; None for an unknown household or a
/// solution that belongs to another problem.
pub fn explain(problem: &Problem, solution: &Solution, household: usize) -> Option<Explanation> {
    if household >= problem.households.len() {
        return None;
    }
    let mut load = loaded(problem, solution)?;
    Some(explain_loaded(&mut load, household))
}

/// Every household's explanation, in household order, from one pass over the solution
/// (explaining them one by one would rebuild its capacity use each time); empty for a
/// solution that belongs to another problem.
pub fn explain_all(problem: &Problem, solution: &Solution) -> Vec<Explanation> {
    let Some(mut load) = loaded(problem, solution) else {
        return Vec::new();
    };
    (0..problem.households.len())
        .map(|household| explain_loaded(&mut load, household))
        .collect()
}

/// Every household's best alternatives in the solution, in the model's terms, to keep
/// with a saved run; empty for a solution that belongs to another problem.
pub fn alternatives(problem: &Problem, solution: &Solution) -> Vec<PlacementAlternative> {
    explain_all(problem, solution)
        .into_iter()
        .flat_map(|explanation| {
            let household = &problem.households[explanation.household].id;
            explanation.alternatives.into_iter().map(move |a| {
                let (standing, detail) = match a.status {
                    Status::Placed => (Standing::Placed, String::new()),
                    Status::Fits => (Standing::Fits, String::new()),
                    Status::Blocked { detail, .. } => (Standing::Blocked, detail),
                };
                PlacementAlternative {
                    household: household.clone(),
                    municipality: problem.municipalities[a.municipality].code.clone(),
                    value: a.value,
                    standing,
                    detail,
                }
            })
        })
        .collect()
}

/// The solution's capacity use; None when the solution belongs to another problem.
pub(crate) fn loaded<'a>(problem: &'a Problem, solution: &Solution) -> Option<Load<'a>> {
    if solution.assignment.len() != problem.households.len() {
        return None;
    }
    let mut load = Load::new(problem);
    for (h, assigned) in solution.assignment.iter().enumerate() {
        if let Some(pair) = assigned.and_then(|a| problem.find_pair(h, a.municipality)) {
            load.try_place(h, pair);
        }
    }
    Some(load)
}

fn explain_loaded(load: &mut Load, household: usize) -> Explanation {
    let problem = load.problem;
    let placed_at = load.pair_of(household);
    let mut alternatives = statuses(load, household);
    alternatives.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then(a.municipality.cmp(&b.municipality))
    });
    if let Some(pair) = placed_at {
        // Keep the household's own placement in view even when it is not among the best.
        let m = problem.pair_municipality[pair];
        if let Some(at) = alternatives.iter().position(|a| a.municipality == m) {
            if at >= SHOWN {
                let own = alternatives.remove(at);
                alternatives.insert(SHOWN - 1, own);
            }
        }
    }
    alternatives.truncate(SHOWN);
    let scored = problem.pairs(household).len() + problem.excluded_of(household).len();
    Explanation {
        household,
        description: problem.describe_household(household),
        alternatives,
        not_eligible: problem.municipalities.len().saturating_sub(scored),
    }
}

/// Every scored municipality of a household with its status, the household moved out of
/// its own placement while the others are tried.
pub(crate) fn statuses(load: &mut Load, household: usize) -> Vec<Alternative> {
    let problem = load.problem;
    let own = load.pair_of(household);
    load.unplace(household);
    let mut alternatives: Vec<Alternative> = problem
        .pairs(household)
        .map(|pair| {
            let m = problem.pair_municipality[pair];
            let status = if Some(pair) == own {
                Status::Placed
            } else {
                pair_status(load, household, pair)
            };
            Alternative {
                municipality: m,
                code: problem.municipalities[m].code.to_string(),
                value: problem.pair_value[pair],
                status,
            }
        })
        .collect();
    alternatives.extend(problem.excluded_of(household).iter().map(|e| Alternative {
        municipality: e.municipality,
        code: problem.municipalities[e.municipality].code.to_string(),
        value: e.value,
        status: Status::Blocked {
            detail: static_detail(problem, e.municipality, &e.bound),
            bound: e.bound.clone(),
        },
    }));
    if let Some(pair) = own {
        load.try_place(household, pair);
    }
    alternatives
}

fn pair_status(load: &mut Load, household: usize, pair: usize) -> Status {
    let problem = load.problem;
    let m = problem.pair_municipality[pair];
    if let Some(bound) = load.capacity_bound(household, pair) {
        let detail = usage_detail(load, m, &bound);
        return Status::Blocked { bound, detail };
    }
    if load.try_place(household, pair) {
        load.unplace(household);
        Status::Fits
    } else {
        Status::Blocked {
            bound: Bound::Dwelling,
            detail: "full (no free dwelling fits)".to_owned(),
        }
    }
}

/// "full (persons 120/120)", "full (specialist_care 3/3)" ...
fn usage_detail(load: &Load, municipality: usize, bound: &Bound) -> String {
    let problem = load.problem;
    let usage = match bound {
        Bound::Persons => {
            let (used, capacity) = load.weight_usage(municipality);
            format!("persons {used}/{capacity}")
        }
        Bound::UnaccompaniedMinors => {
            let (used, capacity) = load.unit_usage(municipality, 0);
            format!("unaccompanied minors {used}/{capacity}")
        }
        Bound::Service(name) => match problem.kind_names.iter().position(|k| k == name) {
            Some(kind) => {
                let (used, capacity) = load.unit_usage(municipality, kind);
                format!("{name} {used}/{capacity}")
            }
            None => name.clone(),
        },
        Bound::Dwelling => "dwellings".to_owned(),
    };
    format!("full ({usage})")
}

/// Detail for a pair that cannot be used even in an empty municipality.
fn static_detail(problem: &Problem, municipality: usize, bound: &Bound) -> String {
    match bound {
        Bound::Persons => format!(
            "takes at most {} persons",
            problem.municipalities[municipality].capacity
        ),
        Bound::UnaccompaniedMinors => "takes no unaccompanied minors".to_owned(),
        Bound::Service(name) => format!("offers no {name}"),
        Bound::Dwelling => "has no dwelling with enough beds (accessible where needed)".to_owned(),
    }
}

/// One sentence on why a household is unplaced, naming the capacities that are short:
/// "household h17 (5 persons, needs specialist_care): 0180 full (persons 120/120); ...".
pub(crate) fn unplaced_reason(load: &mut Load, household: usize) -> String {
    let problem = load.problem;
    let description = problem.describe_household(household);
    let mut alternatives = statuses(load, household);
    if alternatives.is_empty() {
        return format!("{description}: not eligible in any municipality (no score)");
    }
    alternatives.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then(a.municipality.cmp(&b.municipality))
    });
    // Name the shortage the household meets most often, then the best few municipalities.
    let mut counts: Vec<(Bound, usize)> = Vec::new();
    for alternative in &alternatives {
        if let Status::Blocked { bound, .. } = &alternative.status {
            match counts.iter_mut().find(|(b, _)| b == bound) {
                Some((_, n)) => *n += 1,
                None => counts.push((bound.clone(), 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut text = description;
    if let Some((bound, n)) = counts.first() {
        text.push_str(&format!(
            ": {bound} capacity short in {n} of {} eligible municipalities",
            alternatives.len()
        ));
    }
    let details: Vec<String> = alternatives
        .iter()
        .take(3)
        .map(|a| match &a.status {
            Status::Blocked { detail, .. } => format!("{} {detail}", a.code),
            Status::Fits | Status::Placed => format!("{} has room", a.code),
        })
        .collect();
    text.push_str("; ");
    text.push_str(&details.join("; "));
    text
}
