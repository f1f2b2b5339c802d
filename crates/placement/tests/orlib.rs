//! OR-Library GAP: the parser, and landa's solver on a published instance with its known
//! optimum (see tests/orlib/README.md).

use landa_placement::orlib_gap::{parse, ParseError};
use landa_placement::{solve, verify, Method, SolveOptions};
use std::time::Duration;

/// (file, problem, name, optimum as minimisation)
const PUBLISHED: &[(&str, usize, &str, f64)] = &[("gapa-1.txt", 0, "a05100", 1698.0)];

fn options(method: Method) -> SolveOptions {
    SolveOptions {
        method,
        time_limit: Duration::from_secs(60),
        seed: 1,
    }
}

#[test]
fn published_instances_are_solved_feasibly_with_a_valid_certificate() {
    eprintln!("instance   jobs  method    cost  lower bound  optimum  gap to optimum %");
    for &(file, index, name, optimum) in PUBLISHED {
        let path = format!("{}/tests/orlib/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("test data present");
        let problems = parse(&text).expect("OR-Library format");
        let problem = &problems[index];
        assert_eq!(problem.household_count(), 100);
        assert_eq!(problem.municipality_count(), 5);
        for method in [Method::Optimal, Method::Greedy] {
            let solution = solve(problem, &options(method));
            assert!(verify(problem, &solution).is_empty());
            // Values are minus costs: the objective is minus the cost, the bound minus a
            // lower bound on the cost.
            let cost = -solution.objective;
            let lower = -solution.bound;
            eprintln!(
                "{name:<9} {:>5}  {:<8} {cost:>6.0}  {lower:>11.1}  {optimum:>7.0}  {:>8.3}",
                solution.persons_placed,
                format!("{method:?}"),
                100.0 * (cost - optimum) / optimum
            );
            assert!(lower <= optimum + 1e-6, "the bound is a valid lower bound");
            if solution.persons_placed == 100 {
                assert!(cost >= optimum - 1e-6, "no assignment beats the optimum");
            }
            if method == Method::Optimal {
                assert_eq!(solution.persons_placed, 100, "every job assigned");
                assert!(cost <= optimum * 1.05, "within 5 % of the optimum");
            }
        }
    }
}

#[test]
fn a_small_problem_is_solved_exactly() {
    // 2 agents, 3 jobs. Agent 1 can take jobs of total resource 3, agent 2 of 2.
    let text = "1\n2 3\n1 5 2\n4 1 3\n2 1 2\n1 2 2\n3 2\n";
    let problems = parse(text).expect("valid");
    let solution = solve(&problems[0], &options(Method::Optimal));
    // Of the 8 ways to assign 3 jobs, two fit: {j1, j2} to agent 1 and j3 to agent 2
    // (cost 1 + 5 + 3 = 9), and {j2, j3} to agent 1 and j1 to agent 2 (5 + 2 + 4 = 11).
    assert_eq!(solution.persons_placed, 3);
    assert!((solution.objective + 9.0).abs() < 1e-9);
    assert!(solution.stats.proven_optimal);
}

#[test]
fn malformed_text_is_an_error_not_a_panic() {
    assert!(matches!(parse(""), Err(ParseError::UnexpectedEnd(_))));
    assert!(matches!(
        parse("1\n2 x"),
        Err(ParseError::NotANumber { position: 3, .. })
    ));
    assert!(matches!(
        parse("1\n1 1\n5\n"),
        Err(ParseError::UnexpectedEnd(_))
    ));
    assert!(matches!(
        parse("1\n1 1\n5\n-1\n3\n"),
        Err(ParseError::NotANumber { .. })
    ));
    assert!(matches!(
        parse("1\n1 1\n5\n1\n3\n9"),
        Err(ParseError::TrailingNumbers(1))
    ));
    assert!(matches!(
        parse("1\n10000 1\n"),
        Err(ParseError::TooManyAgents(1, 10000))
    ));
    assert!(matches!(
        parse("1\n1 99999999999\n"),
        Err(ParseError::UnexpectedEnd(_))
    ));
    assert_eq!(parse("0").map(|p| p.len()), Ok(0));
}
