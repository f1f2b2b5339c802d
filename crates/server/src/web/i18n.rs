//! The UI's words in English, Swedish, Norwegian bokmål and (for a municipality's main
//! pages) nynorsk, chosen per user (a cookie set from the language links, else the
//! browser's Accept-Language). Domain terms follow the country of the year read, not the
//! reader's language: kommuntal, beslut and anvisning in a Swedish year, anmodning, vedtak
//! and utsøking in a Norwegian one, whichever language they are read in (`across`).

use axum::http::HeaderMap;
use landa_model::Country;

/// A language of the UI; the follow-up report's languages are the same.
pub use landa_followup::Lang as Language;

/// What a page is written in: a language, and the country whose settlement terms it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang {
    pub language: Language,
    pub country: Country,
}

/// Name of the language cookie.
pub const LANG_COOKIE: &str = "landa_lang";

impl Lang {
    /// The languages of the switcher.
    pub const ALL: [Language; 4] = [Language::En, Language::Sv, Language::Nb, Language::Nn];

    /// `language` with the terms of its own country (English: Sweden's, as before a
    /// country is known).
    pub fn new(language: Language) -> Lang {
        let country = match language {
            Language::En | Language::Sv => Country::Sweden,
            Language::Nb | Language::Nn => Country::Norway,
        };
        Lang { language, country }
    }

    /// The same language, with the terms of the year read.
    pub fn reading(self, country: Country) -> Lang {
        Lang { country, ..self }
    }

    pub fn code(self) -> &'static str {
        self.language.code()
    }

    /// A number written with `.` as it is written in this language: Swedish and Norwegian
    /// take a decimal comma ("93,3 %").
    pub fn decimal(self, number: &str) -> String {
        match self.language {
            Language::En => number.to_owned(),
            Language::Sv | Language::Nb | Language::Nn => number.replace('.', ","),
        }
    }

    /// A language's own name, for the switcher.
    pub fn name(language: Language) -> &'static str {
        match language {
            Language::En => "English",
            Language::Sv => "Svenska",
            Language::Nb => "Norsk bokmål",
            Language::Nn => "Norsk nynorsk",
        }
    }

    /// en, sv, nb or nn (no reads as bokmål), with its own country's terms.
    pub fn from_code(code: &str) -> Option<Lang> {
        Language::from_code(code).map(Lang::new)
    }

    /// The cookie's language, else the first supported one the browser asks for, else English.
    pub fn of(headers: &HeaderMap) -> Lang {
        if let Some(lang) = crate::auth::cookie(headers, LANG_COOKIE).and_then(Lang::from_code) {
            return lang;
        }
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .into_iter()
            .flat_map(|text| text.split(','))
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| Lang::from_code(tag.split('-').next().unwrap_or(tag)))
            .next()
            .unwrap_or(Lang::new(Language::En))
    }

    /// The same language for the follow-up report.
    pub fn report(self) -> landa_followup::Lang {
        self.language
    }

    /// The word for `text` in this language, with the terms of the year's country.
    pub fn t(self, text: Text) -> &'static str {
        if let Some((en_norway, sv_norway, nb_sweden)) = across(text) {
            match (self.language, self.country) {
                (Language::En, Country::Norway) => return en_norway,
                (Language::Sv, Country::Norway) => return sv_norway,
                (Language::Nb | Language::Nn, Country::Sweden) => return nb_sweden,
                _ => {}
            }
        }
        if self.language == Language::Nn {
            if let Some(word) = nynorsk(text) {
                return word;
            }
        }
        self.pick(words(text))
    }

    /// The English, Swedish or Norwegian text; nynorsk reads bokmål where it has none.
    fn pick(self, (en, sv, nb): (&'static str, &'static str, &'static str)) -> &'static str {
        self.language.pick(en, sv, nb)
    }

    /// Where a household stands, in the words of the year's country.
    pub fn state(self, state: landa_model::StateName) -> &'static str {
        use landa_model::StateName::*;
        let (en, sv, nb, nn) = match state {
            Waiting => (
                "Waiting",
                "Väntar på anvisning",
                "Venter på bosetting",
                "Ventar på busetjing",
            ),
            Proposed => (
                "Proposed",
                "Föreslagen",
                "Foreslått (utsøkt)",
                "Føreslått (utsøkt)",
            ),
            Accepted => (
                "Accepted",
                "Godtagen av kommunen",
                "Akseptert av kommunen",
                "Akseptert av kommunen",
            ),
            Approved => ("Approved", "Anvisad", "Bosettingsklar", "Busetjingsklar"),
            MovedIn => ("Moved in", "Inflyttad", "Innflyttet", "Innflytta"),
            MovedElsewhere => (
                "Moved on",
                "Flyttat vidare",
                "Flyttet videre",
                "Flytta vidare",
            ),
            SelfSettled => ("Self-settled", "Eget boende", "Selvbosatt", "Sjølvbusett"),
            Withdrawn => ("Withdrawn", "Återkallad", "Trukket", "Trekt"),
        };
        // The steps a country names by its own process.
        let across = match state {
            Waiting => Some(("Väntar på bosättning", "Venter på anvisning")),
            Proposed => Some(("Föreslagen (utsøkt)", "Foreslått")),
            Approved => Some(("Bosättningsklar", "Anvist")),
            _ => None,
        };
        match (self.language, self.country, across) {
            (Language::Sv, Country::Norway, Some((sv_norway, _))) => sv_norway,
            (Language::Nb | Language::Nn, Country::Sweden, Some((_, nb_sweden))) => nb_sweden,
            (Language::Nn, ..) => nn,
            _ => self.pick((en, sv, nb)),
        }
    }

    /// English, Swedish, bokmål and nynorsk: the last when the page is in nynorsk.
    fn pick4(
        self,
        (en, sv, nb, nn): (&'static str, &'static str, &'static str, &'static str),
    ) -> &'static str {
        match self.language {
            Language::Nn => nn,
            _ => self.pick((en, sv, nb)),
        }
    }

    /// A final goal or a reason for ending an introduction programme.
    pub fn programme_word(self, word: &str) -> &'static str {
        self.pick4(match word {
            "work" => ("Work", "Arbete", "Arbeid", "Arbeid"),
            "education" => ("Education", "Studier", "Utdanning", "Utdanning"),
            "both" => (
                "Work and education",
                "Arbete och studier",
                "Arbeid og utdanning",
                "Arbeid og utdanning",
            ),
            "neither" => (
                "Neither",
                "Varken arbete eller studier",
                "Verken arbeid eller utdanning",
                "Verken arbeid eller utdanning",
            ),
            "moved" => ("Moved", "Flyttat", "Flyttet", "Flytta"),
            _ => ("Other", "Annat", "Annet", "Anna"),
        })
    }

    /// When a status is recorded: after the programme, or years after settling.
    pub fn checkpoint(self, checkpoint: landa_model::Checkpoint) -> String {
        use landa_model::Checkpoint::*;
        match checkpoint {
            ProgrammeDays90 => self
                .pick4((
                    "90 days after the programme",
                    "90 dagar efter programmet",
                    "90 dager etter programmet",
                    "90 dagar etter programmet",
                ))
                .to_owned(),
            ProgrammeYear1 => self
                .pick4((
                    "1 year after the programme",
                    "1 år efter programmet",
                    "1 år etter programmet",
                    "1 år etter programmet",
                ))
                .to_owned(),
            SettledYears(years) => format!(
                "{years} {}",
                self.pick4((
                    if years == 1 {
                        "year after settling"
                    } else {
                        "years after settling"
                    },
                    "år efter bosättningen",
                    "år etter bosettingen",
                    "år etter busetjinga",
                ))
            ),
        }
    }

    /// Who holds a dwelling's lease (the model's `first_hand` and `sublet`).
    pub fn contract(self, contract: landa_model::Contract) -> &'static str {
        use landa_model::Contract::*;
        self.pick(match contract {
            FirstHand => (
                "The municipality holds the lease and sublets it",
                "Kommunen hyr i första hand och hyr ut i andra hand",
                "Kommunen leier og fremleier boligen",
            ),
            Sublet => (
                "The landlord lets directly to the household",
                "Hyresvärden hyr ut direkt till hushållet",
                "Utleier leier ut direkte til husstanden",
            ),
        })
    }

    /// Where a placement run is (the API's `queued`, `running`, `done`, `failed`).
    pub fn run_status(self, status: crate::values::RunStatus) -> &'static str {
        use crate::values::RunStatus::*;
        self.pick(match status {
            Queued => ("Queued", "I kö", "I kø"),
            Running => ("Running", "Pågår", "Pågår"),
            Done => ("Done", "Klar", "Ferdig"),
            Failed => ("Failed", "Misslyckades", "Mislyktes"),
        })
    }

    /// How a run honours the households' rankings (the API's `mechanism`; `None`: by the
    /// predicted outcome alone).
    pub fn run_mechanism(self, mechanism: Option<crate::values::RunMechanism>) -> &'static str {
        use crate::values::RunMechanism::*;
        self.pick(match mechanism {
            None => (
                "Not considered: by the predicted outcome alone",
                "Beaktas inte: enbart efter förväntat utfall",
                "Ikke vurdert: bare etter forventet utfall",
            ),
            Some(Weighted) => (
                "Weighted: outcome + λ × preferences",
                "Viktad: utfall + λ × önskemål",
                "Vektet: utfall + λ × ønsker",
            ),
            Some(MinimumOutcome) => (
                "As far as a minimum outcome allows",
                "Så långt ett lägsta utfall tillåter",
                "Så langt et minste utfall tillater",
            ),
            Some(Stable) => (
                "Stable: municipalities' priorities, no justified envy",
                "Stabil: kommunernas prioriteringar, ingen berättigad avund",
                "Stabil: kommunenes prioriteringer, ingen berettiget misunnelse",
            ),
        })
    }

    /// How a placement run places (the API's `optimal` and `greedy`).
    pub fn run_method(self, method: crate::values::RunMethod) -> &'static str {
        use crate::values::RunMethod::*;
        self.pick(match method {
            Optimal => (
                "Optimal (landa's optimiser)",
                "Optimal (landas optimering)",
                "Optimal (landas optimering)",
            ),
            Greedy => (
                "In order of arrival",
                "I ankomstordning",
                "I ankomstrekkefølge",
            ),
        })
    }

    /// The body that took a municipality's decision; one named by the municipality as it is.
    pub fn deciding_body(self, body: &landa_model::DecidingBody) -> String {
        use landa_model::DecidingBody::*;
        match body {
            MunicipalCouncil => self.t(Text::MunicipalCouncil).to_owned(),
            ExecutiveBoard => self.t(Text::ExecutiveBoard).to_owned(),
            Other(name) => name.clone(),
        }
    }

    /// What kind of organisation an account speaks for, in its country's words.
    pub fn role_kind(self, role: &landa_model::Role) -> &'static str {
        use landa_model::{Country, Role::*};
        self.pick(match role {
            National(_) => (
                "National agency",
                "Nationell myndighet",
                "Nasjonal myndighet",
            ),
            Region(Country::Sweden, _) => (
                "County administrative board (länsstyrelse)",
                "Länsstyrelse",
                "Länsstyrelse (fylkesnivå)",
            ),
            Region(..) => (
                "County governor (statsforvalter)",
                "Statsförvaltare (länsnivå)",
                "Statsforvalter",
            ),
            Municipality(..) => ("Municipality", "Kommun", "Kommune"),
            Partner(..) => ("Partner", "Samverkanspart", "Samarbeidspart"),
            Housing(..) => ("Housing company", "Bostadsbolag", "Boligselskap"),
            Administrator => ("Administrator", "Administratör", "Administrator"),
        })
    }

    /// What a kind of planning reminder is about, as a count's noun on the start page.
    pub fn reminder_kind(self, kind: landa_app::reminders::PlanningReminderKind) -> &'static str {
        use landa_app::reminders::PlanningReminderKind::*;
        self.pick(match kind {
            NoDecision => (
                "municipalities without a decision",
                "kommuner utan beslut",
                "kommuner uten vedtak",
            ),
            UnansweredProposals => (
                "municipalities with proposals not answered within a week",
                "kommuner med förslag som inte besvarats inom en vecka",
                "kommuner med forslag som ikke er besvart innen en uke",
            ),
            LongWaiting => (
                "groups of households waiting more than a quarter",
                "grupper av hushåll som väntat mer än ett kvartal",
                "grupper av husstander som har ventet mer enn et kvartal",
            ),
            EmptyDwellings => (
                "municipalities with dwellings empty for a month",
                "kommuner med bostäder som stått tomma en månad",
                "kommuner med boliger som har stått tomme en måned",
            ),
            PassingOver => (
                "municipalities with first-hand contracts passing to households soon",
                "kommuner med förstahandskontrakt som snart övergår till hushållen",
                "kommuner med kontrakter som snart overdras til husstandene",
            ),
        })
    }

    /// How a household came.
    pub fn intake(self, category: landa_model::IntakeCategory) -> &'static str {
        use landa_model::IntakeCategory::*;
        self.pick(match category {
            Quota => ("Quota refugee", "Kvotflykting", "Overføringsflyktning"),
            ReceptionCentre => (
                "From a reception centre",
                "Från anläggningsboende",
                "Fra mottak",
            ),
            FamilyReunification => (
                "Family reunification",
                "Anhöriginvandring",
                "Familiegjenforening",
            ),
            SelfSettled => ("Self-settled", "Eget boende (EBO)", "Selvbosatt"),
        })
    }
}

