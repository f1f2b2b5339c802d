use crate::{MunicipalityCode, RegionCode, ValueError};
use std::fmt;
use std::str::FromStr;

/// A region: Swedish county (län, run by Länsstyrelsen) or Norwegian county (fylke,
/// where Statsforvalteren / Fylkesmannen coordinates settlement).
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
}

/// How hard it is to find a home in a municipality; the county may weigh it when
/// it distributes its number over municipalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HousingMarket {
    Shortage,
    Balance,
    Surplus,
}

impl HousingMarket {
    pub fn as_str(self) -> &'static str {
        match self {
            HousingMarket::Shortage => "shortage",
            HousingMarket::Balance => "balance",
            HousingMarket::Surplus => "surplus",
        }
    }
}

impl FromStr for HousingMarket {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "shortage" => Ok(HousingMarket::Shortage),
            "balance" => Ok(HousingMarket::Balance),
            "surplus" => Ok(HousingMarket::Surplus),
            _ => Err(ValueError::expected("shortage, balance or surplus", s)),
        }
    }
}

impl fmt::Display for HousingMarket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A municipality (kommun / kommune) and the facts the distribution of numbers weighs.
/// A fact that is not known is `None` rather than a made-up zero: public tables often
/// lack one, and the distribution model says which unit lacks what instead of guessing.
/// The facts with a range are private so that no value outside it can be built.
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    pub code: MunicipalityCode,
    pub name: String,
    pub region: RegionCode,
    /// Inhabitants.
    pub population: Option<u32>,
    employment_rate: Option<f64>,
    reception_per_1000: Option<f64>,
    pub housing_market: Option<HousingMarket>,
    introduction_result_rate: Option<f64>,
    /// Places in upper-secondary school (videregående opplæring) open to newly arrived
    /// young people: capacity IMDi weighs in its requests.
    pub upper_secondary_places: Option<u32>,
    /// Whether the municipality takes unaccompanied minors. Norway asks only those that
    /// said yes (enslige mindreårige, EM); `None` is "not stated", which Sweden's
    /// practice, where every municipality takes them, reads as yes.
    pub takes_unaccompanied_minors: Option<bool>,
    /// The municipality's administrative language form (Norwegian målform), which its
    /// letters and reports are written in.
    pub language_form: Option<LanguageForm>,
}

/// A Norwegian municipality's administrative language form (målform): bokmål, nynorsk,
/// or neutral (both accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LanguageForm {
    Bokmal,
    Nynorsk,
    Neutral,
}

impl LanguageForm {
    pub fn as_str(self) -> &'static str {
        match self {
            LanguageForm::Bokmal => "bokmal",
            LanguageForm::Nynorsk => "nynorsk",
            LanguageForm::Neutral => "neutral",
        }
    }
}

impl FromStr for LanguageForm {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "bokmal" | "bokmål" => Ok(LanguageForm::Bokmal),
            "nynorsk" => Ok(LanguageForm::Nynorsk),
            "neutral" => Ok(LanguageForm::Neutral),
            _ => Err(ValueError::expected("bokmal, nynorsk or neutral", s)),
        }
    }
}

impl fmt::Display for LanguageForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Municipality {
    /// A municipality with no facts known yet.
    pub fn new(code: MunicipalityCode, name: impl Into<String>, region: RegionCode) -> Self {
        Municipality {
            code,
            name: name.into(),
            region,
            population: None,
            employment_rate: None,
            reception_per_1000: None,
            housing_market: None,
            introduction_result_rate: None,
            upper_secondary_places: None,
            takes_unaccompanied_minors: None,
            language_form: None,
        }
    }

    pub fn with_unaccompanied_minors(self, takes: Option<bool>) -> Self {
        Municipality {
            takes_unaccompanied_minors: takes,
            ..self
        }
    }

    pub fn with_language_form(self, language_form: Option<LanguageForm>) -> Self {
        Municipality {
            language_form,
            ..self
        }
    }

    pub fn with_population(self, population: Option<u32>) -> Self {
        Municipality { population, ..self }
    }

    pub fn with_housing_market(self, housing_market: Option<HousingMarket>) -> Self {
        Municipality {
            housing_market,
            ..self
        }
    }

    pub fn with_upper_secondary_places(self, places: Option<u32>) -> Self {
        Municipality {
            upper_secondary_places: places,
            ..self
        }
    }

