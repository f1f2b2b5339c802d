//! The access policy, in one place: which role may read or change what, in which
//! country and jurisdiction. Every command and query asks here before it touches the
//! store; no adapter decides access itself.

use crate::{AppError, AppResult, Principal};
use landa_followup::Agreement;
use landa_model::{formerly, today_of, Country, Municipality, MunicipalityCode, RegionCode, Role};

/// The part of a planning year (numbers, decisions, gaps, dwellings) a caller may see.
/// A region or municipality of today also sees, in a year of the old codes, the former
/// municipalities that are part of it now (Indre Østfold sees Askim's 2015 vedtak;
/// today's Østfold, county 31, sees the old Østfold's municipalities but Rømskog, which is
/// in Akershus now): the successor keeps its predecessors' records.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// National: every municipality of its country.
    All,
    /// A region: its municipalities, today's and former.
    Region(Country, RegionCode),
    /// A municipality: itself and the former municipalities it is made of.
    Municipality(Country, MunicipalityCode),
}

/// Refuses a caller whose country is not `country`, the scenario's or agreement's.
/// The administrator, who serves both countries, passes: its own rules keep it away
/// from personal data.
pub fn require_country(principal: &Principal, country: Country) -> AppResult<()> {
    match principal.role.country() {
        Some(own) if own != country => Err(AppError::forbidden(format!(
            "this belongs to {} ({}); your account acts in {} ({})",
            country_name(country),
            country.code(),
            country_name(own),
            own.code()
        ))),
        _ => Ok(()),
    }
}

fn country_name(country: Country) -> &'static str {
    match country {
        Country::Sweden => "Sweden",
        Country::Norway => "Norway",
    }
}

impl Scope {
    /// The planning scope of a caller in a scenario of `country`; partners and
    /// administrators have none, nor has anyone of the other country.
    pub fn of(principal: &Principal, country: Country) -> AppResult<Scope> {
        match &principal.role {
            Role::Partner(..) | Role::Administrator => {
                return Err(AppError::forbidden(format!(
                    "the {} role sees aggregates only (/api/v1/public)",
                    principal.role.kind()
                )))
            }
            Role::Housing(..) => {
                return Err(AppError::forbidden(
                    "a housing company sees its own dwellings only (.../dwellings)",
                ))
            }
            _ => require_country(principal, country)?,
        }
        Ok(match &principal.role {
            Role::Region(_, code) => Scope::Region(country, code.clone()),
            Role::Municipality(_, code) => Scope::Municipality(country, code.clone()),
            _ => Scope::All,
        })
    }

    /// The one municipality a municipality's scope covers, to read only its part; `None`
    /// where the scope covers several (read them all and keep what [`Scope::covers`]).
    pub fn only(&self) -> Option<&MunicipalityCode> {
        match self {
            Scope::Municipality(country, code) if formerly(*country, code).is_empty() => Some(code),
            _ => None,
        }
    }

    /// True when the municipality `code` (in `region`) is inside this scope: in it, or a
    /// former municipality that is part of it today.
    pub fn covers(&self, code: &MunicipalityCode, region: Option<&RegionCode>) -> bool {
        match self {
            Scope::All => true,
            Scope::Region(country, own) => {
                region == Some(own)
                    || today_of(*country, code).is_some_and(|c| &c.today_region() == own)
            }
            Scope::Municipality(country, own) => {
                own == code || today_of(*country, code).is_some_and(|c| &c.today == own)
            }
        }
    }

    /// Refuses a municipality outside the scope; `municipalities` tells its region.
    pub fn check(&self, code: &MunicipalityCode, municipalities: &[Municipality]) -> AppResult<()> {
        let region = municipalities
            .iter()
            .find(|m| &m.code == code)
            .map(|m| &m.region);
        if self.covers(code, region) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "municipality {code} is outside your jurisdiction"
            )))
        }
    }
}

/// Only the national role of `country` (the agency that places households) passes.
pub fn require_national(principal: &Principal, country: Country) -> AppResult<()> {
    match principal.role {
        Role::National(_) => require_country(principal, country),
        _ => Err(AppError::forbidden("only the national role may do this")),
    }
}

/// Only administrators pass.
pub fn require_administrator(principal: &Principal) -> AppResult<()> {
    match principal.role {
        Role::Administrator => Ok(()),
        _ => Err(AppError::forbidden("only administrators may do this")),
    }
}

/// Who may read personal data (households, persons, needs, ties) in a scenario of
/// `country`: national for every household, a municipality for those placed in or
/// proposed to it. `None` means all.
pub fn personal_data_scope(
    principal: &Principal,
    country: Country,
) -> AppResult<Option<MunicipalityCode>> {
    match &principal.role {
        Role::National(_) | Role::Municipality(..) => require_country(principal, country)?,
        Role::Region(..) => {
            return Err(AppError::forbidden(
                "regions see households as counts only (GET .../households/counts)",
            ))
        }
        Role::Partner(..) | Role::Housing(..) | Role::Administrator => {
            return Err(AppError::forbidden(format!(
                "the {} role has no access to personal data",
                principal.role.kind()
            )))
        }
    }
    Ok(match &principal.role {
        Role::Municipality(_, code) => Some(code.clone()),
        _ => None,
    })
}

/// The agreement's country, as its file names it ("se" or "no").
fn agreement_country(agreement: &Agreement) -> Option<Country> {
    agreement.country.parse().ok()
}

