//! Households with their persons, read by query: one page, one household, or one
//! municipality's, each reading only the rows it answers with (so a page costs the same
//! in a scenario of 2 000 households as in one of 48 000), and counts per municipality
//! aggregated by the database.

use crate::codec::RowReader;
use crate::lifecycle::{state_of_row, STATE_COLUMNS};
use crate::read::{household_of_row, person_of_row};
use crate::{commit, scenario_id, Store, StoreError};
use landa_model::{
    Country, Household, HouseholdId, HouseholdState, IntakeCategory, LanguageCode,
    MunicipalityCode, Person, PersonId, ServiceName, StateName,
};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};

/// A household with its members and where it stands.
#[derive(Debug, Clone)]
pub struct HouseholdRecord {
    pub household: Household,
    pub persons: Vec<Person>,
    pub state: HouseholdState,
    /// Its version: every step and correction adds one.
    pub version: i64,
}

impl HouseholdRecord {
    /// The municipality a run proposed it to, while the proposal is not yet approved.
    pub fn proposed_to(&self) -> Option<&MunicipalityCode> {
        match &self.state {
            HouseholdState::Proposed(d) | HouseholdState::Accepted(d) => Some(&d.municipality),
            _ => None,
        }
    }

    /// The municipality it is placed in (`StateName::counts_against`); its number counts
    /// it unless it came outside the number (`Intake::counts_against_number`).
    pub fn placed_in(&self) -> Option<&MunicipalityCode> {
        self.state
            .municipality()
            .filter(|_| self.state.name().counts_against())
    }
}

/// One page of households, in import order, and how many the whole list holds.
#[derive(Debug, Clone)]
pub struct HouseholdPage {
    pub records: Vec<HouseholdRecord>,
    pub total: u64,
}

/// Households and persons proposed to and placed in one municipality, and of the persons
/// placed, the unaccompanied minors. "Placed" is `StateName::counts_against`: approved,
/// moved in, moved on, or self-settled, of an intake that counts against the number in
/// the year's country (`Intake::counts_against_number`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HouseholdCounts {
    pub proposed_households: u32,
    pub proposed_persons: u32,
    pub placed_households: u32,
    pub placed_persons: u32,
    pub placed_minors: u32,
    /// Of those placed, the households that have moved in (and not yet on).
    pub moved_in_households: u32,
    pub moved_in_persons: u32,
}

/// Which households a query answers with; all in import order.
enum Selection<'a> {
    /// Those proposed to or placed in the municipality (all, with `None`), one page.
    Page {
        municipality: Option<&'a MunicipalityCode>,
        limit: u32,
        offset: u64,
    },
    /// Every household proposed to or placed in the municipality.
    Municipality(&'a MunicipalityCode),
    /// The one household, if the municipality (any, with `None`) may see it.
    One {
        municipality: Option<&'a MunicipalityCode>,
        id: &'a str,
    },
}

/// `$1` scenario; `$2` on is the selection's own. `{page}` is the selection's condition
/// and window: the page is chosen on the households alone (an index scan, even past an
/// offset), and only its rows are read.
const HOUSEHOLD_PAGE: &str = "SELECT h.id, h.adults, h.children, \
     CAST(h.unaccompanied_minor AS INTEGER) AS unaccompanied_minor, h.waiting_since, h.tie, \
     h.intake_category, h.settled_in, h.permit_date, {state} \
     FROM (SELECT h.position FROM households h WHERE h.scenario_id = $1{page}) chosen \
     JOIN households h ON h.scenario_id = $1 AND h.position = chosen.position \
     ORDER BY h.position";
/// Households of the municipality `$2`: proposed to it, placed in it, or moved on from it
/// (index `households_state_municipality`).
const OF_MUNICIPALITY: &str = " AND h.state_municipality = $2";

impl<'a> Selection<'a> {
    fn municipality(&self) -> Option<&'a MunicipalityCode> {
        match self {
            Selection::Page { municipality, .. } | Selection::One { municipality, .. } => {
                *municipality
            }
            Selection::Municipality(code) => Some(code),
        }
    }

    /// The WHERE conditions after the scenario's, with their parameters from `$2`.
    fn condition(&self) -> String {
        let mut condition = String::new();
        if self.municipality().is_some() {
            condition.push_str(OF_MUNICIPALITY);
        }
        if let Selection::One { municipality, .. } = self {
            let next = if municipality.is_some() { 3 } else { 2 };
            condition.push_str(&format!(" AND h.id = ${next}"));
        }
        condition
    }

    /// The values of the condition's parameters, in order from `$2`.
    fn parameters(&self) -> Vec<&'a str> {
        let mut parameters: Vec<&'a str> = self
            .municipality()
            .map(MunicipalityCode::as_str)
            .into_iter()
            .collect();
        if let Selection::One { id, .. } = self {
            parameters.push(id);
        }
        parameters
    }
}

