//! A household's life in the settlement year: how it came (its intake), where it stands
//! (its state), and the steps between, each allowed only from the states it follows.

use crate::{Country, DwellingId, MunicipalityCode, ValueError};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// How a household came to need a municipality: resettled from abroad (kvotflykting /
/// overføringsflyktning), granted asylum in a reception centre (anläggningsboende /
/// asylmottak), joining family already here (familjeåterförening / familiegjenforening), or
/// settled on its own (eget boende, EBO / selvbosatt) in a municipality, which counts
/// against that municipality's number but is not placed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Intake {
    Quota,
    ReceptionCentre,
    FamilyReunification,
    SelfSettled(MunicipalityCode),
}

/// The intake without its municipality: the key numbers are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntakeCategory {
    Quota,
    ReceptionCentre,
    FamilyReunification,
    SelfSettled,
}

impl IntakeCategory {
    pub const ALL: [IntakeCategory; 4] = [
        IntakeCategory::Quota,
        IntakeCategory::ReceptionCentre,
        IntakeCategory::FamilyReunification,
        IntakeCategory::SelfSettled,
    ];

    /// Whether a household of this category, once placed, counts against the
    /// municipality's decided number. In Norway family reunification comes on top of the
    /// vedtak, outside the number (IMDi: familiegjenforente kommer i tillegg); everywhere
    /// else it counts.
    pub fn counts_against_number(self, country: Country) -> bool {
        !(country == Country::Norway && self == IntakeCategory::FamilyReunification)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IntakeCategory::Quota => "quota",
            IntakeCategory::ReceptionCentre => "reception_centre",
            IntakeCategory::FamilyReunification => "family_reunification",
            IntakeCategory::SelfSettled => "self_settled",
        }
    }
}

impl fmt::Display for IntakeCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IntakeCategory {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        IntakeCategory::ALL
            .into_iter()
            .find(|c| c.as_str() == text.trim())
            .ok_or_else(|| {
                ValueError::expected(
                    "quota, reception_centre, family_reunification or self_settled",
                    text,
                )
            })
    }
}

impl Intake {
    /// The intake of `category`; a self-settled household names where it settled, the
    /// others name nothing.
    pub fn new(
        category: IntakeCategory,
        settled_in: Option<MunicipalityCode>,
    ) -> Result<Intake, ValueError> {
        match (category, settled_in) {
            (IntakeCategory::SelfSettled, Some(code)) => Ok(Intake::SelfSettled(code)),
            (IntakeCategory::SelfSettled, None) => Err(ValueError(
                "a self-settled household names the municipality it settled in".into(),
            )),
            (_, Some(code)) => Err(ValueError(format!(
                "only a self-settled household names a municipality it settled in, got {code} for {category}"
            ))),
            (IntakeCategory::Quota, None) => Ok(Intake::Quota),
            (IntakeCategory::ReceptionCentre, None) => Ok(Intake::ReceptionCentre),
            (IntakeCategory::FamilyReunification, None) => Ok(Intake::FamilyReunification),
        }
    }

    pub fn category(&self) -> IntakeCategory {
        match self {
            Intake::Quota => IntakeCategory::Quota,
            Intake::ReceptionCentre => IntakeCategory::ReceptionCentre,
            Intake::FamilyReunification => IntakeCategory::FamilyReunification,
            Intake::SelfSettled(_) => IntakeCategory::SelfSettled,
        }
    }

    pub fn settled_in(&self) -> Option<&MunicipalityCode> {
        match self {
            Intake::SelfSettled(code) => Some(code),
            _ => None,
        }
    }

    /// Whether a household of this intake, once placed, counts against the municipality's
    /// decided number (`IntakeCategory::counts_against_number`).
    pub fn counts_against_number(&self, country: Country) -> bool {
        self.category().counts_against_number(country)
    }

    /// The state a household of this intake starts in.
    pub fn first_state(&self) -> HouseholdState {
        match self {
            Intake::SelfSettled(code) => HouseholdState::SelfSettled(code.clone()),
            _ => HouseholdState::Waiting,
        }
    }
}

