use crate::{
    DwellingId, HouseholdId, HouseholdType, Intake, LanguageCode, MunicipalityCode, PersonId,
    ServiceName, ValueError,
};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// A household waiting for settlement: a family, a single adult, or an unaccompanied
/// minor (ensamkommande barn / enslig mindreårig, "EM"). Families are never split, so the
/// household is the unit of placement.
#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    pub id: HouseholdId,
    adults: u32,
    children: u32,
    unaccompanied_minor: bool,
    /// The day it was ready for settlement (kommunplacerbar / bosettingsklar); its
    /// waiting time is counted from here.
    pub waiting_since: NaiveDate,
    /// How it came; `Intake::ReceptionCentre` unless said otherwise.
    pub intake: Intake,
    /// The day its residence permit was granted, where known.
    pub permit_date: Option<NaiveDate>,
    /// A municipality where the household has relatives or other ties.
    pub tie: Option<MunicipalityCode>,
    /// Services the household needs (health, accessibility ...); each uses one unit of
    /// the receiving municipality's capacity for that service.
    pub needs: BTreeSet<ServiceName>,
    pub languages: BTreeSet<LanguageCode>,
}

impl Household {
    /// Builds a household, refusing compositions that cannot exist: nobody in it, or an
    /// unaccompanied minor travelling with adults, or adults flagged as minors.
    pub fn new(
        id: HouseholdId,
        adults: u32,
        children: u32,
        unaccompanied_minor: bool,
        waiting_since: NaiveDate,
    ) -> Result<Self, ValueError> {
        if adults + children == 0 {
            return Err(ValueError(
                "a household has at least one person (adults + children >= 1)".into(),
            ));
        }
        if adults + children > 30 {
            return Err(ValueError(format!(
                "a household of {} persons is not plausible (at most 30)",
                adults + children
            )));
        }
        if unaccompanied_minor && adults > 0 {
            return Err(ValueError(
                "an unaccompanied minor household has no adults (adults = 0)".into(),
            ));
        }
        if !unaccompanied_minor && adults == 0 {
            return Err(ValueError(
                "a household without adults must be flagged unaccompanied_minor".into(),
            ));
        }
        Ok(Household {
            id,
            adults,
            children,
            unaccompanied_minor,
            waiting_since,
            intake: Intake::ReceptionCentre,
            permit_date: None,
            tie: None,
            needs: BTreeSet::new(),
            languages: BTreeSet::new(),
        })
    }

    pub fn adults(&self) -> u32 {
        self.adults
    }
    pub fn children(&self) -> u32 {
        self.children
    }
    /// Persons in the household; what it takes of a municipality's decided number.
    pub fn size(&self) -> u32 {
        self.adults + self.children
    }
    pub fn is_unaccompanied_minor(&self) -> bool {
        self.unaccompanied_minor
    }
    /// The type a forecast counts it under.
    pub fn household_type(&self) -> HouseholdType {
        if self.unaccompanied_minor {
            HouseholdType::UnaccompaniedMinor
        } else {
            HouseholdType::of(self.adults.max(1), self.children)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sex {
    Female,
    Male,
    /// Not recorded or another legal sex.
    Unknown,
}

impl FromStr for Sex {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "f" | "female" => Ok(Sex::Female),
            "m" | "male" => Ok(Sex::Male),
            "" | "x" | "unknown" => Ok(Sex::Unknown),
            _ => Err(ValueError::expected("f, m, x or blank", s)),
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sex::Female => "f",
            Sex::Male => "m",
            Sex::Unknown => "x",
        })
    }
}

/// Highest completed education, coarse on purpose (ISCED 0-1, 2-3, 4+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EducationLevel {
    None,
    Primary,
    Secondary,
    Tertiary,
    Unknown,
}

