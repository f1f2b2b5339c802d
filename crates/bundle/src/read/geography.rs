//! regions.csv and municipalities.csv.

use super::Indexed;
use crate::error::Errors;
use crate::schema::{municipalities, regions};
use crate::source::{Row, Source};
use crate::values;
use landa_model::{HousingMarket, Municipality, MunicipalityCode, Region, RegionCode};

pub(crate) struct Geography {
    pub regions: Indexed<Region>,
    pub municipalities: Indexed<Municipality>,
}

pub(crate) fn read(source: &mut Source, errors: &mut Errors) -> Geography {
    let regions = read_regions(source, errors);
    let municipalities = read_municipalities(source, &regions, errors);
    Geography {
        regions,
        municipalities,
    }
}

fn read_regions(source: &mut Source, errors: &mut Errors) -> Indexed<Region> {
    use regions::{CODE, NAME, TABLE};
    let mut regions = Indexed::new(source.label(&TABLE), "region");
    let status = source.read_table(&TABLE, errors, &mut |row| {
        let code = row.value(CODE, values::model::<RegionCode>);
        if let Some(code) = &code {
            regions.keys.insert_unique(row, CODE, code.as_str());
        }
        let name = row.value(NAME, values::text);
        if let (Some(code), Some(name), true) = (code, name, row.is_clean()) {
            regions.values.push(Region { code, name });
        }
    });
    regions.status = status;
    regions
}

fn read_municipalities(
    source: &mut Source,
    regions: &Indexed<Region>,
    errors: &mut Errors,
) -> Indexed<Municipality> {
    use municipalities::*;
    let mut municipalities = Indexed::new(source.label(&TABLE), "municipality");
    let status = source.read_table(&TABLE, errors, &mut |row| {
        let code = row.value(CODE, values::model::<MunicipalityCode>);
        if let Some(code) = &code {
            municipalities.keys.insert_unique(row, CODE, code.as_str());
        }
        let name = row.value(NAME, values::text);
        let region = row.value(REGION, values::model::<RegionCode>);
        if let Some(region) = &region {
            regions.reference(row, REGION, region.as_str());
        }
        let population = row.optional(POPULATION, values::count);
        let employment_rate = row.optional(EMPLOYMENT_RATE, values::number);
        let reception_per_1000 = row.optional(RECEPTION_PER_1000, values::number);
        let housing_market = row.optional(HOUSING_MARKET, values::model::<HousingMarket>);
        let (Some(code), Some(name), Some(region)) = (code, name, region) else {
            return;
        };
        let municipality = Municipality {
            code,
            name,
            region,
            population,
            employment_rate,
            reception_per_1000,
            housing_market,
        };
        check_ranges(row, &municipality);
        if row.is_clean() {
            municipalities.values.push(municipality);
        }
    });
    municipalities.status = status;
    municipalities
}

/// The model checks the ranges of the facts; each fact is checked alone so that the error
/// lands on its own column.
fn check_ranges(row: &mut Row<'_>, municipality: &Municipality) {
    use municipalities::{EMPLOYMENT_RATE, RECEPTION_PER_1000};
    let rate_alone = Municipality {
        reception_per_1000: None,
        ..municipality.clone()
    };
    let reception_alone = Municipality {
        employment_rate: None,
        ..municipality.clone()
    };
    for (column, alone) in [
        (EMPLOYMENT_RATE, rate_alone),
        (RECEPTION_PER_1000, reception_alone),
    ] {
        if let Err(e) = alone.check() {
            row.error(column, e.to_string());
        }
    }
}