/// Every text the UI shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    SkipToContent,
    LogIn,
    LogInWith,
    OrWithPassword,
    NoSingleSignOn,
    LoggedIn,
    Continue,
    CsvForExcel,
    CsvWithCommas,
    LogOut,
    Username,
    Password,
    Home,
    Agreements,
    PublicFigures,
    Language,
    Municipality,
    Municipalities,
    Region,
    Nation,
    Requested,
    Decided,
    Placed,
    Remaining,
    Gap,
    UnaccompaniedMinors,
    Persons,
    RequestHistory,
    DecisionHistory,
    RegisterDecision,
    DecidingBody,
    MunicipalCouncil,
    ExecutiveBoard,
    DecidedOn,
    RegistrationNumber,
    Save,
    Saved,
    Version,
    RecordedBy,
    Round,
    SentBy,
    SentOn,
    Households,
    Household,
    PlacedIn,
    WaitingSince,
    Dwellings,
    Let,
    PlacementRuns,
    StartRun,
    Method,
    TimeLimit,
    Approve,
    Approved,
    Status,
    Objective,
    Bound,
    GapToBound,
    Download,
    WithoutDecision,
    RequestedVsDecided,
    NotFound,
    Forbidden,
    NothingYet,
    Year,
    Code,
    Name,
    Members,
    Size,
    Distribute,
    Edit,
    Accounts,
    Administration,
    Accept,
    Question,
    Accepted,
    Questioned,
    Comment,
    Answers,
    Beds,
    AvailableFrom,
    Accessible,
    MarkLet,
    OfferDwelling,
    Adjustments,
    AdjustmentHelp,
    ChooseYesOrNo,
    TakesNoMinorsDeclared,
    TakesMinors,
    MinorsDeclaration,
    FormerlyInYear,
    CriterionSchoolCapacity,
    CriterionIntroductionResults,
    CriterionHousing,
    CriterionReception,
    CriterionLabourMarket,
    CriterionPopulation,
    CriteriaWeighed,
    UpperSecondaryPlaces,
    IntroductionResultRate,
    Today,
    Remarks,
    TakesNoMinors,
    BelowMinimum,
    MinimumHelp,
    MinimumRequest,
    Preview,
    Publish,
    PlacementRun,
    ExplainHousehold,
    Why,
    PlacedHere,
    WouldFit,
    Blocked,
    NotPlaced,
    ExpectedOutcome,
    WhatBlocked,
    Next,
    Previous,
    Role,
    Jurisdiction,
    JurisdictionHelp,
    Country,
    Active,
    Disabled,
    Enable,
    Disable,
    CreateAccount,
    AllRegions,
    ChooseRegion,
    SuppressionNote,
    Indicators,
    Indicator,
    Share,
    Count,
    ShareOfRequestDecided,
    ShareOfDecisionPlaced,
    MinorsPlacedOfDecided,
    BedsOfferedForRemaining,
    ProposalsAnswered,
    ProposalsQuestioned,
    Reminders,
    Versions,
    AddValue,
    Value,
    Date,
    Source,
    PrintReport,
    ReportData,
    FollowUpYear,
    Valid,
    Show,
    NoAgreements,
    LogLesson,
    WhatHappened,
    WhatWeLearned,
    WhatWeChange,
    KeepAgreement,
    RegisterSignatoryDecision,
    Signatory,
    AddGoal,
    Theme,
    GoalStatement,
    Goal,
    Owner,
    NoOne,
    AddIndicator,
    EditIndicator,
    Unit,
    Direction,
    Increase,
    Decrease,
    Baseline,
    Target,
    TargetDate,
    DataSource,
    AddAction,
    Activity,
    Responsible,
    Contact,
    Due,
    UpdateAction,
    Action,
    Result,
    RecordMeeting,
    Body,
    Minutes,
    MeetingDecisions,
    AddScheme,
    Funder,
    Purpose,
    AddProject,
    Scheme,
    Amount,
    From,
    Until,
    MunicipalityCode,
    StaleVersion,
    Intake,
    IntakeByCategory,
    RegisterArrivals,
    IntakeFile,
    IntakeFileHelp,
    ErrorSummary,
    PlacementDate,
    TieBonus,
    WaitingWeight,
    Mechanism,
    PreferenceWeight,
    OutcomeShare,
    Ranking,
    RankingHelp,
    SaveRanking,
    NoRanking,
    Criteria,
    CriteriaHelp,
    FromCriteria,
    Priorities,
    PrioritiesHelp,
    SavePriorities,
    NoPriorities,
    ReserveForLater,
    ForecastAgainstIntake,
    ForecastHouseholds,
    ArrivedHouseholds,
    ForecastPersons,
    ArrivedPersons,
    WaitingStock,
    DaysWaited,
    RunSchedule,
    NextRun,
    SetBy,
    StopSchedule,
    NoSchedule,
    FirstRun,
    EveryDays,
    SetSchedule,
    ScheduleSaved,
    ScheduleStopped,
    NeedsAttention,
    SetForecast,
    ForecastFile,
    ForecastFileHelp,
    ForecastSaved,
    LooksAhead,
    Reserving,
    Balancing,
    Scheduled,
    HouseholdFlow,
    ProposedHouseholds,
    PlacedHouseholds,
    MovedInHouseholds,
    MovedInOn,
    CommitToOffer,
    CommitToOfferHelp,
    Contract,
    Back,
    Reserved,
    OnOffer,
    HousingCompany,
    ReloadToSee,
    HousingCompanyHelp,
    ServesNoneHere,
    IdPrefix,
    FirstOffer,
    EveryMonths,
    RunStarted,
    RunApproved,
    More,
    Rent,
    PassesOverOn,
    BalanceOverYear,
    RecordMoveIn,
    RecordMoveOn,
    IntegrationRegister,
    RegisterHelp,
    Programme,
    StartedOn,
    FinalGoal,
    EndedOn,
    EndReasonLabel,
    CheckpointLabel,
    ActivityLabel,
    LivingIn,
    SaveProgramme,
    SaveStatus,
    NotRecorded,
    RecordForPerson,
    IntegrationIndicators,
    RegisterFile,
    RegisterFileHelp,
    RecordRegisterFile,
    AllOfThem,
    InWorkOrEducation,
    Women,
    Men,
    StillLivingThere,
    Withdraw,
    ArrivalsRegistered,
    Dwelling,
    PermitDate,
    Standing,
    History,
    Step,
    Sections,
    Breadcrumbs,
    PartsOfPage,
    Cancel,
    ApproveRunQuestion,
    PersonsToPlace,
    ApproveRunEffect,
    IsStarted,
    IsApproved,
    PersonsPlaced,
    Overview,
    PublishedTo,
    MunicipalitiesLower,
    PersonsLower,
    PublishedNext,
    PublishRound,
    To,
    PublishEffect,
    AuditLog,
    Pages,
    Newer,
    Older,
    DisableQuestion,
    DisableEffect,
    Account,
    AccountCreated,
    AccountCreatedNext,
    AccountDisabled,
    AccountEnabled,
    AccountEnabledNext,
    RecordContains,
    FromDay,
    ToDay,
    Filter,
    PartnerRole,
    RegionRole,
    DecisionFor,
    IsRegistered,
    DecisionNext,
    Decision,
    Needs,
    Languages,
    Showing,
    Of,
    All,
    HouseholdId,
    FollowUpReport,
    WhatNeedsDoing,
    NothingNeedsDoing,
    AgreementsYouFollow,
    AgreementReminders,
    PersonsInProposal,
    Approval,
    ApprovedBy,
    AwaitingApproval,
    ReplacedUnapproved,
    Population,
    EmploymentRate,
    ReceptionPer1000,
    HousingMarket,
    Lacks,
    MissingValueHelp,
    WholeNumberNot,
    Address,
    SingleSignOnIdentity,
    LinkIdentity,
    LinkIdentityHelp,
    IsLinkedTo,
    LinkedNext,
    AccountUnlinked,
    UnlinkedNext,
    IdOrAddress,
}

