//! A recurring commitment to offer homes ("one apartment a month until December", as a
//! housing company promises a municipality): its offers are generated at once, each a
//! dwelling available on its day, all stored or none.

use crate::audit::{self, Action};
use crate::dwellings::{check_available, check_offer, offered_by, with_terms};
use crate::{AppError, AppResult, Principal};
use chrono::{Months, NaiveDate};
use landa_model::{Contract, Dwelling, DwellingId, MunicipalityCode};
use landa_store::{DwellingRecord, Store};

/// At most this many offers from one commitment: five years of one a month.
pub const MOST_OFFERS: usize = 60;

/// What a municipality (or national for it) commits to offer.
#[derive(Debug, Clone)]
pub struct Commitment {
    /// The offers are `{prefix}-1`, `{prefix}-2`, …
    pub prefix: String,
    pub municipality: MunicipalityCode,
    pub beds: u32,
    pub accessible: bool,
    pub contract: Contract,
    pub rent: Option<u32>,
    /// The first offer's day; then every `every_months` months up to `until`.
    pub first: NaiveDate,
    pub every_months: u32,
    pub until: NaiveDate,
}

impl Commitment {
    /// The offers' days, each refused at its field when the commitment cannot be kept.
    fn days(&self) -> AppResult<Vec<NaiveDate>> {
        if !(1..=12).contains(&self.every_months) {
            return Err(AppError::invalid(
                "every_months",
                format!(
                    "every_months must be from 1 to 12, got {}",
                    self.every_months
                ),
            ));
        }
        if self.until < self.first {
            return Err(AppError::invalid(
                "until",
                format!(
                    "until ({}) is before the first offer ({})",
                    self.until, self.first
                ),
            ));
        }
        let mut days = Vec::new();
        let mut month = 0;
        while let Some(day) = self.first.checked_add_months(Months::new(month)) {
            if day > self.until {
                break;
            }
            if days.len() == MOST_OFFERS {
                return Err(AppError::invalid(
                    "until",
                    format!("at most {MOST_OFFERS} offers at once; make until earlier"),
                ));
            }
            days.push(day);
            month += self.every_months;
        }
        Ok(days)
    }

    /// The offers, each checked as a dwelling offered alone would be.
    fn offers(&self) -> AppResult<Vec<Dwelling>> {
        self.days()?
            .into_iter()
            .enumerate()
            .map(|(n, day)| {
                let id: DwellingId = format!("{}-{}", self.prefix.trim(), n + 1)
                    .parse()
                    .map_err(|e| AppError::invalid("prefix", format!("{e}")))?;
                let dwelling = Dwelling::new(
                    id,
                    self.municipality.clone(),
                    self.beds,
                    day,
                    self.accessible,
                    self.contract,
                )
                .map_err(|e| AppError::invalid("beds", e.to_string()))?;
                with_terms(dwelling, self.rent, None, None)
            })
            .collect()
    }
}

/// Stores the commitment's offers, all or none, with one audit entry.
pub async fn commit_to_offer(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    commitment: &Commitment,
) -> AppResult<Vec<DwellingRecord>> {
    let year = check_offer(
        store,
        principal,
        scenario,
        &commitment.municipality,
        commitment.beds,
    )
    .await?;
    check_available(year, commitment.first, "first")?;
    let mut offers = commitment.offers()?;
    for offer in &mut offers {
        offer.offered_by = offered_by(principal);
    }
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{scenario}/dwelling-commitments"),
        format!(
            "committed {} offers of {} beds in {}, every {} months from {} to {}",
            offers.len(),
            commitment.beds,
            commitment.municipality,
            commitment.every_months,
            commitment.first,
            commitment.until
        ),
    );
    Ok(store.add_dwellings(scenario, &offers, &entry).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commitment(first: &str, every_months: u32, until: &str) -> Commitment {
        Commitment {
            prefix: "heimstaden-2026".into(),
            municipality: "2080".parse().unwrap(),
            beds: 3,
            accessible: false,
            contract: Contract::FirstHand,
            rent: Some(6_500),
            first: first.parse().unwrap(),
            every_months,
            until: until.parse().unwrap(),
        }
    }

    #[test]
    fn one_apartment_a_month_until_december_is_eleven_offers_from_february() {
        let offers = commitment("2026-02-01", 1, "2026-12-31").offers().unwrap();
        assert_eq!(offers.len(), 11);
        assert_eq!(offers[0].id.as_str(), "heimstaden-2026-1");
        assert_eq!(offers[10].available_from.to_string(), "2026-12-01");
        assert!(offers
            .iter()
            .all(|d| d.rent == Some(6_500) && d.beds() == 3));
        // The last day of a month stays the last where a month is shorter.
        let ends = commitment("2026-01-31", 1, "2026-03-31").offers().unwrap();
        let days: Vec<String> = ends.iter().map(|d| d.available_from.to_string()).collect();
        assert_eq!(days, ["2026-01-31", "2026-02-28", "2026-03-31"]);
    }

    #[test]
    fn a_commitment_that_cannot_be_kept_is_refused_at_its_field() {
        let field = |c: Commitment| match c.offers() {
            Err(AppError::Invalid { field, .. }) => field.to_string(),
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(
            field(commitment("2026-02-01", 0, "2026-12-31")),
            "every_months"
        );
        assert_eq!(field(commitment("2026-02-01", 1, "2026-01-31")), "until");
        assert_eq!(field(commitment("2026-01-01", 1, "2031-12-31")), "until");
        let mut no_beds = commitment("2026-02-01", 1, "2026-03-01");
        no_beds.beds = 0;
        assert_eq!(field(no_beds), "beds");
        let mut rent = commitment("2026-02-01", 1, "2026-03-01");
        rent.rent = Some(1_000_000);
        assert_eq!(field(rent), "rent");
    }
}
