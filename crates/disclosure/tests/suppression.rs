//! Suppression checked from the outside: the audit below looks for a second table that
//! agrees with everything published (exact cells, every relation adding up, "<5" cells
//! from 1 to threshold - 1, ".." cells at threshold or more) and differs in a cell.

use landa_disclosure::{suppress, CellId, Hierarchy, Status};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Spec {
    Count(u64),
    Total(Vec<Spec>),
}

fn build(parts: &[Spec]) -> Hierarchy {
    fn add(hierarchy: &mut Hierarchy, parent: CellId, parts: &[Spec]) {
        for part in parts {
            match part {
                Spec::Count(value) => {
                    hierarchy.add_count(parent, *value);
                }
                Spec::Total(parts) => {
                    let total = hierarchy.add_total(parent);
                    add(hierarchy, total, parts);
                }
            }
        }
    }
    let mut hierarchy = Hierarchy::new();
    add(&mut hierarchy, Hierarchy::ROOT, parts);
    hierarchy
}

fn count() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(0u64), 4 => 1u64..5, 3 => 5u64..15, 1 => 15u64..200]
}

/// Up to three levels below the root (nation, regions, municipalities, and one more).
fn parts() -> impl Strategy<Value = Vec<Spec>> {
    let leaf = count().prop_map(Spec::Count);
    let tree = leaf.prop_recursive(3, 40, 6, |inner| {
        prop::collection::vec(inner, 0..6).prop_map(Spec::Total)
    });
    prop::collection::vec(tree, 0..6)
}

/// The cells from `cell` up to the root.
fn ancestry(hierarchy: &Hierarchy, cell: CellId) -> Vec<CellId> {
    std::iter::successors(Some(cell), |&c| hierarchy.parent(c)).collect()
}

/// Whether `values` agrees with what is published under `statuses`.
fn consistent(hierarchy: &Hierarchy, statuses: &[Status], threshold: u64, values: &[i64]) -> bool {
    hierarchy.cells().all(|cell| {
        let value = values[cell.index()];
        let true_value = hierarchy.value(cell) as i64;
        let children = hierarchy.children(cell);
        let adds_up =
            children.is_empty() || value == children.iter().map(|c| values[c.index()]).sum::<i64>();
        let agrees = match statuses[cell.index()] {
            Status::Published => value == true_value,
            Status::Primary => (1..threshold as i64).contains(&value),
            Status::Complementary => value >= threshold as i64,
        };
        adds_up && agrees
    })
}

/// The cells that some second consistent table changes. Candidates move one unit
/// between two ends: the root and a cell without parts (the same way along the line
/// between them), or two cells without parts (opposite ways, up to the totals they share).
fn undetermined(hierarchy: &Hierarchy, statuses: &[Status], threshold: u64) -> Vec<bool> {
    let ends: Vec<CellId> = hierarchy
        .cells()
        .filter(|&c| hierarchy.children(c).is_empty())
        .collect();
    let mut moves: Vec<Vec<(CellId, i64)>> = Vec::new();
    for (i, &end) in ends.iter().enumerate() {
        moves.push(
            ancestry(hierarchy, end)
                .into_iter()
                .map(|c| (c, 1))
                .collect(),
        );
        for &other in &ends[i + 1..] {
            let (up, down) = (ancestry(hierarchy, end), ancestry(hierarchy, other));
            let shared = |c: &CellId| up.contains(c) && down.contains(c);
            moves.push(
                up.iter()
                    .filter(|c| !shared(c))
                    .map(|&c| (c, 1))
                    .chain(down.iter().filter(|c| !shared(c)).map(|&c| (c, -1)))
                    .collect(),
            );
        }
    }
    let truth: Vec<i64> = hierarchy
        .cells()
        .map(|c| hierarchy.value(c) as i64)
        .collect();
    let mut changed = vec![false; truth.len()];
    for cells in moves {
        for sign in [1, -1] {
            let mut values = truth.clone();
            for &(cell, step) in &cells {
                values[cell.index()] += sign * step;
            }
            if consistent(hierarchy, statuses, threshold, &values) {
                for &(cell, _) in &cells {
                    changed[cell.index()] = true;
                }
            }
        }
    }
    changed
}

/// Primary cells that no suppression can protect: derivable even when every non-zero
/// cell is suppressed.
fn hopeless(hierarchy: &Hierarchy, threshold: u64) -> Vec<bool> {
    let all: Vec<Status> = hierarchy
        .cells()
        .map(|c| match hierarchy.value(c) {
            0 => Status::Published,
            v if v < threshold => Status::Primary,
            _ => Status::Complementary,
        })
        .collect();
    let undetermined = undetermined(hierarchy, &all, threshold);
    all.iter()
        .zip(undetermined)
        .map(|(status, free)| *status == Status::Primary && !free)
        .collect()
}