/// The words of a text that names a country's settlement terms, where they are read in
/// the other country's year: (English in a Norwegian year, Swedish in a Norwegian year,
/// bokmål or nynorsk in a Swedish year). English otherwise uses Sweden's terms, Swedish
/// Sweden's and Norwegian Norway's (`words`).
fn across(text: Text) -> Option<(&'static str, &'static str, &'static str)> {
    use Text::*;
    Some(match text {
        Programme => (
            "Introduction programme (introduksjonsprogram)",
            "Introduktionsprogrammet",
            "Etableringsprogrammet",
        ),
        Region => (
            "County (fylke)",
            "Fylke",
            "Län",
        ),
        Requested => (
            "Requested (anmodning)",
            "Anmodning",
            "Kommuntall",
        ),
        Decided => (
            "Decided (vedtak)",
            "Vedtak",
            "Beslutt",
        ),
        Placed => (
            "Settled",
            "Bosatta",
            "Anvist",
        ),
        Gap => (
            "Gap (requested − decided)",
            "Differens (anmodning − vedtak)",
            "Differanse (kommuntall − beslutt)",
        ),
        RequestHistory => (
            "Requests (anmodninger)",
            "Anmodningar per omgång",
            "Kommuntall per runde",
        ),
        DecisionHistory => (
            "Decisions (vedtak), every version",
            "Vedtak, alla versioner",
            "Beslutt, alle versjoner",
        ),
        RegisterDecision => (
            "Register the formal decision (vedtak)",
            "Registrera kommunens vedtak",
            "Registrer kommunens beslutt",
        ),
        DecidingBody => (
            "Deciding body",
            "Beslutande organ",
            "Besluttende organ",
        ),
        DecidedOn => (
            "Date of decision",
            "Datum för vedtaket",
            "Besluttsdato",
        ),
        PlacedIn => (
            "Settled in",
            "Bosatt i",
            "Anvist til",
        ),
        PlacementRuns => (
            "Placement runs (utsøking)",
            "Utsøkingar",
            "Anvisningskjøringer",
        ),
        StartRun => (
            "Start a placement run (utsøking)",
            "Starta en utsøking",
            "Start en anvisningskjøring",
        ),
        WithoutDecision => (
            "Without a decision (vedtak)",
            "Utan vedtak",
            "Uten beslutt",
        ),
        RequestedVsDecided => (
            "Requested and decided per municipality (anmodning and vedtak)",
            "Anmodning och vedtak per kommun",
            "Kommuntall og beslutt per kommune",
        ),
        Answers => (
            "Municipalities' answers to placements",
            "Kommunernas svar på utsøkingar",
            "Kommunenes svar på anvisninger",
        ),
        Distribute => (
            "Distribute the county's number (anmodninger)",
            "Fördela fylkets tal (anmodningar)",
            "Fordel länstallet (kommuntall)",
        ),
        Publish => (
            "Publish as a request round (anmodning)",
            "Skicka som ny anmodning",
            "Send som ny runde (kommuntall)",
        ),
        PlacementRun => (
            "Placement run (utsøking)",
            "Utsøking",
            "Anvisningskjøring",
        ),
        ExplainHousehold => (
            "Why did a household go where it went?",
            "Varför bosattes ett hushåll där det bosattes?",
            "Hvorfor ble en husstand anvist dit den ble?",
        ),
        PlacedHere => (
            "settled here",
            "bosatt här",
            "anvist hit",
        ),
        NotPlaced => (
            "Not settled",
            "Inte bosatt",
            "Ikke anvist",
        ),
        AllRegions => (
            "All counties (fylker)",
            "Alla fylken",
            "Alle län",
        ),
        ShareOfRequestDecided => (
            "Decided of the request (anmodning, persons)",
            "Vedtaget av anmodningen (personer)",
            "Besluttet av kommuntallet (personer)",
        ),
        ShareOfDecisionPlaced => (
            "Settled of the decision (vedtak, persons)",
            "Bosatta av vedtaket (personer)",
            "Anvist av beslutningen (personer)",
        ),
        MinorsPlacedOfDecided => (
            "Unaccompanied minors settled of those decided",
            "Ensamkommande barn bosatta av vedtagna",
            "Enslige mindreårige anvist av besluttede",
        ),
        PlacementDate => (
            "Day of settlement (dwellings available later do not count)",
            "Bosättningsdag (bostäder som blir lediga senare räknas inte)",
            "Anvisningsdag (boliger som blir ledige senere teller ikke)",
        ),
        WaitingStock => (
            "Households waiting for a municipality, by days waited",
            "Hushåll som väntar på bosättning, efter väntetid i dagar",
            "Husstander som venter på anvisning, etter ventetid i dager",
        ),
        RunSchedule => (
            "Placement runs (utsøking) on a schedule",
            "Schemalagda utsøkingar",
            "Planlagte anvisningskjøringer",
        ),
        RunApproved => (
            "The run is approved: its households are settled (utsøkt).",
            "Körningen är godkänd: dess hushåll är bosatta (utsøkt).",
            "Kjøringen er godkjent: husstandene er anvist.",
        ),
        HousingCompanyHelp => (
            "The homes you offer in the municipalities you serve: on offer until IMDi settles a household in one (reserved), let once the household has moved in. Households' personal data stays with the municipality.",
            "Bostäderna ni erbjuder i kommunerna ni betjänar: erbjudna tills IMDi bosätter ett hushåll i en (reserverad), uthyrda när hushållet flyttat in. Hushållens personuppgifter stannar hos kommunen.",
            "Boligene dere tilbyr i kommunene dere betjener: tilbudt til Migrationsverket anviser en husstand til en (reservert), utleid når husstanden har flyttet inn. Husstandenes personopplysninger blir hos kommunen.",
        ),
        PlacedHouseholds => (
            "Households settled",
            "Hushåll bosatta",
            "Husstander anvist",
        ),
        BalanceOverYear => (
            "Balance each municipality's number (vedtak) over the year (the cost is shown with the run)",
            "Fördela varje kommuns vedtak över året (kostnaden visas med körningen)",
            "Fordel hver kommunes kommuntall over året (kostnaden vises med kjøringen)",
        ),
        DecisionFor => (
            "Decision (vedtak) for",
            "Vedtak för",
            "Beslutt for",
        ),
        DecisionNext => (
            "The county governor (statsforvalter) and IMDi see it at once; settlement keeps within it.",
            "Statsforvaltaren och IMDi ser det direkt; bosättningen håller sig inom det.",
            "Länsstyrelsen og Migrationsverket ser det med én gang; anvisningen holder seg innenfor det.",
        ),
        Decision => (
            "Decision (vedtak)",
            "Vedtak",
            "Beslutt",
        ),
        RegionRole => (
            "County (statsforvalter)",
            "Fylke (statsforvaltare)",
            "Län (länsstyrelse)",
        ),
        PublishedNext => (
            "Each municipality sees its number on its page and answers with its decision (vedtak).",
            "Varje kommun ser sitt tal på sin sida och svarar med sitt vedtak.",
            "Hver kommune ser tallet sitt på sin side og svarer med beslutningen sin.",
        ),
        PublishEffect => (
            "Publishing sends these numbers as a request round (anmodning): each municipality sees its own number at once and is reminded until it has decided (vedtak). A published round is kept; a later round replaces its numbers.",
            "Publiceringen skickar talen som en anmodningsomgång: varje kommun ser sitt tal direkt och påminns tills den har fattat vedtak. En publicerad omgång sparas; en senare omgång ersätter dess tal.",
            "Utsendingen sender tallene som en runde med kommuntall: hver kommune ser sitt tall med én gang og blir påminnet til den har besluttet. En utsendt runde lagres; en senere runde erstatter tallene.",
        ),
        PersonsPlaced => (
            "persons settled",
            "personer bosatta",
            "personer anvist",
        ),
        ApproveRunQuestion => (
            "Approve placement run (utsøking)",
            "Godkänna utsøking",
            "Godkjenne anvisningskjøring",
        ),
        PersonsToPlace => (
            "Persons it settles",
            "Personer som bosätts",
            "Personer som anvises",
        ),
        ApproveRunEffect => (
            "Approving settles these households: each municipality sees its own at once, and they can no longer be placed by another run. Another officer than the one who started the run approves it.",
            "Godkännandet bosätter hushållen: varje kommun ser sina direkt, och de kan inte längre bosättas av en annan körning. En annan handläggare än den som startade körningen godkänner den.",
            "Godkjenningen anviser husstandene: hver kommune ser sine med én gang, og de kan ikke lenger anvises av en annen kjøring. En annen saksbehandler enn den som startet kjøringen, godkjenner den.",
        ),
        ChooseRegion => (
            "Choose a county (fylke) to see its municipalities.",
            "Välj ett fylke för att se dess kommuner.",
            "Velg et län for å se kommunene.",
        ),
        _ => return None,
    })
}

/// Nynorsk, the administrative language form of many Norwegian municipalities, for the
/// texts of a municipality's main pages and the frame around them; any other text is
/// read in bokmål.
fn nynorsk(text: Text) -> Option<&'static str> {
    use Text::*;
    Some(match text {
        Priorities => "Hushald vi er førebudde på å busetje først",
        PrioritiesHelp => "Grupper i rekkjefølgje, skilde med komma: large_families, families_with_children, single_adults, unaccompanied_minors, ties, need:<teneste>. Ei køyring med stabil mekanisme lèt dykk ta dei først; tomt: ingen.",
        SavePriorities => "Lagre prioriteringane",
        NoPriorities => "Ingen prioriterte grupper: hushalda blir tekne imot i den rekkjefølgja dei har venta.",
        Accept => "Godta",
        Accepted => "Godteke",
        Accessible => "Tilgjengeleg (universell utforming)",
        Address => "Gateadresse",
        Administration => "Administrasjon",
        Agreements => "Avtalar og oppfølging",
        All => "Alle",
        AvailableFrom => "Ledig frå",
        Back => "Tilbake",
        Beds => "Sengeplassar",
        Breadcrumbs => "Du er her",
        Cancel => "Avbryt og gå tilbake",
        Comment => "Kommentar (kvifor, om det blir stilt spørsmål)",
        MinorsDeclaration => "Einslege mindreårige (EM): IMDi oppmodar berre kommunar som tek imot dei",
        TakesMinors => "Vi tek imot einslege mindreårige",
        TakesNoMinorsDeclared => "Vi tek ikkje imot einslege mindreårige",
        ChooseYesOrNo => "Vel eitt av dei to.",
        FormerlyInYear => "Året er frå før kodeendringane: kommunen dykkar var då",
        CommitToOffer => "Forplikt dykk til å tilby bustader jamleg",
        CommitToOfferHelp => "Til dømes éi leilegheit i månaden til desember: kvart tilbod blir lagt til som ein bustad ledig frå sin dag.",
        Continue => "Hald fram",
        Contract => "Kontrakt",
        Date => "Dato",
        Decided => "Vedteke",
        DecidedOn => "Vedtaksdato",
        DecidingBody => "Vedtaksorgan",
        Decision => "Vedtak",
        DecisionFor => "Vedtak for",
        DecisionHistory => "Vedtak, alle versjonar",
        DecisionNext => "Statsforvaltaren og IMDi ser det med ein gong; busetjinga held seg innanfor det.",
        Download => "Last ned",
        Dwelling => "Bustad",
        Dwellings => "Tilbodne bustader",
        Edit => "Endre",
        ErrorSummary => "Det er eit problem",
        EveryMonths => "Kvar … månad",
        ExecutiveBoard => "Formannskapet",
        Filter => "Filtrer",
        FirstOffer => "Første tilbod den",
        Forbidden => "Ikkje tillate for rolla di.",
        History => "Historikk",
        Home => "Heim",
        Household => "Hushald",
        HouseholdId => "Id-en til hushaldet inneheld",
        Households => "Hushald",
        HousingCompany => "Bustadselskap",
        IdPrefix => "Id-prefiks (tilboda blir prefiks-1, prefiks-2, …)",
        Intake => "Ankomstar",
        IsRegistered => "er registrert",
        Language => "Språk",
        Languages => "Språk",
        Let => "Utleigd",
        LogIn => "Logg inn",
        LogInWith => "Logg inn med",
        LogOut => "Logg ut",
        LoggedIn => "Du er logga inn",
        MarkLet => "Merk som utleigd:",
        Members => "Personar",
        MovedInOn => "flytta inn",
        Needs => "Behov",
        NeedsAttention => "Treng oppfølging",
        Newer => "Nyare hendingar",
        NoSingleSignOn => "Denne installasjonen har inga felles innlogging; logg inn med passordet ditt.",
        NotFound => "Finst ikkje, eller er ikkje ditt å sjå.",
        NothingYet => "Ingenting enno.",
        OfferDwelling => "Tilby ein bustad",
        Older => "Eldre hendingar",
        OrWithPassword => "Eller med brukarnamn og passord i landa:",
        PartsOfPage => "Delar av sida",
        PassesOverOn => "Førstehandskontrakten blir overdregen til hushaldet den",
        Persons => "Personar",
        PersonsLower => "personar",
        Placed => "Busett",
        Previous => "Førre",
        PublicFigures => "Offentleg statistikk",
        Question => "Still spørsmål ved",
        Questioned => "Stilt spørsmål ved",
        RecordMoveOn => "Registrer flytting til ein annan kommune",
        IntegrationRegister => "Integreringsregister",
        RegisterHelp => "Kva som skjedde etter busetjinga, per person: introduksjonsprogrammet og status ved faste tidspunkt. Kommunen hushaldet vart busett i registrerer; kvar endring blir lagra som ein ny versjon.",
        EndedOn => "Avslutta",
        EndReasonLabel => "Årsak til avslutting",
        SaveProgramme => "Lagra programmet",
        SaveStatus => "Lagra statusen",
        NotRecorded => "Ikkje registrert",
        IntegrationIndicators => "Integrering: i arbeid eller utdanning etter busetjinga",
        StillLivingThere => "Bur framleis der",
        RegisterDecision => "Registrer vedtaket til kommunen",
        Remaining => "Står att",
        Rent => "Månadsleige (kr)",
        RequestHistory => "Oppmodingar",
        Requested => "Oppmoda",
        Saved => "Lagra.",
        Sections => "Delar av tenesta",
        SentBy => "Send av",
        SentOn => "Send",
        Size => "Storleik",
        SkipToContent => "Hopp til innhaldet",
        UnaccompaniedMinors => "Einslege mindreårige",
        Username => "Brukarnamn",
        Version => "Versjon",
        WaitingSince => "Ventar sidan",
        WholeNumberNot => "Skriv eit heiltal, 0 eller større, ikkje",
        Withdraw => "Trekk frå året",
        Indicators => "Indikatorar",
        Share => "Del",
        Count => "Tal",
        ShareOfRequestDecided => "Vedteke av oppmodinga (personar)",
        ShareOfDecisionPlaced => "Busett av vedtaket (personar)",
        MinorsPlacedOfDecided => "Einslege mindreårige busette av dei vedtekne",
        BedsOfferedForRemaining => "Senger i tilbodne bustader for personar som står att",
        ProposalsAnswered => "Føreslåtte hushald svara på",
        ProposalsQuestioned => "Føreslåtte hushald det er stilt spørsmål ved",
        _ => return None,
    })
}

