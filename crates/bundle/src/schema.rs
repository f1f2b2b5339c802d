//! The files of a bundle and their columns, shared by the reader and the writer so that
//! both always agree on the names.

use landa_model::ValueError;

/// A column of a table. `required` columns must be in the header; the others may be
/// left out, which means blank in every row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub name: &'static str,
    pub required: bool,
}

const fn required(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

const fn optional(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

/// One table of a bundle: `<sheet>.csv` in a folder, sheet `<sheet>` in a workbook.
#[derive(Debug)]
pub(crate) struct Table {
    pub file: &'static str,
    pub sheet: &'static str,
    /// A bundle without this table is an error (otherwise the table is simply empty).
    pub required: bool,
    pub columns: &'static [Column],
    /// Columns named `<prefix><name>` beyond the fixed ones (capacities' `service:<name>`,
    /// a history's `outcome:<name>`).
    pub extra: Option<Extra>,
}

/// The columns `<prefix><name>` a table may have beyond its fixed ones.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extra {
    pub prefix: &'static str,
    /// Checks the name after the prefix (a service name, an outcome name).
    pub check: fn(&str) -> Result<(), ValueError>,
    /// At least one such column must be in the header.
    pub required: bool,
}

/// Parses `name` as a `T` for [`Extra::check`].
fn check_name<T: std::str::FromStr<Err = ValueError>>(name: &str) -> Result<(), ValueError> {
    name.parse::<T>().map(drop)
}

impl Table {
    pub(crate) fn column_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().map(|c| c.name)
    }
}

/// The scenario description: `scenario.toml` in a folder, sheet `scenario` (columns
/// key,value) in a workbook.
pub(crate) mod scenario {
    use super::{required, Table};

    pub(crate) const FILE: &str = "scenario.toml";
    pub(crate) const NAME: &str = "name";
    pub(crate) const COUNTRY: &str = "country";
    pub(crate) const YEAR: &str = "year";
    pub(crate) const NATIONAL_TOTAL: &str = "national_total";
    pub(crate) const KEYS: [&str; 4] = [NAME, COUNTRY, YEAR, NATIONAL_TOTAL];

    pub(crate) const KEY: &str = "key";
    pub(crate) const VALUE: &str = "value";
    /// The workbook form; its `file` is the folder form's, for the errors' labels.
    pub(crate) const SHEET: Table = Table {
        file: FILE,
        sheet: "scenario",
        required: true,
        columns: &[required(KEY), required(VALUE)],
        extra: None,
    };
}

pub(crate) mod regions {
    use super::{required, Table};

    pub(crate) const CODE: &str = "region_code";
    pub(crate) const NAME: &str = "name";
    pub(crate) const TABLE: Table = Table {
        file: "regions.csv",
        sheet: "regions",
        required: true,
        columns: &[required(CODE), required(NAME)],
        extra: None,
    };
}

pub(crate) mod municipalities {
    use super::{optional, required, Table};

    pub(crate) const CODE: &str = "municipality_code";
    pub(crate) const NAME: &str = "name";
    pub(crate) const REGION: &str = "region_code";
    pub(crate) const POPULATION: &str = "population";
    pub(crate) const EMPLOYMENT_RATE: &str = "employment_rate";
    pub(crate) const RECEPTION_PER_1000: &str = "reception_per_1000";
    pub(crate) const HOUSING_MARKET: &str = "housing_market";
    pub(crate) const UNACCOMPANIED_MINORS: &str = "takes_unaccompanied_minors";
    pub(crate) const LANGUAGE_FORM: &str = "language_form";
    pub(crate) const INTRODUCTION_RESULT_RATE: &str = "introduction_result_rate";
    pub(crate) const UPPER_SECONDARY_PLACES: &str = "upper_secondary_places";
    pub(crate) const TABLE: Table = Table {
        file: "municipalities.csv",
        sheet: "municipalities",
        required: true,
        columns: &[
            required(CODE),
            required(NAME),
            required(REGION),
            optional(POPULATION),
            optional(EMPLOYMENT_RATE),
            optional(RECEPTION_PER_1000),
            optional(HOUSING_MARKET),
            optional(UNACCOMPANIED_MINORS),
            optional(LANGUAGE_FORM),
            optional(INTRODUCTION_RESULT_RATE),
            optional(UPPER_SECONDARY_PLACES),
        ],
        extra: None,
    };
}

