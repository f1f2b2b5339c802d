//! Codes and identifiers. Codes are strings: leading zeros are significant.

use crate::ValueError;
use std::fmt;
use std::str::FromStr;

/// Country whose rules and vocabulary a scenario follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Country {
    /// Sweden: länstal (county number) and kommuntal (municipal number), anvisning (placement).
    Sweden,
    /// Norway: anmodning (request) and vedtak (decision), utsøking (placement).
    Norway,
}

impl Country {
    pub const ALL: [Country; 2] = [Country::Sweden, Country::Norway];

    /// ISO 3166-1 alpha-2 code as used in scenario files.
    pub fn code(self) -> &'static str {
        match self {
            Country::Sweden => "SE",
            Country::Norway => "NO",
        }
    }
}

impl FromStr for Country {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "SE" => Ok(Country::Sweden),
            "NO" => Ok(Country::Norway),
            _ => Err(ValueError::expected("country SE or NO", s)),
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A string that is valid by construction: `$parse` trims and checks it, and its
/// message says what was expected.
macro_rules! checked_text {
    ($(#[$doc:meta])* $name:ident, $parse:expr) => {
        $(#[$doc])*
        // Read and written as its text, with the same check as `from_str`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl TryFrom<String> for $name {
            type Error = ValueError;
            fn try_from(s: String) -> Result<Self, ValueError> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let parse: fn(&str) -> Result<String, ValueError> = $parse;
                parse(s).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// The trimmed text when `valid`, else the error naming `what` was expected.
fn checked(s: &str, valid: impl Fn(&str) -> bool, what: &str) -> Result<String, ValueError> {
    let t = s.trim();
    if valid(t) {
        Ok(t.to_owned())
    } else {
        Err(ValueError::expected(what, s))
    }
}

fn digits(t: &str, count: usize) -> bool {
    t.len() == count && t.bytes().all(|b| b.is_ascii_digit())
}

checked_text!(
    /// Municipality (kommun / kommune) code: four digits in Sweden (SCB) and Norway (SSB).
    MunicipalityCode,
    |s| checked(s, |t| digits(t, 4), "a 4-digit code such as 0180 (keep leading zeros)")
);
checked_text!(
    /// Region code: Swedish county (län, SCB) or Norwegian county (fylke): two digits.
    RegionCode,
    |s| checked(s, |t| digits(t, 2), "a 2-digit code such as 01 (keep leading zeros)")
);

/// An identifier chosen by whoever made the data: non-empty, at most 64 characters,
/// letters, digits and `-_.:/` only, so it is safe in file names, URLs and logs.
fn parse_identifier(s: &str) -> Result<String, ValueError> {
    checked(
        s,
        |t| {
            !t.is_empty()
                && t.chars().count() <= 64
                && t.chars()
                    .all(|c| c.is_alphanumeric() || "-_.:/".contains(c))
        },
        "an identifier of 1 to 64 letters, digits or -_.:/",
    )
}

checked_text!(
    /// Identifies a household (family travelling and settled together).
    HouseholdId,
    parse_identifier
);
checked_text!(
    /// Identifies a person within the data set.
    PersonId,
    parse_identifier
);
checked_text!(
    /// Identifies a dwelling offered by a municipality or housing company.
    DwellingId,
    parse_identifier
);

/// Lower-case ASCII, digits, `_` and `-`, at most 40: names that appear in column headers.
fn lower_name(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 40
        && t.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

checked_text!(
    /// Name of a service a household may need and a municipality may offer,
    /// e.g. `wheelchair`, `dialysis`, `trauma_care`. Lower-case ASCII, digits, `_` and `-`.
    ServiceName,
    |s| checked(
        s,
        lower_name,
        "a service name of lower-case letters, digits, '_' or '-' (at most 40)"
    )
);
checked_text!(
    /// Name of an integration outcome followed in a history, e.g. `employed_1y`,
    /// `employed_2y`. Lower-case ASCII, digits, `_` and `-`.
    OutcomeName,
    |s| checked(
        s,
        lower_name,
        "an outcome name of lower-case letters, digits, '_' or '-' (at most 40)"
    )
);
checked_text!(
    /// Where a person comes from, as the source records it (a country or a group of
    /// countries sharing a language, e.g. `Syria/Iraq`): 1 to 60 printable characters.
    Origin,
    |s| checked(
        s,
        |t| !t.is_empty() && t.chars().count() <= 60 && !t.chars().any(char::is_control),
        "an origin of 1 to 60 printable characters"
    )
);

/// ISO 639-1 language code, two lower-case letters (`ar`, `so`, `ti`, `sv`, `nb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageCode([u8; 2]);

impl LanguageCode {
    pub fn as_str(&self) -> &str {
        // Constructed only from two ASCII lower-case letters.
        std::str::from_utf8(&self.0).expect("ASCII by construction")
    }
}

impl FromStr for LanguageCode {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_bytes() {
            [a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => {
                Ok(LanguageCode([*a, *b]))
            }
            _ => Err(ValueError::expected(
                "an ISO 639-1 language code of two letters such as ar",
                s,
            )),
        }
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn municipality_codes_keep_leading_zeros() {
        let code: MunicipalityCode = "0180".parse().unwrap();
        assert_eq!(code.as_str(), "0180");
        assert!("180".parse::<MunicipalityCode>().is_err());
        assert!("01800".parse::<MunicipalityCode>().is_err());
        assert!("01a0".parse::<MunicipalityCode>().is_err());
    }

    #[test]
    fn errors_say_what_was_expected() {
        let err = "1".parse::<RegionCode>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected a 2-digit code such as 01 (keep leading zeros), got '1'"
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_round_trips(s in "\\PC*") {
            if let Ok(c) = s.parse::<MunicipalityCode>() { prop_assert_eq!(c.as_str(), s.trim()); }
            if let Ok(id) = s.parse::<HouseholdId>() { prop_assert_eq!(id.to_string().parse::<HouseholdId>().unwrap(), id); }
            if let Ok(l) = s.parse::<LanguageCode>() { prop_assert_eq!(l.as_str().len(), 2); }
            let _ = s.parse::<ServiceName>();
            let _ = s.parse::<OutcomeName>();
            let _ = s.parse::<Country>();
        }
    }
}
