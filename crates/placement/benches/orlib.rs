//! landa on the 24 OR-Library GAP problems of types A-D against their published optima.
//! Run: `cargo bench -p landa-placement --bench orlib`.

#[path = "../tests/orlib/published.rs"]
mod published;

use published::{measure, PUBLISHED};
use std::time::Duration;

fn main() {
    println!("| instance | agents × jobs | jobs assigned | landa cost | landa lower bound | published optimum | gap to optimum % | greedy cost | time s |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for published in PUBLISHED {
        let problem = &published.problem();
        let measured = measure(problem, Duration::from_secs(60));
        assert!(
            measured.violations.is_empty(),
            "{}: {:?}",
            published.name,
            measured.violations
        );
        let greedy = if measured.greedy_assigned == published.jobs as u64 {
            format!("{:.0}", measured.greedy_cost)
        } else {
            format!(
                "{} jobs unassigned",
                published.jobs as u64 - measured.greedy_assigned
            )
        };
        println!(
            "| {} | {} × {} | {}/{} | {:.0} | {:.1} | {:.0}{} | {:.3} | {} | {:.2} |",
            published.name,
            published.agents,
            published.jobs,
            measured.assigned,
            published.jobs,
            measured.cost,
            measured.lower_bound,
            published.optimum,
            if published.proven {
                ""
            } else {
                " (best known)"
            },
            100.0 * (measured.cost - published.optimum) / published.optimum,
            greedy,
            measured.seconds
        );
    }
}
