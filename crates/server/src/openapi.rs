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

/// The fixed values of string fields, for the document only: each DTO keeps its `String`
/// field (so the wire format and the handler's own check and error message stay as they
/// are) and names one of these with `#[schema(value_type = ...)]`. The test
/// `tests/api/openapi.rs` holds each list to the values the model parses and prints.
#[allow(dead_code)] // never built: they describe strings the handlers read and write
pub(crate) mod values {
    use utoipa::ToSchema;

    /// A country: Sweden or Norway.
    #[derive(ToSchema)]
    pub enum Country {
        #[schema(rename = "SE")]
        Se,
        #[schema(rename = "NO")]
        No,
    }

    /// The kind of an account's role.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum RoleKind {
        National,
        Region,
        Municipality,
        Partner,
        Administrator,
    }

    /// How a placement run places: landa's optimiser (with bound and gap) or arrival order.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum RunMethod {
        Optimal,
        Greedy,
    }

    /// Where a placement run is.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum RunStatus {
        Queued,
        Running,
        Done,
        Failed,
    }

    /// A dwelling's contract.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum Contract {
        FirstHand,
        Sublet,
    }

    /// A municipality's answer to a household proposed to or placed in it.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum ResponseKind {
        Accepted,
        Questioned,
    }

    /// A person's sex: f, m or x (unknown).
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum Sex {
        F,
        M,
        X,
    }

    /// A person's highest education.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum EducationLevel {
        None,
        Primary,
        Secondary,
        Tertiary,
        Unknown,
    }

    /// A municipality's standing in a household's explanation.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum Standing {
        Placed,
        Fits,
        Blocked,
    }

    /// The level of a row of the gap report.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum GapLevel {
        Municipality,
        Region,
        Nation,
    }

    /// A municipality's housing market.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum HousingMarket {
        Shortage,
        Balance,
        Surplus,
    }

    /// The kind of a collaboration agreement.
    #[allow(clippy::enum_variant_names)] // the names the agreement format uses
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum AgreementKind {
        RegionalAgreement,
        LocalDevelopmentAgreement,
        CooperationAgreement,
    }

    /// How a number is apportioned: largest remainder or Sainte-Laguë.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum QuotaMethod {
        Hamilton,
        SainteLague,
    }

    /// The audit log as JSON or as a CSV download.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum AuditFormat {
        Json,
        Csv,
    }

    /// An agreement report, print-ready HTML or JSON.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum ReportFormat {
        Html,
        Json,
    }

    /// The language of a report: English, Swedish or Norwegian bokmål.
    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    pub enum ReportLang {
        En,
        Sv,
        Nb,
    }
}
