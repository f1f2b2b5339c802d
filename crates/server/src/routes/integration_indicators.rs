//! Indicators from the integration register, per municipality: of the persons settled
//! there with a status at a checkpoint, how many are in work or education (women and men
//! apart), and how many still live there. National and the municipality itself see exact
//! counts; a region sees them with small counts suppressed, as the public figures are.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{Path, Query};
use crate::routes::parse_field;
use crate::routes::public::{PublicCount, COMPLEMENT, SUPPRESSED_BELOW};
use crate::AppState;
use axum::extract::State;
use landa_app::register::{self, ActivityCounts, MunicipalityIndicators};
use landa_disclosure::{suppress, CellId, Hierarchy, Status};
use landa_model::{Checkpoint, Role, Sex};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndicatorQuery {
    /// programme_90_days, programme_1_year, settled_1_year or settled_<n>_years [default:
    /// the country's published measure: 90 days after the programme in Sweden (Kolada), a
    /// year after it in Norway (Statistics Norway)].
    pub checkpoint: Option<String>,
}

/// Persons and those in work or education, with the share where both are shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShareOut {
    pub persons: PublicCount,
    pub in_work_or_education: PublicCount,
    /// In work or education among the persons (0 to 1); none when either is suppressed or
    /// nobody has a status.
    pub share: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorRowOut {
    /// A municipality's code; "total" for the row of the whole scope.
    pub municipality: String,
    pub name: String,
    pub all: ShareOut,
    pub women: ShareOut,
    pub men: ShareOut,
    /// Living where they settled at the checkpoint (the rest moved: secondary migration).
    pub still_living_there: PublicCount,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorsOut {
    pub checkpoint: String,
    /// True when counts from 1 to 4 are shown as "<5" (and others as ".." so that they
    /// cannot be worked out): for a region's view.
    pub suppressed: bool,
    /// The scope's total first, then its municipalities.
    pub rows: Vec<IndicatorRowOut>,
}

/// The cells of one municipality: in the activity hierarchy its persons, those in work
/// or education and those in neither (each split by sex); in the residence hierarchy its
/// persons and those who stayed (beside those who moved).
struct RowCells {
    persons: CellId,
    work: CellId,
    work_by_sex: [CellId; 3],
    neither_by_sex: [CellId; 3],
    place: CellId,
    stayed: CellId,
}

fn add_row(
    activity: &mut Hierarchy,
    residence: &mut Hierarchy,
    counts: &ActivityCounts,
) -> RowCells {
    let persons = activity.add_total(Hierarchy::ROOT);
    let work = activity.add_total(persons);
    let neither = activity.add_total(persons);
    let work_by_sex = counts
        .work_or_education
        .map(|n| activity.add_count(work, n));
    let neither_by_sex = counts.neither.map(|n| activity.add_count(neither, n));
    let place = residence.add_total(Hierarchy::ROOT);
    let stayed = residence.add_count(place, counts.stayed);
    residence.add_count(place, counts.moved);
    RowCells {
        persons,
        work,
        work_by_sex,
        neither_by_sex,
        place,
        stayed,
    }
}

/// A hierarchy with what it shows of each cell: all exact, or suppressed.
struct Shown {
    hierarchy: Hierarchy,
    statuses: Option<Vec<Status>>,
}

impl Shown {
    fn new(hierarchy: Hierarchy, suppressed: bool) -> Shown {
        let statuses = suppressed.then(|| suppress(&hierarchy, SUPPRESSED_BELOW));
        Shown {
            hierarchy,
            statuses,
        }
    }

    fn count(&self, cell: CellId) -> PublicCount {
        let value = self.hierarchy.value(cell);
        match &self.statuses {
            Some(statuses) => PublicCount::published(value, statuses[cell.index()]),
            None => PublicCount::Exact(value),
        }
    }
}

/// The sum of counts, shown when each of them is (a sum of shown counts gives nothing
/// away), else "..".
fn sum<'a>(counts: impl IntoIterator<Item = &'a PublicCount>) -> PublicCount {
    let mut total = 0;
    for count in counts {
        match count {
            PublicCount::Exact(n) => total += n,
            PublicCount::Suppressed(_) => return PublicCount::Suppressed(COMPLEMENT.into()),
        }
    }
    PublicCount::Exact(total)
}

