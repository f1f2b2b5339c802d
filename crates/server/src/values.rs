//! The fixed values of the API's string fields as Rust enums: request bodies and queries
//! deserialize into them (any other spelling is a 422 naming the field), answers
//! serialize from them, and the OpenAPI document lists exactly their values. Each enum
//! that stands for a domain type converts to and from it by an exhaustive match, so a
//! value the model gains or loses breaks the build here rather than the document.

use std::fmt;
use std::str::FromStr;

/// An enum of wire values (`Variant = "text"`), optionally mirroring a domain enum
/// (`mirrors Type { Variant = "text" => DomainVariant }`).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident mirrors $model:ty {
        $($(#[$vmeta:meta])* $variant:ident = $text:tt => $domain:ident),+ $(,)?
    }) => {
        wire_enum!($(#[$meta])* $name { $($(#[$vmeta])* $variant = $text),+ });

        impl From<$model> for $name {
            fn from(value: $model) -> Self {
                type Domain = $model;
                match value {
                    $(Domain::$domain => $name::$variant),+
                }
            }
        }

        impl From<$name> for $model {
            fn from(value: $name) -> Self {
                type Domain = $model;
                match value {
                    $($name::$variant => Domain::$domain),+
                }
            }
        }
    };
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $text:tt),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order the document lists them.
            pub const ALL: &[$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        /// Exactly the wire spellings, for form fields and stored text.
        impl FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str() == text)
                    .ok_or_else(|| expected(&$name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(), text))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The message of a value not among `values`, worded like serde's.
fn expected(values: &[&str], got: &str) -> String {
    format!("expected one of {}, got '{got}'", values.join(", "))
}

wire_enum! {
    /// A country: Sweden or Norway.
    Country mirrors landa_model::Country {
        Se = "SE" => Sweden,
        No = "NO" => Norway,
    }
}

wire_enum! {
    /// The kind of an account's role.
    RoleKind {
        National = "national",
        Region = "region",
        Municipality = "municipality",
        Partner = "partner",
        Housing = "housing",
        Administrator = "administrator",
    }
}

impl From<&landa_model::Role> for RoleKind {
    fn from(role: &landa_model::Role) -> Self {
        use landa_model::Role;
        match role {
            Role::National(_) => RoleKind::National,
            Role::Region(..) => RoleKind::Region,
            Role::Municipality(..) => RoleKind::Municipality,
            Role::Partner(..) => RoleKind::Partner,
            Role::Housing(..) => RoleKind::Housing,
            Role::Administrator => RoleKind::Administrator,
        }
    }
}

wire_enum! {
    /// How a placement run places: landa's optimiser (with bound and gap) or arrival order.
    RunMethod {
        Optimal = "optimal",
        Greedy = "greedy",
    }
}

wire_enum! {
    /// How a placement run honours the households' rankings of municipalities, beside the
    /// predicted outcome.
    RunMechanism {
        Weighted = "weighted",
        MinimumOutcome = "minimum_outcome",
        Stable = "stable",
    }
}

wire_enum! {
    /// Where a placement run is.
    RunStatus mirrors landa_store::JobStatus {
        Queued = "queued" => Queued,
        Running = "running" => Running,
        Done = "done" => Done,
        Failed = "failed" => Failed,
    }
}

wire_enum! {
    /// A dwelling's contract.
    Contract mirrors landa_model::Contract {
        FirstHand = "first_hand" => FirstHand,
        Sublet = "sublet" => Sublet,
    }
}

wire_enum! {
    /// A municipality's answer to a household proposed to or placed in it.
    Answer {
        Accepted = "accepted",
        Questioned = "questioned",
    }
}

impl Answer {
    pub fn of(accepted: bool) -> Answer {
        if accepted {
            Answer::Accepted
        } else {
            Answer::Questioned
        }
    }
}

wire_enum! {
    /// A person's sex: f, m or x (unknown).
    Sex mirrors landa_model::Sex {
        F = "f" => Female,
        M = "m" => Male,
        X = "x" => Unknown,
    }
}

wire_enum! {
    /// A person's highest education.
    EducationLevel mirrors landa_model::EducationLevel {
        None = "none" => None,
        Primary = "primary" => Primary,
        Secondary = "secondary" => Secondary,
        Tertiary = "tertiary" => Tertiary,
        Unknown = "unknown" => Unknown,
    }
}

wire_enum! {
    /// A municipality's standing in a household's explanation.
    Standing mirrors landa_model::Standing {
        Placed = "placed" => Placed,
        Fits = "fits" => Fits,
        Blocked = "blocked" => Blocked,
    }
}

wire_enum! {
    /// The level of a row of the gap report.
    GapLevel {
        Municipality = "municipality",
        Region = "region",
        Nation = "nation",
    }
}

wire_enum! {
    /// A municipality's housing market.
    HousingMarket mirrors landa_model::HousingMarket {
        Shortage = "shortage" => Shortage,
        Balance = "balance" => Balance,
        Surplus = "surplus" => Surplus,
    }
}

wire_enum! {
    /// A Norwegian municipality's administrative language form (målform).
    LanguageForm mirrors landa_model::LanguageForm {
        Bokmal = "bokmal" => Bokmal,
        Nynorsk = "nynorsk" => Nynorsk,
        Neutral = "neutral" => Neutral,
    }
}

wire_enum! {
    /// The kind of a collaboration agreement.
    #[allow(clippy::enum_variant_names)] // the names the agreement format uses
    AgreementKind mirrors landa_followup::agreement::AgreementKind {
        RegionalAgreement = "regional_agreement" => RegionalAgreement,
        LocalDevelopmentAgreement = "local_development_agreement" => LocalDevelopmentAgreement,
        CooperationAgreement = "cooperation_agreement" => CooperationAgreement,
    }
}

wire_enum! {
    /// How a number is apportioned: largest remainder or Sainte-Laguë.
    QuotaMethod mirrors landa_quota::Method {
        Hamilton = "hamilton" => Hamilton,
        SainteLague = "sainte_lague" => SainteLague,
    }
}

wire_enum! {
    /// The audit log as JSON or as a CSV download.
    AuditFormat {
        Json = "json",
        Csv = "csv",
    }
}

wire_enum! {
    /// An agreement report, print-ready HTML or JSON.
    ReportFormat {
        Html = "html",
        Json = "json",
    }
}

wire_enum! {
    /// The language of a report: English, Swedish, Norwegian bokmål or nynorsk.
    ReportLang mirrors landa_followup::lang::Lang {
        En = "en" => En,
        Sv = "sv" => Sv,
        Nb = "nb" => Nb,
        Nn = "nn" => Nn,
    }
}

wire_enum! {
    /// How a household came: quota refugee (kvotflykting / overføringsflyktning), from a
    /// reception centre (anläggningsboende / mottak), family reunification
    /// (anhöriginvandring / familiegjenforening), or self-settled (eget boende / selvbosatt).
    IntakeCategory mirrors landa_model::IntakeCategory {
        Quota = "quota" => Quota,
        ReceptionCentre = "reception_centre" => ReceptionCentre,
        FamilyReunification = "family_reunification" => FamilyReunification,
        SelfSettled = "self_settled" => SelfSettled,
    }
}

wire_enum! {
    /// Where a household stands in the year.
    HouseholdStateName mirrors landa_model::StateName {
        Waiting = "waiting" => Waiting,
        Proposed = "proposed" => Proposed,
        Accepted = "accepted" => Accepted,
        Approved = "approved" => Approved,
        MovedIn = "moved_in" => MovedIn,
        MovedElsewhere = "moved_elsewhere" => MovedElsewhere,
        SelfSettled = "self_settled" => SelfSettled,
        Withdrawn = "withdrawn" => Withdrawn,
    }
}

wire_enum! {
    /// The household types a forecast counts by.
    HouseholdType mirrors landa_model::HouseholdType {
        SingleAdult = "single_adult" => SingleAdult,
        Couple = "couple" => Couple,
        SingleParent = "single_parent" => SingleParent,
        CoupleWithChildren = "couple_with_children" => CoupleWithChildren,
        UnaccompaniedMinor = "unaccompanied_minor" => UnaccompaniedMinor,
    }
}

wire_enum! {
    /// What a planning reminder is about.
    PlanningReminderKind mirrors landa_app::reminders::PlanningReminderKind {
        NoDecision = "no_decision" => NoDecision,
        UnansweredProposals = "unanswered_proposals" => UnansweredProposals,
        LongWaiting = "long_waiting" => LongWaiting,
        EmptyDwellings = "empty_dwellings" => EmptyDwellings,
        PassingOver = "passing_over" => PassingOver,
    }
}

wire_enum! {
    /// The final goal of a person's introduction programme.
    ProgrammeGoal mirrors landa_model::ProgrammeGoal {
        Work = "work" => Work,
        Education = "education" => Education,
        Other = "other" => Other,
    }
}

wire_enum! {
    /// Why an introduction programme ended.
    EndReason mirrors landa_model::EndReason {
        Work = "work" => Work,
        Education = "education" => Education,
        Moved = "moved" => Moved,
        Other = "other" => Other,
    }
}

wire_enum! {
    /// What a person does at a checkpoint.
    Activity mirrors landa_model::Activity {
        Work = "work" => Work,
        Education = "education" => Education,
        Both = "both" => Both,
        Neither = "neither" => Neither,
    }
}
