//! Synthetic facts for the real municipalities: population, employment rate, reception
//! already carried and housing market, and in Norway the introduction programme's results
//! and upper-secondary places. None of these numbers is a statistic.

use crate::draw::{log_normal, normal, round_to};
use crate::reference::ListedMunicipality;
use landa_model::{HousingMarket, Municipality};
use rand::Rng;

/// Rough population anchors for the largest cities, so the biggest municipalities are the
/// ones a reader expects; each still gets a little noise.
const CITY_ANCHORS: &[(&str, f64)] = &[
    ("0180", 980_000.0), // Stockholm
    ("1480", 590_000.0), // Göteborg
    ("1280", 360_000.0), // Malmö
    ("0380", 240_000.0), // Uppsala
    ("0580", 165_000.0), // Linköping
    ("1880", 158_000.0), // Örebro
    ("1980", 157_000.0), // Västerås
    ("1283", 150_000.0), // Helsingborg
    ("0581", 144_000.0), // Norrköping
    ("0680", 143_000.0), // Jönköping
    ("2480", 131_000.0), // Umeå
    ("1281", 128_000.0), // Lund
];

/// Counties around the metropolitan areas, where housing is tighter: Stockholm, Uppsala,
/// Skåne, Halland and Västra Götaland in Sweden (two-digit codes 01-14); Oslo, Akershus,
/// Rogaland, Vestland and Trøndelag in Norway.
const METROPOLITAN_COUNTIES: &[&str] = &["01", "03", "12", "13", "14", "32", "11", "46", "50"];

const MIN_POPULATION: f64 = 2_400.0;
const MAX_POPULATION: f64 = 1_100_000.0;

/// A municipality's synthetic facts, kept unboxed (no `Option`) for the later steps.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    pub population: f64,
    pub employment_rate: f64,
    pub reception_per_1000: f64,
    pub housing_market: HousingMarket,
    /// Standardised log population: 0 is a typical municipality, +3 Stockholm.
    pub size_z: f64,
}

impl Profile {
    /// Weight of the Swedish distribution key: population, labour market and reception.
    pub fn settlement_weight(&self) -> f64 {
        let labour = (self.employment_rate / 0.78).powi(2);
        self.population * labour / (1.0 + self.reception_per_1000 / 10.0)
    }
}

pub(crate) fn synthesize<R: Rng>(
    rng: &mut R,
    listed: &[ListedMunicipality],
) -> (Vec<Municipality>, Vec<Profile>) {
    // A real population is kept; the draw is made anyway so that the stream stays aligned.
    let populations: Vec<f64> = listed
        .iter()
        .map(|m| {
            let drawn = draw_population(rng, m).round();
            m.population.map_or(drawn, f64::from)
        })
        .collect();
    let logs: Vec<f64> = populations.iter().map(|p| p.ln()).collect();
    let (mean, sd) = mean_and_sd(&logs);

    let profiles: Vec<Profile> = listed
        .iter()
        .zip(&populations)
        .zip(&logs)
        .map(|((m, &population), &log)| {
            let size_z = if sd > 0.0 { (log - mean) / sd } else { 0.0 };
            let employment_rate =
                round_to(normal(rng, 0.775 + 0.02 * size_z, 0.02), 3).clamp(0.70, 0.86);
            // Smaller municipalities have carried more reception per inhabitant.
            let reception = log_normal(rng, 7.0 * (-0.25 * size_z).exp(), 0.6);
            let reception_per_1000 = round_to(reception, 1).clamp(0.0, 30.0);
            let metropolitan = METROPOLITAN_COUNTIES.contains(&m.region.as_str());
            let growth =
                0.6 * size_z + if metropolitan { 0.5 } else { 0.0 } + normal(rng, 0.0, 0.8);
            let housing_market = if growth > 0.0 {
                HousingMarket::Shortage
            } else if growth < -1.2 {
                HousingMarket::Surplus
            } else {
                HousingMarket::Balance
            };
            Profile {
                population,
                employment_rate,
                reception_per_1000,
                housing_market,
                size_z,
            }
        })
        .collect();

    let municipalities = listed
        .iter()
        .zip(&profiles)
        .map(|(m, p)| {
            Municipality::new(m.code.clone(), m.name.clone(), m.region.clone())
                .with_population(Some(p.population as u32))
                .with_housing_market(Some(p.housing_market))
                .with_language_form(m.language_form)
                .with_employment_rate(Some(p.employment_rate))
                .and_then(|m| m.with_reception_per_1000(Some(p.reception_per_1000)))
                .expect("the profile clamps every fact into its range")
        })
        .collect();
    (municipalities, profiles)
}

/// IMDi's criteria beyond population and employment, drawn on their own stream so that
/// the other draws keep their numbers. Introduction results follow the local labour
/// market around the national level of about 0.6 (in work or education a year after the
/// programme); upper-secondary places are a few per 1000 inhabitants, and half of the
/// smallest municipalities have none of their own.
pub(crate) fn request_criteria<R: Rng>(
    rng: &mut R,
    municipalities: &mut [Municipality],
    profiles: &[Profile],
) {
    for (municipality, profile) in municipalities.iter_mut().zip(profiles) {
        let results = normal(rng, 0.6 + 1.5 * (profile.employment_rate - 0.775), 0.07);
        municipality
            .set_introduction_result_rate(Some(round_to(results, 3).clamp(0.25, 0.9)))
            .expect("clamped into a share");
        let places = profile.population / 1000.0 * log_normal(rng, 1.2, 0.5);
        let without_school = profile.population < 5_000.0 && rng.gen_bool(0.5);
        municipality.upper_secondary_places = Some(if without_school {
            0
        } else {
            places.round() as u32
        });
    }
}

/// Log-normal around a median that depends on what kind of place the SCB code suggests:
/// codes ending 80 are county seats, 81-99 the old towns (städer), the rest rural or
/// suburban; Stockholm county's suburbs are large.
fn draw_population<R: Rng>(rng: &mut R, m: &ListedMunicipality) -> f64 {
    let code = m.code.as_str();
    let suffix: u32 = code[2..].parse().unwrap_or(0);
    let (median, sigma) = if let Some((_, anchor)) = CITY_ANCHORS.iter().find(|(c, _)| *c == code) {
        (*anchor, 0.08)
    } else if suffix == 80 {
        (70_000.0, 0.35)
    } else if suffix > 80 {
        (30_000.0, 0.5)
    } else if m.region.as_str() == "01" {
        (45_000.0, 0.5)
    } else {
        (11_000.0, 0.55)
    };
    log_normal(rng, median, sigma).clamp(MIN_POPULATION, MAX_POPULATION)
}

fn mean_and_sd(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, variance.sqrt())
}
