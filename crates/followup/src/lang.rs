//! The languages the follow-up report is written in: English, Swedish, Norwegian bokmål
//! and nynorsk (the administrative language form of many Norwegian municipalities), with
//! each country's own terms (överenskommelse, samarbeidsavtale, diarienummer, saksnummer,
//! vedtak).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Sv,
    Nb,
    Nn,
}

impl Lang {
    /// The language tag: en, sv, nb or nn.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
            Lang::Nb => "nb",
            Lang::Nn => "nn",
        }
    }

    /// en, sv, nb or nn (no reads as bokmål).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "sv" => Some(Lang::Sv),
            "nb" | "no" => Some(Lang::Nb),
            "nn" => Some(Lang::Nn),
            _ => None,
        }
    }

    /// The text in this language; nynorsk reads the bokmål text where it has none.
    pub fn pick<'a>(self, en: &'a str, sv: &'a str, nb: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Sv => sv,
            Lang::Nb | Lang::Nn => nb,
        }
    }

    /// The text in this language, nynorsk written out.
    pub fn pick_nn<'a>(self, en: &'a str, sv: &'a str, nb: &'a str, nn: &'a str) -> &'a str {
        match self {
            Lang::Nn => nn,
            other => other.pick(en, sv, nb),
        }
    }
}
