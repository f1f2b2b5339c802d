//! The access rules, in one place: which role may read or change what, in which
//! jurisdiction. Handlers ask here before they touch the store.

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use landa_followup::Agreement;
use landa_model::{Municipality, MunicipalityCode, RegionCode, Role};

/// The part of the planning data (numbers, decisions, gaps, dwellings) a caller may see.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// National: every municipality.
    All,
    /// A region: its municipalities.
    Region(RegionCode),
    /// A municipality: itself.
    Municipality(MunicipalityCode),
}

impl Scope {
    /// The planning scope of a caller; partners and administrators have none.
    pub fn of(principal: &Principal) -> ApiResult<Scope> {
        match &principal.role {
            Role::National => Ok(Scope::All),
            Role::Region(code) => Ok(Scope::Region(code.clone())),
            Role::Municipality(code) => Ok(Scope::Municipality(code.clone())),
            Role::Partner(_) | Role::Administrator => Err(ApiError::forbidden(format!(
                "the {} role sees aggregates only (/api/v1/public)",
                principal.role.kind()
            ))),
        }
    }

    /// The one municipality a municipality's scope covers, to read only its part.
    pub fn only(&self) -> Option<&MunicipalityCode> {
        match self {
            Scope::Municipality(code) => Some(code),
            Scope::All | Scope::Region(_) => None,
        }
    }

    /// True when the municipality `code` (in `region`) is inside this scope.
    pub fn covers(&self, code: &MunicipalityCode, region: Option<&RegionCode>) -> bool {
        match self {
            Scope::All => true,
            Scope::Region(own) => region == Some(own),
            Scope::Municipality(own) => own == code,
        }
    }

    /// Refuses a municipality outside the scope; `municipalities` tells its region.
    pub fn check(&self, code: &MunicipalityCode, municipalities: &[Municipality]) -> ApiResult<()> {
        let region = municipalities
            .iter()
            .find(|m| &m.code == code)
            .map(|m| &m.region);
        if self.covers(code, region) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "municipality {code} is outside your jurisdiction"
            )))
        }
    }
}

/// Only the national role (the agency that places households) passes.
pub fn require_national(principal: &Principal) -> ApiResult<()> {
    match principal.role {
        Role::National => Ok(()),
        _ => Err(ApiError::forbidden("only the national role may do this")),
    }
}

/// Only administrators pass.
pub fn require_administrator(principal: &Principal) -> ApiResult<()> {
    match principal.role {
        Role::Administrator => Ok(()),
        _ => Err(ApiError::forbidden("only administrators may do this")),
    }
}

/// Who may read personal data (households, persons, needs, ties): national for every
/// household, a municipality for those placed in or proposed to it. `None` means all.
pub fn personal_data_scope(principal: &Principal) -> ApiResult<Option<MunicipalityCode>> {
    match &principal.role {
        Role::National => Ok(None),
        Role::Municipality(code) => Ok(Some(code.clone())),
        Role::Region(_) => Err(ApiError::forbidden(
            "regions see households as counts only (GET .../households/counts)",
        )),
        Role::Partner(_) | Role::Administrator => Err(ApiError::forbidden(format!(
            "the {} role has no access to personal data",
            principal.role.kind()
        ))),
    }
}

/// Whether the caller is party to an agreement: national sees all, a region its region's,
/// a municipality those it is a party to, a partner those naming it. Administrators
/// manage accounts, not agreements.
pub fn agreement_visible(principal: &Principal, agreement: &Agreement) -> ApiResult<bool> {
    Ok(match &principal.role {
        Role::National => true,
        Role::Region(code) => agreement.region.as_deref() == Some(code.as_str()),
        Role::Municipality(code) => agreement
            .parties
            .iter()
            .any(|p| p.municipality.as_deref() == Some(code.as_str())),
        Role::Partner(name) => agreement
            .parties
            .iter()
            .any(|p| p.partner.as_deref() == Some(name.as_str())),
        Role::Administrator => {
            return Err(ApiError::forbidden(
                "administrators manage accounts, not agreements",
            ))
        }
    })
}

/// Who keeps an agreement: national, and the region it belongs to.
pub fn may_edit_agreement(principal: &Principal, agreement: &Agreement) -> ApiResult<()> {
    match &principal.role {
        Role::National => Ok(()),
        Role::Region(code) if agreement.region.as_deref() == Some(code.as_str()) => Ok(()),
        _ => Err(ApiError::forbidden(
            "only national and the agreement's region change an agreement",
        )),
    }
}
