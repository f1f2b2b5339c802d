//! Statistical disclosure control for a hierarchy of additive counts (the nation, its
//! regions, their municipalities): which cells to suppress so that no count from 1 to
//! `threshold - 1` can be read or worked out from what is published.
//!
//! **Primary suppression** hides every count from 1 to `threshold - 1` (shown as "<5").
//! It is not enough alone: a region's total minus its published municipalities gives back
//! the one suppressed municipality. **Complementary suppression** hides further cells
//! (shown with their own marker, "..") until no primary cell's value follows from the
//! published ones. Every relation "total = sum of its parts" then has zero or at least
//! two suppressed cells, and more: each primary cell lies on a cycle of suppressed cells
//! along which one unit can be moved (the cell and a suppressed sibling in opposite
//! directions, or the cell and its suppressed total in the same direction, continuing up
//! or down the hierarchy) so that every relation still adds up and every marker still
//! tells the truth. That second consistent table proves the cell cannot be derived.
//!
//! What a reader knows, and so what a move must respect: a published cell is exact; a
//! "<5" cell is from 1 to `threshold - 1`; a ".." cell is not from 1 to `threshold - 1`
//! (else it would say "<5"). **Zeros are published and never chosen as complements**: a
//! ".." that is 0 could only move up by `threshold` or more (1 to 4 would make it a "<5"),
//! so it adds no uncertainty; worse, beside a primary cell it gives the primary away
//! (total 20 = "<5" + ".." + 17 means the two hidden cells add up to 3, and the ".."
//! cannot be 1 or 2, so it is 0 and the "<5" is 3). With zeros excluded a ".." is at
//! least `threshold`, and each cell's possible values form an interval; then a cell can
//! take a second value exactly when a unit move along such a cycle exists (a change that
//! keeps every relation is a circulation, and a circulation splits into cycles that each
//! keep the bounds), which is what [`suppress`] checks.
//!
//! The choice: start with every non-zero cell suppressed, then publish the complements
//! one at a time, the largest first, whenever every primary cell stays protected. What is
//! left is the small cells that are needed (the smallest suitable sibling of a lone
//! primary cell, rather than its total or a large neighbour), and no complement can be
//! published without exposing a primary cell.
//!
//! Some primary cells cannot be protected by any suppression: the markers alone tell
//! that a "<5" total of four "<5" parts is 4 = 1 + 1 + 1 + 1. Such a cell is suppressed
//! but gets no complement, since none could help (it may be the only suppressed cell of a
//! relation); only a coarser table does. With `threshold` 2 every primary cell is like
//! that ("<2" is 1).

/// A cell of a [`Hierarchy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellId(usize);

impl CellId {
    /// The position in [`suppress`]'s answer; cells are numbered in the order added.
    pub fn index(self) -> usize {
        self.0
    }
}

/// A total with parts, each a count or itself a total of parts. A total's value is the
/// sum of its parts, so every relation adds up by construction.
#[derive(Debug, Clone)]
pub struct Hierarchy {
    values: Vec<u64>,
    parents: Vec<Option<CellId>>,
    children: Vec<Vec<CellId>>,
}

impl Default for Hierarchy {
    fn default() -> Self {
        Hierarchy::new()
    }
}

impl Hierarchy {
    /// The overall total (the nation).
    pub const ROOT: CellId = CellId(0);

    /// A hierarchy of the root total alone (0 until parts are added).
    pub fn new() -> Hierarchy {
        Hierarchy {
            values: vec![0],
            parents: vec![None],
            children: vec![Vec::new()],
        }
    }

    /// A part of `parent` that is a total of parts added later (a region).
    pub fn add_total(&mut self, parent: CellId) -> CellId {
        self.add_count(parent, 0)
    }

    /// A part of `parent` with its own count (a municipality). Its ancestors grow by `value`.
    pub fn add_count(&mut self, parent: CellId, value: u64) -> CellId {
        let id = CellId(self.values.len());
        self.values.push(value);
        self.parents.push(Some(parent));
        self.children.push(Vec::new());
        self.children[parent.0].push(id);
        let mut ancestor = Some(parent);
        while let Some(cell) = ancestor {
            self.values[cell.0] += value;
            ancestor = self.parents[cell.0];
        }
        id
    }

    pub fn value(&self, cell: CellId) -> u64 {
        self.values[cell.0]
    }

    pub fn parent(&self, cell: CellId) -> Option<CellId> {
        self.parents[cell.0]
    }

    pub fn children(&self, cell: CellId) -> &[CellId] {
        &self.children[cell.0]
    }

    /// Every cell, in the order added (a total before its parts).
    pub fn cells(&self) -> impl DoubleEndedIterator<Item = CellId> {
        (0..self.values.len()).map(CellId)
    }
}

/// What to publish for a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Published,
    /// A count from 1 to `threshold - 1`.
    Primary,
    /// Hidden so that a primary cell cannot be derived; its count is `threshold` or more.
    Complementary,
}

