//! The generalised assignment problem (GAP) in the OR-Library format, parsed into the same
//! [`Problem`] the settlement solver uses, so that landa can be measured on the literature's
//! benchmark sets (gap1..gap12, gapa..gapd).
//!
//! Format: the number of problems, then per problem: m (agents) and n (jobs); the cost
//! c(i, j) as m rows of n; the resource r(i, j) job j uses at agent i, m rows of n; the
//! capacity b(i) of each agent. The sets are minimisation with every job assigned: a job
//! becomes a household of one "person" (so the persons-first layer assigns as many jobs as
//! possible), agents become municipalities with capacity b in resource units, and the value
//! of a pair is minus its cost.

use crate::problem::{HouseholdData, MunicipalityData, Problem, RawProblem};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("the text ends where {0} was expected")]
    UnexpectedEnd(String),
    #[error("token {position} ('{token}') is not {expected}")]
    NotANumber {
        position: usize,
        token: String,
        expected: &'static str,
    },
    #[error("problem {0} has {1} agents; at most 9999 are supported")]
    TooManyAgents(usize, usize),
    #[error("{0} numbers are left after the last problem")]
    TrailingNumbers(usize),
}

/// Parses every problem in an OR-Library GAP file's text.
pub fn parse(text: &str) -> Result<Vec<Problem>, ParseError> {
    let mut tokens = Tokens {
        items: text.split_whitespace().enumerate(),
    };
    let count = tokens.unsigned("the number of problems")?;
    let mut problems = Vec::new();
    for number in 1..=count {
        let agents = tokens.unsigned("the number of agents")? as usize;
        let jobs = tokens.unsigned("the number of jobs")? as usize;
        if agents > 9999 {
            return Err(ParseError::TooManyAgents(number as usize, agents));
        }
        if jobs > text.len() {
            // Every job needs numbers in the text; more jobs than characters cannot be real.
            return Err(ParseError::UnexpectedEnd(format!("data for {jobs} jobs")));
        }
        let cost = tokens.matrix(agents, jobs, "a cost")?;
        let resource = tokens.matrix(agents, jobs, "a resource need")?;
        let capacity: Vec<u64> = (0..agents)
            .map(|_| tokens.unsigned("a capacity"))
            .collect::<Result<_, _>>()?;
        problems.push(problem(jobs, &cost, &resource, &capacity));
    }
    let left = tokens.items.count();
    if left > 0 {
        return Err(ParseError::TrailingNumbers(left));
    }
    Ok(problems)
}

fn problem(jobs: usize, cost: &[Vec<i64>], resource: &[Vec<u64>], capacity: &[u64]) -> Problem {
    let households = (0..jobs)
        .filter_map(|j| {
            Some(HouseholdData {
                id: format!("j{}", j + 1).parse().ok()?,
                persons: 1,
                size: 1,
                arrival: j as i64,
                unaccompanied_minor: false,
                needs_accessible: false,
                size_class: 0,
                units: Vec::new(),
            })
        })
        .collect();
    let municipalities = capacity
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| {
            Some(MunicipalityData {
                code: format!("{:04}", i + 1).parse().ok()?,
                capacity: b,
                dwellings: None,
            })
        })
        .collect();
    let pairs = (0..cost.len())
        .flat_map(|i| {
            (0..jobs).map(move |j| {
                let value = -(cost[i][j] as f64);
                (j, i, value, value, resource[i][j])
            })
        })
        .collect();
    Problem::build(RawProblem {
        households,
        municipalities,
        dwellings: Vec::new(),
        kind_names: vec!["unaccompanied_minors".to_owned()],
        unit_capacity: vec![0; capacity.len()],
        pairs,
    })
}

struct Tokens<'a> {
    items: std::iter::Enumerate<std::str::SplitWhitespace<'a>>,
}

impl Tokens<'_> {
    fn next(&mut self, expected: &'static str) -> Result<(usize, &str), ParseError> {
        self.items
            .next()
            .map(|(i, t)| (i + 1, t))
            .ok_or_else(|| ParseError::UnexpectedEnd(expected.to_owned()))
    }
    fn unsigned(&mut self, expected: &'static str) -> Result<u64, ParseError> {
        let (position, token) = self.next(expected)?;
        token.parse().map_err(|_| ParseError::NotANumber {
            position,
            token: token.to_owned(),
            expected: "a whole number >= 0",
        })
    }
    fn matrix<T>(
        &mut self,
        rows: usize,
        columns: usize,
        expected: &'static str,
    ) -> Result<Vec<Vec<T>>, ParseError>
    where
        T: TryFrom<i64>,
    {
        (0..rows)
            .map(|_| {
                (0..columns)
                    .map(|_| {
                        let (position, token) = self.next(expected)?;
                        token
                            .parse::<i64>()
                            .ok()
                            .and_then(|v| T::try_from(v).ok())
                            .ok_or_else(|| ParseError::NotANumber {
                                position,
                                token: token.to_owned(),
                                expected,
                            })
                    })
                    .collect()
            })
            .collect()
    }
}
