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

/// A code made of a fixed number of ASCII digits.
macro_rules! digit_code {
    ($(#[$doc:meta])* $name:ident, $digits:expr, $example:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                if t.len() == $digits && t.bytes().all(|b| b.is_ascii_digit()) {
                    Ok($name(t.to_owned()))
                } else {
                    Err(ValueError::expected(
                        concat!("a ", stringify!($digits), "-digit code such as ", $example, " (keep leading zeros)"),
                        s,
                    ))
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

digit_code!(
    /// Municipality (kommun / kommune) code: four digits in Sweden (SCB) and Norway (SSB).
    MunicipalityCode, 4, "0180"
);
digit_code!(
    /// Region code: Swedish county (län, SCB) or Norwegian county (fylke): two digits.
    RegionCode, 2, "01"
);

/// An identifier chosen by whoever made the data: non-empty, at most 64 characters,
/// letters, digits and `-_.:/` only, so it is safe in file names, URLs and logs.
macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_identifier(s).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

fn parse_identifier(s: &str) -> Result<String, ValueError> {
    let t = s.trim();
    let ok = !t.is_empty()
        && t.chars().count() <= 64
        && t.chars()
            .all(|c| c.is_alphanumeric() || "-_.:/".contains(c));
    if ok {
        Ok(t.to_owned())
    } else {
        Err(ValueError::expected(
            "an identifier of 1 to 64 letters, digits or -_.:/",
            s,
        ))
    }
}

identifier!(
    /// Identifies a household (family travelling and settled together).
    HouseholdId
);
identifier!(
    /// Identifies a person within the data set.
    PersonId
);
identifier!(
    /// Identifies a dwelling offered by a municipality or housing company.
    DwellingId
);

macro_rules! lower_name {
    ($(#[$doc:meta])* $name:ident, $what:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                let ok = !t.is_empty()
                    && t.len() <= 40
                    && t.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
                    });
                if ok {
                    Ok($name(t.to_owned()))
                } else {
                    Err(ValueError::expected(
                        concat!($what, " of lower-case letters, digits, '_' or '-' (at most 40)"),
                        s,
                    ))
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

lower_name!(
    /// Name of a service a household may need and a municipality may offer,
    /// e.g. `wheelchair`, `dialysis`, `trauma_care`. Lower-case ASCII, digits, `_` and `-`.
    ServiceName, "a service name"
);
lower_name!(
    /// Name of an integration outcome followed in a history, e.g. `employed_1y`,
    /// `employed_2y`. Lower-case ASCII, digits, `_` and `-`.
    OutcomeName, "an outcome name"
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
