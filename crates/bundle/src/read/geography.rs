//! regions.csv and municipalities.csv.

use super::Indexed;
use crate::error::Errors;
use crate::schema::{municipalities, regions};
use crate::source::Source;
use crate::values;
use landa_model::{
    HousingMarket, LanguageForm, Municipality, MunicipalityCode, Region, RegionCode,
};

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
        let number = row.decimal();
        let employment_rate = row.optional(EMPLOYMENT_RATE, number);
        let reception_per_1000 = row.optional(RECEPTION_PER_1000, number);
        let housing_market = row.optional(HOUSING_MARKET, values::model::<HousingMarket>);
        let takes_minors = row.optional(UNACCOMPANIED_MINORS, values::boolean);
        let language_form = row.optional(LANGUAGE_FORM, values::model::<LanguageForm>);
        let introduction_result_rate = row.optional(INTRODUCTION_RESULT_RATE, number);
        let upper_secondary_places = row.optional(UPPER_SECONDARY_PLACES, values::count);
        let (Some(code), Some(name), Some(region)) = (code, name, region) else {
            return;
        };
        let mut municipality = Municipality::new(code, name, region)
            .with_population(population)
            .with_housing_market(housing_market)
            .with_unaccompanied_minors(takes_minors)
            .with_language_form(language_form)
            .with_upper_secondary_places(upper_secondary_places);
        // Each fact is set alone so that its error lands on its own column.
        if let Err(e) = municipality.set_employment_rate(employment_rate) {
            row.error(EMPLOYMENT_RATE, e.to_string());
        }
        if let Err(e) = municipality.set_introduction_result_rate(introduction_result_rate) {
            row.error(INTRODUCTION_RESULT_RATE, e.to_string());
        }
        if let Err(e) = municipality.set_reception_per_1000(reception_per_1000) {
            row.error(RECEPTION_PER_1000, e.to_string());
        }
        if row.is_clean() {
            municipalities.values.push(municipality);
        }
    });
    municipalities.status = status;
    municipalities
}