/// Where a household stands. "Placed", the one definition every count uses, is approved,
/// moved in, moved on afterwards, or self-settled: what counts against a municipality's
/// decided number (`counts_against`). "Proposed" is a run's proposal not yet approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdState {
    Waiting,
    /// In a run's result (`run`), not yet approved.
    Proposed(Destination),
    /// The municipality accepted the proposal; national has not yet approved it.
    Accepted(Destination),
    /// Approved (anvisad / utsøkt): the municipality's, and the dwelling reserved for it.
    Approved(Destination),
    MovedIn {
        destination: Destination,
        on: NaiveDate,
    },
    /// Moved on from the municipality it was settled in (secondary migration).
    MovedElsewhere {
        from: MunicipalityCode,
        on: NaiveDate,
    },
    SelfSettled(MunicipalityCode),
    Withdrawn,
}

/// Where a run proposed a household, or where it was approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub run: i64,
    pub municipality: MunicipalityCode,
    pub dwelling: Option<DwellingId>,
}

/// The fixed names of the states, as stored and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateName {
    Waiting,
    Proposed,
    Accepted,
    Approved,
    MovedIn,
    MovedElsewhere,
    SelfSettled,
    Withdrawn,
}

impl StateName {
    pub const ALL: [StateName; 8] = [
        StateName::Waiting,
        StateName::Proposed,
        StateName::Accepted,
        StateName::Approved,
        StateName::MovedIn,
        StateName::MovedElsewhere,
        StateName::SelfSettled,
        StateName::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StateName::Waiting => "waiting",
            StateName::Proposed => "proposed",
            StateName::Accepted => "accepted",
            StateName::Approved => "approved",
            StateName::MovedIn => "moved_in",
            StateName::MovedElsewhere => "moved_elsewhere",
            StateName::SelfSettled => "self_settled",
            StateName::Withdrawn => "withdrawn",
        }
    }

    /// Whether a household in this state takes of its municipality's decided number.
    pub fn counts_against(self) -> bool {
        matches!(
            self,
            StateName::Approved
                | StateName::MovedIn
                | StateName::MovedElsewhere
                | StateName::SelfSettled
        )
    }

    /// Whether a run places households in this state: those waiting, and those a run
    /// proposed that were not yet approved (a newer run's proposal replaces the older).
    pub fn in_next_run(self) -> bool {
        matches!(
            self,
            StateName::Waiting | StateName::Proposed | StateName::Accepted
        )
    }
}

impl fmt::Display for StateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StateName {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        StateName::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| ValueError::expected("a household state", text))
    }
}

impl HouseholdState {
    pub fn name(&self) -> StateName {
        match self {
            HouseholdState::Waiting => StateName::Waiting,
            HouseholdState::Proposed(_) => StateName::Proposed,
            HouseholdState::Accepted(_) => StateName::Accepted,
            HouseholdState::Approved(_) => StateName::Approved,
            HouseholdState::MovedIn { .. } => StateName::MovedIn,
            HouseholdState::MovedElsewhere { .. } => StateName::MovedElsewhere,
            HouseholdState::SelfSettled(_) => StateName::SelfSettled,
            HouseholdState::Withdrawn => StateName::Withdrawn,
        }
    }

    /// The municipality the state names: proposed to, approved for, living in, moved
    /// from, or settled in.
    pub fn municipality(&self) -> Option<&MunicipalityCode> {
        match self {
            HouseholdState::Proposed(d)
            | HouseholdState::Accepted(d)
            | HouseholdState::Approved(d)
            | HouseholdState::MovedIn { destination: d, .. } => Some(&d.municipality),
            HouseholdState::MovedElsewhere { from, .. } => Some(from),
            HouseholdState::SelfSettled(code) => Some(code),
            HouseholdState::Waiting | HouseholdState::Withdrawn => None,
        }
    }

    pub fn destination(&self) -> Option<&Destination> {
        match self {
            HouseholdState::Proposed(d)
            | HouseholdState::Accepted(d)
            | HouseholdState::Approved(d)
            | HouseholdState::MovedIn { destination: d, .. } => Some(d),
            _ => None,
        }
    }

    /// The dwelling the household holds: reserved by approval, let by moving in. A run
    /// never offers it to another household.
    pub fn holds_dwelling(&self) -> Option<&DwellingId> {
        match self {
            HouseholdState::Approved(d) | HouseholdState::MovedIn { destination: d, .. } => {
                d.dwelling.as_ref()
            }
            _ => None,
        }
    }
}

