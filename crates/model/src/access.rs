//! Who may see and do what: the roles of the parties that share landa (see DOMAIN.md,
//! "Who uses the system") and the jurisdiction each is scoped to.
//!
//! A jurisdiction always carries its country: region `01` is Østfold in Norway and
//! Stockholms län in Sweden, municipality `0136` is Rygge and Haninge. Every role but the
//! administrator's belongs to one country and reaches nothing of the other.

use crate::{Country, MunicipalityCode, RegionCode, ValueError};
use std::fmt;
use std::str::FromStr;

/// An account's role together with the jurisdiction it is scoped to. A value that exists
/// is consistent: a region role always carries a country and a region code, and so on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    /// The national agency of one country (Migrationsverket / IMDi): all its municipalities.
    National(Country),
    /// A county administrative board or county governor (länsstyrelse / statsforvalter):
    /// its own municipalities; personal data only as counts.
    Region(Country, RegionCode),
    /// A municipality: itself only, and the households placed in or proposed to it.
    Municipality(Country, MunicipalityCode),
    /// A partner (civil society, employers, education): agreements it is party to and
    /// aggregates; no personal data.
    Partner(Country, String),
    /// A housing company (bostadsbolag / boligselskap) offering homes in the municipalities
    /// it serves: its own dwellings and whether they are on offer, reserved or let; no
    /// personal data.
    Housing(Country, HousingCompany),
    /// Accounts and the audit log, of both countries; no personal data.
    Administrator,
}

impl Role {
    /// The role's kind as stored and shown: national, region, municipality, partner, administrator.
    pub fn kind(&self) -> &'static str {
        match self {
            Role::National(_) => "national",
            Role::Region(..) => "region",
            Role::Municipality(..) => "municipality",
            Role::Partner(..) => "partner",
            Role::Housing(..) => "housing",
            Role::Administrator => "administrator",
        }
    }

    /// The country the role belongs to; `None` for the administrator.
    pub fn country(&self) -> Option<Country> {
        match self {
            Role::National(country)
            | Role::Region(country, _)
            | Role::Municipality(country, _)
            | Role::Partner(country, _)
            | Role::Housing(country, _) => Some(*country),
            Role::Administrator => None,
        }
    }

    /// The jurisdiction code or partner name, where the role has one; a housing company's
    /// is its name and the municipalities it serves, `Name:0180,0182`.
    pub fn jurisdiction(&self) -> Option<&str> {
        match self {
            Role::National(_) | Role::Administrator => None,
            Role::Region(_, code) => Some(code.as_str()),
            Role::Municipality(_, code) => Some(code.as_str()),
            Role::Partner(_, name) => Some(name.as_str()),
            Role::Housing(_, company) => Some(company.written.as_str()),
        }
    }

    /// Builds a role from its kind, country and jurisdiction, as stored or typed by an
    /// administrator.
    pub fn from_parts(
        kind: &str,
        country: Option<&str>,
        jurisdiction: Option<&str>,
    ) -> Result<Role, ValueError> {
        let given = |part: Option<&str>| {
            part.map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
        };
        let (country_text, jurisdiction) = (given(country), given(jurisdiction));
        let country = || -> Result<Country, ValueError> {
            country_text
                .as_deref()
                .ok_or_else(|| ValueError(format!("role {kind} needs its country, SE or NO")))?
                .parse()
        };
        let needs = |what: &str| {
            jurisdiction
                .clone()
                .ok_or_else(|| ValueError(format!("role {kind} needs {what}")))
        };
        let nothing_more = |role: Role| match (&jurisdiction, &country_text, &role) {
            (Some(j), _, _) => Err(ValueError(format!(
                "role {kind} has no jurisdiction, got '{j}'"
            ))),
            (None, Some(c), Role::Administrator) => Err(ValueError(format!(
                "the administrator serves both countries, got country '{c}'"
            ))),
            _ => Ok(role),
        };
        match kind.trim() {
            "national" => nothing_more(Role::National(country()?)),
            "administrator" => nothing_more(Role::Administrator),
            "region" => Ok(Role::Region(
                country()?,
                needs("a two-digit region code")?.parse()?,
            )),
            "municipality" => Ok(Role::Municipality(
                country()?,
                needs("a four-digit municipality code")?.parse()?,
            )),
            "partner" => Ok(Role::Partner(country()?, needs("the partner's name")?)),
            "housing" => Ok(Role::Housing(
                country()?,
                needs("its name and the municipalities it serves, Name:0180,0182")?.parse()?,
            )),
            other => Err(ValueError::expected(
                "national, region, municipality, partner, housing or administrator",
                other,
            )),
        }
    }
}