    /// Refuses a rate that is not a share between 0 and 1, leaving the old one.
    pub fn set_employment_rate(&mut self, employment_rate: Option<f64>) -> Result<(), ValueError> {
        self.employment_rate = share("employment_rate", employment_rate)?;
        Ok(())
    }

    /// Refuses a rate that is not a share between 0 and 1, leaving the old one.
    pub fn set_introduction_result_rate(&mut self, rate: Option<f64>) -> Result<(), ValueError> {
        self.introduction_result_rate = share("introduction_result_rate", rate)?;
        Ok(())
    }

    /// Refuses a number that is negative or not finite, leaving the old one.
    pub fn set_reception_per_1000(
        &mut self,
        reception_per_1000: Option<f64>,
    ) -> Result<(), ValueError> {
        if let Some(r) = reception_per_1000 {
            if !(r.is_finite() && r >= 0.0) {
                return Err(ValueError(format!(
                    "reception_per_1000 must be zero or more, got {r}"
                )));
            }
        }
        self.reception_per_1000 = reception_per_1000;
        Ok(())
    }

    pub fn with_employment_rate(mut self, rate: Option<f64>) -> Result<Self, ValueError> {
        self.set_employment_rate(rate)?;
        Ok(self)
    }

    pub fn with_reception_per_1000(mut self, reception: Option<f64>) -> Result<Self, ValueError> {
        self.set_reception_per_1000(reception)?;
        Ok(self)
    }

    pub fn with_introduction_result_rate(mut self, rate: Option<f64>) -> Result<Self, ValueError> {
        self.set_introduction_result_rate(rate)?;
        Ok(self)
    }

    /// Share employed among inhabitants of working age, in 0..=1.
    pub fn employment_rate(&self) -> Option<f64> {
        self.employment_rate
    }

    /// Newcomers and asylum seekers already received per 1000 inhabitants: finite, >= 0.
    pub fn reception_per_1000(&self) -> Option<f64> {
        self.reception_per_1000
    }

    /// Share of the introduction programme's participants in work or education a year
    /// after they finished it (IMDi: andel i arbeid eller utdanning ett år etter avsluttet
    /// introduksjonsprogram), in 0..=1.
    pub fn introduction_result_rate(&self) -> Option<f64> {
        self.introduction_result_rate
    }
}

/// `value` when it is a share between 0 and 1 (or absent); else an error naming `field`.
fn share(field: &str, value: Option<f64>) -> Result<Option<f64>, ValueError> {
    match value {
        Some(rate) if !(0.0..=1.0).contains(&rate) => Err(ValueError(format!(
            "{field} must be a share between 0 and 1, got {rate}"
        ))),
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uppsala() -> Municipality {
        Municipality::new("0380".parse().unwrap(), "Uppsala", "03".parse().unwrap())
    }

    #[test]
    fn employment_rate_is_a_share() {
        let kept = uppsala().with_employment_rate(Some(1.0)).unwrap();
        assert_eq!(kept.employment_rate(), Some(1.0));
        for refused in [-0.1, 1.5, f64::NAN] {
            let mut municipality = kept.clone();
            let error = municipality.set_employment_rate(Some(refused)).unwrap_err();
            assert!(error.0.contains("between 0 and 1"), "{error}");
            assert_eq!(municipality, kept);
        }
    }

    #[test]
    fn introduction_results_are_a_share() {
        let kept = uppsala().with_introduction_result_rate(Some(0.0)).unwrap();
        assert_eq!(kept.introduction_result_rate(), Some(0.0));
        for refused in [-0.1, 1.01, f64::NAN] {
            let mut municipality = kept.clone();
            let error = municipality
                .set_introduction_result_rate(Some(refused))
                .unwrap_err();
            assert!(error.0.contains("introduction_result_rate"), "{error}");
            assert_eq!(municipality, kept);
        }
    }

    #[test]
    fn reception_is_finite_and_not_negative() {
        let kept = uppsala().with_reception_per_1000(Some(0.0)).unwrap();
        assert_eq!(kept.reception_per_1000(), Some(0.0));
        for refused in [-1.0, f64::INFINITY, f64::NAN] {
            let mut municipality = kept.clone();
            let error = municipality
                .set_reception_per_1000(Some(refused))
                .unwrap_err();
            assert!(error.0.contains("zero or more"), "{error}");
            assert_eq!(municipality, kept);
        }
    }
}