fn words(text: Text) -> (&'static str, &'static str, &'static str) {
    use Text::*;
    match text {
        SkipToContent => (
            "Skip to content",
            "Hoppa till innehållet",
            "Hopp til innholdet",
        ),
        LogIn => ("Log in", "Logga in", "Logg inn"),
        LogInWith => ("Log in with", "Logga in med", "Logg inn med"),
        OrWithPassword => (
            "Or with your landa username and password:",
            "Eller med ditt användarnamn och lösenord i landa:",
            "Eller med brukernavn og passord i landa:",
        ),
        NoSingleSignOn => (
            "This installation has no single sign-on; log in with your password.",
            "Den här installationen har ingen gemensam inloggning; logga in med ditt lösenord.",
            "Denne installasjonen har ingen felles innlogging; logg inn med passordet ditt.",
        ),
        LoggedIn => ("You are logged in", "Du är inloggad", "Du er logget inn"),
        Continue => ("Continue", "Fortsätt", "Fortsett"),
        CsvForExcel => ("CSV for Excel (;)", "CSV för Excel (;)", "CSV for Excel (;)"),
        CsvWithCommas => ("CSV (,)", "CSV (,)", "CSV (,)"),
        LogOut => ("Log out", "Logga ut", "Logg ut"),
        Username => ("Username", "Användarnamn", "Brukernavn"),
        Password => ("Password", "Lösenord", "Passord"),
        Home => ("Home", "Start", "Hjem"),
        Agreements => (
            "Agreements and follow-up",
            "Överenskommelser och uppföljning",
            "Avtaler og oppfølging",
        ),
        PublicFigures => (
            "Public figures",
            "Offentlig statistik",
            "Offentlig statistikk",
        ),
        Language => ("Language", "Språk", "Språk"),
        Municipality => ("Municipality", "Kommun", "Kommune"),
        Municipalities => ("Municipalities", "Kommuner", "Kommuner"),
        Region => ("Region", "Län", "Fylke"),
        Nation => ("Nation", "Riket", "Landet"),
        Requested => ("Requested (municipal quota)", "Kommuntal", "Anmodet"),
        Decided => ("Decided", "Beslutat", "Vedtatt"),
        Placed => ("Placed", "Anvisade", "Bosatt"),
        Remaining => ("Remaining", "Kvar", "Gjenstår"),
        Gap => (
            "Gap (requested − decided)",
            "Differens (kommuntal − beslut)",
            "Differanse (anmodet − vedtatt)",
        ),
        UnaccompaniedMinors => (
            "Unaccompanied minors",
            "Ensamkommande barn",
            "Enslige mindreårige",
        ),
        Persons => ("Persons", "Personer", "Personer"),
        RequestHistory => ("Requests", "Kommuntal per omgång", "Anmodninger"),
        DecisionHistory => (
            "Decisions, every version",
            "Beslut, alla versioner",
            "Vedtak, alle versjoner",
        ),
        RegisterDecision => (
            "Register the formal decision",
            "Registrera kommunens beslut",
            "Registrer kommunens vedtak",
        ),
        DecidingBody => ("Deciding body", "Beslutande organ", "Vedtaksorgan"),
        MunicipalCouncil => ("Municipal council", "Kommunfullmäktige", "Kommunestyret"),
        ExecutiveBoard => ("Executive board", "Kommunstyrelsen", "Formannskapet"),
        DecidedOn => ("Date of decision", "Beslutsdatum", "Vedtaksdato"),
        RegistrationNumber => ("Registration number", "Diarienummer", "Saksnummer"),
        Save => ("Save", "Spara", "Lagre"),
        Saved => ("Saved.", "Sparat.", "Lagret."),
        Version => ("Version", "Version", "Versjon"),
        RecordedBy => ("Recorded by", "Registrerat av", "Registrert av"),
        Round => ("Round", "Omgång", "Runde"),
        SentBy => ("Sent by", "Avsändare", "Sendt av"),
        SentOn => ("Sent on", "Skickat", "Sendt"),
        Households => ("Households", "Hushåll", "Husstander"),
        Household => ("Household", "Hushåll", "Husstand"),
        PlacedIn => ("Placed in", "Anvisad till", "Bosatt i"),
        WaitingSince => ("Waiting since", "Väntar sedan", "Venter siden"),
        Dwellings => ("Dwellings offered", "Erbjudna bostäder", "Tilbudte boliger"),
        Let => ("Let", "Uthyrd", "Utleid"),
        PlacementRuns => ("Placement runs", "Anvisningskörningar", "Utsøkinger"),
        StartRun => (
            "Start a placement run",
            "Starta en anvisningskörning",
            "Start en utsøking",
        ),
        Method => ("Method", "Metod", "Metode"),
        TimeLimit => (
            "Time limit (seconds)",
            "Tidsgräns (sekunder)",
            "Tidsgrense (sekunder)",
        ),
        Approve => ("Approve", "Godkänn", "Godkjenn"),
        Approved => ("Approved", "Godkänd", "Godkjent"),
        Status => ("Status", "Status", "Status"),
        Objective => ("Objective", "Målvärde", "Målverdi"),
        Bound => ("Bound", "Gräns", "Grense"),
        GapToBound => (
            "Gap to bound",
            "Avstånd till gränsen",
            "Avstand til grensen",
        ),
        Download => ("Download", "Ladda ner", "Last ned"),
        WithoutDecision => ("Without a decision", "Utan beslut", "Uten vedtak"),
        RequestedVsDecided => (
            "Requested and decided per municipality",
            "Kommuntal och beslut per kommun",
            "Anmodet og vedtatt per kommune",
        ),
        NotFound => (
            "Not found, or not yours to see.",
            "Finns inte, eller är inte ditt att se.",
            "Finnes ikke, eller er ikke ditt å se.",
        ),
        Forbidden => (
            "Not allowed for your role.",
            "Inte tillåtet för din roll.",
            "Ikke tillatt for din rolle.",
        ),
        NothingYet => ("Nothing yet.", "Inget ännu.", "Ingenting ennå."),
        Year => ("Year", "År", "År"),
        Code => ("Code", "Kod", "Kode"),
        Name => ("Name", "Namn", "Navn"),
        Members => ("Members", "Personer", "Personer"),
        Size => ("Size", "Storlek", "Størrelse"),
        Beds => ("Beds", "Bäddar", "Sengeplasser"),
        AvailableFrom => ("Available from", "Tillgänglig från", "Ledig fra"),
        Accessible => (
            "Accessible",
            "Tillgänglighetsanpassad",
            "Tilgjengelig (universell utforming)",
        ),
        MarkLet => ("Mark let:", "Markera uthyrd:", "Merk utleid:"),
        OfferDwelling => ("Offer a dwelling", "Erbjud en bostad", "Tilby en bolig"),
        Accept => ("Accept", "Godta", "Godta"),
        Question => ("Question", "Ifrågasätt", "Stille spørsmål ved"),
        Accepted => ("Accepted", "Godtagen", "Godtatt"),
        Questioned => ("Questioned", "Ifrågasatt", "Stilt spørsmål ved"),
        Comment => (
            "Comment (why, if questioned)",
            "Kommentar (varför, om ifrågasatt)",
            "Kommentar (hvorfor, hvis det stilles spørsmål)",
        ),
        Answers => (
            "Municipalities' answers to placements",
            "Kommunernas svar på anvisningar",
            "Kommunenes svar på bosettinger",
        ),
        Accounts => ("Accounts", "Konton", "Kontoer"),
        Administration => ("Administration", "Administration", "Administrasjon"),
        Edit => ("Edit", "Ändra", "Endre"),
        Distribute => (
            "Distribute the region's number (municipal quotas)",
            "Fördela länstalet (kommuntal)",
            "Fordel fylkets tall (anmodninger)",
        ),
        Adjustments => ("Adjustments", "Justeringar", "Justeringer"),
        MinimumRequest => (
            "Fewest persons asked of a municipality",
            "Minsta antal personer per kommun",
            "Minste antall personer i en anmodning",
        ),
        MinimumHelp => (
            "Blank: the country's rule (Norway: 10, as IMDi asks no municipality for fewer; Sweden: none). A municipality whose number would fall below it is asked for none.",
            "Tomt: landets regel (Norge: 10, eftersom IMDi inte begär färre av en kommun; Sverige: ingen). En kommun vars tal skulle bli lägre får inget.",
            "Tomt: landets regel (Norge: 10, da IMDi ikke anmoder om færre; Sverige: ingen). En kommune som ville fått færre, blir ikke anmodet.",
        ),
        BelowMinimum => (
            "Not asked: below the minimum",
            "Inget tal: under minsta antalet",
            "Ikke anmodet: under minstetallet",
        ),
        TakesNoMinors => (
            "Does not take unaccompanied minors",
            "Tar inte emot ensamkommande barn",
            "Bosetter ikke enslige mindreårige",
        ),
        Remarks => (
            "Remarks",
            "Anmärkningar",
            "Merknader",
        ),
        Today => (
            "Today part of",
            "I dag del av",
            "I dag del av",
        ),
        AdjustmentHelp => (
            "one a line: municipality code = persons: reason",
            "en per rad: kommunkod = personer: skäl",
            "én per linje: kommunenummer = personer: begrunnelse",
        ),
        ChooseYesOrNo => (
            "Choose one of the two.",
            "Välj ett av de två.",
            "Velg ett av de to.",
        ),
        TakesNoMinorsDeclared => (
            "We do not take unaccompanied minors",
            "Vi tar inte emot ensamkommande barn",
            "Vi tar ikke imot enslige mindreårige",
        ),
        TakesMinors => (
            "We take unaccompanied minors",
            "Vi tar emot ensamkommande barn",
            "Vi tar imot enslige mindreårige",
        ),
        MinorsDeclaration => (
            "Unaccompanied minors (enslige mindreårige, EM): IMDi asks for them only where the municipality takes them",
            "Ensamkommande barn (enslige mindreårige, EM): IMDi begär dem bara av kommuner som tar emot dem",
            "Enslige mindreårige (EM): IMDi anmoder bare kommuner som tar imot dem",
        ),
        FormerlyInYear => (
            "This year is from before the code changes: your municipality was then",
            "Året är från före kodändringarna: er kommun var då",
            "Året er fra før kodeendringene: kommunen deres var da",
        ),
        CriterionSchoolCapacity => (
            "upper-secondary places",
            "gymnasieplatser",
            "plasser i videregående opplæring",
        ),
        CriterionIntroductionResults => (
            "introduction programme results",
            "resultat av introduktionsprogrammet",
            "resultater i introduksjonsprogrammet",
        ),
        CriterionHousing => (
            "the housing market",
            "bostadsmarknaden",
            "boligmarkedet",
        ),
        CriterionReception => (
            "reception already carried",
            "tidigare mottagande",
            "tidligere mottak",
        ),
        CriterionLabourMarket => (
            "employment",
            "sysselsättning",
            "sysselsetting",
        ),
        CriterionPopulation => (
            "inhabitants",
            "invånare",
            "innbyggere",
        ),
        CriteriaWeighed => (
            "The numbers weigh",
            "Talen väger in",
            "Tallene vekter",
        ),
        UpperSecondaryPlaces => (
            "a number of upper-secondary places for newly arrived young people",
            "ett antal gymnasieplatser för nyanlända ungdomar",
            "et antall plasser i videregående opplæring for nyankomne ungdommer",
        ),
        IntroductionResultRate => (
            "an introduction programme result (share in work or education a year after)",
            "ett resultat av introduktionsprogrammet (andel i arbete eller studier ett år efter)",
            "et resultat fra introduksjonsprogrammet (andel i arbeid eller utdanning ett år etter)",
        ),
        Preview => ("Preview", "Förhandsgranska", "Forhåndsvis"),
        Publish => (
            "Publish as a request round",
            "Skicka som ny omgång",
            "Send som ny anmodning",
        ),
        PlacementRun => ("Placement run", "Anvisningskörning", "Utsøkingskjøring"),
        ExplainHousehold => (
            "Why did a household go where it went?",
            "Varför anvisades ett hushåll dit det anvisades?",
            "Hvorfor ble en husstand bosatt der den ble?",
        ),
        Why => ("Why", "Varför", "Hvorfor"),
        PlacedHere => ("placed here", "anvisad hit", "bosatt her"),
        WouldFit => (
            "would have fitted (the optimiser chose better)",
            "hade fått plats (optimeringen valde bättre)",
            "ville fått plass (optimeringen valgte bedre)",
        ),
        Blocked => ("blocked", "stopp", "stengt"),
        NotPlaced => ("Not placed", "Inte anvisad", "Ikke bosatt"),
        ExpectedOutcome => ("Expected outcome", "Förväntat utfall", "Forventet utfall"),
        WhatBlocked => ("What blocked it", "Vad som hindrade", "Hva som hindret"),
        Next => ("Next", "Nästa", "Neste"),
        Previous => ("Previous", "Föregående", "Forrige"),
        Role => ("Role", "Roll", "Rolle"),
        Jurisdiction => ("Jurisdiction", "Ansvarsområde", "Ansvarsområde"),
        JurisdictionHelp => (
            "Jurisdiction: region code, municipality code, partner name, or a housing company's name and the municipalities it serves (Kopparstaden:2080,2081)",
            "Ansvarsområde: länskod, kommunkod, partnerns namn, eller bostadsbolagets namn och kommunerna det betjänar (Kopparstaden:2080,2081)",
            "Ansvarsområde: fylkesnummer, kommunenummer, partnerens navn, eller boligselskapets navn og kommunene det betjener (Boligbygg:0301,3201)",
        ),
        Country => ("Country", "Land", "Land"),
        Active => ("active", "aktivt", "aktiv"),
        Disabled => ("disabled", "avstängt", "deaktivert"),
        Enable => ("Enable", "Aktivera", "Aktiver"),
        Disable => ("Disable", "Stäng av", "Deaktiver"),
        CreateAccount => ("Create an account", "Skapa ett konto", "Opprett en konto"),
        AllRegions => ("All regions", "Alla län", "Alle fylker"),
        Indicators => ("Indicators", "Indikatorer", "Indikatorer"),
        Indicator => ("Indicator", "Indikator", "Indikator"),
        Share => ("Share", "Andel", "Andel"),
        Count => ("Count", "Antal", "Antall"),
        ShareOfRequestDecided => (
            "Decided of the municipal quota (persons)",
            "Beslutat av kommuntalet (personer)",
            "Vedtatt av anmodningen (personer)",
        ),
        ShareOfDecisionPlaced => (
            "Placed of the decision (persons)",
            "Anvisade av beslutet (personer)",
            "Bosatt av vedtaket (personer)",
        ),
        MinorsPlacedOfDecided => (
            "Unaccompanied minors placed of those decided",
            "Ensamkommande barn anvisade av beslutade",
            "Enslige mindreårige bosatt av vedtatte",
        ),
        BedsOfferedForRemaining => (
            "Beds in dwellings on offer for the persons remaining",
            "Bäddar i erbjudna bostäder för kvarvarande personer",
            "Senger i tilbudte boliger for gjenstående personer",
        ),
        ProposalsAnswered => (
            "Proposed households answered",
            "Föreslagna hushåll besvarade",
            "Foreslåtte husstander besvart",
        ),
        Reminders => ("Reminders", "Påminnelser", "Påminnelser"),
        Versions => (
            "Versions (every change is kept)",
            "Versioner (varje ändring sparas)",
            "Versjoner (hver endring lagres)",
        ),
        AddValue => (
            "Add a measured value",
            "Lägg till ett mätvärde",
            "Legg til en målt verdi",
        ),
        Value => ("Value", "Värde", "Verdi"),
        Date => ("Date", "Datum", "Dato"),
        Source => ("Source", "Källa", "Kilde"),
        PrintReport => (
            "Print-ready report (save as PDF from the browser)",
            "Utskriftsvänlig rapport (spara som PDF i webbläsaren)",
            "Utskriftsvennlig rapport (lagre som PDF i nettleseren)",
        ),
        ReportData => (
            "Report data (JSON)",
            "Rapportdata (JSON)",
            "Rapportdata (JSON)",
        ),
        FollowUpYear => ("Follow-up year", "Uppföljningsår", "Oppfølgingsår"),
        Valid => ("Valid", "Giltig", "Gyldig"),
        LogLesson => (
            "Log a lesson learned",
            "Skriv in en lärdom",
            "Før inn en lærdom",
        ),
        WhatHappened => ("What happened", "Vad hände", "Hva skjedde"),
        WhatWeLearned => ("What we learned", "Vad vi lärde oss", "Hva vi lærte"),
        WhatWeChange => (
            "What we change (optional)",
            "Vad vi ändrar (frivilligt)",
            "Hva vi endrer (valgfritt)",
        ),
        Show => ("Show", "Visa", "Vis"),
        Intake => ("Intake", "Mottagande", "Ankomster"),
        IntakeByCategory => (
            "The year's arrivals by category and where they stand",
            "Årets anlända per kategori och var de står",
            "Årets ankomne etter kategori og hvor de står",
        ),
        RegisterArrivals => (
            "Register arrivals from a file",
            "Registrera anlända från en fil",
            "Registrer ankomne fra en fil",
        ),
        IntakeFile => (
            "Households file (CSV or Excel)",
            "Fil med hushåll (CSV eller Excel)",
            "Fil med husholdninger (CSV eller Excel)",
        ),
        IntakeFileHelp => (
            "The columns of households.csv (docs/scenario-format.md); a workbook may add a sheet persons. All or nothing: with any error, nothing is registered.",
            "Kolumnerna i households.csv (docs/scenario-format.md); en arbetsbok kan ha ett blad persons. Allt eller inget: vid något fel registreras ingenting.",
            "Kolonnene i households.csv (docs/scenario-format.md); en arbeidsbok kan ha et ark persons. Alt eller ingenting: ved en feil registreres ingenting.",
        ),
        ArrivalsRegistered => (
            "Registered: the households wait for the next run.",
            "Registrerade: hushållen väntar på nästa körning.",
            "Registrert: husholdningene venter på neste kjøring.",
        ),
        RecordMoveIn => ("Record the move-in", "Registrera inflyttning", "Registrer innflytting"),
        IntegrationRegister => ("Integration register", "Integrationsregister", "Integreringsregister"),
        RegisterHelp => (
            "What happened after settling, per person: the introduction programme and the status at fixed points. The municipality the household settled in records it; each change is kept as a new version.",
            "Vad som hände efter bosättningen, per person: etableringsprogrammet och läget vid fasta tidpunkter. Kommunen där hushållet bosatte sig registrerar; varje ändring sparas som en ny version.",
            "Hva som skjedde etter bosettingen, per person: introduksjonsprogrammet og status ved faste tidspunkt. Kommunen husholdningen ble bosatt i registrerer; hver endring lagres som en ny versjon.",
        ),
        Programme => (
            "Introduction programme (etableringsprogram)",
            "Etableringsprogrammet",
            "Introduksjonsprogrammet",
        ),
        StartedOn => ("Started on", "Startdatum", "Startdato"),
        FinalGoal => ("Final goal", "Mål", "Sluttmål"),
        EndedOn => ("Ended on", "Avslutat", "Avsluttet"),
        EndReasonLabel => ("Reason for ending", "Avslutsorsak", "Årsak til avslutning"),
        CheckpointLabel => ("Checkpoint", "Mättidpunkt", "Måletidspunkt"),
        ActivityLabel => ("Activity", "Sysselsättning", "Aktivitet"),
        LivingIn => ("Living in (municipality code)", "Bor i (kommunkod)", "Bor i (kommunenummer)"),
        SaveProgramme => ("Save the programme", "Spara programmet", "Lagre programmet"),
        SaveStatus => ("Save the status", "Spara läget", "Lagre statusen"),
        NotRecorded => ("Not recorded", "Inte registrerat", "Ikke registrert"),
        RecordForPerson => ("Record for this person", "Registrera för personen", "Registrer for personen"),
        IntegrationIndicators => (
            "Integration: in work or education after settling",
            "Integration: i arbete eller studier efter bosättningen",
            "Integrering: i arbeid eller utdanning etter bosettingen",
        ),
        InWorkOrEducation => ("In work or education", "I arbete eller studier", "I arbeid eller utdanning"),
        AllOfThem => ("All", "Alla", "Alle"),
        RegisterFile => (
            "Register entries (CSV or Excel)",
            "Registeruppgifter (CSV eller Excel)",
            "Registeropplysninger (CSV eller Excel)",
        ),
        RegisterFileHelp => (
            "One row per entry: person_id, entry (programme or status), then for a programme decided_on, started_on, goal (work, education, other), ended_on, end_reason (work, education, moved, other); for a status checkpoint (programme_90_days, programme_1_year, settled_1_year, settled_2_years …), activity (work, education, both, neither), living_in (a municipality code; blank: yours). Leave the other entry's columns blank. Nothing is recorded if a row is wrong; every problem is listed by row and column.",
            "En rad per uppgift: person_id, entry (programme eller status), sedan för programmet decided_on, started_on, goal (work, education, other), ended_on, end_reason (work, education, moved, other); för ett läge checkpoint (programme_90_days, programme_1_year, settled_1_year, settled_2_years …), activity (work, education, both, neither), living_in (kommunkod; tomt: er kommun). Lämna den andra sortens kolumner tomma. Inget registreras om en rad är fel; varje fel visas med rad och kolumn.",
            "Én rad per opplysning: person_id, entry (programme eller status), deretter for programmet decided_on, started_on, goal (work, education, other), ended_on, end_reason (work, education, moved, other); for en status checkpoint (programme_90_days, programme_1_year, settled_1_year, settled_2_years …), activity (work, education, both, neither), living_in (kommunenummer; tomt: deres kommune). La den andre typens kolonner stå tomme. Ingenting registreres hvis en rad er feil; hver feil vises med rad og kolonne.",
        ),
        RecordRegisterFile => ("Record the file", "Registrera filen", "Registrer filen"),
        Women => ("Women", "Kvinnor", "Kvinner"),
        Men => ("Men", "Män", "Menn"),
        StillLivingThere => ("Still living there", "Bor kvar", "Bor fortsatt der"),
        RecordMoveOn => (
            "Record a move to another municipality",
            "Registrera flytt till en annan kommun",
            "Registrer flytting til en annen kommune",
        ),
        Withdraw => ("Withdraw from the year", "Återkalla från året", "Trekk fra året"),
        PlacementDate => (
            "Day of placement (dwellings available later do not count)",
            "Anvisningsdag (bostäder som blir lediga senare räknas inte)",
            "Bosettingsdag (boliger som blir ledige senere teller ikke)",
        ),
        TieBonus => (
            "Bonus for the municipality of a tie (relatives, work)",
            "Tillägg för kommun med anknytning (släkt, arbete)",
            "Tillegg for kommune med tilknytning (familie, arbeid)",
        ),
        Mechanism => (
            "Households' preferences (their rankings of municipalities)",
            "Hushållens önskemål (deras rangordning av kommuner)",
            "Husstandenes ønsker (deres rangering av kommuner)",
        ),
        PreferenceWeight => (
            "λ: weight of preferences against the outcome (weighted; blank: 0.5)",
            "λ: önskemålens vikt mot utfallet (viktad; tomt: 0,5)",
            "λ: ønskenes vekt mot utfallet (vektet; tomt: 0,5)",
        ),
        OutcomeShare => (
            "Share of the best predicted outcome to keep (minimum outcome; blank: 0.98)",
            "Andel av bästa förväntade utfall att behålla (lägsta utfall; tomt: 0,98)",
            "Andel av beste forventede utfall som beholdes (minste utfall; tomt: 0,98)",
        ),
        Ranking => (
            "Municipalities the household wants, most wanted first",
            "Kommuner hushållet önskar, mest önskad först",
            "Kommuner husstanden ønsker, mest ønsket først",
        ),
        RankingHelp => (
            "Municipality codes in order of preference, separated by commas; blank: no ranking.",
            "Kommunkoder i önskad ordning, åtskilda med kommatecken; tomt: ingen rangordning.",
            "Kommunenummer i ønsket rekkefølge, skilt med komma; tomt: ingen rangering.",
        ),
        SaveRanking => ("Save the preferences", "Spara önskemålen", "Lagre ønskene"),
        Criteria => (
            "What the household weighs, where it ranks no municipality",
            "Vad hushållet väger, om det inte rangordnar kommuner",
            "Hva husstanden vektlegger, om den ikke rangerer kommuner",
        ),
        CriteriaHelp => (
            "Criteria with weights, separated by commas, e.g. tie=2, language=1: city, town, rural, tie (near its relatives), language (near people who speak it), work, region:<code>.",
            "Kriterier med vikter, åtskilda med kommatecken, t.ex. tie=2, language=1: city (stad), town (tätort), rural (landsbygd), tie (nära anhöriga), language (nära dem som talar språket), work (arbete), region:<kod>.",
            "Kriterier med vekter, skilt med komma, f.eks. tie=2, language=1: city (by), town (tettsted), rural (distrikt), tie (nær familie), language (nær folk som snakker språket), work (arbeid), region:<kode>.",
        ),
        FromCriteria => (
            "The ranking its criteria make (what runs honour)",
            "Rangordningen som kriterierna ger (det körningar tar hänsyn till)",
            "Rangeringen kriteriene gir (det kjøringer tar hensyn til)",
        ),
        NoRanking => (
            "The household ranks no municipality.",
            "Hushållet har inte rangordnat några kommuner.",
            "Husstanden har ikke rangert noen kommuner.",
        ),
        Priorities => (
            "Households we are prepared for first",
            "Hushåll vi är förberedda att ta emot först",
            "Husstander vi er forberedt på å bosette først",
        ),
        PrioritiesHelp => (
            "Groups in order, separated by commas: large_families, families_with_children, single_adults, unaccompanied_minors, ties, need:<service>. A run with the stable mechanism lets you take them first; blank: none.",
            "Grupper i ordning, åtskilda med kommatecken: large_families, families_with_children, single_adults, unaccompanied_minors, ties, need:<tjänst>. En körning med stabil mekanism låter er ta dem först; tomt: inga.",
            "Grupper i rekkefølge, skilt med komma: large_families, families_with_children, single_adults, unaccompanied_minors, ties, need:<tjeneste>. En kjøring med stabil mekanisme lar dere ta dem først; tomt: ingen.",
        ),
        SavePriorities => ("Save the priorities", "Spara prioriteringarna", "Lagre prioriteringene"),
        NoPriorities => (
            "No priority groups: households are taken in the order they have waited.",
            "Inga prioriterade grupper: hushållen tas emot i den ordning de har väntat.",
            "Ingen prioriterte grupper: husstandene tas imot i den rekkefølgen de har ventet.",
        ),
        WaitingWeight => (
            "Weight per day waited",
            "Vikt per väntad dag",
            "Vekt per ventet dag",
        ),
        ForecastAgainstIntake => (
            "The year's arrivals against the forecast",
            "Årets mottagande mot prognosen",
            "Årets ankomster mot prognosen",
        ),
        ForecastHouseholds => ("Households forecast", "Hushåll enligt prognos", "Husstander i prognosen"),
        ArrivedHouseholds => ("Households registered", "Hushåll registrerade", "Husstander registrert"),
        ForecastPersons => ("Persons forecast", "Personer enligt prognos", "Personer i prognosen"),
        ArrivedPersons => ("Persons registered", "Personer registrerade", "Personer registrert"),
        WaitingStock => (
            "Households waiting for a municipality, by days waited",
            "Hushåll som väntar på anvisning, efter väntetid i dagar",
            "Husstander som venter på bosetting, etter ventetid i dager",
        ),
        DaysWaited => ("Days waited", "Väntade dagar", "Ventede dager"),
        RunSchedule => (
            "Placement runs on a schedule",
            "Schemalagda anvisningskörningar",
            "Planlagte utsøkingskjøringer",
        ),
        NextRun => ("Next run", "Nästa körning", "Neste kjøring"),
        SetBy => (
            "Runs start in the name of (another officer approves them)",
            "Körningarna startas i namn av (en annan handläggare godkänner dem)",
            "Kjøringene startes i navnet til (en annen saksbehandler godkjenner dem)",
        ),
        StopSchedule => ("Stop the schedule", "Stoppa schemat", "Stopp planen"),
        NoSchedule => (
            "No runs are scheduled: runs start only when someone starts one.",
            "Inga körningar är schemalagda: en körning startar bara när någon startar den.",
            "Ingen kjøringer er planlagt: en kjøring starter bare når noen starter den.",
        ),
        FirstRun => (
            "First run (UTC; a time up to a day ago starts a run at once)",
            "Första körningen (UTC; en tid upp till ett dygn bakåt startar en körning genast)",
            "Første kjøring (UTC; et tidspunkt inntil et døgn tilbake starter en kjøring straks)",
        ),
        EveryDays => ("Days between runs", "Dagar mellan körningarna", "Dager mellom kjøringene"),
        SetSchedule => ("Set the schedule", "Spara schemat", "Lagre planen"),
        ScheduleSaved => (
            "The schedule is saved: runs start at its times.",
            "Schemat är sparat: körningarna startar på sina tider.",
            "Planen er lagret: kjøringene starter til sine tider.",
        ),
        ScheduleStopped => (
            "The schedule is stopped.",
            "Schemat är stoppat.",
            "Planen er stoppet.",
        ),
        Rent => ("Monthly rent (kr)", "Månadshyra (kr)", "Månedsleie (kr)"),
        PassesOverOn => (
            "First-hand contract passes to the household on",
            "Förstahandskontraktet övergår till hushållet den",
            "Førstehåndskontrakten overdras til husstanden den",
        ),
        More => ("more", "till", "til"),
        RunStarted => (
            "The run is started: it is listed below, and done when its status says so.",
            "Körningen är startad: den visas nedan och är klar när dess status säger det.",
            "Kjøringen er startet: den vises nedenfor og er ferdig når statusen sier det.",
        ),
        RunApproved => (
            "The run is approved: its households are placed.",
            "Körningen är godkänd: dess hushåll är anvisade.",
            "Kjøringen er godkjent: husstandene er bosatt (utsøkt).",
        ),
        CommitToOffer => (
            "Commit to offering homes regularly",
            "Åta er att erbjuda bostäder regelbundet",
            "Forplikt dere til å tilby boliger jevnlig",
        ),
        CommitToOfferHelp => (
            "For example one apartment a month until December: each offer is added as a dwelling available on its day.",
            "Till exempel en lägenhet i månaden till december: varje erbjudande läggs till som en bostad ledig från sin dag.",
            "For eksempel én leilighet i måneden til desember: hvert tilbud legges til som en bolig ledig fra sin dag.",
        ),
        Contract => ("Contract", "Kontrakt", "Kontrakt"),
        Back => ("Back", "Tillbaka", "Tilbake"),
        Reserved => ("Reserved", "Reserverad", "Reservert"),
        OnOffer => ("On offer", "Erbjuden", "Tilbudt"),
        HousingCompany => ("Housing company", "Bostadsbolag", "Boligselskap"),
        ReloadToSee => (
            "the page now shows it: compare, then send your file again",
            "sidan visar den nu: jämför och skicka filen igen",
            "siden viser den nå: sammenlign og send filen igjen",
        ),
        HousingCompanyHelp => (
            "The homes you offer in the municipalities you serve: on offer until the national agency places a household in one (reserved), let once the household has moved in. Households' personal data stays with the municipality.",
            "Bostäderna ni erbjuder i kommunerna ni betjänar: erbjudna tills Migrationsverket anvisar ett hushåll till en (reserverad), uthyrda när hushållet flyttat in. Hushållens personuppgifter stannar hos kommunen.",
            "Boligene dere tilbyr i kommunene dere betjener: tilbudt til IMDi bosetter en husstand i en (reservert), utleid når husstanden har flyttet inn. Husstandenes personopplysninger blir hos kommunen.",
        ),
        ServesNoneHere => (
            "None of the municipalities you serve is in this planning year.",
            "Ingen av kommunerna ni betjänar finns i detta planeringsår.",
            "Ingen av kommunene dere betjener er med i dette planleggingsåret.",
        ),
        IdPrefix => ("Id prefix (offers are prefix-1, prefix-2, …)", "Id-prefix (erbjudandena blir prefix-1, prefix-2, …)", "Id-prefiks (tilbudene blir prefiks-1, prefiks-2, …)"),
        FirstOffer => ("First offer on", "Första erbjudandet den", "Første tilbud den"),
        EveryMonths => ("Every … months", "Var … månad", "Hver … måned"),
        MovedInOn => ("moved in on", "inflyttad den", "flyttet inn"),
        HouseholdFlow => (
            "Households on their way and settled, by municipality",
            "Hushåll på väg och bosatta, per kommun",
            "Husstander på vei og bosatt, per kommune",
        ),
        ProposedHouseholds => ("Households proposed", "Hushåll föreslagna", "Husstander foreslått"),
        PlacedHouseholds => ("Households placed", "Hushåll anvisade", "Husstander bosatt"),
        MovedInHouseholds => ("Households moved in", "Hushåll inflyttade", "Husstander flyttet inn"),
        Reserving => ("reserving", "reserverar", "reserverer"),
        Balancing => ("balancing", "fördelar över året", "fordeler over året"),
        LooksAhead => ("Looks ahead", "Blickar framåt", "Ser fremover"),
        Scheduled => ("scheduled", "schemalagd", "planlagt"),
        SetForecast => (
            "Set the forecast of arrivals",
            "Ange prognosen för mottagandet",
            "Legg inn prognosen for ankomster",
        ),
        ForecastFile => ("Forecast file (CSV or Excel)", "Prognosfil (CSV eller Excel)", "Prognosefil (CSV eller Excel)"),
        ForecastFileHelp => (
            "Columns period_start, period_end (a week or a month), intake_category (quota, reception_centre, family_reunification, self_settled), household_type (single_adult, couple, single_parent, couple_with_children, unaccompanied_minor), households, persons. It replaces the forecast before; a file with any error changes nothing.",
            "Kolumner period_start, period_end (en vecka eller en månad), intake_category (quota, reception_centre, family_reunification, self_settled), household_type (single_adult, couple, single_parent, couple_with_children, unaccompanied_minor), households, persons. Den ersätter den tidigare prognosen; en fil med något fel ändrar ingenting.",
            "Kolonner period_start, period_end (en uke eller en måned), intake_category (quota, reception_centre, family_reunification, self_settled), household_type (single_adult, couple, single_parent, couple_with_children, unaccompanied_minor), households, persons. Den erstatter prognosen før; en fil med feil endrer ingenting.",
        ),
        ForecastSaved => (
            "The forecast is saved: runs that look ahead use it.",
            "Prognosen är sparad: körningar som blickar framåt använder den.",
            "Prognosen er lagret: kjøringer som ser fremover bruker den.",
        ),
        NeedsAttention => ("Needs attention", "Behöver åtgärdas", "Trenger oppfølging"),
        ReserveForLater => (
            "Reserve places for the arrivals still expected this year",
            "Reservera platser för dem som väntas senare i år",
            "Reserver plasser til dem som ventes senere i år",
        ),
        BalanceOverYear => (
            "Balance each municipality's number over the year (the cost is shown with the run)",
            "Fördela varje kommuns kommuntal över året (kostnaden visas med körningen)",
            "Fordel hver kommunes vedtak over året (kostnaden vises med kjøringen)",
        ),
        ErrorSummary => (
            "There is a problem",
            "Det finns ett problem",
            "Det er et problem",
        ),
        Dwelling => ("Dwelling", "Bostad", "Bolig"),
        PermitDate => ("Residence permit", "Uppehållstillstånd", "Oppholdstillatelse"),
        Standing => ("Standing", "Läge", "Status"),
        History => ("History", "Historik", "Historikk"),
        Step => ("Step", "Steg", "Steg"),
        IdOrAddress => (
            "Id or address contains",
            "Id eller adress innehåller",
            "Id eller adresse inneholder",
        ),
        SingleSignOnIdentity => (
            "Identity at the organisation's login (single sign-on)",
            "Identitet i organisationens inloggning (single sign-on)",
            "Identitet i organisasjonens innlogging (single sign-on)",
        ),
        LinkIdentity => (
            "Link an account to its holder's organisation login",
            "Koppla ett konto till innehavarens organisationsinloggning",
            "Koble en konto til innehaverens organisasjonsinnlogging",
        ),
        LinkIdentityHelp => (
            "The identity as the organisation's identity provider names it (its subject, e-mail or username, as the installation is set up). A blank identity unlinks the account.",
            "Identiteten som organisationens identitetsleverantör anger den (dess subject, e-post eller användarnamn, som installationen är inställd). En tom identitet kopplar bort kontot.",
            "Identiteten slik organisasjonens identitetsleverandør oppgir den (subject, e-post eller brukernavn, slik installasjonen er satt opp). En tom identitet kobler fra kontoen.",
        ),
        IsLinkedTo => (
            "is linked to",
            "är kopplat till",
            "er koblet til",
        ),
        LinkedNext => (
            "Its holder now logs in with the organisation's login.",
            "Innehavaren loggar nu in med organisationens inloggning.",
            "Innehaveren logger nå inn med organisasjonens innlogging.",
        ),
        AccountUnlinked => (
            "is unlinked from single sign-on",
            "är bortkopplat från single sign-on",
            "er koblet fra single sign-on",
        ),
        UnlinkedNext => (
            "Its holder logs in with the account's password only.",
            "Innehavaren loggar bara in med kontots lösenord.",
            "Innehaveren logger bare inn med kontoens passord.",
        ),
        Address => (
            "Street address",
            "Gatuadress",
            "Gateadresse",
        ),
        WholeNumberNot => (
            "Enter a whole number of 0 or more, not",
            "Ange ett heltal, 0 eller större, inte",
            "Skriv et heltall, 0 eller større, ikke",
        ),
        Population => (
            "a population figure",
            "befolkningstal",
            "folketall",
        ),
        EmploymentRate => (
            "an employment rate",
            "sysselsättningsgrad",
            "sysselsettingsgrad",
        ),
        ReceptionPer1000 => (
            "a figure of persons received per 1 000 inhabitants",
            "mottagande per 1 000 invånare",
            "mottak per 1 000 innbyggere",
        ),
        HousingMarket => (
            "a housing market situation",
            "bostadsmarknadsläge",
            "boligmarkedssituasjon",
        ),
        Lacks => (
            "has no",
            "saknar",
            "mangler",
        ),
        MissingValueHelp => (
            "The distribution model weighs it: add it to the year's municipal data (import the year again).",
            "Fördelningsmodellen väger in det: lägg till det i årets kommundata (importera året igen).",
            "Fordelingsmodellen vekter det: legg det til i årets kommunedata (importer året på nytt).",
        ),
        PersonsInProposal => (
            "Persons in the proposal",
            "Personer i förslaget",
            "Personer i forslaget",
        ),
        Approval => (
            "Approval",
            "Godkännande",
            "Godkjenning",
        ),
        ApprovedBy => (
            "Approved by",
            "Godkänd av",
            "Godkjent av",
        ),
        AwaitingApproval => (
            "Awaiting approval by another officer",
            "Väntar på godkännande av en annan handläggare",
            "Venter på godkjenning av en annen saksbehandler",
        ),
        ReplacedUnapproved => (
            "Replaced by a newer run, not approved",
            "Ersatt av en nyare körning, inte godkänd",
            "Erstattet av en nyere kjøring, ikke godkjent",
        ),
        WhatNeedsDoing => (
            "What needs doing",
            "Att göra",
            "Å gjøre",
        ),
        NothingNeedsDoing => (
            "Nothing is overdue in this year.",
            "Inget är försenat detta år.",
            "Ingenting er forsinket dette året.",
        ),
        AgreementsYouFollow => (
            "agreements you follow",
            "överenskommelser du följer",
            "avtaler du følger",
        ),
        AgreementReminders => (
            "reminders in them (goals without indicators, missing values, expiry)",
            "påminnelser i dem (mål utan indikatorer, saknade värden, utgång)",
            "påminnelser i dem (mål uten indikatorer, manglende verdier, utløp)",
        ),
        FollowUpReport => (
            "Follow-up report",
            "Uppföljningsrapport",
            "Oppfølgingsrapport",
        ),
        DecisionFor => (
            "Decision for",
            "Beslut för",
            "Vedtak for",
        ),
        IsRegistered => (
            "is registered",
            "är registrerat",
            "er registrert",
        ),
        DecisionNext => (
            "The region and the agency see it at once; placement keeps within it.",
            "Länsstyrelsen och Migrationsverket ser det direkt; anvisningen håller sig inom det.",
            "Statsforvalteren og IMDi ser det med én gang; bosettingen holder seg innenfor det.",
        ),
        Decision => (
            "Decision",
            "Beslut",
            "Vedtak",
        ),
        Needs => (
            "Needs",
            "Behov",
            "Behov",
        ),
        Languages => (
            "Languages",
            "Språk",
            "Språk",
        ),
        Showing => (
            "Showing",
            "Visar",
            "Viser",
        ),
        Of => (
            "of",
            "av",
            "av",
        ),
        All => (
            "All",
            "Alla",
            "Alle",
        ),
        HouseholdId => (
            "Household id contains",
            "Hushållets id innehåller",
            "Husstandens id inneholder",
        ),
        PartnerRole => (
            "Partner (civil society, employer, education)",
            "Samverkanspart (civilsamhälle, arbetsgivare, utbildning)",
            "Samarbeidspart (sivilsamfunn, arbeidsgiver, utdanning)",
        ),
        RegionRole => (
            "County (länsstyrelse / statsforvalter)",
            "Län (länsstyrelse)",
            "Fylke (statsforvalter)",
        ),
        AuditLog => (
            "Audit log",
            "Granskningslogg",
            "Revisjonslogg",
        ),
        Pages => (
            "Pages",
            "Sidor",
            "Sider",
        ),
        Newer => (
            "Newer entries",
            "Nyare händelser",
            "Nyere hendelser",
        ),
        Older => (
            "Older entries",
            "Äldre händelser",
            "Eldre hendelser",
        ),
        DisableQuestion => (
            "Disable the account",
            "Stänga av kontot",
            "Deaktivere kontoen",
        ),
        DisableEffect => (
            "The account can no longer log in, and its open sessions end. Its history stays in the audit log, and it can be enabled again.",
            "Kontot kan inte längre logga in, och dess öppna sessioner avslutas. Dess historik finns kvar i granskningsloggen, och det kan aktiveras igen.",
            "Kontoen kan ikke lenger logge inn, og de åpne øktene avsluttes. Historikken blir stående i revisjonsloggen, og kontoen kan aktiveres igjen.",
        ),
        Account => (
            "Account",
            "Kontot",
            "Kontoen",
        ),
        AccountCreated => (
            "is created",
            "är skapat",
            "er opprettet",
        ),
        AccountCreatedNext => (
            "Give the person the username and the password in a safe way; they can log in at once.",
            "Ge personen användarnamnet och lösenordet på ett säkert sätt; personen kan logga in direkt.",
            "Gi personen brukernavnet og passordet på en trygg måte; personen kan logge inn med én gang.",
        ),
        AccountDisabled => (
            "is disabled",
            "är avstängt",
            "er deaktivert",
        ),
        AccountEnabled => (
            "is enabled",
            "är aktiverat",
            "er aktivert",
        ),
        AccountEnabledNext => (
            "The account can log in again.",
            "Kontot kan logga in igen.",
            "Kontoen kan logge inn igjen.",
        ),
        RecordContains => (
            "Record contains (e.g. a household's id)",
            "Posten innehåller (t.ex. ett hushålls id)",
            "Posten inneholder (f.eks. en husstands id)",
        ),
        FromDay => (
            "From day",
            "Från dag",
            "Fra dag",
        ),
        ToDay => (
            "To day",
            "Till dag",
            "Til dag",
        ),
        Filter => (
            "Filter",
            "Filtrera",
            "Filtrer",
        ),
        PublishedTo => (
            "published to",
            "publicerad till",
            "sendt til",
        ),
        MunicipalitiesLower => (
            "municipalities",
            "kommuner",
            "kommuner",
        ),
        PersonsLower => (
            "persons",
            "personer",
            "personer",
        ),
        PublishedNext => (
            "Each municipality sees its number on its page and answers with its decision.",
            "Varje kommun ser sitt tal på sin sida och svarar med sitt beslut.",
            "Hver kommune ser tallet sitt på sin side og svarer med vedtaket sitt.",
        ),
        PublishRound => (
            "Publish round",
            "Publicera omgång",
            "Send ut runde",
        ),
        To => (
            "to",
            "till",
            "til",
        ),
        PublishEffect => (
            "Publishing sends these numbers as a request round: each municipality sees its own number at once and is reminded until it has decided. A published round is kept; a later round replaces its numbers.",
            "Publiceringen skickar talen som en omgång: varje kommun ser sitt tal direkt och påminns tills den har beslutat. En publicerad omgång sparas; en senare omgång ersätter dess tal.",
            "Utsendingen sender tallene som en anmodningsrunde: hver kommune ser sitt tall med én gang og blir påminnet til den har fattet vedtak. En utsendt runde lagres; en senere runde erstatter tallene.",
        ),
        IsStarted => (
            "is started",
            "är startad",
            "er startet",
        ),
        IsApproved => (
            "is approved",
            "är godkänd",
            "er godkjent",
        ),
        PersonsPlaced => (
            "persons placed",
            "personer anvisade",
            "personer bosatt",
        ),
        Overview => (
            "Overview",
            "Översikt",
            "Oversikt",
        ),
        Cancel => (
            "Cancel, go back",
            "Avbryt och gå tillbaka",
            "Avbryt og gå tilbake",
        ),
        ApproveRunQuestion => (
            "Approve placement run",
            "Godkänna anvisningskörning",
            "Godkjenne utsøkingskjøring",
        ),
        PersonsToPlace => (
            "Persons it places",
            "Personer som anvisas",
            "Personer som bosettes",
        ),
        ApproveRunEffect => (
            "Approving places these households: each municipality sees its own at once, and they can no longer be placed by another run. Another officer than the one who started the run approves it.",
            "Godkännandet anvisar hushållen: varje kommun ser sina direkt, och de kan inte längre anvisas av en annan körning. En annan handläggare än den som startade körningen godkänner den.",
            "Godkjenningen bosetter husstandene: hver kommune ser sine med én gang, og de kan ikke lenger bosettes av en annen kjøring. En annen saksbehandler enn den som startet kjøringen, godkjenner den.",
        ),
        Sections => (
            "Sections",
            "Delar av tjänsten",
            "Deler av tjenesten",
        ),
        Breadcrumbs => (
            "You are here",
            "Du är här",
            "Du er her",
        ),
        PartsOfPage => (
            "Parts of this page",
            "Delar av sidan",
            "Deler av siden",
        ),
        StaleVersion => (
            "Someone saved a newer version of the agreement meanwhile. What you entered is kept below: check it against the page and save again.",
            "Någon har sparat en nyare version av överenskommelsen under tiden. Det du skrev finns kvar nedan: stäm av mot sidan och spara igen.",
            "Noen har lagret en nyere versjon av avtalen i mellomtiden. Det du skrev, står igjen nedenfor: sjekk det mot siden og lagre på nytt.",
        ),
        KeepAgreement => (
            "Keep the agreement up to date",
            "Håll överenskommelsen aktuell",
            "Hold avtalen oppdatert",
        ),
        RegisterSignatoryDecision => (
            "Register a signatory's formal decision",
            "Registrera en undertecknande parts formella beslut",
            "Registrer en parts formelle vedtak",
        ),
        Signatory => ("Signatory", "Undertecknande part", "Part som har signert"),
        AddGoal => ("Add a goal", "Lägg till ett mål", "Legg til et mål"),
        Theme => ("Theme", "Område", "Tema"),
        GoalStatement => (
            "Goal (what is to be achieved)",
            "Mål (vad som ska uppnås)",
            "Mål (hva som skal oppnås)",
        ),
        Goal => ("Goal", "Mål", "Mål"),
        Owner => ("Owner", "Ägare", "Eier"),
        NoOne => ("(none)", "(ingen)", "(ingen)"),
        AddIndicator => (
            "Add an indicator",
            "Lägg till en indikator",
            "Legg til en indikator",
        ),
        EditIndicator => ("Edit indicator", "Ändra indikator", "Endre indikator"),
        Unit => ("Unit", "Enhet", "Enhet"),
        Direction => ("Better when it", "Bättre när den", "Bedre når den"),
        Increase => ("increases", "ökar", "øker"),
        Decrease => ("decreases", "minskar", "synker"),
        Baseline => ("Baseline", "Utgångsvärde", "Utgangsverdi"),
        Target => ("Target", "Målvärde", "Målverdi"),
        TargetDate => ("Target date", "Måldatum", "Måldato"),
        DataSource => ("Data source", "Datakälla", "Datakilde"),
        AddAction => (
            "Add an action to the action plan",
            "Lägg till en åtgärd i handlingsplanen",
            "Legg til et tiltak i handlingsplanen",
        ),
        Activity => ("Activity", "Aktivitet", "Aktivitet"),
        Responsible => ("Responsible party", "Ansvarig part", "Ansvarlig part"),
        Contact => ("Contact person", "Kontaktperson", "Kontaktperson"),
        Due => ("Due", "Klart senast", "Frist"),
        UpdateAction => (
            "Report an action's progress",
            "Rapportera en åtgärds läge",
            "Rapporter status for et tiltak",
        ),
        Action => ("Action", "Åtgärd", "Tiltak"),
        Result => ("Result", "Resultat", "Resultat"),
        RecordMeeting => (
            "Record a meeting",
            "Registrera ett möte",
            "Registrer et møte",
        ),
        Body => ("Governance body", "Organ", "Organ"),
        Minutes => (
            "Minutes (where they are kept)",
            "Protokoll (var det finns)",
            "Referat (hvor det ligger)",
        ),
        MeetingDecisions => (
            "Decisions, one a line",
            "Beslut, ett per rad",
            "Vedtak, ett per linje",
        ),
        AddScheme => (
            "Add a funding scheme",
            "Lägg till en bidragsform",
            "Legg til en tilskuddsordning",
        ),
        Funder => ("Funder", "Finansiär", "Finansiør"),
        Purpose => ("Purpose", "Syfte", "Formål"),
        AddProject => (
            "Add a funded project",
            "Lägg till ett finansierat projekt",
            "Legg til et finansiert prosjekt",
        ),
        Scheme => ("Funding scheme", "Bidragsform", "Tilskuddsordning"),
        Amount => ("Amount", "Belopp", "Beløp"),
        From => ("From", "Från", "Fra"),
        Until => ("Until", "Till", "Til"),
        MunicipalityCode => (
            "Municipality (four-digit code)",
            "Kommun (fyrsiffrig kod)",
            "Kommune (firesifret nummer)",
        ),
        NoAgreements => (
            "You are not a party to any agreement in landa.",
            "Du är inte part i någon överenskommelse i landa.",
            "Du er ikke part i noen avtale i landa.",
        ),
        ProposalsQuestioned => (
            "Proposed households questioned",
            "Föreslagna hushåll ifrågasatta",
            "Foreslåtte husstander bestridt",
        ),
        ChooseRegion => (
            "Choose a region to see its municipalities.",
            "Välj ett län för att se dess kommuner.",
            "Velg et fylke for å se kommunene.",
        ),
        SuppressionNote => (
            "<5: a count from 1 to 4. ..: a count withheld so that no <5 can be worked out from a total.",
            "<5: ett antal från 1 till 4. ..: ett antal som inte visas, så att inget <5 kan räknas ut ur en summa.",
            "<5: et antall fra 1 til 4. ..: et antall som ikke vises, slik at ingen <5 kan regnes ut av en sum.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(language: Language) -> Lang {
        Lang::new(language)
    }

    #[test]
    fn swedish_and_norwegian_write_a_decimal_comma() {
        assert_eq!(lang(Language::En).decimal("93.3 %"), "93.3 %");
        assert_eq!(lang(Language::Sv).decimal("93.3 %"), "93,3 %");
        assert_eq!(lang(Language::Nb).decimal("0.5250"), "0,5250");
        assert_eq!(lang(Language::Nn).decimal("0.5250"), "0,5250");
    }

    #[test]
    fn the_browser_language_is_taken_when_no_cookie_chose_one() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "accept-language",
            "de-DE,nb-NO;q=0.8,en;q=0.5".parse().unwrap(),
        );
        assert_eq!(Lang::of(&headers), lang(Language::Nb));
        headers.insert("cookie", "landa_lang=sv".parse().unwrap());
        assert_eq!(Lang::of(&headers), lang(Language::Sv));
        assert_eq!(Lang::of(&HeaderMap::new()), lang(Language::En));
        headers.insert("cookie", "landa_lang=nn".parse().unwrap());
        assert_eq!(Lang::of(&headers), lang(Language::Nn));
    }

    #[test]
    fn domain_terms_are_the_countries_own() {
        assert_eq!(lang(Language::Sv).t(Text::Requested), "Kommuntal");
        assert_eq!(lang(Language::Nb).t(Text::Decided), "Vedtatt");
        assert_eq!(lang(Language::Sv).t(Text::Placed), "Anvisade");
    }

    #[test]
    fn the_terms_follow_the_country_of_the_year_read() {
        let norway = Country::Norway;
        let sweden = Country::Sweden;
        // A Swedish reader of a Norwegian year reads anmodning, vedtak and utsøking.
        let swedish = lang(Language::Sv).reading(norway);
        assert_eq!(swedish.t(Text::Requested), "Anmodning");
        assert_eq!(swedish.t(Text::Decision), "Vedtak");
        assert_eq!(swedish.t(Text::PlacementRuns), "Utsøkingar");
        assert_eq!(
            swedish.t(Text::Persons),
            "Personer",
            "the rest stays Swedish"
        );
        assert_eq!(
            swedish.state(landa_model::StateName::Waiting),
            "Väntar på bosättning"
        );
        // A Norwegian reader of a Swedish year reads kommuntall and anvisning.
        let bokmal = lang(Language::Nb).reading(sweden);
        assert_eq!(bokmal.t(Text::Requested), "Kommuntall");
        assert_eq!(bokmal.t(Text::PlacementRuns), "Anvisningskjøringer");
        assert_eq!(bokmal.state(landa_model::StateName::Approved), "Anvist");
        // English names the country's own term.
        assert_eq!(
            lang(Language::En).t(Text::Requested),
            "Requested (municipal quota)"
        );
        assert_eq!(
            lang(Language::En).reading(norway).t(Text::Requested),
            "Requested (anmodning)"
        );
        // Reading a year of one's own country changes nothing.
        for text in [
            Text::Requested,
            Text::Decided,
            Text::Placed,
            Text::Distribute,
        ] {
            assert_eq!(
                lang(Language::Sv).reading(sweden).t(text),
                lang(Language::Sv).t(text)
            );
            assert_eq!(
                lang(Language::Nb).reading(norway).t(text),
                lang(Language::Nb).t(text)
            );
        }
    }

    #[test]
    fn nynorsk_writes_the_main_pages_and_reads_bokmal_elsewhere() {
        let nynorsk = lang(Language::Nn);
        assert_eq!(nynorsk.t(Text::Households), "Hushald");
        assert_eq!(nynorsk.t(Text::Requested), "Oppmoda");
        assert_eq!(
            nynorsk.t(Text::NotFound),
            "Finst ikkje, eller er ikkje ditt å sjå."
        );
        assert_eq!(
            nynorsk.state(landa_model::StateName::Waiting),
            "Ventar på busetjing"
        );
        // A text the main pages do not show falls back to bokmål, never to English.
        assert_eq!(
            nynorsk.t(Text::Accounts),
            lang(Language::Nb).t(Text::Accounts)
        );
        assert_eq!(nynorsk.code(), "nn");
    }
}