impl Store {
    /// One page of households with their persons, in import order: all of them, or with
    /// `visible_to`, those proposed to or placed in that municipality.
    pub async fn household_page(
        &self,
        scenario: &str,
        visible_to: Option<&MunicipalityCode>,
        limit: u32,
        offset: u64,
    ) -> Result<HouseholdPage, StoreError> {
        let selection = Selection::Page {
            municipality: visible_to,
            limit,
            offset,
        };
        self.select_households(scenario, &selection).await
    }

    /// Every household proposed to or placed in `municipality`, with its persons.
    pub async fn households_of(
        &self,
        scenario: &str,
        municipality: &MunicipalityCode,
    ) -> Result<Vec<HouseholdRecord>, StoreError> {
        let selection = Selection::Municipality(municipality);
        Ok(self.select_households(scenario, &selection).await?.records)
    }

    /// The household `id` with its persons, if it exists and, with `visible_to`, was
    /// proposed to or placed in that municipality.
    pub async fn household_record(
        &self,
        scenario: &str,
        visible_to: Option<&MunicipalityCode>,
        id: &str,
    ) -> Result<Option<HouseholdRecord>, StoreError> {
        let selection = Selection::One {
            municipality: visible_to,
            id,
        };
        Ok(self
            .select_households(scenario, &selection)
            .await?
            .records
            .pop())
    }

