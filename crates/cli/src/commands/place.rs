//! `landa place` and `landa simulate`: phase 2 (anvisning / utsøking).

use crate::{progress, source};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_model::{NaiveDate, Scenario};
use landa_placement::preferences::stable::blocking_pairs;
use landa_placement::preferences::{
    explain_every_choice, solve_minimum_outcome_by, PreferenceReport, Preferences,
};
use landa_placement::{
    explain_all, simulate as simulate_batches, solve, BatchPlan, LookAhead, Method, Problem,
    ProblemOptions, SimulationOptions, Solution, SolveOptions,
};
use landa_store::{Location, PlacementRunRecord};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Copy, ValueEnum)]
pub enum MethodArg {
    /// Landa's optimiser: persons placed first, then score, with a bound and gap.
    Optimal,
    /// Arrival order, each household to its best municipality with room (today's practice).
    Greedy,
    /// Random order, random eligible municipality with room (a floor to compare with).
    Random,
}

/// How scores become the objective; shared by `place` and `simulate`.
#[derive(Args)]
pub struct ObjectiveArgs {
    /// Day of placement: dwellings available later do not count [default: every dwelling counts].
    #[arg(long)]
    pub placement_date: Option<NaiveDate>,
    /// Added to the score of a placement in the household's tie municipality.
    #[arg(long, default_value_t = 0.0)]
    pub tie_bonus: f64,
    /// Added per day waited, giving the longest waiting priority when capacity is short.
    #[arg(long, default_value_t = 0.0)]
    pub waiting_weight: f64,
    /// Seed of the random choices: the same seed gives the same result.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

#[derive(Args)]
pub struct PlaceArgs {
    /// Scenario bundle on disk, or the name of a scenario in the store.
    pub source: String,
    /// Where to write the assignments (.csv or .xlsx).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "optimal")]
    pub method: MethodArg,
    /// Seconds the optimiser may use at most.
    #[arg(long, default_value_t = 10.0)]
    pub time_limit: f64,
    /// Add each household's best alternatives and what bound them.
    #[arg(long)]
    pub explain: bool,
    /// Also write the run's figures as JSON (for scripts such as bench/compare_solvers.py).
    #[arg(long)]
    pub summary_json: Option<PathBuf>,
    /// Score the scenario with this outcome model (`landa model train`) instead of its scores.csv.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// With --model, a rule every group keeps: `floor=0.2` (each group's expected share at least 20 %) or `loss-cap=0.01` (no group more than one point below greedy placement); the price is reported.
    #[arg(long, requires = "model")]
    pub fairness: Option<String>,
    /// The groups the fairness rule applies to: any of sex, age, household.
    #[arg(long, value_delimiter = ',', default_value = "sex,age,household")]
    pub groups: Vec<String>,
    /// In a stored year: reserve places for the arrivals still expected (national's
    /// forecast, else the year's pace), pricing each municipality's by the dual of a sample.
    #[arg(long, conflicts_with = "model")]
    pub reserve: bool,
    /// In a stored year: balance each number over the year (no municipality takes much
    /// more of what is left of it than this run's share of the arrivals still expected).
    #[arg(long, conflicts_with = "model")]
    pub balance: bool,
    #[command(flatten)]
    pub objective: ObjectiveArgs,
    #[command(flatten)]
    pub preferences: crate::commands::preferences::MechanismArgs,
}

#[derive(Args)]
pub struct SimulateArgs {
    /// Scenario bundle on disk, or the name of a scenario in the store.
    pub source: String,
    /// `weekly` (by arrival date) or a number of equal batches.
    #[arg(long, default_value = "weekly")]
    pub batches: String,
    /// Seconds each batch's solve may use at most.
    #[arg(long, default_value_t = 5.0)]
    pub time_limit_per_batch: f64,
    #[command(flatten)]
    pub objective: ObjectiveArgs,
}

/// The figures of one run, as `--summary-json` writes them.
#[derive(Serialize)]
struct Summary {
    method: &'static str,
    households: usize,
    persons_placed: u64,
    persons_bound: u64,
    objective: f64,
    bound: f64,
    gap: f64,
    seconds: f64,
}

fn time_limit(seconds: f64, flag: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|limit| !limit.is_zero())
        .with_context(|| format!("{flag} must be a positive number of seconds, got {seconds}"))
}