/// One step in a household's life, as a command asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A run proposes it (replacing an earlier run's unapproved proposal).
    Propose(Destination),
    /// A newer run did not propose it again: back to waiting.
    Supersede,
    /// The municipality proposed to accepts.
    Accept,
    /// The municipality proposed to questions it: back to waiting, without that
    /// municipality in later runs until national lifts it.
    Question,
    /// National approves the run that proposed it.
    Approve {
        run: i64,
    },
    MoveIn {
        on: NaiveDate,
        dwelling: Option<DwellingId>,
    },
    MoveElsewhere {
        on: NaiveDate,
    },
    Withdraw,
}

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Step::Propose(_) => "proposed",
            Step::Supersede => "superseded",
            Step::Accept => "accepted",
            Step::Question => "questioned",
            Step::Approve { .. } => "approved",
            Step::MoveIn { .. } => "moved_in",
            Step::MoveElsewhere { .. } => "moved_elsewhere",
            Step::Withdraw => "withdrawn",
        }
    }
}

/// A household's state and the municipalities later runs leave out for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    pub state: HouseholdState,
    pub excluded: BTreeSet<MunicipalityCode>,
}

impl Lifecycle {
    pub fn start(intake: &Intake) -> Lifecycle {
        Lifecycle {
            state: intake.first_state(),
            excluded: BTreeSet::new(),
        }
    }

    /// The state after `step`, or why the step does not follow from this state.
    pub fn apply(&self, step: &Step) -> Result<Lifecycle, ValueError> {
        use HouseholdState as S;
        let refused = || {
            ValueError(format!(
                "a household that is {} cannot be {}",
                self.state.name(),
                step.name()
            ))
        };
        let mut next = self.clone();
        next.state = match (&self.state, step) {
            (S::Waiting | S::Proposed(_) | S::Accepted(_), Step::Propose(destination)) => {
                if self.excluded.contains(&destination.municipality) {
                    return Err(ValueError(format!(
                        "municipality {} questioned this household; national must lift that first",
                        destination.municipality
                    )));
                }
                S::Proposed(destination.clone())
            }
            (S::Proposed(_) | S::Accepted(_), Step::Supersede) => S::Waiting,
            (S::Proposed(d), Step::Accept) => S::Accepted(d.clone()),
            (S::Proposed(d) | S::Accepted(d), Step::Question) => {
                next.excluded.insert(d.municipality.clone());
                S::Waiting
            }
            (S::Proposed(d) | S::Accepted(d), Step::Approve { run }) if d.run == *run => {
                S::Approved(d.clone())
            }
            (S::Approved(d), Step::MoveIn { on, dwelling }) => S::MovedIn {
                destination: Destination {
                    dwelling: dwelling.clone().or_else(|| d.dwelling.clone()),
                    ..d.clone()
                },
                on: *on,
            },
            (
                S::MovedIn {
                    destination,
                    on: moved_in,
                },
                Step::MoveElsewhere { on },
            ) if on >= moved_in => S::MovedElsewhere {
                from: destination.municipality.clone(),
                on: *on,
            },
            (S::SelfSettled(code), Step::MoveElsewhere { on }) => S::MovedElsewhere {
                from: code.clone(),
                on: *on,
            },
            (S::Waiting | S::Proposed(_) | S::Accepted(_), Step::Withdraw) => S::Withdrawn,
            _ => return Err(refused()),
        };
        Ok(next)
    }

