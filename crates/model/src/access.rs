//! Who may see and do what: the roles of the parties that share landa (see DOMAIN.md,
//! "Who uses the system") and the jurisdiction each is scoped to.

use crate::{MunicipalityCode, RegionCode, ValueError};
use std::fmt;
use std::str::FromStr;

/// An account's role together with the jurisdiction it is scoped to. A value that exists
/// is consistent: a region role always carries a region code, and so on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    /// The national agency (Migrationsverket / IMDi): everything, all municipalities.
    National,
    /// A county administrative board or county governor (länsstyrelse / statsforvalter):
    /// its own municipalities; personal data only as counts.
    Region(RegionCode),
    /// A municipality: itself only, and the households placed in or proposed to it.
    Municipality(MunicipalityCode),
    /// A partner (civil society, employers, education): agreements it is party to and
    /// aggregates; no personal data.
    Partner(String),
    /// Accounts and the audit log; no personal data.
    Administrator,
}

impl Role {
    /// The role's kind as stored and shown: national, region, municipality, partner, administrator.
    pub fn kind(&self) -> &'static str {
        match self {
            Role::National => "national",
            Role::Region(_) => "region",
            Role::Municipality(_) => "municipality",
            Role::Partner(_) => "partner",
            Role::Administrator => "administrator",
        }
    }

    /// The jurisdiction code or partner name, where the role has one.
    pub fn jurisdiction(&self) -> Option<&str> {
        match self {
            Role::National | Role::Administrator => None,
            Role::Region(code) => Some(code.as_str()),
            Role::Municipality(code) => Some(code.as_str()),
            Role::Partner(name) => Some(name.as_str()),
        }
    }

    /// Builds a role from its kind and jurisdiction, as stored or typed by an administrator.
    pub fn from_parts(kind: &str, jurisdiction: Option<&str>) -> Result<Role, ValueError> {
        let needs = |what: &str| {
            jurisdiction
                .map(str::trim)
                .filter(|j| !j.is_empty())
                .ok_or_else(|| ValueError(format!("role {kind} needs {what}")))
        };
        let none = |role: Role| match jurisdiction {
            Some(j) if !j.trim().is_empty() => Err(ValueError(format!(
                "role {kind} has no jurisdiction, got '{j}'"
            ))),
            _ => Ok(role),
        };
        match kind.trim() {
            "national" => none(Role::National),
            "administrator" => none(Role::Administrator),
            "region" => Ok(Role::Region(needs("a two-digit region code")?.parse()?)),
            "municipality" => Ok(Role::Municipality(
                needs("a four-digit municipality code")?.parse()?,
            )),
            "partner" => Ok(Role::Partner(needs("the partner's name")?.to_owned())),
            other => Err(ValueError::expected(
                "national, region, municipality, partner or administrator",
                other,
            )),
        }
    }
}

/// `kind` or `kind:jurisdiction`, e.g. `region:20` or `municipality:0180`.
impl FromStr for Role {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once(':') {
            Some((kind, jurisdiction)) => Role::from_parts(kind, Some(jurisdiction)),
            None => Role::from_parts(s, None),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.jurisdiction() {
            Some(jurisdiction) => write!(f, "{}:{jurisdiction}", self.kind()),
            None => f.write_str(self.kind()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_refuse_missing_or_extra_jurisdictions() {
        for text in [
            "national",
            "administrator",
            "region:20",
            "municipality:0180",
            "partner:Röda Korset",
        ] {
            let role: Role = text.parse().unwrap();
            assert_eq!(role.to_string(), text);
            assert_eq!(
                Role::from_parts(role.kind(), role.jurisdiction()).unwrap(),
                role
            );
        }
        for bad in [
            "region",
            "municipality:180",
            "national:20",
            "partner: ",
            "mayor",
        ] {
            assert!(bad.parse::<Role>().is_err(), "{bad} was accepted");
        }
    }
}