impl FromStr for EducationLevel {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(EducationLevel::None),
            "primary" => Ok(EducationLevel::Primary),
            "secondary" => Ok(EducationLevel::Secondary),
            "tertiary" => Ok(EducationLevel::Tertiary),
            "" | "unknown" => Ok(EducationLevel::Unknown),
            _ => Err(ValueError::expected(
                "none, primary, secondary, tertiary, unknown or blank",
                s,
            )),
        }
    }
}

impl fmt::Display for EducationLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EducationLevel::None => "none",
            EducationLevel::Primary => "primary",
            EducationLevel::Secondary => "secondary",
            EducationLevel::Tertiary => "tertiary",
            EducationLevel::Unknown => "unknown",
        })
    }
}

/// A member of a household. Sensitive personal data: leaves the store only through
/// functions that take the caller's role and jurisdiction.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: PersonId,
    pub household: HouseholdId,
    pub birth_year: u16,
    pub sex: Sex,
    pub education: EducationLevel,
    pub languages: BTreeSet<LanguageCode>,
}

/// Who holds the lease: the municipality first-hand (subletting to the household, handing
/// the contract over later) or a landlord directly with the household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Contract {
    FirstHand,
    Sublet,
}

impl FromStr for Contract {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "first_hand" => Ok(Contract::FirstHand),
            "sublet" => Ok(Contract::Sublet),
            _ => Err(ValueError::expected("first_hand or sublet", s)),
        }
    }
}

impl fmt::Display for Contract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Contract::FirstHand => "first_hand",
            Contract::Sublet => "sublet",
        })
    }
}

/// The longest street address a dwelling takes: a street, number, entrance and flat,
/// postcode and place fit well within it.
pub const MAX_ADDRESS_CHARS: usize = 200;

/// A home offered for settlement in a municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct Dwelling {
    pub id: DwellingId,
    pub municipality: MunicipalityCode,
    /// Beds, at least one (`new`, `set_beds`); a household fits where beds >= its size.
    beds: u32,
    pub available_from: NaiveDate,
    pub accessible: bool,
    pub contract: Contract,
    /// Monthly rent in the country's currency (kronor), when known: what a month empty costs.
    pub rent: Option<u32>,
    /// The day the first-hand contract the municipality holds is to pass to the household
    /// (`set_passes_over_on`): only for a first-hand contract, not before it is available.
    passes_over_on: Option<NaiveDate>,
    /// The housing company that offers it (`HousingCompany::name`); `None` when the
    /// municipality offers it itself.
    pub offered_by: Option<String>,
    /// Its street address (gatuadress / gateadresse) as the offer gives it, where the
    /// household is to move in; `None` until given (`set_address`).
    address: Option<String>,
}

impl Dwelling {
    /// A dwelling of at least one bed.
    pub fn new(
        id: DwellingId,
        municipality: MunicipalityCode,
        beds: u32,
        available_from: NaiveDate,
        accessible: bool,
        contract: Contract,
    ) -> Result<Dwelling, ValueError> {
        let mut dwelling = Dwelling {
            id,
            municipality,
            beds: 1,
            available_from,
            accessible,
            contract,
            rent: None,
            passes_over_on: None,
            offered_by: None,
            address: None,
        };
        dwelling.set_beds(beds)?;
        Ok(dwelling)
    }

    pub fn passes_over_on(&self) -> Option<NaiveDate> {
        self.passes_over_on
    }

    /// Sets the day the contract passes to the household, refusing one for a contract the
    /// municipality does not hold or before the dwelling is available (keeping the old
    /// day then).
    pub fn set_passes_over_on(&mut self, day: Option<NaiveDate>) -> Result<(), ValueError> {
        if let Some(day) = day {
            if self.contract != Contract::FirstHand {
                return Err(ValueError(format!(
                    "only a first-hand contract the municipality holds passes to the household; \
                     this one is {}",
                    self.contract
                )));
            }
            if day < self.available_from {
                return Err(ValueError(format!(
                    "the contract cannot pass over ({day}) before the dwelling is available ({})",
                    self.available_from
                )));
            }
        }
        self.passes_over_on = day;
        Ok(())
    }

