//! Phase 1 commands: request rounds (anmodning; kommuntal) and municipal decisions
//! (vedtak), each authorised, checked and written with its audit entry in one transaction.

use crate::access::{require_country, Scope};
use crate::audit::{self, Action};
use crate::{AppError, AppResult, Principal};
use chrono::NaiveDate;
use landa_model::{
    MunicipalDecision, MunicipalRequest, Municipality, MunicipalityCode, RequestRound, Role,
};
use landa_store::{DecisionVersion, MunicipalityYear, Store};

/// Persons and minors above which a number is taken for a typing error.
pub const MAX_PERSONS: u32 = 1_000_000;
/// Longest registration number (diarienummer / saksnummer) and document address kept.
pub const MAX_REGISTRATION_CHARS: usize = 100;
pub const MAX_DOCUMENT_URL_CHARS: usize = 2000;
pub const MAX_SENDER_CHARS: usize = 200;

/// Refuses a year outside what a planning year can be.
pub fn check_year(year: i32, field: &str) -> AppResult<()> {
    if (1900..=2200).contains(&year) {
        Ok(())
    } else {
        Err(AppError::invalid(
            field,
            format!("{year} is not a planning year (1900 to 2200)"),
        ))
    }
}

/// Refuses persons beyond `MAX_PERSONS` and minors beyond the persons they are part of;
/// `field` is the path of the persons, `minors_field` that of the minors.
pub fn check_counts(persons: u32, minors: u32, field: &str, minors_field: &str) -> AppResult<()> {
    if persons > MAX_PERSONS {
        return Err(AppError::invalid(
            field,
            format!("{persons} persons is more than {MAX_PERSONS}: a typing error?"),
        ));
    }
    if minors > persons {
        return Err(AppError::invalid(
            minors_field,
            format!(
                "{minors} unaccompanied minors is more than the {persons} persons they are part of"
            ),
        ));
    }
    Ok(())
}

/// Refuses a text longer than `max` characters.
pub fn check_length(text: Option<&str>, field: &str, max: usize) -> AppResult<()> {
    match text {
        Some(t) if t.chars().count() > max => Err(AppError::invalid(
            field,
            format!("{field} is longer than {max} characters"),
        )),
        _ => Ok(()),
    }
}

/// Publishes a request round to municipalities: national to any of its country, a
/// region to its own. The round number must be new for its year.
pub async fn publish_round(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    round: RequestRound,
) -> AppResult<RequestRound> {
    let view = store.planning_view(scenario, None).await?;
    let scope = match Scope::of(principal, view.meta.country)? {
        Scope::Municipality(..) => {
            return Err(AppError::forbidden(
                "request rounds are sent by the national agency and the regions",
            ))
        }
        scope => scope,
    };
    check_year(round.year, "year")?;
    if round.sent_by.trim().is_empty() {
        return Err(AppError::invalid(
            "sent_by",
            "sent_by must name who sends the round",
        ));
    }
    check_length(Some(&round.sent_by), "sent_by", MAX_SENDER_CHARS)?;
    if round.requests.is_empty() {
        return Err(AppError::invalid(
            "requests",
            "a round needs at least one request",
        ));
    }
    for (index, request) in round.requests.iter().enumerate() {
        let field = |name: &str| format!("requests[{index}].{name}");
        if !view
            .municipalities
            .iter()
            .any(|m| m.code == request.municipality)
        {
            return Err(AppError::invalid(
                &field("municipality"),
                landa_model::not_in_year(view.meta.country, &request.municipality),
            ));
        }
        scope
            .check(&request.municipality, &view.municipalities)
            .map_err(|e| AppError::forbidden(format!("{}: {e}", field("municipality"))))?;
        check_counts(
            request.persons,
            request.unaccompanied_minors,
            &field("persons"),
            &field("unaccompanied_minors"),
        )?;
        if round.requests[..index]
            .iter()
            .any(|r: &MunicipalRequest| r.municipality == request.municipality)
        {
            return Err(AppError::invalid(
                &field("municipality"),
                format!(
                    "municipality {} is named twice in this round",
                    request.municipality
                ),
            ));
        }
    }
    let round = RequestRound {
        sent_by: round.sent_by.trim().to_owned(),
        ..round
    };
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{scenario}/request-rounds"),
        format!(
            "round {} of {} to {} municipalities",
            round.round,
            round.year,
            round.requests.len()
        ),
    );
    store.add_request_round(scenario, &round, &entry).await?;
    Ok(round)
}

/// Whether the caller is the municipality `code` itself or a national agency: who speaks
/// for a municipality (its decision, its word on unaccompanied minors). The country is
/// checked apart.
pub(crate) fn itself_or_national(principal: &Principal, code: &MunicipalityCode) -> bool {
    match &principal.role {
        Role::National(_) => true,
        Role::Municipality(_, own) => own == code,
        _ => false,
    }
}

