//! landa-placement: optimal placement (anvisning / utsøking) of a batch of households in
//! municipalities, and in dwellings there, with a certificate of optimality.
//!
//! # The problem
//! Each household goes to at most one municipality where it has a score, families never
//! split. A municipality takes at most its decided number of persons (kommuntal / vedtak),
//! unaccompanied minors only within its places for them, and one household per unit of each
//! service capacity it offers. Where the scenario lists dwellings for a municipality, every
//! household placed there needs its own dwelling with enough beds (accessible when it needs
//! `accessible_housing`) available on the placement date. The objective is lexicographic:
//! most persons placed first, then the highest total value (score + tie bonus + waiting
//! priority). [`Problem`] holds this in compact form (CSR over eligible pairs with a value
//! and a capacity weight per pair) whatever the source: a [`landa_model::Scenario`], a
//! database, or an OR-Library GAP file ([`orlib_gap`]).
//!
//! # The method ([`Method::Optimal`])
//! * **Bound.** Lagrangian relaxation of every capacity constraint: persons, minors, each
//!   service, and for dwellings the nested counts "households of size >= s in m <= dwellings
//!   with >= s beds in m" (and the same for accessible dwellings), which every assignment
//!   of dwellings respects, so the relaxation stays valid. At given prices each household
//!   simply picks its pair of best reduced value, so the dual function is one pass over the
//!   pairs; its minimum is the LP relaxation bound (the one-household subproblem is
//!   integral). It is minimised by subgradient steps with Polyak step length (target: the
//!   best placement known) and step halving when progress stalls. Any evaluated point is a
//!   valid bound, so stopping early costs tightness, never validity. (A bundle method or an
//!   exact min-cost-flow LP would converge faster; the subgradient was enough for the
//!   targets and keeps the crate free of an LP solver.)
//! * **Lexicographic layers without big-M.** Layer 1 bounds persons (values = persons;
//!   the bound is also capped by the persons of households that have any usable pair).
//!   Layer 2 maximises value subject to "persons >= P", P the persons the best placement
//!   reached, with its own multiplier; its bound covers every placement at least as good
//!   in persons, so it also covers the lexicographic optimum.
//! * **Primal.** Start: the best of greedy (arrival order), biggest households first and
//!   random, polished by local search. Then, every few dual iterations, prices are rounded:
//!   households ordered by persons (layer 2) and regret (best minus second-best reduced
//!   value) each take the fitting pair of best reduced value, followed by local search:
//!   insert unplaced households (ejecting households of no more persons, two levels deep),
//!   move households to better municipalities, swap two households, and, for a copy of
//!   the best placement after layer 1 (within half the time left) and for the best after
//!   layer 2, move the displaced household anywhere (ejection chains of two). Every
//!   candidate competes on the lexicographic objective. At national scale layer 2's
//!   candidates seldom keep every person layer 1 placed, so the polished copy is what
//!   lifts the value; in small batches they often place more persons and win.
//! * **Neighbourhood search** spends the rest of the time limit: it frees the households of
//!   a few related municipalities (related by what households would gain by moving between
//!   them) and re-places them there by exact branch and bound, everything else fixed,
//!   keeping any better placement; it ends early when improvements run dry. Tight batches
//!   need these joint re-packings, which single moves and swaps miss.
//! * **Deterministic.** Every phase counts its work (iterations, nodes), and the
//!   neighbourhood search's node budget is derived from the time limit and the problem's
//!   size by measured rates, not read off a clock: the same input, seed and time limit give
//!   the same placement. The deadline only stops a run on a machine too slow for those
//!   rates (the statistics then say `hit_time_limit`).
//! * **Dwellings**: whether a municipality's households can each have their own dwelling is
//!   decided exactly by Hall's conditions, which for the "beds >= size, accessible if
//!   needed" order reduce to a few dozen counts per municipality; concrete dwellings are
//!   matched by augmenting paths once, at the end. A household is refused only when no
//!   re-arrangement of tenants could house it.
//! * **Small problems** (up to 24 households) are solved exactly by branch and bound, which
//!   proves optimality (gap 0); property tests check this against brute force.
//!
//! Measured (bench `placement`, release, 2-core machine, `landa_generate` scenarios with
//! 290 municipalities, capacities at 102-105 % of the persons, dwellings): 12 000
//! households: all 31 746 persons placed, value gap 0.43 % to the LP bound in 7.4-8.4 s
//! (greedy: 406 persons unplaced, 5.6 % below that bound). Small batches are harder:
//! with ~3 households per municipality the problem is close to bin packing and the LP
//! bound is weak (1 000 households, 10 s: 2 persons short of the persons bound, gap 2.3 %,
//! the neighbourhood search stopping after 5.5 s; without it 7 persons and 5.1 %).
//!
//! Baselines: [`Method::Greedy`] (arrival order, best municipality with room: today's
//! practice) and [`Method::Random`]. Their certificate is the trivial bound (every
//! household at its best value).
//!
//! [`solve_with_floors`] places with a floor on each group's total (used for fairness by
//! predicted outcome: no group of persons below a share, or below its baseline), pricing
//! each floor by a Lagrange multiplier and reporting what the floors cost.
//!
//! [`simulate`] places a year's arrivals week by week, pricing capacity by the dual of a
//! sampled future, and compares with the hindsight optimum: 99.0 % of hindsight at 12 000
//! households and at 4 000 (greedy and myopic batches: about 95 %); at 1 000 households
//! the sampled prices are too noisy to help (94.5 %, myopic 95.0 %).
//!
//! Architecture invariant: no IO. Parsers take `&str`; callers read files.

// The unit tests share the integration tests' scenario builder and brute force, which
// name this crate by its package name.
#[cfg(test)]
extern crate self as landa_placement;
#[cfg(test)]
#[path = "../tests/common/mod.rs"]
mod common;
mod dual;
mod exact;
mod explain;
mod fair;
mod heuristics;
mod load;
mod lookahead;
mod neighbourhood;
pub mod orlib_gap;
pub mod preferences;
mod problem;
mod simulate;
mod solve;
mod year;

pub use explain::{alternatives, explain, explain_all, Alternative, Explanation, Status};
pub use fair::{solve_with_floors, FairSolution, GroupFloor, GroupOutcome};
pub use lookahead::{plan_run, LookAhead, LookAheadCost, PlannedRun, PlannedSolution};
pub use problem::{Bound, Problem, ProblemError, ProblemOptions, ACCESSIBLE_HOUSING};
pub use simulate::{simulate, BatchPlan, Outcome, SimulationOptions, SimulationReport};
pub use solve::{solve, verify, Assigned, Method, Solution, SolveOptions, SolveStats, Unplaced};
pub use year::{year_batch, Joining, NumberSource, Remaining, YearBatch, JOINS_FAMILY};
