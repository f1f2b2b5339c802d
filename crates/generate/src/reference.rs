//! The real Swedish county and municipality lists (SCB codes) and the Norwegian ones of
//! 2025 (SSB codes, with population and administrative language form), embedded at
//! compile time so that generation does no IO. Only the facts in these files are real;
//! everything drawn from them is synthetic.

use crate::GenerateError;
use landa_model::{Country, LanguageForm, MunicipalityCode, Region, RegionCode};

const SE_COUNTIES: &str = include_str!("../../../data/se/counties.csv");
const SE_MUNICIPALITIES: &str = include_str!("../../../data/se/municipalities.csv");
const NO_COUNTIES: &str = include_str!("../../../data/no/counties_2025.csv");
const NO_MUNICIPALITIES: &str = include_str!("../../../data/no/municipalities_2025.csv");
const DALARNA_EMPLOYMENT: &str =
    include_str!("../../../data/se/dalarna_refugee_employment_rate.csv");

/// A municipality as the reference list names it, before synthetic facts are drawn.
#[derive(Debug, Clone)]
pub(crate) struct ListedMunicipality {
    pub code: MunicipalityCode,
    pub name: String,
    pub region: RegionCode,
    /// Real inhabitants where the list gives them (Norway's), else drawn.
    pub population: Option<u32>,
    pub language_form: Option<LanguageForm>,
}

/// A country's real counties, in the list's order.
pub(crate) fn regions(country: Country) -> Result<Vec<Region>, GenerateError> {
    let (file, text) = match country {
        Country::Sweden => ("se/counties.csv", SE_COUNTIES),
        Country::Norway => ("no/counties_2025.csv", NO_COUNTIES),
    };
    data_rows(file, text, 2)
        .map(|row| {
            let (line, fields) = row?;
            Ok(Region {
                code: parse_field(file, line, fields[0])?,
                name: fields[1].to_owned(),
            })
        })
        .collect()
}

/// A country's real municipalities: Sweden's 290 (code, name, county) and Norway's 357 of
/// 2025 (code, name, county, population, area, language form).
pub(crate) fn municipalities(country: Country) -> Result<Vec<ListedMunicipality>, GenerateError> {
    let (file, text, width) = match country {
        Country::Sweden => ("se/municipalities.csv", SE_MUNICIPALITIES, 3),
        Country::Norway => ("no/municipalities_2025.csv", NO_MUNICIPALITIES, 6),
    };
    data_rows(file, text, width)
        .map(|row| {
            let (line, fields) = row?;
            let number = |raw: &str| {
                raw.parse().map_err(|_| GenerateError::ReferenceData {
                    file,
                    line,
                    message: format!("expected a population, got '{raw}'"),
                })
            };
            Ok(ListedMunicipality {
                code: parse_field(file, line, fields[0])?,
                name: fields[1].to_owned(),
                region: parse_field(file, line, fields[2])?,
                population: fields.get(3).map(|raw| number(raw)).transpose()?,
                language_form: fields
                    .get(5)
                    .map(|raw| parse_field(file, line, raw))
                    .transpose()?,
            })
        })
        .collect()
}

/// The employment rate of refugees in Dalarna `years_in_sweden` (a row such as `0-2`) after
/// arrival, in `year` (a column, 2011-2018), from `data/se/dalarna_refugee_employment_rate.csv`.
pub(crate) fn dalarna_employment_rate(
    years_in_sweden: &str,
    year: i32,
) -> Result<f64, GenerateError> {
    const FILE: &str = "se/dalarna_refugee_employment_rate.csv";
    let header: Vec<&str> = DALARNA_EMPLOYMENT
        .lines()
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .collect();
    let missing = |message: String| GenerateError::ReferenceData {
        file: FILE,
        line: 1,
        message,
    };
    let column = header
        .iter()
        .position(|c| *c == year.to_string())
        .ok_or_else(|| missing(format!("no column for {year}")))?;
    for row in data_rows(FILE, DALARNA_EMPLOYMENT, header.len()) {
        let (line, fields) = row?;
        if fields[0] == years_in_sweden {
            return fields[column]
                .parse()
                .map_err(|_| GenerateError::ReferenceData {
                    file: FILE,
                    line,
                    message: format!("expected a share, got '{}'", fields[column]),
                });
        }
    }
    Err(missing(format!(
        "no row for {years_in_sweden} years in Sweden"
    )))
}

/// Rows after the header, split on commas. The embedded files hold no quoted fields, so a
/// CSV parser would add a dependency without adding safety; a row of the wrong width is an
/// error rather than a panic.
fn data_rows<'a>(
    file: &'static str,
    text: &'a str,
    width: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), GenerateError>> + 'a {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(move |(index, line)| {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            if fields.len() == width {
                Ok((index + 1, fields))
            } else {
                Err(GenerateError::ReferenceData {
                    file,
                    line: index + 1,
                    message: format!("expected {width} fields, got {}", fields.len()),
                })
            }
        })
}

fn parse_field<T>(file: &'static str, line: usize, raw: &str) -> Result<T, GenerateError>
where
    T: std::str::FromStr<Err = landa_model::ValueError>,
{
    raw.parse().map_err(
        |err: landa_model::ValueError| GenerateError::ReferenceData {
            file,
            line,
            message: err.to_string(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_are_complete_and_consistent() {
        for (country, counties, listed) in [(Country::Sweden, 21, 290), (Country::Norway, 15, 357)]
        {
            let regions = regions(country).expect("embedded counties parse");
            let municipalities = municipalities(country).expect("embedded municipalities parse");
            assert_eq!(regions.len(), counties);
            assert_eq!(municipalities.len(), listed);
            assert!(municipalities
                .iter()
                .all(|m| regions.iter().any(|r| r.code == m.region)));
        }
        let norwegian = municipalities(Country::Norway).unwrap();
        let oslo = norwegian
            .iter()
            .find(|m| m.code.as_str() == "0301")
            .unwrap();
        assert_eq!(oslo.population, Some(717_710));
        assert!(norwegian
            .iter()
            .all(|m| m.population.is_some() && m.language_form.is_some()));
        let municipalities = municipalities(Country::Sweden).unwrap();
        assert!(municipalities
            .iter()
            .any(|m| m.code.as_str() == "0180" && m.name == "Stockholm"));
        assert_eq!(dalarna_employment_rate("0-2", 2018), Ok(0.24));
        assert_eq!(dalarna_employment_rate("3-6", 2011), Ok(0.31));
        assert!(dalarna_employment_rate("0-2", 2030).is_err());
    }
}
