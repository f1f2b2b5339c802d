//! Municipality codes that changed: Norway's mergers of 2020 and the county split of 2024
//! renumbered every Østfold municipality (01xx → 31xx) and merged several (Askim,
//! Eidsberg, Hobøl, Spydeberg and Trøgstad are Indre Østfold). A year of 2015 keeps its
//! old codes, a year of today the new ones; this table ties them together so that a
//! decision of 2015 can be followed into today's municipality. Embedded from
//! `data/no/ostfold_code_changes.csv` (Statistics Norway's classification changes).

use crate::{Country, MunicipalityCode, RegionCode};
use std::sync::OnceLock;

const OSTFOLD_CODE_CHANGES: &str = include_str!("../../../data/no/ostfold_code_changes.csv");

/// A former municipality and the one it is part of today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeChange {
    pub country: Country,
    pub former: MunicipalityCode,
    pub former_name: String,
    pub today: MunicipalityCode,
    pub today_name: String,
}

impl CodeChange {
    /// The county (region) today's municipality is in: a Norwegian municipality number
    /// begins with its county's (3118 Indre Østfold is in 31 Østfold).
    pub fn today_region(&self) -> RegionCode {
        self.today.as_str()[..2]
            .parse()
            .expect("a municipality code begins with two digits")
    }
}

/// Every known change of a municipality code, in the table's order.
pub fn code_changes() -> &'static [CodeChange] {
    static CHANGES: OnceLock<Vec<CodeChange>> = OnceLock::new();
    CHANGES.get_or_init(|| {
        OSTFOLD_CODE_CHANGES
            .lines()
            .skip(1)
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let fields: Vec<&str> = line.split(',').map(str::trim).collect();
                // The file is part of the build and checked by the test below.
                CodeChange {
                    country: Country::Norway,
                    former: fields[0].parse().expect("a four-digit code"),
                    former_name: fields[1].to_owned(),
                    today: fields[2].parse().expect("a four-digit code"),
                    today_name: fields[3].to_owned(),
                }
            })
            .collect()
    })
}

/// The municipality a former one of `country` is part of today, if its code changed.
pub fn today_of(country: Country, code: &MunicipalityCode) -> Option<&'static CodeChange> {
    code_changes()
        .iter()
        .find(|c| c.country == country && &c.former == code)
}

/// The former municipalities of `country` that are part of `code` today.
pub fn formerly(country: Country, code: &MunicipalityCode) -> Vec<&'static CodeChange> {
    code_changes()
        .iter()
        .filter(|c| c.country == country && &c.today == code)
        .collect()
}

/// Why `code` is not among a year's municipalities when a code change explains it: a
/// former municipality in a year of today's codes, or today's in a year of the old ones.
pub fn absence_explained(country: Country, code: &MunicipalityCode) -> Option<String> {
    if let Some(change) = today_of(country, code) {
        return Some(format!(
            "{} {} is part of {} ({}) today",
            change.former, change.former_name, change.today_name, change.today
        ));
    }
    let former = formerly(country, code);
    let first = former.first()?;
    let names: Vec<String> = former
        .iter()
        .map(|c| format!("{} ({})", c.former_name, c.former))
        .collect();
    Some(format!(
        "{} {} was {} before the code changes",
        code,
        first.today_name,
        names.join(", ")
    ))
}

/// "no municipality 0124 in this scenario: 0124 Askim is part of Indre Østfold (3118)
/// today", the refusal of a code a year does not hold.
pub fn not_in_year(country: Country, code: &MunicipalityCode) -> String {
    match absence_explained(country, code) {
        Some(why) => format!("no municipality {code} in this scenario: {why}"),
        None => format!("no municipality {code} in this scenario"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> MunicipalityCode {
        text.parse().unwrap()
    }

    #[test]
    fn every_old_ostfold_code_leads_to_todays_municipality() {
        assert_eq!(code_changes().len(), 18);
        let askim = today_of(Country::Norway, &code("0124")).unwrap();
        assert_eq!(
            (askim.today.as_str(), askim.today_name.as_str()),
            ("3118", "Indre Østfold")
        );
        let indre: Vec<&str> = formerly(Country::Norway, &code("3118"))
            .iter()
            .map(|c| c.former_name.as_str())
            .collect();
        assert_eq!(
            indre,
            ["Trøgstad", "Spydeberg", "Askim", "Eidsberg", "Hobøl"]
        );
        // Rygge is part of Moss; Rømskog of Aurskog-Høland, in Akershus.
        assert_eq!(formerly(Country::Norway, &code("3103")).len(), 2);
        assert_eq!(
            today_of(Country::Norway, &code("0121"))
                .unwrap()
                .today
                .as_str(),
            "3226"
        );
        // Rømskog is in Akershus (32) today, Askim in Østfold (31).
        assert_eq!(
            today_of(Country::Norway, &code("0121"))
                .unwrap()
                .today_region()
                .as_str(),
            "32"
        );
        assert_eq!(askim.today_region().as_str(), "31");
        // The same digits in Sweden are another municipality (0125 is Ekerö).
        assert!(today_of(Country::Sweden, &code("0125")).is_none());
        assert_eq!(
            absence_explained(Country::Norway, &code("3118")).unwrap(),
            "3118 Indre Østfold was Trøgstad (0122), Spydeberg (0123), Askim (0124), Eidsberg (0125), Hobøl (0138) before the code changes"
        );
        assert_eq!(
            absence_explained(Country::Norway, &code("0136")).unwrap(),
            "0136 Rygge is part of Moss (3103) today"
        );
        assert_eq!(absence_explained(Country::Norway, &code("5001")), None);
    }
}