/// `administrator`, `kind:COUNTRY` or `kind:COUNTRY:jurisdiction`, e.g. `national:SE`,
/// `region:NO:01`, `municipality:SE:2080` or `housing:SE:Stockholmshem:0180,0182`. The country is never guessed: a code
/// without it is refused with the form to use.
impl FromStr for Role {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.splitn(3, ':');
        let kind = parts.next().unwrap_or_default();
        let country = parts.next();
        let jurisdiction = parts.next();
        if let (Some(code), None) = (country, jurisdiction) {
            if code.parse::<Country>().is_err() && !code.trim().is_empty() {
                return Err(ValueError(format!(
                    "'{s}' does not say the country: write {kind}:SE:{code} or {kind}:NO:{code}"
                )));
            }
        }
        Role::from_parts(kind, country, jurisdiction)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind())?;
        if let Some(country) = self.country() {
            write!(f, ":{country}")?;
        }
        if let Some(jurisdiction) = self.jurisdiction() {
            write!(f, ":{jurisdiction}")?;
        }
        Ok(())
    }
}

/// A housing company and the municipalities it offers homes in, at least one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HousingCompany {
    name: String,
    serves: Vec<MunicipalityCode>,
    /// `Name:0180,0182`, as stored and shown.
    written: String,
}

impl HousingCompany {
    /// The company's name, as its dwellings carry it (`Dwelling::offered_by`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The municipalities it serves, in the order written, without repeats.
    pub fn serves(&self) -> &[MunicipalityCode] {
        &self.serves
    }
}

/// `Name:0180,0182`: the name (which may itself hold a colon) before the last colon, the
/// municipality codes after it.
impl FromStr for HousingCompany {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, codes) = s.trim().rsplit_once(':').ok_or_else(|| {
            ValueError(format!(
                "a housing company is written Name:0180,0182 (its name, then the municipalities it serves), got '{s}'"
            ))
        })?;
        let name = name.trim();
        if name.is_empty() {
            return Err(ValueError(format!(
                "a housing company needs its name, got '{s}'"
            )));
        }
        let mut serves: Vec<MunicipalityCode> = Vec::new();
        for code in codes.split(',') {
            let code: MunicipalityCode = code.trim().parse()?;
            if !serves.contains(&code) {
                serves.push(code);
            }
        }
        let written = format!(
            "{name}:{}",
            serves
                .iter()
                .map(MunicipalityCode::as_str)
                .collect::<Vec<_>>()
                .join(",")
        );
        Ok(HousingCompany {
            name: name.to_owned(),
            serves,
            written,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_refuse_missing_or_extra_jurisdictions() {
        for text in [
            "national:SE",
            "national:NO",
            "administrator",
            "region:SE:20",
            "region:NO:01",
            "municipality:SE:0180",
            "partner:SE:Röda Korset",
            "housing:SE:Stockholmshem:0180,0182",
            "housing:NO:Boligbygg Oslo KF:0301",
        ] {
            let role: Role = text.parse().unwrap();
            assert_eq!(role.to_string(), text);
            assert_eq!(
                Role::from_parts(
                    role.kind(),
                    role.country().map(Country::code),
                    role.jurisdiction()
                )
                .unwrap(),
                role
            );
        }
        for bad in [
            "region",
            "region:SE",
            "municipality:SE:180",
            "national",
            "national:SE:20",
            "administrator:SE",
            "partner:SE: ",
            "housing:SE:Stockholmshem",
            "housing:SE::0180",
            "housing:SE:Stockholmshem:0180,18",
            "mayor:SE",
            "municipality:DK:0180",
        ] {
            assert!(bad.parse::<Role>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn a_housing_company_keeps_its_name_and_serves_each_municipality_once() {
        let role: Role = "housing:SE:Bo: Väst AB: 1480, 1481,1480".parse().unwrap();
        let Role::Housing(_, company) = &role else {
            panic!("{role:?}")
        };
        assert_eq!(company.name(), "Bo: Väst AB");
        assert_eq!(
            company
                .serves()
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["1480", "1481"]
        );
        assert_eq!(role.to_string(), "housing:SE:Bo: Väst AB:1480,1481");
    }

    #[test]
    fn the_same_code_in_two_countries_is_two_jurisdictions() {
        let oestfold: Role = "region:NO:01".parse().unwrap();
        let stockholm: Role = "region:SE:01".parse().unwrap();
        assert_ne!(oestfold, stockholm);
        assert_eq!(oestfold.jurisdiction(), stockholm.jurisdiction());
        assert_eq!(oestfold.country(), Some(Country::Norway));
    }

    #[test]
    fn a_code_without_its_country_is_refused_with_the_form_to_use() {
        let error = "municipality:2080".parse::<Role>().unwrap_err();
        assert!(
            error.to_string().contains("municipality:SE:2080"),
            "{error}"
        );
    }
}