/// Whether the caller is party to an agreement of its own country: national sees all,
/// a region its region's, a municipality those it is a party to, a partner those
/// naming it. Administrators manage accounts, not agreements.
pub fn agreement_visible(principal: &Principal, agreement: &Agreement) -> AppResult<bool> {
    if principal.role == Role::Administrator {
        return Err(AppError::forbidden(
            "administrators manage accounts, not agreements",
        ));
    }
    if principal.role.country() != agreement_country(agreement) {
        return Ok(false);
    }
    Ok(match &principal.role {
        Role::National(_) => true,
        Role::Region(_, code) => agreement.region.as_deref() == Some(code.as_str()),
        Role::Municipality(_, code) => agreement
            .parties
            .iter()
            .any(|p| p.municipality.as_deref() == Some(code.as_str())),
        Role::Partner(_, name) => agreement
            .parties
            .iter()
            .any(|p| p.partner.as_deref() == Some(name.as_str())),
        Role::Housing(..) | Role::Administrator => false,
    })
}

/// Who keeps an agreement: national of its country, and the region it belongs to.
pub fn may_edit_agreement(principal: &Principal, agreement: &Agreement) -> AppResult<()> {
    let same_country = principal.role.country() == agreement_country(agreement);
    match &principal.role {
        Role::National(_) if same_country => Ok(()),
        Role::Region(_, code)
            if same_country && agreement.region.as_deref() == Some(code.as_str()) =>
        {
            Ok(())
        }
        _ => Err(AppError::forbidden(
            "only national and the agreement's region change an agreement",
        )),
    }
}

/// Which accounts a caller may create: the local operator any; an administrator those
/// of regions, municipalities, partners and housing companies. National and administrator accounts reach
/// every household or every account, so only the operator of the installation makes
/// them: no administrator can make itself national.
pub fn may_create_account(principal: &Principal, role: &Role) -> AppResult<()> {
    require_administrator(principal)?;
    match role {
        _ if principal.operator => Ok(()),
        Role::National(_) | Role::Administrator => Err(AppError::forbidden(format!(
            "a {} account is created by the installation's operator (landa user add), \
             not through the service",
            role.kind()
        ))),
        Role::Region(..) | Role::Municipality(..) | Role::Partner(..) | Role::Housing(..) => Ok(()),
    }
}

/// Who may issue an API token for `username`: its holder, for itself, and the local
/// operator. Nobody issues a token that acts as someone else.
pub fn may_issue_token(principal: &Principal, username: &str) -> AppResult<()> {
    if principal.operator || principal.username == username {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "an API token is issued by its account's holder, logged in as that account; \
             nobody can issue a token that acts as someone else",
        ))
    }
}

/// The caller's planning scope in the stored scenario `scenario` (of its country).
pub async fn scope_in(
    store: &landa_store::Store,
    principal: &Principal,
    scenario: &str,
) -> AppResult<Scope> {
    Scope::of(principal, store.scenario_meta(scenario).await?.country)
}

/// The caller's personal-data scope in the stored scenario `scenario`. A refusal is
/// audited too: who tried to read households they may not see leaves a trace.
pub async fn personal_data_scope_in(
    store: &landa_store::Store,
    principal: &Principal,
    scenario: &str,
) -> AppResult<Option<MunicipalityCode>> {
    let scope = personal_data_scope(principal, store.scenario_meta(scenario).await?.country);
    if let Err(AppError::Forbidden(why)) = &scope {
        let entry = crate::audit::entry(
            principal,
            crate::audit::Action::Refused,
            &format!("/api/v1/scenarios/{scenario}/households"),
            why,
        );
        crate::audit::record(store, &entry).await?;
    }
    scope
}

/// Only national of the stored scenario's country passes.
pub async fn require_national_in(
    store: &landa_store::Store,
    principal: &Principal,
    scenario: &str,
) -> AppResult<()> {
    require_national(principal, store.scenario_meta(scenario).await?.country)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Origin;

    fn scope(role: &str, country: Country) -> Scope {
        let principal = Principal::account("someone", role.parse().unwrap(), Origin::default());
        Scope::of(&principal, country).unwrap()
    }

    fn code(text: &str) -> MunicipalityCode {
        text.parse().unwrap()
    }

    #[test]
    fn todays_municipality_and_county_see_the_former_ones_they_are_made_of() {
        let old_ostfold: RegionCode = "01".parse().unwrap();
        let indre = scope("municipality:NO:3118", Country::Norway);
        // Askim (0124) is part of Indre Østfold today; Halden (0101) is not.
        assert!(indre.covers(&code("0124"), Some(&old_ostfold)));
        assert!(!indre.covers(&code("0101"), Some(&old_ostfold)));
        assert!(indre.covers(&code("3118"), None));
        assert_eq!(indre.only(), None, "it reads its predecessors too");
        let voss = scope("municipality:NO:4621", Country::Norway);
        assert_eq!(voss.only(), Some(&code("4621")));

        let county = scope("region:NO:31", Country::Norway);
        assert!(county.covers(&code("0124"), Some(&old_ostfold)));
        // Rømskog (0121) is part of Aurskog-Høland, in Akershus (32), today.
        assert!(!county.covers(&code("0121"), Some(&old_ostfold)));
        // The old county number is not today's: 01 sees only what is in 01.
        let old_county = scope("region:NO:01", Country::Norway);
        assert!(old_county.covers(&code("0121"), Some(&old_ostfold)));
        assert!(!old_county.covers(&code("3118"), Some(&"31".parse().unwrap())));

        // The code changes are Norway's: the same digits in a Swedish year change nothing
        // (0125 is Ekerö there).
        let swedish = scope("municipality:SE:3118", Country::Sweden);
        assert!(!swedish.covers(&code("0125"), Some(&old_ostfold)));
        assert_eq!(swedish.only(), Some(&code("3118")));
    }
}