impl Status {
    pub fn is_suppressed(self) -> bool {
        self != Status::Published
    }
}

/// The status of every cell (indexed by [`CellId::index`]): counts from 1 to
/// `threshold - 1` primary, plus the complements that keep each of them from being
/// derived, as the module documentation describes. Deterministic.
pub fn suppress(hierarchy: &Hierarchy, threshold: u64) -> Vec<Status> {
    let primary: Vec<bool> = hierarchy
        .values
        .iter()
        .map(|v| (1..threshold).contains(v))
        .collect();
    let mut suppressed: Vec<bool> = hierarchy.values.iter().map(|&v| v > 0).collect();
    let bounds = Bounds {
        hierarchy,
        primary: &primary,
        threshold,
    };
    // Protection only grows with the suppressed set, so a primary cell unprotected with
    // every non-zero cell suppressed is unprotected whatever is chosen.
    let hopeless: Vec<bool> = bounds
        .protected(&suppressed)
        .iter()
        .zip(&primary)
        .map(|(protected, primary)| *primary && !protected)
        .collect();
    let mut complements: Vec<CellId> = hierarchy
        .cells()
        .filter(|c| suppressed[c.0] && !primary[c.0])
        .collect();
    complements.sort_by_key(|c| (std::cmp::Reverse(hierarchy.value(*c)), *c));
    // The goal is monotone in the suppressed set, so after one pass no complement left
    // can be published.
    for cell in complements {
        suppressed[cell.0] = false;
        if !bounds.safe(&suppressed, &hopeless) {
            suppressed[cell.0] = true;
        }
    }
    hierarchy
        .cells()
        .map(|c| match (suppressed[c.0], primary[c.0]) {
            (false, _) => Status::Published,
            (true, true) => Status::Primary,
            (true, false) => Status::Complementary,
        })
        .collect()
}

/// The hierarchy with what a reader knows of each suppressed cell's value.
struct Bounds<'a> {
    hierarchy: &'a Hierarchy,
    primary: &'a [bool],
    threshold: u64,
}

/// A unit move: up (index 0) or down (index 1).
const UP: usize = 0;
const DOWN: usize = 1;

impl Bounds<'_> {
    /// Whether a suppressed cell's value can move one unit (`UP` or `DOWN`) and still agree
    /// with its marker: "<5" stays within 1..threshold, ".." stays at threshold or above.
    fn can_move(&self, cell: CellId, direction: usize) -> bool {
        let value = self.hierarchy.value(cell);
        let lowest = if self.primary[cell.0] {
            1
        } else {
            self.threshold
        };
        match direction {
            UP => !self.primary[cell.0] || value + 1 < self.threshold,
            _ => value > lowest,
        }
    }

    /// Every primary cell protected, except the hopeless ones.
    fn safe(&self, suppressed: &[bool], hopeless: &[bool]) -> bool {
        let protected = self.protected(suppressed);
        (0..protected.len()).all(|c| !self.primary[c] || protected[c] || hopeless[c])
    }

    /// For each cell, whether it is suppressed and lies on a cycle of suppressed cells
    /// along which one unit can move: down from the cell through suppressed parts to a
    /// part without parts, and up through suppressed totals either to the root or to a
    /// suppressed sibling that moves the other way, down to a part without parts.
    fn protected(&self, suppressed: &[bool]) -> Vec<bool> {
        let h = self.hierarchy;
        let n = h.values.len();
        // chain[c][d]: c can move in direction d with a chain of parts moving the same way.
        let mut chain = vec![[false; 2]; n];
        for cell in h.cells().rev() {
            for direction in [UP, DOWN] {
                chain[cell.0][direction] = suppressed[cell.0]
                    && self.can_move(cell, direction)
                    && (h.children(cell).is_empty()
                        || h.children(cell).iter().any(|c| chain[c.0][direction]));
            }
        }
        // How many parts of each total can move each way with a chain below them.
        let mut movable_parts = vec![[0usize; 2]; n];
        for cell in h.cells() {
            if let Some(parent) = h.parent(cell) {
                for direction in [UP, DOWN] {
                    movable_parts[parent.0][direction] += usize::from(chain[cell.0][direction]);
                }
            }
        }
        // closes[c][d]: moving c in direction d can be balanced above c.
        let mut closes = vec![[false; 2]; n];
        for cell in h.cells() {
            let Some(parent) = h.parent(cell) else {
                closes[cell.0] = [true, true];
                continue;
            };
            for direction in [UP, DOWN] {
                let other = 1 - direction;
                let movable = movable_parts[parent.0][other];
                let sibling = movable > usize::from(chain[cell.0][other]);
                let through_parent = suppressed[parent.0]
                    && self.can_move(parent, direction)
                    && closes[parent.0][direction];
                closes[cell.0][direction] = sibling || through_parent;
            }
        }
        (0..n)
            .map(|c| (chain[c][UP] && closes[c][UP]) || (chain[c][DOWN] && closes[c][DOWN]))
            .collect()
    }
}