pub(crate) mod households {
    use super::{optional, required, Table};

    pub(crate) const ID: &str = "household_id";
    pub(crate) const SIZE: &str = "size";
    pub(crate) const ADULTS: &str = "adults";
    pub(crate) const CHILDREN: &str = "children";
    pub(crate) const UNACCOMPANIED_MINOR: &str = "unaccompanied_minor";
    pub(crate) const WAITING_SINCE: &str = "waiting_since";
    pub(crate) const TIE: &str = "tie_municipality_code";
    pub(crate) const NEEDS: &str = "needs";
    pub(crate) const LANGUAGES: &str = "languages";
    pub(crate) const INTAKE_CATEGORY: &str = "intake_category";
    pub(crate) const SETTLED: &str = "settled_municipality_code";
    pub(crate) const PERMIT_DATE: &str = "permit_date";
    pub(crate) const TABLE: Table = Table {
        file: "households.csv",
        sheet: "households",
        required: false,
        columns: &[
            required(ID),
            required(SIZE),
            required(ADULTS),
            required(CHILDREN),
            required(UNACCOMPANIED_MINOR),
            required(WAITING_SINCE),
            optional(TIE),
            optional(NEEDS),
            optional(LANGUAGES),
            optional(INTAKE_CATEGORY),
            optional(SETTLED),
            optional(PERMIT_DATE),
        ],
        extra: None,
    };
}

pub(crate) mod persons {
    use super::{optional, required, Table};

    pub(crate) const ID: &str = "person_id";
    pub(crate) const HOUSEHOLD: &str = "household_id";
    pub(crate) const BIRTH_YEAR: &str = "birth_year";
    pub(crate) const SEX: &str = "sex";
    pub(crate) const EDUCATION: &str = "education_level";
    pub(crate) const LANGUAGES: &str = "languages";
    pub(crate) const TABLE: Table = Table {
        file: "persons.csv",
        sheet: "persons",
        required: false,
        columns: &[
            required(ID),
            required(HOUSEHOLD),
            required(BIRTH_YEAR),
            optional(SEX),
            optional(EDUCATION),
            optional(LANGUAGES),
        ],
        extra: None,
    };
}

pub(crate) mod capacities {
    use super::{check_name, required, Extra, Table};
    use landa_model::ServiceName;

    pub(crate) const MUNICIPALITY: &str = "municipality_code";
    pub(crate) const PERSONS: &str = "persons";
    pub(crate) const UNACCOMPANIED_MINORS: &str = "unaccompanied_minors";
    pub(crate) const SERVICE_PREFIX: &str = "service:";
    pub(crate) const TABLE: Table = Table {
        file: "capacities.csv",
        sheet: "capacities",
        required: false,
        columns: &[
            required(MUNICIPALITY),
            required(PERSONS),
            required(UNACCOMPANIED_MINORS),
        ],
        extra: Some(Extra {
            prefix: SERVICE_PREFIX,
            check: check_name::<ServiceName>,
            required: false,
        }),
    };
}

pub(crate) mod dwellings {
    use super::{optional, required, Table};

    pub(crate) const ID: &str = "dwelling_id";
    pub(crate) const MUNICIPALITY: &str = "municipality_code";
    pub(crate) const BEDS: &str = "beds";
    pub(crate) const AVAILABLE_FROM: &str = "available_from";
    pub(crate) const ACCESSIBLE: &str = "accessible";
    pub(crate) const CONTRACT: &str = "contract";
    pub(crate) const RENT: &str = "rent";
    pub(crate) const PASSES_OVER_ON: &str = "passes_over_on";
    pub(crate) const OFFERED_BY: &str = "offered_by";
    pub(crate) const ADDRESS: &str = "address";
    pub(crate) const TABLE: Table = Table {
        file: "dwellings.csv",
        sheet: "dwellings",
        required: false,
        columns: &[
            required(ID),
            required(MUNICIPALITY),
            required(BEDS),
            required(AVAILABLE_FROM),
            required(ACCESSIBLE),
            required(CONTRACT),
            optional(RENT),
            optional(PASSES_OVER_ON),
            optional(OFFERED_BY),
            optional(ADDRESS),
        ],
        extra: None,
    };
}

