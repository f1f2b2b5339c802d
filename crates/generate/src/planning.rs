//! The first request round (kommuntal in Sweden, anmodning in Norway) and each
//! municipality's formal decision (vedtak), made coherent with the decided capacity: the
//! decision is the capacity, and the request is what the county (Sweden) or IMDi (Norway)
//! asked before the municipality answered. IMDi asks, as a rule, for no fewer than 10
//! persons, so a Norwegian municipality that decided fewer was asked for 10.

use crate::{calendar_date, GenerateError};
use chrono::Duration;
use landa_model::{
    Capacity, Country, DecidingBody, MunicipalDecision, MunicipalRequest, RequestRound,
};
use rand::Rng;

/// Shares of municipalities deciding exactly what was asked, less, or more.
const DECIDED_BELOW: f64 = 0.15;
const DECIDED_ABOVE: f64 = 0.03;
const DECIDED_BY_COUNCIL: f64 = 0.55;

/// IMDi's minimum request (the quota crate's `NORWEGIAN_MINIMUM_REQUEST`).
const NORWEGIAN_MINIMUM: u32 = 10;

pub(crate) fn requests_and_decisions<R: Rng>(
    rng: &mut R,
    country: Country,
    year: i32,
    capacities: &[Capacity],
) -> Result<(RequestRound, Vec<MunicipalDecision>), GenerateError> {
    let sent_on = calendar_date(year - 1, 1, 15)?;
    let first_decision_day = calendar_date(year - 1, 2, 1)?;
    let decision_window = (calendar_date(year - 1, 6, 15)? - first_decision_day).num_days();

    let mut requests = Vec::with_capacity(capacities.len());
    let mut decisions = Vec::with_capacity(capacities.len());
    for capacity in capacities {
        let decided = capacity.persons();
        let decided_minors = capacity.unaccompanied_minors();
        let draw: f64 = rng.gen();
        // Requests are derived from decisions with one factor for persons and minors, so
        // requested minors never exceed requested persons.
        let (persons, minors) = if draw < DECIDED_BELOW {
            let factor = rng.gen_range(1.1..1.5);
            (
                (decided + 1).max(scale_up(decided, factor)),
                scale_up(decided_minors, factor),
            )
        } else if draw < DECIDED_BELOW + DECIDED_ABOVE && decided > 0 {
            let factor = rng.gen_range(0.7..0.95);
            (
                scale_down(decided, factor),
                scale_down(decided_minors, factor),
            )
        } else {
            (decided, decided_minors)
        };
        let persons = match country {
            Country::Norway if persons > 0 => persons.max(NORWEGIAN_MINIMUM),
            _ => persons,
        };
        requests.push(MunicipalRequest {
            municipality: capacity.municipality.clone(),
            persons,
            unaccompanied_minors: minors,
        });
        let body = if rng.gen_bool(DECIDED_BY_COUNCIL) {
            DecidingBody::MunicipalCouncil
        } else {
            DecidingBody::ExecutiveBoard
        };
        decisions.push(MunicipalDecision {
            year,
            municipality: capacity.municipality.clone(),
            persons: decided,
            unaccompanied_minors: decided_minors,
            body: Some(body),
            decided_on: Some(
                first_decision_day + Duration::days(rng.gen_range(0..=decision_window)),
            ),
            // A synthetic diarienummer / saksnummer (registration number) in the
            // municipality's series.
            registration_number: Some(match country {
                Country::Sweden => format!("KS {}/{}", year - 1, rng.gen_range(100..1000)),
                Country::Norway => format!("{}/{}", year - 1, rng.gen_range(100..1000)),
            }),
            document_url: None,
        });
    }
    let round = RequestRound {
        year,
        round: 1,
        sent_on: Some(sent_on),
        sent_by: match country {
            Country::Sweden => "Länsstyrelserna (synthetic kommuntal)",
            Country::Norway => "IMDi (synthetic anmodning)",
        }
        .to_owned(),
        requests,
    };
    Ok((round, decisions))
}

fn scale_up(value: u32, factor: f64) -> u32 {
    (f64::from(value) * factor).ceil() as u32
}

fn scale_down(value: u32, factor: f64) -> u32 {
    (f64::from(value) * factor).floor() as u32
}
