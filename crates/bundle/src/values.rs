//! Parsers for single cells. Each says what it expected, in the model's wording
//! ("expected ..., got '...'"), so the reader can put the message next to a file, row
//! and column as it is.

use landa_model::{NaiveDate, ValueError};
use std::collections::BTreeSet;
use std::str::FromStr;

/// Dates are written and read in this one form.
pub(crate) const DATE_FORMAT: &str = "%Y-%m-%d";

/// Separates the items of a list cell (needs, languages).
pub(crate) const LIST_SEPARATOR: char = ';';

/// Anything with a model `FromStr`: codes, identifiers, enumerations.
pub(crate) fn model<T: FromStr<Err = ValueError>>(s: &str) -> Result<T, ValueError> {
    s.parse()
}

/// A whole number of persons, households, beds ...
pub(crate) fn count(s: &str) -> Result<u32, ValueError> {
    s.parse()
        .map_err(|_| ValueError::expected("a whole number 0 or more", s))
}

/// A whole number 1 or more: a request round, beds in a dwelling.
pub(crate) fn positive(s: &str) -> Result<u32, ValueError> {
    match count(s) {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(ValueError::expected("a whole number 1 or more", s)),
    }
}

/// The scenario year.
pub(crate) fn year(s: &str) -> Result<i32, ValueError> {
    s.parse()
        .map_err(|_| ValueError::expected("a year such as 2016", s))
}

/// Birth years a living person can have; anything else is a typing error.
const BIRTH_YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

pub(crate) fn birth_year(s: &str) -> Result<u16, ValueError> {
    match s.parse() {
        Ok(y) if BIRTH_YEARS.contains(&y) => Ok(y),
        _ => Err(ValueError::expected(
            "a birth year between 1900 and 2100",
            s,
        )),
    }
}

/// A decimal number; whether it must be finite or in a range is the model's to say.
pub(crate) fn number(s: &str) -> Result<f64, ValueError> {
    s.parse()
        .map_err(|_| ValueError::expected("a number such as 0.25 (with a decimal point)", s))
}

/// A decimal number with a decimal point or a decimal comma (`0.25`, `0,25`), as a
/// semicolon-separated file may hold them; a number with both is refused rather than guessed.
pub(crate) fn number_or_decimal_comma(s: &str) -> Result<f64, ValueError> {
    let parsed = match s.matches(',').count() {
        0 => s.parse(),
        1 if !s.contains('.') => s.replace(',', ".").parse(),
        _ => "".parse(),
    };
    parsed.map_err(|_| ValueError::expected("a number such as 0.25 or 0,25", s))
}

pub(crate) fn boolean(s: &str) -> Result<bool, ValueError> {
    if s.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if s.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(ValueError::expected("true or false", s))
    }
}

pub(crate) fn date(s: &str) -> Result<NaiveDate, ValueError> {
    NaiveDate::parse_from_str(s, DATE_FORMAT)
        .map_err(|_| ValueError::expected("a date YYYY-MM-DD", s))
}

/// Free text that must say something: a name, a sender.
pub(crate) fn text(s: &str) -> Result<String, ValueError> {
    if s.is_empty() {
        Err(ValueError::expected("a text", s))
    } else {
        Ok(s.to_owned())
    }
}

/// A `;`-separated list; blank items are skipped and repeats collapse, so `ar; so;` is
/// the same as `ar;so`.
pub(crate) fn list<T: FromStr<Err = ValueError> + Ord>(s: &str) -> Result<BTreeSet<T>, ValueError> {
    s.split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::parse)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use landa_model::LanguageCode;

    #[test]
    fn numbers_say_what_they_expected() {
        assert_eq!(count("12"), Ok(12));
        assert_eq!(
            count("-3").unwrap_err().to_string(),
            "expected a whole number 0 or more, got '-3'"
        );
        assert!(count("2.5").is_err());
        assert!(positive("0").is_err());
        assert_eq!(positive("1"), Ok(1));
        assert!(birth_year("1850").is_err());
        assert_eq!(number("0.25"), Ok(0.25));
        assert!(number("0,25").is_err());
        assert_eq!(number_or_decimal_comma("0,25"), Ok(0.25));
        assert_eq!(number_or_decimal_comma("-1,25e-1"), Ok(-0.125));
        assert_eq!(number_or_decimal_comma("0.25"), Ok(0.25));
        assert_eq!(
            number_or_decimal_comma("1.000,5").unwrap_err().to_string(),
            "expected a number such as 0.25 or 0,25, got '1.000,5'"
        );
        assert!(number_or_decimal_comma("1,0,5").is_err());
        assert!(number_or_decimal_comma("abc")
            .unwrap_err()
            .to_string()
            .contains("0,25"));
    }

    #[test]
    fn dates_and_booleans_have_one_spelling() {
        assert_eq!(
            date("2016-02-29"),
            Ok(NaiveDate::from_ymd_opt(2016, 2, 29).unwrap())
        );
        assert!(date("2015-02-29").is_err());
        assert!(date("29.02.2016").is_err());
        assert_eq!(boolean("TRUE"), Ok(true));
        assert!(boolean("yes").is_err());
    }

    #[test]
    fn lists_skip_blanks_and_report_the_bad_item() {
        let languages: BTreeSet<LanguageCode> = list(" ar; so;;ar ").unwrap();
        assert_eq!(
            languages.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            ["ar", "so"]
        );
        let err = list::<LanguageCode>("ar;arabic").unwrap_err();
        assert!(err.to_string().ends_with("got 'arabic'"), "{err}");
    }
}
