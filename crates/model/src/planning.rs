//! Phase 1 of settlement: requests (anmodning; in Sweden kommuntal) and formal decisions (vedtak).

use crate::{MunicipalityCode, ValueError};
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

/// The number asked of one municipality in one round, persons and unaccompanied minors apart.
#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalRequest {
    pub municipality: MunicipalityCode,
    /// Persons requested, including the unaccompanied minors.
    pub persons: u32,
    pub unaccompanied_minors: u32,
}

/// A round of requests sent to municipalities: the first of the year, or a new round
/// when the gap to the need is too large, or a mid-year revision. Rounds are never
/// overwritten; a later round supersedes an earlier one for the municipalities it names.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRound {
    pub year: i32,
    /// 1 for the first round of the year, then 2, 3 ...
    pub round: u32,
    /// None where the source does not say (historical tables often give only numbers).
    pub sent_on: Option<NaiveDate>,
    /// Who sent it, e.g. "IMDi og Fylkesmannen i Østfold" or "Länsstyrelsen Dalarna".
    pub sent_by: String,
    pub requests: Vec<MunicipalRequest>,
}

/// The body that took a municipality's formal decision. Read and written as its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DecidingBody {
    /// Kommunfullmäktige / kommunestyret.
    MunicipalCouncil,
    /// Kommunstyrelsen / formannskapet.
    ExecutiveBoard,
    /// A committee or an officer by delegation, named.
    Other(String),
}

impl FromStr for DecidingBody {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.to_ascii_lowercase().as_str() {
            "municipal_council" => Ok(DecidingBody::MunicipalCouncil),
            "executive_board" => Ok(DecidingBody::ExecutiveBoard),
            "" => Err(ValueError::expected(
                "municipal_council, executive_board or the name of another body",
                s,
            )),
            _ => Ok(DecidingBody::Other(t.to_owned())),
        }
    }
}

impl TryFrom<String> for DecidingBody {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        s.parse()
    }
}

impl From<DecidingBody> for String {
    fn from(body: DecidingBody) -> String {
        body.to_string()
    }
}

impl fmt::Display for DecidingBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecidingBody::MunicipalCouncil => f.write_str("municipal_council"),
            DecidingBody::ExecutiveBoard => f.write_str("executive_board"),
            DecidingBody::Other(name) => f.write_str(name),
        }
    }
}

/// A municipality's formal decision (vedtak) on how many it will settle in a year.
/// It may be less or more than requested; the difference is the gap that follow-up tracks.
#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalDecision {
    pub year: i32,
    pub municipality: MunicipalityCode,
    pub persons: u32,
    pub unaccompanied_minors: u32,
    /// None where the source records only the number; the UI and reminders flag it,
    /// since a number without a registered formal decision is what follow-up must catch.
    pub body: Option<DecidingBody>,
    pub decided_on: Option<NaiveDate>,
    /// Diarienummer / saksnummer, where registered.
    pub registration_number: Option<String>,
    pub document_url: Option<String>,
}