/// A forecast of arrivals (not part of a bundle: national uploads it for a stored year).
pub(crate) mod forecast {
    use super::{required, Table};

    pub(crate) const PERIOD_START: &str = "period_start";
    pub(crate) const PERIOD_END: &str = "period_end";
    pub(crate) const INTAKE_CATEGORY: &str = "intake_category";
    pub(crate) const HOUSEHOLD_TYPE: &str = "household_type";
    pub(crate) const HOUSEHOLDS: &str = "households";
    pub(crate) const PERSONS: &str = "persons";
    pub(crate) const TABLE: Table = Table {
        file: "forecast.csv",
        sheet: "forecast",
        required: true,
        columns: &[
            required(PERIOD_START),
            required(PERIOD_END),
            required(INTAKE_CATEGORY),
            required(HOUSEHOLD_TYPE),
            required(HOUSEHOLDS),
            required(PERSONS),
        ],
        extra: None,
    };
}

/// Entries of the integration register (not part of a bundle: a municipality uploads them
/// for a stored year): a person's programme or status per row, said by `entry`.
pub(crate) mod register {
    use super::{optional, required, Table};

    pub(crate) const PERSON: &str = "person_id";
    pub(crate) const ENTRY: &str = "entry";
    pub(crate) const DECIDED_ON: &str = "decided_on";
    pub(crate) const STARTED_ON: &str = "started_on";
    pub(crate) const GOAL: &str = "goal";
    pub(crate) const ENDED_ON: &str = "ended_on";
    pub(crate) const END_REASON: &str = "end_reason";
    pub(crate) const CHECKPOINT: &str = "checkpoint";
    pub(crate) const ACTIVITY: &str = "activity";
    pub(crate) const LIVING_IN: &str = "living_in";
    /// The columns of a programme row, and of a status row (each blank in the other).
    pub(crate) const PROGRAMME_COLUMNS: [&str; 5] =
        [DECIDED_ON, STARTED_ON, GOAL, ENDED_ON, END_REASON];
    pub(crate) const STATUS_COLUMNS: [&str; 3] = [CHECKPOINT, ACTIVITY, LIVING_IN];
    pub(crate) const TABLE: Table = Table {
        file: "register.csv",
        sheet: "register",
        required: true,
        columns: &[
            required(PERSON),
            required(ENTRY),
            optional(DECIDED_ON),
            optional(STARTED_ON),
            optional(GOAL),
            optional(ENDED_ON),
            optional(END_REASON),
            optional(CHECKPOINT),
            optional(ACTIVITY),
            optional(LIVING_IN),
        ],
        extra: None,
    };
}

pub(crate) mod scores {
    use super::{required, Table};

    pub(crate) const HOUSEHOLD: &str = "household_id";
    pub(crate) const MUNICIPALITY: &str = "municipality_code";
    pub(crate) const SCORE: &str = "score";
    pub(crate) const TABLE: Table = Table {
        file: "scores.csv",
        sheet: "scores",
        required: false,
        columns: &[required(HOUSEHOLD), required(MUNICIPALITY), required(SCORE)],
        extra: None,
    };
}

pub(crate) mod requests {
    use super::{optional, required, Table};

    pub(crate) const ROUND: &str = "round";
    pub(crate) const SENT_ON: &str = "sent_on";
    pub(crate) const SENT_BY: &str = "sent_by";
    pub(crate) const MUNICIPALITY: &str = "municipality_code";
    pub(crate) const PERSONS: &str = "persons";
    pub(crate) const UNACCOMPANIED_MINORS: &str = "unaccompanied_minors";
    pub(crate) const TABLE: Table = Table {
        file: "requests.csv",
        sheet: "requests",
        required: false,
        columns: &[
            required(ROUND),
            optional(SENT_ON),
            required(SENT_BY),
            required(MUNICIPALITY),
            required(PERSONS),
            required(UNACCOMPANIED_MINORS),
        ],
        extra: None,
    };
}

pub(crate) mod decisions {
    use super::{optional, required, Table};