    pub fn beds(&self) -> u32 {
        self.beds
    }

    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }

    /// Sets the street address, trimmed (blank for none), refusing one longer than
    /// `MAX_ADDRESS_CHARS` or holding control characters (keeping the old one then).
    pub fn set_address(&mut self, address: Option<&str>) -> Result<(), ValueError> {
        let address = address.map(str::trim).filter(|a| !a.is_empty());
        if let Some(address) = address {
            if address.chars().count() > MAX_ADDRESS_CHARS {
                return Err(ValueError(format!(
                    "an address of at most {MAX_ADDRESS_CHARS} characters, got {}",
                    address.chars().count()
                )));
            }
            if address.chars().any(char::is_control) {
                return Err(ValueError(
                    "an address on one line, without control characters".to_owned(),
                ));
            }
        }
        self.address = address.map(str::to_owned);
        Ok(())
    }

    /// Sets the beds, refusing none (and keeping the old number then).
    pub fn set_beds(&mut self, beds: u32) -> Result<(), ValueError> {
        if beds == 0 {
            return Err(ValueError("beds must be at least 1, got 0".to_owned()));
        }
        self.beds = beds;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_one_trimmed_line_of_limited_length() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut dwelling = Dwelling::new(
            "d".parse().unwrap(),
            "2080".parse().unwrap(),
            2,
            day,
            false,
            Contract::Sublet,
        )
        .unwrap();
        dwelling.set_address(Some("  Åsgatan 12, Falun ")).unwrap();
        assert_eq!(dwelling.address(), Some("Åsgatan 12, Falun"));
        let long = "x".repeat(MAX_ADDRESS_CHARS + 1);
        assert!(dwelling.set_address(Some(&long)).is_err());
        assert!(dwelling.set_address(Some("Åsgatan 12\nFalun")).is_err());
        assert_eq!(
            dwelling.address(),
            Some("Åsgatan 12, Falun"),
            "a refused one keeps the old"
        );
        dwelling.set_address(Some("   ")).unwrap();
        assert_eq!(dwelling.address(), None, "blank is none");
    }

    #[test]
    fn a_dwelling_has_at_least_one_bed() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let new = |beds| {
            Dwelling::new(
                "d".parse().unwrap(),
                "2080".parse().unwrap(),
                beds,
                day,
                false,
                Contract::FirstHand,
            )
        };
        assert!(new(0).is_err());
        let mut dwelling = new(3).unwrap();
        assert_eq!(dwelling.beds(), 3);
        assert!(dwelling.set_beds(0).is_err());
        assert_eq!(dwelling.beds(), 3, "a refused number keeps the old one");
        let later = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert!(dwelling.set_passes_over_on(later).is_ok());
        assert!(dwelling
            .set_passes_over_on(NaiveDate::from_ymd_opt(2025, 12, 31))
            .is_err());
        assert_eq!(
            dwelling.passes_over_on(),
            later,
            "a refused day keeps the old one"
        );
        dwelling.contract = Contract::Sublet;
        assert!(
            dwelling.set_passes_over_on(later).is_err(),
            "a landlord's own contract"
        );
        assert!(dwelling.set_passes_over_on(None).is_ok());
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
    }

    #[test]
    fn impossible_households_are_refused() {
        let id: HouseholdId = "h1".parse().unwrap();
        assert!(Household::new(id.clone(), 0, 0, false, day()).is_err());
        assert!(Household::new(id.clone(), 1, 0, true, day()).is_err());
        assert!(Household::new(id.clone(), 0, 2, false, day()).is_err());
        let minor = Household::new(id.clone(), 0, 1, true, day()).unwrap();
        assert_eq!(minor.size(), 1);
        let family = Household::new(id, 2, 3, false, day()).unwrap();
        assert_eq!(family.size(), 5);
        assert!(!family.is_unaccompanied_minor());
    }
}