fn share(persons: PublicCount, part: PublicCount) -> ShareOut {
    let share = match (&persons, &part) {
        (PublicCount::Exact(n), PublicCount::Exact(k)) if *n > 0 => Some(*k as f64 / *n as f64),
        _ => None,
    };
    ShareOut {
        persons,
        in_work_or_education: part,
        share,
    }
}

fn municipality_row(
    row: &MunicipalityIndicators,
    cells: &RowCells,
    activity: &Shown,
    residence: &Shown,
) -> IndicatorRowOut {
    // The persons are in both hierarchies: shown where both show them.
    let persons = match residence.count(cells.place) {
        PublicCount::Exact(_) => activity.count(cells.persons),
        hidden => hidden,
    };
    let sex = |sex: Sex| {
        let index = ActivityCounts::sex_index(sex);
        let work = activity.count(cells.work_by_sex[index]);
        let persons = sum([&work, &activity.count(cells.neither_by_sex[index])]);
        share(persons, work)
    };
    IndicatorRowOut {
        municipality: row.municipality.code.to_string(),
        name: row.municipality.name.clone(),
        all: share(persons, activity.count(cells.work)),
        women: sex(Sex::Female),
        men: sex(Sex::Male),
        still_living_there: residence.count(cells.stayed),
    }
}

/// The total of the rows: the persons as the hierarchies' root, every other count the sum
/// of the municipalities' where each is shown.
fn total_row(rows: &[IndicatorRowOut], activity: &Shown, residence: &Shown) -> IndicatorRowOut {
    let persons = match residence.count(Hierarchy::ROOT) {
        PublicCount::Exact(_) => activity.count(Hierarchy::ROOT),
        hidden => hidden,
    };
    let of = |pick: fn(&IndicatorRowOut) -> &ShareOut| {
        share(
            sum(rows.iter().map(|r| &pick(r).persons)),
            sum(rows.iter().map(|r| &pick(r).in_work_or_education)),
        )
    };
    IndicatorRowOut {
        municipality: "total".into(),
        name: String::new(),
        all: share(
            persons,
            sum(rows.iter().map(|r| &r.all.in_work_or_education)),
        ),
        women: of(|r| &r.women),
        men: of(|r| &r.men),
        still_living_there: sum(rows.iter().map(|r| &r.still_living_there)),
    }
}

/// The rows as the caller may see them: the scope's total, then each municipality;
/// with small counts suppressed when `suppressed`.
pub fn indicator_rows(rows: &[MunicipalityIndicators], suppressed: bool) -> Vec<IndicatorRowOut> {
    let mut activity = Hierarchy::new();
    let mut residence = Hierarchy::new();
    let cells: Vec<RowCells> = rows
        .iter()
        .map(|r| add_row(&mut activity, &mut residence, &r.counts))
        .collect();
    let activity = Shown::new(activity, suppressed);
    let residence = Shown::new(residence, suppressed);
    let municipalities: Vec<IndicatorRowOut> = rows
        .iter()
        .zip(&cells)
        .map(|(row, cells)| municipality_row(row, cells, &activity, &residence))
        .collect();
    let mut out = vec![total_row(&municipalities, &activity, &residence)];
    out.extend(municipalities);
    out
}

/// The register's indicators per municipality of the caller's scope (national: all, a
/// region its own with small counts suppressed, a municipality itself).
#[utoipa::path(get, path = "/scenarios/{scenario}/integration-indicators",
    tag = "register", operation_id = "integrationIndicators",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           IndicatorQuery),
    responses((status = 200, body = IndicatorsOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Query(query): Query<IndicatorQuery>,
) -> ApiResult<axum::Json<IndicatorsOut>> {
    Ok(axum::Json(
        indicators_of(&state, &principal, &scenario, query.checkpoint.as_deref()).await?,
    ))
}

/// The indicators at `checkpoint` (the country's default when none) as `principal` sees them.
pub async fn indicators_of(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    checkpoint: Option<&str>,
) -> ApiResult<IndicatorsOut> {
    let country = state.store.scenario_meta(scenario).await?.country;
    let checkpoint = match checkpoint.filter(|c| !c.trim().is_empty()) {
        Some(text) => parse_field::<Checkpoint>(text, "checkpoint")?,
        None => Checkpoint::published_measure(country),
    };
    let rows = register::indicators(&state.store, principal, scenario, checkpoint).await?;
    let suppressed = matches!(principal.role, Role::Region(..));
    Ok(IndicatorsOut {
        checkpoint: checkpoint.to_string(),
        suppressed,
        rows: indicator_rows(&rows, suppressed),
    })
}