    pub(crate) const MUNICIPALITY: &str = "municipality_code";
    pub(crate) const PERSONS: &str = "persons";
    pub(crate) const UNACCOMPANIED_MINORS: &str = "unaccompanied_minors";
    pub(crate) const BODY: &str = "body";
    pub(crate) const DECIDED_ON: &str = "decided_on";
    pub(crate) const REGISTRATION_NUMBER: &str = "registration_number";
    pub(crate) const DOCUMENT_URL: &str = "document_url";
    pub(crate) const TABLE: Table = Table {
        file: "decisions.csv",
        sheet: "decisions",
        required: false,
        columns: &[
            required(MUNICIPALITY),
            required(PERSONS),
            required(UNACCOMPANIED_MINORS),
            optional(BODY),
            optional(DECIDED_ON),
            optional(REGISTRATION_NUMBER),
            optional(DOCUMENT_URL),
        ],
        extra: None,
    };
}

/// Households' rankings of municipalities: rank 1 the most wanted, as many as it likes.
pub(crate) mod preferences {
    use super::{required, Table};

    pub(crate) const HOUSEHOLD: &str = "household_id";
    pub(crate) const MUNICIPALITY: &str = "municipality_code";
    pub(crate) const RANK: &str = "rank";
    pub(crate) const TABLE: Table = Table {
        file: "preferences.csv",
        sheet: "preferences",
        required: false,
        columns: &[required(HOUSEHOLD), required(MUNICIPALITY), required(RANK)],
        extra: None,
    };
}

/// What households that rank no municipality weigh instead, each criterion with a weight.
pub(crate) mod criteria {
    use super::{required, Table};

    pub(crate) const HOUSEHOLD: &str = "household_id";
    pub(crate) const CRITERION: &str = "criterion";
    pub(crate) const WEIGHT: &str = "weight";
    pub(crate) const TABLE: Table = Table {
        file: "household_preferences.csv",
        sheet: "household_preferences",
        required: false,
        columns: &[required(HOUSEHOLD), required(CRITERION), required(WEIGHT)],
        extra: None,
    };
}

/// The household types or needs each municipality is prepared for first.
pub(crate) mod priorities {
    use super::{required, Table};

    pub(crate) const MUNICIPALITY: &str = "municipality_code";
    pub(crate) const PRIORITY: &str = "priority";
    pub(crate) const RANK: &str = "rank";
    pub(crate) const TABLE: Table = Table {
        file: "municipality_priorities.csv",
        sheet: "municipality_priorities",
        required: false,
        columns: &[required(MUNICIPALITY), required(PRIORITY), required(RANK)],
        extra: None,
    };
}

/// A history of past placements: one file of its own (or a workbook's first sheet), one
/// row per person placed.
pub(crate) mod history {
    use super::{check_name, optional, required, Extra, Table};
    use landa_model::OutcomeName;

    pub(crate) const PERSON: &str = "person_id";
    pub(crate) const HOUSEHOLD: &str = "household_id";
    pub(crate) const MUNICIPALITY: &str = "municipality_code";
    pub(crate) const PLACED_ON: &str = "placed_on";
    pub(crate) const BIRTH_YEAR: &str = "birth_year";
    pub(crate) const SEX: &str = "sex";
    pub(crate) const EDUCATION: &str = "education_level";
    pub(crate) const ORIGIN: &str = "origin";
    pub(crate) const LANGUAGES: &str = "languages";
    pub(crate) const OUTCOME_PREFIX: &str = "outcome:";
    pub(crate) const TABLE: Table = Table {
        file: "history.csv",
        sheet: "history",
        required: true,
        columns: &[
            required(PERSON),
            required(HOUSEHOLD),
            required(MUNICIPALITY),
            required(PLACED_ON),
            required(BIRTH_YEAR),
            optional(SEX),
            optional(EDUCATION),
            optional(ORIGIN),
            optional(LANGUAGES),
        ],
        extra: Some(Extra {
            prefix: OUTCOME_PREFIX,
            check: check_name::<OutcomeName>,
            required: true,
        }),
    };
}

/// Every data table, in the order they are read (a table's references point backwards).
pub(crate) const TABLES: [&Table; 12] = [
    &regions::TABLE,
    &municipalities::TABLE,
    &households::TABLE,
    &persons::TABLE,
    &capacities::TABLE,
    &dwellings::TABLE,
    &scores::TABLE,
    &requests::TABLE,
    &decisions::TABLE,
    &preferences::TABLE,
    &criteria::TABLE,
    &priorities::TABLE,
];