    /// National lifts a municipality's question, so later runs may propose it again.
    pub fn lift_exclusion(&self, municipality: &MunicipalityCode) -> Result<Lifecycle, ValueError> {
        let mut next = self.clone();
        if !next.excluded.remove(municipality) {
            return Err(ValueError(format!(
                "municipality {municipality} has not questioned this household"
            )));
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(text: &str) -> MunicipalityCode {
        text.parse().unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn to(municipality: &str, run: i64) -> Destination {
        Destination {
            run,
            municipality: code(municipality),
            dwelling: None,
        }
    }

    fn any_step() -> impl Strategy<Value = Step> {
        let municipality = prop::sample::select(vec!["2080", "2081", "0180"]);
        prop_oneof![
            (municipality, 1i64..4).prop_map(|(m, run)| Step::Propose(to(m, run))),
            Just(Step::Supersede),
            Just(Step::Accept),
            Just(Step::Question),
            (1i64..4).prop_map(|run| Step::Approve { run }),
            (1u32..28).prop_map(|d| Step::MoveIn {
                on: day(d),
                dwelling: None
            }),
            (1u32..28).prop_map(|d| Step::MoveElsewhere { on: day(d) }),
            Just(Step::Withdraw),
        ]
    }

    #[test]
    fn a_household_goes_from_waiting_to_moved_in() {
        let start = Lifecycle::start(&Intake::Quota);
        let proposed = start.apply(&Step::Propose(to("2080", 1))).unwrap();
        let accepted = proposed.apply(&Step::Accept).unwrap();
        assert!(
            accepted.apply(&Step::Approve { run: 2 }).is_err(),
            "another run's approval"
        );
        let approved = accepted.apply(&Step::Approve { run: 1 }).unwrap();
        assert!(approved.apply(&Step::Withdraw).is_err());
        let home: DwellingId = "falun-1".parse().unwrap();
        let moved = approved
            .apply(&Step::MoveIn {
                on: day(10),
                dwelling: Some(home.clone()),
            })
            .unwrap();
        assert_eq!(moved.state.holds_dwelling(), Some(&home));
        assert!(moved.apply(&Step::MoveElsewhere { on: day(9) }).is_err());
        let onward = moved.apply(&Step::MoveElsewhere { on: day(20) }).unwrap();
        assert_eq!(onward.state.municipality(), Some(&code("2080")));
        assert_eq!(onward.state.holds_dwelling(), None);
    }

    #[test]
    fn a_question_keeps_the_municipality_out_until_national_lifts_it() {
        let proposed = Lifecycle::start(&Intake::ReceptionCentre)
            .apply(&Step::Propose(to("2080", 1)))
            .unwrap();
        let questioned = proposed.apply(&Step::Question).unwrap();
        assert_eq!(questioned.state, HouseholdState::Waiting);
        assert!(questioned.apply(&Step::Propose(to("2080", 2))).is_err());
        assert!(questioned.apply(&Step::Propose(to("2081", 2))).is_ok());
        let lifted = questioned.lift_exclusion(&code("2080")).unwrap();
        assert!(lifted.apply(&Step::Propose(to("2080", 2))).is_ok());
        assert!(lifted.lift_exclusion(&code("2080")).is_err());
    }

    #[test]
    fn family_reunification_comes_on_top_of_the_number_in_norway_only() {
        let reunited = Intake::FamilyReunification;
        assert!(!reunited.counts_against_number(Country::Norway));
        assert!(reunited.counts_against_number(Country::Sweden));
        for other in [Intake::Quota, Intake::ReceptionCentre] {
            assert!(other.counts_against_number(Country::Norway));
        }
    }

    #[test]
    fn a_self_settled_household_counts_against_its_municipality_and_is_never_placed() {
        let settled = Lifecycle::start(&Intake::SelfSettled(code("0180")));
        assert!(settled.state.name().counts_against());
        assert!(!settled.state.name().in_next_run());
        assert!(settled.apply(&Step::Propose(to("0180", 1))).is_err());
        assert!(settled.apply(&Step::Withdraw).is_err());
    }

    proptest! {
        /// Whatever steps are tried: a refused step changes nothing; an exclusion is only
        /// ever added by a question; a household counted against a number never returns
        /// to a run; a withdrawn one takes no step.
        #[test]
        fn steps_keep_the_lifecycle_consistent(steps in prop::collection::vec(any_step(), 1..40)) {
            let mut lifecycle = Lifecycle::start(&Intake::Quota);
            for step in &steps {
                match lifecycle.apply(step) {
                    Ok(next) => {
                        if next.excluded != lifecycle.excluded {
                            prop_assert_eq!(step, &Step::Question);
                            prop_assert_eq!(next.excluded.len(), lifecycle.excluded.len() + 1);
                        }
                        if lifecycle.state.name().counts_against() {
                            prop_assert!(!next.state.name().in_next_run());
                        }
                        prop_assert!(lifecycle.state.name() != StateName::Withdrawn);
                        if let HouseholdState::Proposed(d) = &next.state {
                            prop_assert!(!next.excluded.contains(&d.municipality));
                        }
                        lifecycle = next;
                    }
                    Err(error) => prop_assert!(!error.0.is_empty()),
                }
            }
        }
    }
}
