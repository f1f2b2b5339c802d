//! Measures the three methods and the weekly simulation on generated national scenarios
//! (290 municipalities, persons, minors, `accessible_housing` and `specialist_care`
//! capacities, dwellings). Run: `cargo bench -p landa-placement`; arguments narrow it:
//! `-- 12000` (sizes), `-- simulate` (also the weekly simulation, slow).

use landa_generate::{generate, GenerateOptions};
use landa_placement::{
    simulate, solve, BatchPlan, Method, Problem, ProblemOptions, SimulationOptions, SolveOptions,
};
use std::time::{Duration, Instant};

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<usize> = arguments.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 4_000, 12_000]
    } else {
        sizes
    };
    let with_simulation = arguments.iter().any(|a| a == "simulate");
    println!(
        "{:>6} {:>8} {:>15} {:>12} {:>12} {:>9} {:>9} {:>8}",
        "n", "method", "persons/bound", "objective", "bound", "gap %", "vs LP %", "time s"
    );
    for households in sizes {
        let scenario = match generate(&GenerateOptions {
            households,
            seed: 7,
            ..Default::default()
        }) {
            Ok(scenario) => scenario,
            Err(error) => {
                eprintln!("cannot generate {households} households: {error}");
                continue;
            }
        };
        let options = ProblemOptions {
            tie_bonus: 0.1,
            ..ProblemOptions::default()
        };
        let problem = match Problem::from_scenario(&scenario, &options) {
            Ok(problem) => problem,
            Err(error) => {
                eprintln!("cannot build the problem: {error}");
                continue;
            }
        };
        let mut lp_bound = f64::NAN;
        for method in [Method::Optimal, Method::Greedy, Method::Random] {
            let started = Instant::now();
            let solution = solve(
                &problem,
                &SolveOptions {
                    method,
                    time_limit: Duration::from_secs(10),
                    seed: 1,
                },
            );
            let seconds = started.elapsed().as_secs_f64();
            if method == Method::Optimal {
                lp_bound = solution.bound;
            }
            println!(
                "{:>6} {:>8} {:>15} {:>12.3} {:>12.3} {:>9.4} {:>9.4} {:>8.2}",
                households,
                format!("{method:?}"),
                format!("{}/{}", solution.persons_placed, solution.persons_bound),
                solution.objective,
                solution.bound,
                100.0 * solution.gap,
                100.0 * (lp_bound - solution.objective) / lp_bound.abs(),
                seconds
            );
        }
        if with_simulation {
            let started = Instant::now();
            let report = simulate(
                &problem,
                &SimulationOptions {
                    plan: BatchPlan::Weekly,
                    seed: 1,
                    time_limit_per_batch: Duration::from_secs(10),
                },
            );
            println!(
                "{households:>6} weekly simulation, {} batches, {:.1} s: hindsight {:.3} ({} persons); \
                 online {:.3} ({} persons, {:.2} %); myopic {:.3} ({} persons, {:.2} %); greedy {:.3} ({} persons, {:.2} %)",
                report.batches,
                started.elapsed().as_secs_f64(),
                report.hindsight.objective,
                report.hindsight.persons,
                report.online.objective,
                report.online.persons,
                100.0 * report.online.share,
                report.myopic.objective,
                report.myopic.persons,
                100.0 * report.myopic.share,
                report.greedy.objective,
                report.greedy.persons,
                100.0 * report.greedy.share,
            );
        }
    }
}