/// Registers a municipality's formal decision as the next version: the municipality
/// itself or national of its country. With `expected_version` (0: none yet) a decision
/// revised meanwhile by someone else is refused as stale.
pub async fn register_decision(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    decision: MunicipalDecision,
    expected_version: Option<u32>,
    today: NaiveDate,
) -> AppResult<DecisionVersion> {
    let view = store
        .planning_view(scenario, Some(&decision.municipality))
        .await?;
    require_country(principal, view.meta.country)?;
    let code = &decision.municipality;
    if !view.municipalities.iter().any(|m| &m.code == code) {
        return Err(AppError::NotFound(format!(
            "municipality {code} is not in scenario '{scenario}'"
        )));
    }
    if !itself_or_national(principal, code) {
        return Err(AppError::forbidden(format!(
            "only municipality {code} itself or the national agency registers its decision"
        )));
    }
    check_year(decision.year, "year")?;
    check_counts(
        decision.persons,
        decision.unaccompanied_minors,
        "persons",
        "unaccompanied_minors",
    )?;
    if let Some(day) = decision.decided_on {
        if day > today {
            return Err(AppError::invalid(
                "decided_on",
                format!("{day} is after today ({today}): register a decision once it is taken"),
            ));
        }
    }
    check_length(
        decision.registration_number.as_deref(),
        "registration_number",
        MAX_REGISTRATION_CHARS,
    )?;
    check_length(
        decision.document_url.as_deref(),
        "document_url",
        MAX_DOCUMENT_URL_CHARS,
    )?;
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{scenario}/municipalities/{code}/decisions"),
        format!(
            "decision {}: {} persons, {} unaccompanied minors",
            decision.year, decision.persons, decision.unaccompanied_minors
        ),
    );
    let version = store
        .record_decision(
            scenario,
            &decision,
            &principal.username,
            expected_version,
            &entry,
        )
        .await?;
    Ok(DecisionVersion {
        version,
        recorded_at: entry.at,
        recorded_by: principal.username.clone(),
        decision,
    })
}

/// The gap report over everything a planning view holds (all its regions and
/// municipalities).
pub fn gap_report_of(view: &landa_store::PlanningView) -> landa_quota::GapReport {
    landa_quota::gap_report(
        view.meta.year,
        &view.regions,
        &view.municipalities,
        &view.request_rounds,
        &view.decisions,
        &view.placed,
    )
}

/// Records a Norwegian municipality's own word on whether it takes unaccompanied minors
/// (enslige mindreårige, EM): IMDi asks for minors only of those that say yes (or decided
/// to settle some this year). The municipality itself or national of its country says it.
/// Sweden's law assigns minors to every municipality, so in a Swedish year nobody may.
/// Answers the municipality as it now stands.
pub async fn declare_unaccompanied_minors(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    code: &MunicipalityCode,
    takes: bool,
) -> AppResult<Municipality> {
    let year = store.municipality_year(scenario, code).await?;
    let country = year.meta.country;
    require_country(principal, country)?;
    if country == landa_model::Country::Sweden {
        // Nobody may: the law, not the municipality, decides it.
        return Err(AppError::forbidden(
            "in Sweden every municipality takes unaccompanied minors (the law assigns them); \
             saying yes or no is Norway's practice",
        ));
    }
    if !itself_or_national(principal, code) {
        return Err(AppError::forbidden(format!(
            "only municipality {code} itself or the national agency says whether it takes unaccompanied minors"
        )));
    }
    let municipality = year
        .municipality
        .clone()
        .ok_or_else(|| AppError::NotFound(landa_model::not_in_year(country, code)))?;
    let entry = audit::entry(
        principal,
        Action::Update,
        &format!("/api/v1/scenarios/{scenario}/municipalities/{code}/unaccompanied-minors"),
        format!(
            "{code} {} unaccompanied minors",
            if takes { "takes" } else { "does not take" }
        ),
    );
    store
        .set_takes_unaccompanied_minors(scenario, code, Some(takes), &entry)
        .await?;
    Ok(municipality.with_unaccompanied_minors(Some(takes)))
}

/// A municipality's planning year (its dashboard), for whoever may see that
/// municipality: national of its country, its region, the municipality itself.
pub async fn municipality_year(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    code: &MunicipalityCode,
) -> AppResult<std::sync::Arc<MunicipalityYear>> {
    let year = store.municipality_year(scenario, code).await?;
    let scope = Scope::of(principal, year.meta.country)?;
    let municipality = year
        .municipality
        .as_ref()
        .ok_or_else(|| AppError::NotFound(landa_model::not_in_year(year.meta.country, code)))?;
    scope.check(code, std::slice::from_ref(municipality))?;
    Ok(year)
}
