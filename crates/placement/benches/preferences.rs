//! Compares the ways of placing with households' preferences on a generated national
//! scenario with generated rankings and priorities (`GenerateOptions::with_preferences`):
//! greedy arrival order, outcome-optimal, preference-only, weighted at several λ, minimum
//! outcome at 98 % and 95 %, and stable. Run: `cargo bench -p landa-placement --bench
//! preferences` (12 000 households; `-- 2000` for another size, `-- 2000 3` for a time
//! limit of 3 s per solve).

use landa_generate::{generate, GenerateOptions};
use landa_model::LARGE_FAMILY_PERSONS;
use landa_placement::preferences::stable::{blocking_pairs, solve_stable};
use landa_placement::preferences::{
    solve_minimum_outcome, solve_weighted, PreferenceReport, Preferences,
};
use landa_placement::{solve, Method, Problem, ProblemOptions, Solution, SolveOptions};
use std::time::{Duration, Instant};

fn main() {
    let numbers: Vec<f64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let households = numbers.first().map_or(12_000, |n| *n as usize);
    let time_limit = Duration::from_secs_f64(numbers.get(1).copied().unwrap_or(10.0));
    let scenario = generate(&GenerateOptions {
        households,
        seed: 7,
        with_preferences: true,
        ..Default::default()
    })
    .expect("a generated scenario");
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("a problem");
    let preferences = Preferences::from_scenario(&scenario, &problem);
    let options = SolveOptions {
        time_limit,
        ..SolveOptions::default()
    };
    let large: Vec<bool> = scenario
        .households
        .iter()
        .map(|h| h.size() >= LARGE_FAMILY_PERSONS)
        .collect();
    println!(
        "{households} households, {} ranking, {} municipalities; {} s per solve",
        (0..problem.household_count())
            .filter(|&h| preferences.ranks(h))
            .count(),
        problem.municipality_count(),
        time_limit.as_secs_f64()
    );
    println!(
        "| placement | persons placed | predicted outcome | mean choice | 1st choice | top 3 | top 3, families of {LARGE_FAMILY_PERSONS}+ | blocking pairs | seconds |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let row = |name: &str, solution: &Solution, seconds: f64| {
        let report = PreferenceReport::of(&problem, &preferences, solution);
        let blocking = blocking_pairs(&problem, &preferences, solution).len();
        let (mut ranking, mut top) = (0usize, 0usize);
        for (h, assigned) in solution.assignment.iter().enumerate() {
            if large[h] && preferences.ranks(h) {
                ranking += 1;
                top += usize::from(
                    assigned
                        .and_then(|a| preferences.choice(h, a.municipality))
                        .is_some_and(|c| c <= 3),
                );
            }
        }
        println!(
            "| {name} | {} | {:.1} | {} | {:.1} % | {:.1} % | {:.1} % | {blocking} | {seconds:.1} |",
            report.persons_placed,
            report.outcome,
            report
                .mean_choice
                .map_or("-".to_owned(), |c| format!("{c:.2}")),
            100.0 * report.first_share(),
            100.0 * report.top_three_share(),
            100.0 * top as f64 / ranking.max(1) as f64,
        );
    };
    let timed = |run: &dyn Fn() -> Solution| {
        let started = Instant::now();
        let solution = run();
        (solution, started.elapsed().as_secs_f64())
    };
    let (greedy, s) = timed(&|| {
        solve(
            &problem,
            &SolveOptions {
                method: Method::Greedy,
                ..options.clone()
            },
        )
    });
    row("greedy, arrival order (practice)", &greedy, s);
    for (name, lambda) in [
        ("outcome-optimal (λ = 0)", 0.0),
        ("weighted, λ = 0.1", 0.1),
        ("weighted, λ = 0.5", 0.5),
        ("weighted, λ = 2", 2.0),
        ("preference-only (λ = 100)", 100.0),
    ] {
        let (solution, s) =
            timed(&|| solve_weighted(&problem, &preferences, lambda, &options).solution);
        row(name, &solution, s);
    }
    for share in [0.98, 0.95] {
        let (solution, s) = timed(&|| {
            solve_minimum_outcome(&problem, &preferences, share, &options)
                .placement
                .solution
        });
        row(
            &format!("minimum outcome {} %", share * 100.0),
            &solution,
            s,
        );
    }
    let (solution, s) = timed(&|| solve_stable(&problem, &preferences, &options).solution);
    row("stable (deferred acceptance)", &solution, s);
}