/// Each relation (a total and its parts) with how many of its cells are suppressed.
fn suppressed_per_relation(hierarchy: &Hierarchy, statuses: &[Status]) -> Vec<(CellId, usize)> {
    hierarchy
        .cells()
        .filter(|&c| !hierarchy.children(c).is_empty())
        .map(|total| {
            let n = std::iter::once(&total)
                .chain(hierarchy.children(total))
                .filter(|c| statuses[c.index()].is_suppressed())
                .count();
            (total, n)
        })
        .collect()
}

/// Whether the primary cells are as protected as they can be under `statuses`.
fn primaries_protected(
    hierarchy: &Hierarchy,
    statuses: &[Status],
    threshold: u64,
    hopeless: &[bool],
) -> bool {
    let free = undetermined(hierarchy, statuses, threshold);
    hierarchy
        .cells()
        .all(|c| statuses[c.index()] != Status::Primary || free[c.index()] || hopeless[c.index()])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn small_counts_cannot_be_read_or_derived(parts in parts(), threshold in 3u64..7) {
        let hierarchy = build(&parts);
        let statuses = suppress(&hierarchy, threshold);
        let hopeless = hopeless(&hierarchy, threshold);
        // (1) Every count from 1 to threshold - 1 is primary; complements are large.
        for cell in hierarchy.cells() {
            let value = hierarchy.value(cell);
            let status = statuses[cell.index()];
            prop_assert_eq!(status == Status::Primary, (1..threshold).contains(&value));
            if status == Status::Complementary {
                prop_assert!(value >= threshold, "complement {value}");
            }
        }
        // (2) No relation has exactly one suppressed cell, unless it is one that the
        // markers give away whatever is suppressed.
        for (total, n) in suppressed_per_relation(&hierarchy, &statuses) {
            let lone = std::iter::once(&total)
                .chain(hierarchy.children(total))
                .find(|c| statuses[c.index()].is_suppressed());
            prop_assert!(
                n != 1 || lone.is_some_and(|c| hopeless[c.index()]),
                "one suppressed cell in the relation of {:?}: {:?}", total, statuses
            );
        }
        // (3) Every suppressed cell takes another value in a consistent table, unless no
        // suppression could protect it.
        let free = undetermined(&hierarchy, &statuses, threshold);
        for cell in hierarchy.cells() {
            prop_assert!(
                !statuses[cell.index()].is_suppressed() || free[cell.index()] || hopeless[cell.index()],
                "{:?} ({}) can be derived: {:?}", cell, hierarchy.value(cell), statuses
            );
        }
        // (4) Every complement is needed: publishing it exposes a primary cell.
        for cell in hierarchy.cells().filter(|c| statuses[c.index()] == Status::Complementary) {
            let mut published = statuses.clone();
            published[cell.index()] = Status::Published;
            prop_assert!(
                !primaries_protected(&hierarchy, &published, threshold, &hopeless),
                "{:?} ({}) is not needed: {:?}", cell, hierarchy.value(cell), statuses
            );
        }
    }
}

/// A nation of two regions with the given municipalities; the cells in order: nation,
/// region, its municipalities, region, its municipalities.
fn nation(regions: &[&[u64]]) -> (Hierarchy, Vec<CellId>) {
    let mut hierarchy = Hierarchy::new();
    let mut cells = vec![Hierarchy::ROOT];
    for municipalities in regions {
        let region = hierarchy.add_total(Hierarchy::ROOT);
        cells.push(region);
        for &m in *municipalities {
            cells.push(hierarchy.add_count(region, m));
        }
    }
    (hierarchy, cells)
}

fn statuses_of(regions: &[&[u64]]) -> Vec<Status> {
    let (hierarchy, cells) = nation(regions);
    let statuses = suppress(&hierarchy, 5);
    cells.iter().map(|c| statuses[c.index()]).collect()
}

use Status::{Complementary as C, Primary as P, Published as O};

#[test]
fn a_lone_small_municipality_takes_its_smallest_non_zero_neighbour_along() {
    // Region total 30 minus 0, 7 and 20 would give back the 3; hiding the 0 would not
    // help, since ".." cannot be 1 or 2.
    assert_eq!(
        statuses_of(&[&[3, 0, 7, 20], &[40, 50]]),
        [O, O, P, O, C, O, O, O, O]
    );
}

