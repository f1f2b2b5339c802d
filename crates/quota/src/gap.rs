//! The gap report: what was asked of each municipality, what it decided, what has been
//! placed, per municipality, region and nation. Follow-up acts on the gaps.

use landa_model::{
    MunicipalDecision, Municipality, MunicipalityCode, Region, RegionCode, RequestRound,
};
use std::collections::{BTreeMap, BTreeSet};

/// Persons (unaccompanied minors included) and, of them, unaccompanied minors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts<T> {
    pub persons: T,
    pub unaccompanied_minors: T,
}

/// One municipality's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalityGap {
    pub municipality: MunicipalityCode,
    /// None for a municipality named by a request, decision or placement but not among
    /// the municipalities given; it counts in the nation's totals only.
    pub region: Option<RegionCode>,
    /// The round the request came from: the latest round of the year that names the
    /// municipality. None when no round names it (requested counts 0).
    pub request_round: Option<u32>,
    pub requested: Counts<u32>,
    /// None when the municipality has taken no decision: counted as 0 and flagged.
    pub decided: Option<Counts<u32>>,
    pub placed: Counts<u32>,
    /// Decided minus placed, never below 0.
    pub remaining: Counts<u32>,
    /// Requested minus decided; negative when the municipality decided more.
    pub gap: Counts<i64>,
}

impl MunicipalityGap {
    pub fn without_decision(&self) -> bool {
        self.decided.is_none()
    }
}

/// Sums over municipalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GapTotals {
    pub requested: Counts<u64>,
    pub decided: Counts<u64>,
    pub placed: Counts<u64>,
    /// Sum of the municipalities' remaining (each >= 0), so a municipality placed beyond
    /// its decision does not hide another's remaining places.
    pub remaining: Counts<u64>,
    pub gap: Counts<i64>,
    /// Municipalities with no decision (flagged).
    pub without_decision: u32,
}

impl GapTotals {
    /// One municipality's figures as totals (e.g. to publish it like a region).
    pub fn of(row: &MunicipalityGap) -> GapTotals {
        let mut totals = GapTotals::default();
        totals.add(row);
        totals
    }

    fn add(&mut self, row: &MunicipalityGap) {
        let decided = row.decided.unwrap_or_default();
        add_counts(&mut self.requested, row.requested);
        add_counts(&mut self.decided, decided);
        add_counts(&mut self.placed, row.placed);
        add_counts(&mut self.remaining, row.remaining);
        self.gap.persons += row.gap.persons;
        self.gap.unaccompanied_minors += row.gap.unaccompanied_minors;
        self.without_decision += u32::from(row.without_decision());
    }
}

