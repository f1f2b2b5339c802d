//! The OpenAPI 3 document: generated from the handlers' annotations by utoipa; this
//! file adds only what no handler says (title, security schemes, tags).

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;
use utoipa::Modify;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "landa API",
        description = "Settlement of refugees from the state down to the municipality: planning \
                       years, request rounds (anmodning; kommuntal), municipal decisions (vedtak), \
                       households, dwellings, placement runs (anvisning / utsøking), gaps, audit. \
                       Authenticate with a session cookie from POST /api/v1/auth/login (changes \
                       then need X-CSRF-Token) or an API token as 'Authorization: Bearer'. \
                       Public aggregates under /api/v1/public suppress counts from 1 to 4 as \"<5\"."
    ),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
    tags(
        (name = "accounts", description = "Login, accounts, API tokens, audit log"),
        (name = "planning", description = "Planning years, request rounds, decisions, gaps"),
        (name = "geography", description = "Regions and municipalities"),
        (name = "households", description = "Households and persons: personal data, audited"),
        (name = "register", description = "The integration register: each settled person's introduction programme and status at checkpoints, recorded by the municipality settled in"),
        (name = "dwellings", description = "Dwellings offered by municipalities"),
        (name = "placement", description = "Placement runs: start, status, result, approve"),
        (name = "public", description = "Aggregates for anyone, small counts suppressed"),
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// The document's frame, before the routes add their paths.
pub fn base() -> OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}

/// The whole document, as served at /api/v1/openapi.json.
pub fn openapi_document() -> OpenApi {
    crate::routes::api().split_for_parts().1
}