/// The placement problem of a scenario, and the store it came from (if it did).
async fn problem(
    source: &str,
    objective: &ObjectiveArgs,
    location: &Location,
) -> Result<(Problem, source::Loaded)> {
    let loaded = source::load(source, location).await?;
    let problem = problem_of(&loaded.scenario, objective)?;
    Ok((problem, loaded))
}

fn problem_options(objective: &ObjectiveArgs) -> ProblemOptions {
    ProblemOptions {
        placement_date: objective.placement_date,
        tie_bonus: objective.tie_bonus,
        waiting_weight: objective.waiting_weight,
    }
}

fn problem_of(scenario: &Scenario, objective: &ObjectiveArgs) -> Result<Problem> {
    Problem::from_scenario(scenario, &problem_options(objective))
        .with_context(|| format!("building the placement problem of '{}'", scenario.meta.name))
}

pub async fn place(args: &PlaceArgs, location: &Location) -> Result<()> {
    let mut loaded = source::load(&args.source, location).await?;
    let looks_ahead = args.reserve || args.balance;
    let mut planned = None;
    // Households joining their family outside the numbers (Norway), proposed there.
    let mut joining = (Vec::new(), Vec::new(), 0);
    if let Some(store) = &loaded.store {
        // A stored year places those open to a run, within what its numbers have left.
        let standing = store.year_standing(&loaded.scenario.meta.name).await?;
        let batch = landa_placement::year_batch(&loaded.scenario, &standing.households);
        println!(
            "{} households open to a run; {} placed or out of the year already.",
            batch.scenario.households.len(),
            batch.fixed
        );
        if looks_ahead {
            let forecast = store.arrival_forecast(&loaded.scenario.meta.name).await?;
            let day = args
                .objective
                .placement_date
                .unwrap_or_else(|| chrono::Utc::now().date_naive());
            let look = LookAhead {
                expected: landa_model::expected_later(&forecast, &loaded.scenario.households, day),
                reserve: args.reserve,
                balance: args.balance,
                seed: args.objective.seed,
            };
            let run = landa_placement::plan_run(
                &loaded.scenario,
                &batch,
                &problem_options(&args.objective),
                &look,
                time_limit(args.time_limit, "--time-limit")?,
            )?;
            planned = Some((run, look));
        }
        let (joined, why) = batch.joining_placements();
        joining = (joined, why, batch.joining_persons());
        loaded.scenario = batch.scenario;
    } else if looks_ahead {
        bail!("--reserve and --balance look ahead in a year kept in the store; a bundle on disk has no year to look into (import it first)");
    }
    let model = args
        .model
        .as_deref()
        .map(crate::commands::outcome::read_model)
        .transpose()?;
    if let Some(model) = &model {
        loaded.scenario.scores = progress::step("scoring with the model", || {
            landa_outcome::score_scenario(model, &loaded.scenario)
        })?;
    }
    let problem = match &planned {
        Some((run, _)) => run.valued.clone(),
        None => problem_of(&loaded.scenario, &args.objective)?,
    };
    let (method, method_name) = match args.method {
        MethodArg::Optimal => (Method::Optimal, "optimal"),
        MethodArg::Greedy => (Method::Greedy, "greedy"),
        MethodArg::Random => (Method::Random, "random"),
    };
    let options = SolveOptions {
        method,
        time_limit: time_limit(args.time_limit, "--time-limit")?,
        seed: args.objective.seed,
    };
    let preferences = Preferences::from_scenario(&loaded.scenario, &problem);
    let solution = match (&model, &args.fairness) {
        _ if args.preferences.mechanism.is_some() && args.fairness.is_none() => {
            let mechanism = args.preferences.mechanism.expect("checked just above");
            crate::commands::preferences::place(
                &args.preferences,
                mechanism,
                &problem,
                &preferences,
                &options,
            )?
        }
        (Some(model), Some(rule)) => place_with_fairness(
            args,
            model,
            rule,
            &loaded.scenario,
            &problem,
            &preferences,
            &options,
        )?,
        _ => match &planned {
            Some((run, look)) => {
                let planned = progress::step(
                    &format!("placing ({method_name}, {})", look.doing()),
                    || run.solve(&options),
                );
                if planned.look_ahead.is_none() {
                    println!(
                        "Nothing is expected later this year (no forecast after the day, and no pace of arrivals): the run places the batch alone."
                    );
                }
                if let Some(cost) = planned.look_ahead {
                    println!("Placed {}.", cost.describe(look));
                }
                planned.solution
            }
            None => progress::step(&format!("placing ({method_name})"), || {
                solve(&problem, &options)
            }),
        },
    };
    let ranked = preferences.any().then_some(&preferences);
    // A placement made without a mechanism is still checked for justified envy.
    if ranked.is_some() && args.preferences.mechanism.is_none() {
        println!(
            "Households rank municipalities here: this placement leaves {} blocking pairs (a household and a municipality that would both rather be together).",
            blocking_pairs(&problem, &preferences, &solution).len()
        );
    }
    assignment_table(&problem, &solution, args.explain, ranked)
        .write_file(&args.out)
        .with_context(|| format!("writing {}", args.out.display()))?;
    let summary = Summary {
        method: method_name,
        households: problem.household_count(),
        persons_placed: solution.persons_placed,
        persons_bound: solution.persons_bound,
        objective: solution.objective,
        bound: solution.bound,
        gap: solution.gap,
        seconds: solution.stats.elapsed.as_secs_f64(),
    };
    println!(
        "Placed {} of {} persons (bound {}) from {} households; objective {:.4}, bound {:.4}, gap {:.3} %{}.",
        summary.persons_placed,
        (0..problem.household_count())
            .filter_map(|household| problem.household_persons(household))
            .map(u64::from)
            .sum::<u64>(),
        summary.persons_bound,
        summary.households,
        summary.objective,
        summary.bound,
        summary.gap * 100.0,
        if solution.stats.proven_optimal { ", proven optimal" } else { "" },
    );
    for unplaced in solution.unplaced.iter().take(10) {
        println!("  unplaced: {}", unplaced.reason);
    }
    if solution.unplaced.len() > 10 {
        println!(
            "  … and {} more unplaced (see {})",
            solution.unplaced.len() - 10,
            args.out.display()
        );
    }
    println!("Wrote {}.", args.out.display());
    if let Some(store) = &loaded.store {
        let (joined, why, joined_persons) = joining;
        if !joined.is_empty() {
            println!(
                "{} households join their family outside the numbers.",
                joined.len()
            );
        }
        let mut placements = solution.placements(&problem);
        placements.extend(joined);
        let mut alternatives = landa_placement::alternatives(&problem, &solution);
        alternatives.extend(why);
        let run = PlacementRunRecord {
            method: method_name.to_owned(),
            objective: solution.objective,
            bound: Some(solution.bound),
            persons_placed: u32::try_from(solution.persons_placed)?.saturating_add(joined_persons),
            created_at: chrono::Utc::now(),
            placements,
            alternatives,
        };
        let operator = landa_app::Principal::local_operator(landa_model::Role::National(
            loaded.scenario.meta.country,
        ));
        let id = landa_app::placement::save_run(store, &operator, &loaded.scenario.meta.name, &run)
            .await
            .context("saving the placement run")?;
        println!(
            "Saved as placement run {id} of scenario '{}' in {}.",
            loaded.scenario.meta.name,
            store.engine()
        );
    }
    if let Some(path) = &args.summary_json {
        let json = serde_json::to_string_pretty(&summary)?;
        std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// One row per household: where it goes (blank when unplaced, with the reason), and with
/// `explain` its best alternatives and what bound them.
/// Where households rank municipalities, a `preference` column says which choice each got.
fn assignment_table(
    problem: &Problem,
    solution: &Solution,
    with_explanations: bool,
    preferences: Option<&Preferences>,
) -> Table {
    let text = |name: &str| Column::new(name, ColumnKind::Text);
    let mut columns = vec![
        text("household_id"),
        text("municipality_code"),
        text("dwelling_id"),
        Column::new("score", ColumnKind::Decimal),
        text("unplaced_reason"),
    ];
    if preferences.is_some() {
        columns.push(text("preference"));
    }
    if with_explanations {
        columns.push(text("explanation"));
    }
    let mut table = Table::new("Assignments", columns);
    let placements = solution.placements(problem);
    let mut placed = placements.iter().peekable();
    let reasons: std::collections::BTreeMap<usize, &str> = solution
        .unplaced
        .iter()
        .map(|unplaced| (unplaced.household, unplaced.reason.as_str()))
        .collect();
    let explanations = if with_explanations {
        explain_all(problem, solution)
    } else {
        Vec::new()
    };
    let choices = preferences
        .map(|preferences| explain_every_choice(problem, preferences, solution))
        .unwrap_or_default();
    for index in 0..problem.household_count() {
        let id = problem.household_id(index);
        let placement = placed.next_if(|placement| Some(&placement.household) == id);
        let mut cells: Vec<Cell> = vec![
            id.map(|id| id.to_string()).into(),
            placement.map(|p| p.municipality.to_string()).into(),
            placement
                .and_then(|p| p.dwelling.as_ref())
                .map(|dwelling| dwelling.to_string())
                .into(),
            placement.map(|p| p.score).into(),
            reasons.get(&index).map(|reason| reason.to_string()).into(),
        ];
        if preferences.is_some() {
            cells.push(choices.get(index).cloned().flatten().into());
        }
        if with_explanations {
            cells.push(
                explanations
                    .get(index)
                    .map(|explanation| explanation.to_string().replace('\n', "; "))
                    .into(),
            );
        }
        table.push(cells);
    }
    table
}

/// `landa place --fairness`: the group floors or loss caps kept by the engine, alone or
/// with a mechanism whose placements are sums to price (weighted, and minimum outcome
/// through its weighted placements); prints the groups' shares and what it did for
/// preferences.
fn place_with_fairness(
    args: &PlaceArgs,
    model: &landa_outcome::TrainedModel,
    rule: &str,
    scenario: &Scenario,
    problem: &Problem,
    preferences: &Preferences,
    options: &SolveOptions,
) -> Result<Solution> {
    use crate::commands::preferences::{check_mechanism, report_table};
    use landa_model::Mechanism;
    let fairness = crate::commands::outcome::parse_fairness(rule, &args.groups)?;
    if fairness
        .dimensions
        .contains(&landa_outcome::Dimension::Origin)
    {
        bail!("--groups: a scenario records no origin; use sex, age or household");
    }
    let greedy = solve(
        problem,
        &SolveOptions {
            method: Method::Greedy,
            ..options.clone()
        },
    );
    let persons = landa_outcome::grouped_persons(problem, scenario);
    let predictor = model.predictor(&scenario.municipalities);
    let baseline = landa_outcome::destinations(problem, &greedy);
    let place_fairly = |valued: &Problem| {
        landa_outcome::place_fairly(
            valued,
            &predictor,
            &persons,
            &fairness,
            options,
            &baseline,
            &|m| Some(m.clone()),
        )
    };
    let mechanism = args
        .preferences
        .mechanism
        .map(|arg| check_mechanism(&args.preferences, arg, preferences))
        .transpose()?;
    let (fair, row) = match mechanism {
        None => (
            progress::step("placing with the fairness rule", || place_fairly(problem)),
            None,
        ),
        Some(chosen @ Mechanism::Weighted { lambda }) => {
            let fair = progress::step(
                &format!("placing ({chosen}) with the fairness rule"),
                || place_fairly(&preferences.weighted(problem, lambda)),
            );
            (fair, Some(format!("{chosen}, with the floors")))
        }
        Some(chosen @ Mechanism::MinimumOutcome { share }) => {
            // Each weighted placement of the λ search keeps the floors; the one chosen is
            // found again among them for its groups' table.
            let mut tried = Vec::new();
            let placed = progress::step(
                &format!("placing ({chosen}) with the fairness rule"),
                || {
                    solve_minimum_outcome_by(problem, preferences, share, &mut |weighted, _| {
                        let fair = place_fairly(weighted);
                        let solution = fair.solution.solution.clone();
                        tried.push(fair);
                        solution
                    })
                },
            );
            println!(
                "{} (among placements that keep the floors).",
                placed.certificate()
            );
            let fair = tried
                .into_iter()
                .find(|fair| fair.solution.solution == placed.placement.solution)
                .expect("the minimum-outcome placement is one of those tried");
            (fair, Some(format!("{chosen}, with the floors")))
        }
        Some(Mechanism::Stable) => bail!(
            "--fairness does not combine with --mechanism stable: a floor can require placing a \
             group's household where a household of higher priority is refused, which is the \
             justified envy stability rules out; use weighted or minimum-outcome"
        ),
    };
    println!(
        "{}; its price: {:.4} of {:.4} in total expected outcome ({:.2} %).",
        crate::commands::outcome::describe_fairness(&fair),
        fair.solution.price,
        fair.solution.unconstrained.objective,
        100.0 * fair.solution.price / fair.solution.unconstrained.objective.abs().max(1e-12)
    );
    print!(
        "{}",
        crate::commands::outcome::fairness_table(&fair).to_text()
    );
    if let Some(name) = row {
        let report = PreferenceReport::of(problem, preferences, &fair.solution.solution);
        print!("{}", report_table(&[(name, report)]).to_text());
    }
    Ok(fair.solution.solution)
}

pub async fn simulate(args: &SimulateArgs, location: &Location) -> Result<()> {
    let (problem, _) = problem(&args.source, &args.objective, location).await?;
    let plan = match args.batches.as_str() {
        "weekly" => BatchPlan::Weekly,
        count => match count.parse::<usize>() {
            Ok(count) if count > 0 => BatchPlan::Batches(count),
            _ => bail!("--batches takes 'weekly' or a positive number, got '{count}'"),
        },
    };
    let options = SimulationOptions {
        plan,
        seed: args.objective.seed,
        time_limit_per_batch: time_limit(args.time_limit_per_batch, "--time-limit-per-batch")?,
    };
    let report = progress::step("simulating the year", || {
        simulate_batches(&problem, &options)
    });
    let mut table = Table::new(
        "Simulation",
        vec![
            Column::new("policy", ColumnKind::Text),
            Column::new("persons placed", ColumnKind::Integer),
            Column::new("objective", ColumnKind::Decimal),
            Column::new("share of hindsight", ColumnKind::Percent),
        ],
    );
    for (name, outcome) in [
        ("hindsight optimum (everyone at once)", report.hindsight),
        (
            "landa, batch by batch with reserved capacity",
            report.online,
        ),
        ("optimal per batch, no reservation", report.myopic),
        ("greedy in arrival order (today's practice)", report.greedy),
    ] {
        table.push(vec![
            name.into(),
            Cell::Integer(outcome.persons as i64),
            outcome.objective.into(),
            outcome.share.into(),
        ]);
    }
    println!("{} batches.", report.batches);
    print!("{}", table.to_text());
    if report.hindsight_bound > 0.0 {
        println!(
            "Hindsight bound {:.2}: landa batch by batch reaches at least {:.1} % of the true hindsight optimum.",
            report.hindsight_bound,
            100.0 * report.online.objective / report.hindsight_bound
        );
    }
    Ok(())
}