#[test]
fn a_complement_of_exactly_the_threshold_cannot_hide_a_one() {
    // 1 + 5 = 6 leaves the 1 no room: 2 + 4 would make the ".." a "<5".
    assert_eq!(
        statuses_of(&[&[1, 5, 9], &[40, 50]]),
        [O, O, P, O, C, O, O, O]
    );
}

#[test]
fn two_fours_need_their_total_hidden_and_that_total_a_partner() {
    // 4 + 4 = 8: neither can go up (5 is no "<5") nor one down and the other up, so the
    // region total moves with them, balanced by the other region and one of its parts.
    assert_eq!(
        statuses_of(&[&[4, 4], &[40, 50], &[30, 60]]),
        [O, C, P, P, O, O, O, C, C, O]
    );
}

#[test]
fn zeros_and_large_counts_are_published() {
    assert_eq!(statuses_of(&[&[0, 7], &[40, 0]]), [O; 7]);
}

#[test]
fn four_ones_under_a_four_are_given_away_by_their_markers_alone() {
    // Documented limit: "<5" = "<5" + "<5" + "<5" + "<5" only holds as 4 = 1 + 1 + 1 + 1.
    let (hierarchy, _) = nation(&[&[1, 1, 1, 1]]);
    let statuses = suppress(&hierarchy, 5);
    assert!(statuses[1..].iter().all(|s| *s == P));
    assert_eq!(hopeless(&hierarchy, 5)[1..], [true; 5]);
}

/// Every table the published cells allow, by trying every value of each suppressed cell
/// without parts up to `limit` (the totals follow): the cells that differ in one of them.
fn undetermined_by_search(
    hierarchy: &Hierarchy,
    statuses: &[Status],
    threshold: u64,
    limit: i64,
) -> Vec<bool> {
    let free: Vec<CellId> = hierarchy
        .cells()
        .filter(|&c| hierarchy.children(c).is_empty() && statuses[c.index()].is_suppressed())
        .collect();
    let truth: Vec<i64> = hierarchy
        .cells()
        .map(|c| hierarchy.value(c) as i64)
        .collect();
    let mut changed = vec![false; truth.len()];
    let mut leaves = truth.clone();
    let mut choice = vec![0i64; free.len()];
    loop {
        for (cell, value) in free.iter().zip(&choice) {
            leaves[cell.index()] = *value;
        }
        let mut values = leaves.clone();
        for cell in hierarchy.cells().rev() {
            if !hierarchy.children(cell).is_empty() {
                values[cell.index()] = hierarchy
                    .children(cell)
                    .iter()
                    .map(|c| values[c.index()])
                    .sum();
            }
        }
        if consistent(hierarchy, statuses, threshold, &values) {
            for (flag, (value, true_value)) in changed.iter_mut().zip(values.iter().zip(&truth)) {
                *flag |= value != true_value;
            }
        }
        let Some(position) = choice.iter().position(|&v| v < limit) else {
            return changed;
        };
        choice[position] += 1;
        choice[..position].iter_mut().for_each(|v| *v = 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The audit's one-unit moves find every cell a full search finds (and no other),
    /// so "needed" in the test above means needed.
    #[test]
    fn unit_moves_find_every_other_table(
        parts in prop::collection::vec(
            prop_oneof![
                (0u64..12).prop_map(Spec::Count),
                prop::collection::vec((0u64..12).prop_map(Spec::Count), 0..3).prop_map(Spec::Total),
            ],
            0..3,
        ),
        threshold in 3u64..6,
        marks in prop::collection::vec(any::<bool>(), 16),
    ) {
        let hierarchy = build(&parts);
        // Any suppression that hides every small count and no zero, not only suppress's.
        let statuses: Vec<Status> = hierarchy
            .cells()
            .map(|c| match hierarchy.value(c) {
                0 => Status::Published,
                v if v < threshold => Status::Primary,
                _ if marks[c.index() % marks.len()] => Status::Complementary,
                _ => Status::Published,
            })
            .collect();
        let leaves = hierarchy
            .cells()
            .filter(|&c| hierarchy.children(c).is_empty() && statuses[c.index()].is_suppressed())
            .count();
        prop_assume!(leaves <= 4);
        let limit = hierarchy.value(Hierarchy::ROOT) as i64 + threshold as i64 + 2;
        prop_assert_eq!(
            undetermined(&hierarchy, &statuses, threshold),
            undetermined_by_search(&hierarchy, &statuses, threshold, limit)
        );
    }
}