fn add_counts(sum: &mut Counts<u64>, counts: Counts<u32>) {
    sum.persons += u64::from(counts.persons);
    sum.unaccompanied_minors += u64::from(counts.unaccompanied_minors);
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionGap {
    pub region: RegionCode,
    /// None for a region that municipalities name but the regions given do not.
    pub name: Option<String>,
    pub totals: GapTotals,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapReport {
    pub year: i32,
    /// The municipalities given, in their order, then any other municipality named by
    /// a request, decision or placement, in code order.
    pub municipalities: Vec<MunicipalityGap>,
    /// The regions given, in their order, then regions named only by municipalities.
    pub regions: Vec<RegionGap>,
    pub nation: GapTotals,
}

/// Builds the gap report for `year`. Request rounds and decisions of other years are
/// ignored. A later round supersedes an earlier one for the municipalities it names
/// (rounds ordered by number; for equal numbers, the later in the slice); of several
/// decisions for one municipality the later in the slice is taken (a revision).
/// `placed` holds persons and unaccompanied minors placed so far per municipality.
pub fn gap_report(
    year: i32,
    regions: &[Region],
    municipalities: &[Municipality],
    request_rounds: &[RequestRound],
    decisions: &[MunicipalDecision],
    placed: &BTreeMap<MunicipalityCode, (u32, u32)>,
) -> GapReport {
    let mut rounds: Vec<&RequestRound> = request_rounds.iter().filter(|r| r.year == year).collect();
    rounds.sort_by_key(|r| r.round);
    let mut requests: BTreeMap<&MunicipalityCode, (u32, Counts<u32>)> = BTreeMap::new();
    for round in rounds {
        for request in &round.requests {
            let counts = Counts {
                persons: request.persons,
                unaccompanied_minors: request.unaccompanied_minors,
            };
            requests.insert(&request.municipality, (round.round, counts));
        }
    }
    let decided: BTreeMap<&MunicipalityCode, Counts<u32>> = decisions
        .iter()
        .filter(|d| d.year == year)
        .map(|d| {
            let counts = Counts {
                persons: d.persons,
                unaccompanied_minors: d.unaccompanied_minors,
            };
            (&d.municipality, counts)
        })
        .collect();

    let known: BTreeSet<&MunicipalityCode> = municipalities.iter().map(|m| &m.code).collect();
    let others: BTreeSet<&MunicipalityCode> = requests
        .keys()
        .chain(decided.keys())
        .copied()
        .chain(placed.keys())
        .filter(|code| !known.contains(code))
        .collect();
    let rows: Vec<MunicipalityGap> = municipalities
        .iter()
        .map(|m| (&m.code, Some(&m.region)))
        .chain(others.into_iter().map(|code| (code, None)))
        .map(|(code, region)| {
            let request = requests.get(code);
            let (persons, unaccompanied_minors) = placed.get(code).copied().unwrap_or_default();
            row(
                code,
                region,
                request.map(|r| r.0),
                request.map(|r| r.1).unwrap_or_default(),
                decided.get(code).copied(),
                Counts {
                    persons,
                    unaccompanied_minors,
                },
            )
        })
        .collect();

    let mut region_rows: Vec<RegionGap> = regions
        .iter()
        .map(|r| RegionGap {
            region: r.code.clone(),
            name: Some(r.name.clone()),
            totals: GapTotals::default(),
        })
        .collect();
    let unnamed: BTreeSet<&RegionCode> = municipalities
        .iter()
        .map(|m| &m.region)
        .filter(|code| !regions.iter().any(|r| &r.code == *code))
        .collect();
    region_rows.extend(unnamed.into_iter().map(|code| RegionGap {
        region: code.clone(),
        name: None,
        totals: GapTotals::default(),
    }));

    let mut nation = GapTotals::default();
    for row in &rows {
        nation.add(row);
        if let Some(region) = region_rows
            .iter_mut()
            .find(|r| Some(&r.region) == row.region.as_ref())
        {
            region.totals.add(row);
        }
    }
    GapReport {
        year,
        municipalities: rows,
        regions: region_rows,
        nation,
    }
}

fn row(
    code: &MunicipalityCode,
    region: Option<&RegionCode>,
    request_round: Option<u32>,
    requested: Counts<u32>,
    decided: Option<Counts<u32>>,
    placed: Counts<u32>,
) -> MunicipalityGap {
    let base = decided.unwrap_or_default();
    MunicipalityGap {
        municipality: code.clone(),
        region: region.cloned(),
        request_round,
        requested,
        decided,
        placed,
        remaining: Counts {
            persons: base.persons.saturating_sub(placed.persons),
            unaccompanied_minors: base
                .unaccompanied_minors
                .saturating_sub(placed.unaccompanied_minors),
        },
        gap: Counts {
            persons: i64::from(requested.persons) - i64::from(base.persons),
            unaccompanied_minors: i64::from(requested.unaccompanied_minors)
                - i64::from(base.unaccompanied_minors),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use landa_model::{MunicipalRequest, NaiveDate};

    fn code(s: &str) -> MunicipalityCode {
        s.parse().unwrap()
    }

    fn municipality(c: &str, region: &str) -> Municipality {
        Municipality::new(code(c), c, region.parse().unwrap())
    }

    fn round(year: i32, number: u32, requests: &[(&str, u32, u32)]) -> RequestRound {
        RequestRound {
            year,
            round: number,
            sent_on: NaiveDate::from_ymd_opt(year, number, 1),
            sent_by: "IMDi".to_owned(),
            requests: requests
                .iter()
                .map(|&(c, persons, minors)| MunicipalRequest {
                    municipality: code(c),
                    persons,
                    unaccompanied_minors: minors,
                })
                .collect(),
        }
    }

    fn decision(year: i32, c: &str, persons: u32, minors: u32) -> MunicipalDecision {
        MunicipalDecision {
            year,
            municipality: code(c),
            persons,
            unaccompanied_minors: minors,
            body: None,
            decided_on: None,
            registration_number: None,
            document_url: None,
        }
    }

    #[test]
    fn later_rounds_supersede_for_the_municipalities_they_name() {
        let municipalities = [municipality("0101", "01"), municipality("0104", "01")];
        // Given out of order on purpose: round numbers decide, not slice order.
        let rounds = [
            round(2016, 2, &[("0101", 50, 5)]),
            round(2016, 1, &[("0101", 30, 2), ("0104", 40, 4)]),
            round(2015, 3, &[("0104", 999, 9)]),
        ];
        let report = gap_report(2016, &[], &municipalities, &rounds, &[], &BTreeMap::new());
        let halden = &report.municipalities[0];
        assert_eq!(
            (halden.request_round, halden.requested.persons),
            (Some(2), 50)
        );
        let moss = &report.municipalities[1];
        assert_eq!((moss.request_round, moss.requested.persons), (Some(1), 40));
        assert_eq!(report.nation.requested.persons, 90);
        assert_eq!(report.nation.without_decision, 2);
        // The region is named by municipalities only.
        assert_eq!(report.regions.len(), 1);
        assert_eq!(report.regions[0].name, None);
        assert_eq!(report.regions[0].totals, report.nation);
    }

    #[test]
    fn remaining_never_negative_and_unknown_codes_count_nationally() {
        let municipalities = [municipality("0101", "01")];
        let decisions = [decision(2016, "0101", 10, 2), decision(2016, "0101", 12, 2)];
        let placed = BTreeMap::from([(code("0101"), (15, 1)), (code("0199"), (3, 0))]);
        let report = gap_report(2016, &[], &municipalities, &[], &decisions, &placed);
        let row = &report.municipalities[0];
        assert_eq!(
            row.decided.map(|d| d.persons),
            Some(12),
            "the later decision is a revision"
        );
        assert_eq!(
            row.remaining,
            Counts {
                persons: 0,
                unaccompanied_minors: 1
            }
        );
        assert_eq!(row.gap.persons, -12);
        let stray = &report.municipalities[1];
        assert_eq!(
            (stray.municipality.as_str(), stray.region.as_ref()),
            ("0199", None)
        );
        assert_eq!(report.nation.placed.persons, 18);
        assert_eq!(report.regions[0].totals.placed.persons, 15);
    }
}
