//! The OR-Library GAP problems in this folder with their published optima (minimisation;
//! sources in README.md), shared by tests/orlib.rs and benches/orlib.rs.

use landa_placement::orlib_gap::parse;
use landa_placement::{solve, verify, Method, Problem, SolveOptions};
use std::time::{Duration, Instant};

pub struct Published {
    /// The literature's name: type, agents (two digits), jobs.
    pub name: &'static str,
    pub file: &'static str,
    /// Position of the problem in its file, from 0.
    pub index: usize,
    pub agents: usize,
    pub jobs: usize,
    /// The least total cost of an assignment of every job.
    pub optimum: f64,
    /// Proven optimal in the literature; otherwise only the best cost known.
    pub proven: bool,
}

const fn problem(
    name: &'static str,
    file: &'static str,
    index: usize,
    optimum: u32,
    proven: bool,
) -> Published {
    // Each file holds the same six sizes in this order.
    const SIZES: [(usize, usize); 6] = [
        (5, 100),
        (5, 200),
        (10, 100),
        (10, 200),
        (20, 100),
        (20, 200),
    ];
    Published {
        name,
        file,
        index,
        agents: SIZES[index].0,
        jobs: SIZES[index].1,
        optimum: optimum as f64,
        proven,
    }
}

pub const PUBLISHED: &[Published] = &[
    problem("a05100", "gapa.txt", 0, 1698, true),
    problem("a05200", "gapa.txt", 1, 3235, true),
    problem("a10100", "gapa.txt", 2, 1360, true),
    problem("a10200", "gapa.txt", 3, 2623, true),
    problem("a20100", "gapa.txt", 4, 1158, true),
    problem("a20200", "gapa.txt", 5, 2339, true),
    problem("b05100", "gapb.txt", 0, 1843, true),
    problem("b05200", "gapb.txt", 1, 3552, true),
    problem("b10100", "gapb.txt", 2, 1407, true),
    problem("b10200", "gapb.txt", 3, 2827, true),
    problem("b20100", "gapb.txt", 4, 1166, true),
    problem("b20200", "gapb.txt", 5, 2339, true),
    problem("c05100", "gapc.txt", 0, 1931, true),
    problem("c05200", "gapc.txt", 1, 3456, true),
    problem("c10100", "gapc.txt", 2, 1402, true),
    problem("c10200", "gapc.txt", 3, 2806, true),
    problem("c20100", "gapc.txt", 4, 1243, true),
    problem("c20200", "gapc.txt", 5, 2391, true),
    problem("d05100", "gapd.txt", 0, 6353, true),
    problem("d05200", "gapd.txt", 1, 12742, true),
    problem("d10100", "gapd.txt", 2, 6347, true),
    problem("d10200", "gapd.txt", 3, 12430, true),
    problem("d20100", "gapd.txt", 4, 6185, true),
    problem("d20200", "gapd.txt", 5, 12235, false),
];

impl Published {
    /// The problem, parsed from its file (each time: the files are small).
    pub fn problem(&self) -> Problem {
        problems(self.file).swap_remove(self.index)
    }
}

/// Every problem of `file`, parsed.
pub fn problems(file: &str) -> Vec<Problem> {
    let path = format!("{}/tests/orlib/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// landa's optimal method on one problem, beside the greedy baseline. Values are minus
/// costs, so the cost is minus the objective and the lower bound minus the bound.
pub struct Measured {
    pub assigned: u64,
    pub cost: f64,
    pub lower_bound: f64,
    /// What `verify` found wrong with the optimal method's solution; empty when feasible.
    pub violations: Vec<String>,
    pub greedy_assigned: u64,
    pub greedy_cost: f64,
    pub seconds: f64,
}

pub fn measure(problem: &Problem, time_limit: Duration) -> Measured {
    let run = |method| {
        solve(
            problem,
            &SolveOptions {
                method,
                time_limit,
                seed: 1,
            },
        )
    };
    let started = Instant::now();
    let optimal = run(Method::Optimal);
    let seconds = started.elapsed().as_secs_f64();
    let greedy = run(Method::Greedy);
    Measured {
        assigned: optimal.persons_placed,
        cost: -optimal.objective,
        lower_bound: -optimal.bound,
        violations: verify(problem, &optimal),
        greedy_assigned: greedy.persons_placed,
        greedy_cost: -greedy.objective,
        seconds,
    }
}