    /// Households and persons proposed to and placed in each municipality; those with
    /// neither are left out.
    pub async fn household_counts(
        &self,
        scenario: &str,
    ) -> Result<BTreeMap<MunicipalityCode, HouseholdCounts>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let counts = state_totals(&mut transaction, id, None).await?;
        commit(transaction).await?;
        Ok(counts)
    }

    async fn select_households(
        &self,
        scenario: &str,
        selection: &Selection<'_>,
    ) -> Result<HouseholdPage, StoreError> {
        // One transaction, so that the page, its total and its persons agree.
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let condition = selection.condition();
        let window = match selection {
            Selection::Page { limit, offset, .. } => format!(" LIMIT {limit} OFFSET {offset}"),
            _ => String::new(),
        };
        // A municipality's few households are looked up by id and then sorted: the unary
        // plus keeps SQLite from walking every household in position order instead.
        let order = match selection.municipality() {
            Some(_) => "+h.position",
            None => "h.position",
        };
        let sql = HOUSEHOLD_PAGE
            .replace("{page}", &format!("{condition} ORDER BY {order}{window}"))
            .replace("{state}", STATE_COLUMNS);
        let rows = selection
            .parameters()
            .into_iter()
            .fold(sqlx::query(&sql).bind(id), |query, value| query.bind(value))
            .fetch_all(&mut *transaction)
            .await
            .map_err(StoreError::database("reading households"))?;
        let mut records = rows
            .iter()
            .map(|row| {
                let r = RowReader::new(row, "households");
                Ok(HouseholdRecord {
                    household: household_of_row(&r)?,
                    persons: Vec::new(),
                    state: state_of_row(&r)?,
                    version: r.int("version")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let total = match selection {
            Selection::Page { .. } => {
                let sql = match selection.municipality() {
                    Some(_) => format!(
                        "SELECT COUNT(*) FROM households h WHERE h.scenario_id = $1{condition}"
                    ),
                    None => "SELECT COUNT(*) FROM households WHERE scenario_id = $1".to_owned(),
                };
                let query = sqlx::query_scalar::<_, i64>(&sql).bind(id);
                let query = match selection.municipality() {
                    Some(code) => query.bind(code.as_str()),
                    None => query,
                };
                let count = query
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(StoreError::database("counting households"))?;
                u64::try_from(count).unwrap_or(0)
            }
            _ => records.len() as u64,
        };
        add_details(&mut transaction, id, &mut records).await?;
        commit(transaction).await?;
        Ok(HouseholdPage { records, total })
    }
}

/// Ids per statement when reading the details of a list of households: well under both
/// engines' parameter limits.
const IDS_PER_STATEMENT: usize = 500;

/// Adds their needs, languages and persons (with theirs) to `records`.
async fn add_details(
    connection: &mut AnyConnection,
    scenario_id: i64,
    records: &mut [HouseholdRecord],
) -> Result<(), StoreError> {
    let index: HashMap<HouseholdId, usize> = records
        .iter()
        .enumerate()
        .map(|(i, record)| (record.household.id.clone(), i))
        .collect();
    let ids: Vec<String> = records
        .iter()
        .map(|record| record.household.id.to_string())
        .collect();
    // Person id → (record, member) of the persons read so far.
    let mut members: HashMap<PersonId, (usize, usize)> = HashMap::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let list = (0..chunk.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let needs = "SELECT household, service FROM household_needs \
             WHERE scenario_id = $1 AND household IN ({ids})";
        for row in &fetch_for(connection, scenario_id, chunk, needs, &list).await? {
            let r = RowReader::new(row, "household_needs");
            let service: ServiceName = r.parsed("service")?;
            records[position(&index, &r.parsed("household")?)?]
                .household
                .needs
                .insert(service);
        }
        let languages = "SELECT household, language FROM household_languages \
             WHERE scenario_id = $1 AND household IN ({ids})";
        for row in &fetch_for(connection, scenario_id, chunk, languages, &list).await? {
            let r = RowReader::new(row, "household_languages");
            let language: LanguageCode = r.parsed("language")?;
            records[position(&index, &r.parsed("household")?)?]
                .household
                .languages
                .insert(language);
        }
        // Sorted here rather than by ORDER BY, which would lead SQLite (without
        // statistics) to scan the scenario's persons in position order instead of
        // looking the households' up by index.
        let persons = "SELECT position, id, household, birth_year, sex, education FROM persons \
             WHERE scenario_id = $1 AND household IN ({ids})";
        let mut read = fetch_for(connection, scenario_id, chunk, persons, &list)
            .await?
            .iter()
            .map(|row| {
                let r = RowReader::new(row, "persons");
                Ok((r.int("position")?, person_of_row(&r)?))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        read.sort_unstable_by_key(|(position, _)| *position);
        for (_, person) in read {
            let record = position(&index, &person.household)?;
            members.insert(person.id.clone(), (record, records[record].persons.len()));
            records[record].persons.push(person);
        }
        let person_languages = "SELECT person, language FROM person_languages \
             WHERE scenario_id = $1 AND person IN (SELECT id FROM persons \
             WHERE scenario_id = $1 AND household IN ({ids}))";
        for row in &fetch_for(connection, scenario_id, chunk, person_languages, &list).await? {
            let r = RowReader::new(row, "person_languages");
            let person: PersonId = r.parsed("person")?;
            let language: LanguageCode = r.parsed("language")?;
            let &(record, member) = members.get(&person).ok_or_else(|| StoreError::Corrupt {
                what: "person_languages".into(),
                message: format!("{person} is not in this scenario"),
            })?;
            records[record].persons[member].languages.insert(language);
        }
    }
    Ok(())
}

/// The rows of `select` for the households `ids`, whose placeholders `list` stands for
/// `{ids}` in it.
async fn fetch_for(
    connection: &mut AnyConnection,
    scenario_id: i64,
    ids: &[String],
    select: &str,
    list: &str,
) -> Result<Vec<AnyRow>, StoreError> {
    let sql = select.replace("{ids}", list);
    ids.iter()
        .fold(sqlx::query(&sql).bind(scenario_id), |query, id| {
            query.bind(id.as_str())
        })
        .fetch_all(connection)
        .await
        .map_err(StoreError::database("reading households' details"))
}

fn position(index: &HashMap<HouseholdId, usize>, id: &HouseholdId) -> Result<usize, StoreError> {
    index.get(id).copied().ok_or_else(|| StoreError::Corrupt {
        what: "households".into(),
        message: format!("{id} is not in this scenario"),
    })
}

/// Households proposed to and placed in each municipality (in `only`, if given), counted
/// from the households' states: one definition of "placed" for every view.
pub(crate) async fn state_totals(
    connection: &mut AnyConnection,
    scenario_id: i64,
    only: Option<&MunicipalityCode>,
) -> Result<BTreeMap<MunicipalityCode, HouseholdCounts>, StoreError> {
    let states = StateName::ALL
        .into_iter()
        .filter(|s| s.counts_against())
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    // The intakes that come outside the number, per country
    // (`IntakeCategory::counts_against_number`: Norway's family reunification).
    let outside: Vec<String> = Country::ALL
        .into_iter()
        .flat_map(|country| {
            IntakeCategory::ALL
                .into_iter()
                .filter(move |c| !c.counts_against_number(country))
                .map(move |c| {
                    format!(
                        "(s.country = '{}' AND h.intake_category = '{c}')",
                        country.code()
                    )
                })
        })
        .collect();
    let placed = match outside.is_empty() {
        true => format!("h.state IN ({states})"),
        false => format!("h.state IN ({states}) AND NOT ({})", outside.join(" OR ")),
    };
    let rows = sqlx::query(&format!(
        "SELECT h.state_municipality AS municipality, \
         CAST(SUM(CASE WHEN h.state IN ('proposed', 'accepted') THEN 1 ELSE 0 END) AS BIGINT) \
         AS proposed_households, \
         CAST(SUM(CASE WHEN h.state IN ('proposed', 'accepted') THEN h.adults + h.children \
         ELSE 0 END) AS BIGINT) AS proposed_persons, \
         CAST(SUM(CASE WHEN {placed} THEN 1 ELSE 0 END) AS BIGINT) \
         AS placed_households, \
         CAST(SUM(CASE WHEN {placed} THEN h.adults + h.children ELSE 0 END) \
         AS BIGINT) AS placed_persons, \
         CAST(SUM(CASE WHEN {placed} AND h.unaccompanied_minor \
         THEN h.adults + h.children ELSE 0 END) AS BIGINT) AS placed_minors, \
         CAST(SUM(CASE WHEN h.state = 'moved_in' THEN 1 ELSE 0 END) AS BIGINT) \
         AS moved_in_households, \
         CAST(SUM(CASE WHEN h.state = 'moved_in' THEN h.adults + h.children ELSE 0 END) \
         AS BIGINT) AS moved_in_persons \
         FROM households h JOIN scenarios s ON s.id = h.scenario_id \
         WHERE h.scenario_id = $1 AND h.state_municipality IS NOT NULL \
         AND (CAST($2 AS TEXT) IS NULL OR h.state_municipality = $2) \
         GROUP BY h.state_municipality"
    ))
    .bind(scenario_id)
    .bind(only.map(MunicipalityCode::as_str))
    .fetch_all(connection)
    .await
    .map_err(StoreError::database("counting households by state"))?;
    rows.iter()
        .map(|row| {
            let r = RowReader::new(row, "households");
            Ok((
                r.parsed("municipality")?,
                HouseholdCounts {
                    proposed_households: r.count("proposed_households")?,
                    proposed_persons: r.count("proposed_persons")?,
                    placed_households: r.count("placed_households")?,
                    placed_persons: r.count("placed_persons")?,
                    placed_minors: r.count("placed_minors")?,
                    moved_in_households: r.count("moved_in_households")?,
                    moved_in_persons: r.count("moved_in_persons")?,
                },
            ))
        })
        .collect()
}

/// Households and persons of one intake category in one state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeTotal {
    pub category: IntakeCategory,
    pub state: StateName,
    pub households: u32,
    pub persons: u32,
}

impl Store {
    /// The year's households by intake category and state: what came in and where it
    /// stands. Counts only, no personal data.
    pub async fn intake_totals(&self, scenario: &str) -> Result<Vec<IntakeTotal>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query(
            "SELECT h.intake_category, h.state, CAST(COUNT(*) AS BIGINT) AS households, \
             CAST(SUM(h.adults + h.children) AS BIGINT) AS persons \
             FROM households h WHERE h.scenario_id = $1 \
             GROUP BY h.intake_category, h.state ORDER BY h.intake_category, h.state",
        )
        .bind(id)
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database(
            "counting households by intake category",
        ))?;
        commit(transaction).await?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "households");
                Ok(IntakeTotal {
                    category: r.parsed("intake_category")?,
                    state: r.parsed("state")?,
                    households: r.count("households")?,
                    persons: r.count("persons")?,
                })
            })
            .collect()
    }
}
