//! The languages the follow-up report is written in: English, Swedish and Norwegian
//! bokmål, with each country's own terms (överenskommelse, samarbeidsavtale, diarienummer,
//! saksnummer, vedtak).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Sv,
    Nb,
}

impl Lang {
    /// The language tag: en, sv or nb.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
            Lang::Nb => "nb",
        }
    }

    /// en, sv or nb (no and nn read as bokmål).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "sv" => Some(Lang::Sv),
            "nb" | "no" | "nn" => Some(Lang::Nb),
            _ => None,
        }
    }

    /// The text in this language.
    pub fn pick<'a>(self, en: &'a str, sv: &'a str, nb: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Sv => sv,
            Lang::Nb => nb,
        }
    }
}
