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
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    pub code: MunicipalityCode,
    pub name: String,
    pub region: RegionCode,
    /// Inhabitants.
    pub population: Option<u32>,
    /// Share employed among inhabitants of working age, in 0..=1.
    pub employment_rate: Option<f64>,
    /// Newcomers and asylum seekers already received per 1000 inhabitants (>= 0).
    pub reception_per_1000: Option<f64>,
    pub housing_market: Option<HousingMarket>,
}

impl Municipality {
    /// Checks the ranges that the field types alone do not.
    pub fn check(&self) -> Result<(), ValueError> {
        if let Some(rate) = self.employment_rate {
            if !(0.0..=1.0).contains(&rate) {
                return Err(ValueError(format!(
                    "employment_rate must be a share between 0 and 1, got {rate}"
                )));
            }
        }
        if let Some(r) = self.reception_per_1000 {
            if !(r.is_finite() && r >= 0.0) {
                return Err(ValueError(format!(
                    "reception_per_1000 must be zero or more, got {r}"
                )));
            }
        }
        Ok(())
    }
}
