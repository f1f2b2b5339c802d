//! The follow-up rules on the real agreements (data/agreements) and on small made-up ones.

use chrono::NaiveDate;
use landa_followup::agreement::{
    Action, ActionStatus, Computed, Direction, FormalDecision, Goal, Indicator, Meeting, Project,
    Value,
};
use landa_followup::{
    assess, computed_values, follow_up_report, goal_statuses, read_agreement, reminders,
    render_html, with_computed, Agreement, Date, Edit, Lang, PlanningFigures, ReminderKind, Status,
};
use proptest::prelude::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn real(name: &str) -> Agreement {
    let path = format!(
        "{}/../../data/agreements/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    read_agreement(name, &text).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn kinds(agreement: &Agreement, today: NaiveDate, kind: ReminderKind) -> Vec<String> {
    reminders(agreement, today)
        .into_iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.subject)
        .collect()
}

#[test]
fn vagen_in_shows_what_its_evaluation_found() {
    let vagen_in = real("vagen-in.toml");
    let today = day(2026, 11, 23);
    // It expired in 2020 with no revision.
    assert_eq!(
        kinds(&vagen_in, today, ReminderKind::ExpiredWithoutRevision),
        ["vagen-in"]
    );
    // No signatory has a registered formal decision on file.
    let signatories = vagen_in.signatories().count();
    assert!(signatories >= 20);
    assert_eq!(
        kinds(&vagen_in, today, ReminderKind::NoDecisionRegistered).len(),
        signatories
    );
    // No goal can be measured: no indicator has a target.
    let statuses = goal_statuses(&vagen_in, today);
    assert!(statuses.iter().all(|g| g.status == Status::NotMeasurable));
    // The real employment series is there: 4 bands of 2011-2018 from data/se.
    let employment: Vec<_> = vagen_in
        .indicators
        .iter()
        .filter(|i| i.unit == "share")
        .collect();
    assert_eq!(employment.len(), 4);
    for indicator in employment {
        assert_eq!(
            vagen_in.values_of(&indicator.id).len(),
            8,
            "{}",
            indicator.id
        );
    }
}

#[test]
fn the_vagen_in_report_draws_the_evaluations_conclusions_from_the_data() {
    let vagen_in = real("vagen-in.toml");
    let report = follow_up_report(&vagen_in, 2021, day(2026, 11, 23), Lang::En);
    let findings = report.findings.join("\n");
    let signatories = vagen_in.signatories().count();
    for expected in [
        "The agreement expired on 2020-12-31 and no revision or new agreement was started."
            .to_owned(),
        format!("{signatories} of {signatories} signatories have no registered formal decision"),
        format!(
            "None of the goals can be followed up: {n} of {n} have no indicator with a target",
            n = vagen_in.goals.len()
        ),
        "None of the 6 goals written in the agreement is measurable.".to_owned(),
    ] {
        assert!(
            findings.contains(&expected),
            "{expected}\nnot in\n{findings}"
        );
    }
    let html = render_html(&report);
    assert!(html.contains("none registered") && html.contains("<svg"));
    // The roles-and-instruments map and the governance bodies with their members.
    assert!(html.contains("Roles and instruments") && html.contains("Governance"));
    assert_eq!(report.roles.len(), vagen_in.parties.len());
    assert!(report.roles.iter().any(|r| !r.instruments.is_empty()));
    assert_eq!(report.bodies.len(), vagen_in.bodies.len());
    assert!(report.bodies.iter().all(|b| b.last_met.is_none()));
    // The employment series is charted with its eight yearly values.
    let employment = report
        .goals
        .iter()
        .flat_map(|g| &g.indicators)
        .find(|i| i.unit == "share")
        .unwrap();
    assert_eq!(employment.values.len(), 8);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["year"], 2021);
}

#[test]
fn the_ostfold_agreement_has_its_yearly_leaders_meeting() {
    let ostfold = real("ostfold-samarbeidsavtale.toml");
    let yearly = ostfold
        .bodies
        .iter()
        .find(|b| b.meets_every_months == Some(12))
        .expect("a yearly follow-up meeting");
    assert!(kinds(&ostfold, day(2026, 11, 23), ReminderKind::NoRecentMeeting).contains(&yearly.id));
}

fn small() -> Agreement {
    read_agreement(
        "small.toml",
        r#"
id = "small"
title = "Small"
kind = "cooperation_agreement"
country = "no"
valid_from = 2024-01-01
valid_until = 2026-12-31
[[parties]]
id = "halden"
name = "Halden"
kind = "municipality"
municipality = "0101"
decision = { body = "bystyret", date = 2024-02-01, registration_number = "24/100" }
[[parties]]
id = "imdi"
name = "IMDi"
kind = "state_agency"
[[themes]]
id = "work"
name = "Arbeid"
[[goals]]
id = "jobs"
theme = "work"
text = "Flere i arbeid"
owner = "imdi"
[[indicators]]
id = "employed"
goal = "jobs"
name = "Andel i arbeid"
unit = "share"
baseline = 0.4
baseline_date = 2024-01-01
target = 0.6
target_date = 2026-12-31
[[values]]
indicator = "employed"
date = 2025-06-30
value = 0.5
[[actions]]
id = "course"
activity = "Kurs"
due = 2025-03-01
status = "ongoing"
"#,
    )
    .unwrap()
}

#[test]
fn reminders_follow_the_calendar() {
    let mut a = small();
    // Early on only IMDi, which signed without a registered decision, is reminded of.
    let early = day(2024, 6, 1);
    let found: Vec<ReminderKind> = reminders(&a, early).iter().map(|r| r.kind).collect();
    assert_eq!(found, [ReminderKind::NoDecisionRegistered]);
    assert_eq!(
        kinds(&a, early, ReminderKind::NoDecisionRegistered),
        ["imdi"]
    );
    // Past the action's due date, and six months before the end without a revision.
    let late = day(2026, 8, 1);
    let found: Vec<ReminderKind> = reminders(&a, late).iter().map(|r| r.kind).collect();
    assert_eq!(
        found,
        [
            ReminderKind::ExpiringWithoutRevision,
            ReminderKind::NoDecisionRegistered,
            ReminderKind::NoRecentValues,
            ReminderKind::ActionOverdue
        ]
    );
    a.revision_started = Some(Date(day(2026, 5, 1)));
    a.actions[0].status = ActionStatus::Done;
    a.parties[1].signatory = false;
    let found: Vec<ReminderKind> = reminders(&a, late).iter().map(|r| r.kind).collect();
    assert_eq!(found, [ReminderKind::NoRecentValues]);
}

#[test]
fn computed_indicators_come_from_the_agreements_municipalities_only() {
    let mut a = small();
    a.indicators[0].computed = Some(Computed::ShareOfQuotaDecided);
    let figures = |municipality: &str, requested, decided| PlanningFigures {
        year: 2025,
        municipality: municipality.into(),
        requested,
        decided,
        placed: 0,
        remaining: 0,
        beds_offered: 0,
        with_status: 0,
        in_work_or_education: 0,
    };
    // Halden (0101) is the party; Moss (0104) is not and does not count.
    let rows = [figures("0101", 30, Some(21)), figures("0104", 40, None)];
    let values = computed_values(&a, &rows, day(2026, 11, 23));
    assert_eq!(values.len(), 1);
    assert_eq!(values[0].date, Date(day(2025, 12, 31)));
    assert!((values[0].value - 0.7).abs() < 1e-12);
    // Within the year still running the value is dated today, so it counts now.
    let running = computed_values(&a, &rows, day(2025, 6, 1));
    assert_eq!(running[0].date, Date(day(2025, 6, 1)));
    // The computed value replaces an entered one of the same day.
    a.values[0].date = Date(day(2025, 12, 31));
    let merged = with_computed(&a, &rows, day(2026, 11, 23));
    assert_eq!(merged.values.len(), 1);
    assert!(merged.values[0]
        .source
        .as_deref()
        .unwrap()
        .starts_with("landa: planning data 2025"));
}

#[test]
fn an_indicator_bound_to_the_register_is_the_share_in_work_or_education_of_its_municipalities() {
    let mut a = small();
    a.indicators[0].computed = Some(Computed::ShareInWorkOrEducation);
    let figures = |municipality: &str, with_status, in_work_or_education| PlanningFigures {
        year: 2024,
        municipality: municipality.into(),
        requested: 0,
        decided: None,
        placed: 0,
        remaining: 0,
        beds_offered: 0,
        with_status,
        in_work_or_education,
    };
    // Halden's 12 of 20; Moss (not a party) does not count; a year without statuses has
    // no value rather than 0.
    let mut rows = vec![figures("0101", 20, 12), figures("0104", 40, 40)];
    rows.push(PlanningFigures {
        year: 2025,
        ..figures("0101", 0, 0)
    });
    let values = computed_values(&a, &rows, day(2026, 11, 23));
    assert_eq!(values.len(), 1, "{values:?}");
    assert!((values[0].value - 0.6).abs() < 1e-12);
    assert!(values[0]
        .source
        .as_deref()
        .unwrap()
        .starts_with("landa: integration register, settled 2024"));
}

#[test]
fn file_errors_name_the_line_or_the_field() {
    let errors =
        read_agreement("bad.toml", "id = \"x\"\ntitle = \"T\"\nkind = \"treaty\"\n").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].position.map(|p| p.0), Some(3), "{}", errors[0]);
    assert!(
        errors[0].to_string().starts_with("bad.toml:3:"),
        "{}",
        errors[0]
    );

    let mut text = std::fs::read_to_string(format!(
        "{}/../../data/agreements/vagen-in.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    text = text.replacen("theme = \"", "theme = \"no-such-", 1);
    let errors = read_agreement("vagen-in.toml", &text).unwrap_err();
    assert!(
        errors.iter().any(
            |e| e.field.as_deref().is_some_and(|f| f.ends_with(".theme"))
                && e.message.contains("no theme")
        ),
        "{errors:?}"
    );
}

#[test]
fn a_share_is_between_0_and_1_wherever_it_is_given() {
    let mut agreement = real("vagen-in.toml");
    let share = agreement
        .indicators
        .iter()
        .position(|x| x.unit == landa_followup::SHARE_UNIT)
        .expect("Vägen in measures a share");
    let id = agreement.indicators[share].id.clone();
    agreement.indicators[share].target = Some(31.0);
    agreement.values.push(value(day(2019, 12, 31), 27.0));
    let last = agreement.values.len() - 1;
    agreement.values[last].indicator = id;
    let problems = landa_followup::check(&agreement);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].0, format!("indicators[{share}].target"));
    assert!(problems[0]
        .1
        .starts_with("31 is not a share between 0 and 1"));
    assert_eq!(problems[1].0, format!("values[{last}].value"));
    // A count has no such bound.
    agreement.indicators[share].unit = "persons".into();
    assert!(landa_followup::check(&agreement).is_empty());
}

fn indicator(direction: Direction) -> Indicator {
    Indicator {
        id: "i".into(),
        goal: "g".into(),
        name: "i".into(),
        unit: "share".into(),
        direction,
        baseline: Some(0.4),
        baseline_date: Some(Date(day(2020, 1, 1))),
        target: Some(0.6),
        target_date: Some(Date(day(2030, 1, 1))),
        source: None,
        owner: None,
        computed: None,
    }
}

fn value(date: NaiveDate, value: f64) -> Value {
    Value {
        indicator: "i".into(),
        date: Date(date),
        value,
        source: None,
        note: None,
    }
}

proptest! {
    /// A better latest value never gives a worse status.
    #[test]
    fn a_better_value_never_looks_worse(
        earlier in 0.0f64..1.0, latest in 0.0f64..1.0, better in 0.0f64..0.5, decrease: bool,
        month in 1u32..=12, year in 2020i32..2033,
    ) {
        let direction = if decrease { Direction::Decrease } else { Direction::Increase };
        let i = indicator(direction);
        let today = day(year, month, 28);
        let first = value(day(2021, 6, 30), earlier);
        let sign = if decrease { -1.0 } else { 1.0 };
        let worse = value(today, latest);
        let improved = value(today, latest + sign * better);
        let a = assess(&i, &[&first, &worse], today).status;
        let b = assess(&i, &[&first, &improved], today).status;
        prop_assert!(b <= a, "{a:?} then {b:?}");
    }

    /// On the straight line to the target and keeping pace: on track. Past the target
    /// date short of it: off track.
    #[test]
    fn the_line_to_the_target_is_on_track(years in 1i32..10) {
        let i = indicator(Direction::Increase);
        // Exactly on the line in days from the baseline to the target.
        let start = day(2020, 1, 1);
        let span = (day(2030, 1, 1) - start).num_days() as f64;
        let at = |date: NaiveDate| 0.4 + 0.2 * (date - start).num_days() as f64 / span;
        let values: Vec<Value> = (0..=years)
            .map(|y| day(2020 + y, 1, 1))
            .map(|d| value(d, at(d)))
            .collect();
        let refs: Vec<&Value> = values.iter().collect();
        let today = day(2020 + years, 1, 1);
        prop_assert_eq!(assess(&i, &refs, today).status, Status::OnTrack);
        let short = value(day(2030, 6, 1), 0.59);
        prop_assert_eq!(assess(&i, &[&short], day(2030, 6, 1)).status, Status::OffTrack);
    }
}

#[test]
fn the_agreements_own_words_carry_their_language_on_a_page_in_another() {
    let vagen_in = real("vagen-in.toml");
    let in_english = render_html(&follow_up_report(
        &vagen_in,
        2021,
        day(2026, 11, 23),
        Lang::En,
    ));
    assert!(in_english.contains("<html lang=\"en\">"));
    let goal = &vagen_in.goals[0].text;
    assert!(
        in_english.contains("<h3 lang=\"sv\">") && in_english.contains(goal.as_str()),
        "the goals are marked Swedish"
    );
    assert!(in_english.contains(&format!("<span lang=\"sv\">{}</span>", vagen_in.title)));
    // On a Swedish page the Swedish words need no mark of their own.
    let in_swedish = render_html(&follow_up_report(
        &vagen_in,
        2021,
        day(2026, 11, 23),
        Lang::Sv,
    ));
    assert_eq!(in_swedish.matches("lang=").count(), 1, "only <html lang>");
    // Østfold's agreement is in bokmål.
    let ostfold = real("ostfold-samarbeidsavtale.toml");
    let in_swedish = render_html(&follow_up_report(
        &ostfold,
        2019,
        day(2026, 11, 23),
        Lang::Sv,
    ));
    assert!(in_swedish.contains("<h3 lang=\"nb\">"));
}

#[test]
fn the_report_speaks_swedish_and_bokmal_with_each_countrys_terms() {
    let vagen_in = real("vagen-in.toml");
    let report = follow_up_report(&vagen_in, 2021, day(2026, 11, 23), Lang::Sv);
    let findings = report.findings.join("\n");
    assert!(
        findings.contains("Överenskommelsen löpte ut 2020-12-31"),
        "{findings}"
    );
    assert!(findings.contains("diarienummer"), "{findings}");
    let html = render_html(&report);
    for swedish in [
        "lang=\"sv\"",
        "Iakttagelser",
        "inget registrerat",
        "Handlingsplan",
        "inte mätbart",
        "inget målvärde och måldatum",
    ] {
        assert!(html.contains(swedish), "{swedish}");
    }
    let swedish = landa_followup::reminders_in(&vagen_in, day(2026, 11, 23), Lang::Sv);
    assert!(
        swedish[0].message.starts_with("löpte ut 2020-12-31"),
        "{swedish:?}"
    );
    assert_eq!(
        swedish.len(),
        landa_followup::reminders(&vagen_in, day(2026, 11, 23)).len()
    );
    let ostfold = real("ostfold-samarbeidsavtale.toml");
    let report = follow_up_report(&ostfold, 2019, day(2026, 11, 23), Lang::Nb);
    let findings = report.findings.join("\n");
    assert!(
        findings.contains("Samarbeidsavtalen utløp 2018-12-31"),
        "{findings}"
    );
    assert!(findings.contains("saksnummer"), "{findings}");
    let html = render_html(&report);
    for bokmal in [
        "lang=\"nb\"",
        "Funn",
        "Partenes formelle vedtak",
        "ikke registrert",
        "Styring",
    ] {
        assert!(html.contains(bokmal), "{bokmal}");
    }
}

/// What refuses `edit` on a copy of `agreement`.
fn refusal(edit: Edit, agreement: &Agreement) -> landa_followup::EditError {
    edit.apply(&mut agreement.clone()).unwrap_err()
}

fn without_decision(agreement: &Agreement) -> usize {
    agreement
        .signatories()
        .filter(|p| p.decision.is_none())
        .count()
}

#[test]
fn entries_are_added_one_at_a_time_each_by_its_rules() {
    let mut vagen_in = real("vagen-in.toml");
    let before = without_decision(&vagen_in);
    let decision = FormalDecision {
        body: "Kommunstyrelsen".into(),
        date: Date(day(2015, 9, 1)),
        registration_number: Some("KS 2015/321".into()),
    };
    let note = Edit::Decision {
        party: "falun".into(),
        decision: decision.clone(),
    }
    .apply(&mut vagen_in)
    .unwrap();
    assert!(note.contains("Falu kommun"), "{note}");
    assert_eq!(without_decision(&vagen_in), before - 1);
    // Without its registration number, or for a party that did not sign: refused.
    let mut unnumbered = decision.clone();
    unnumbered.registration_number = None;
    let refused = refusal(
        Edit::Decision {
            party: "borlange".into(),
            decision: unnumbered,
        },
        &vagen_in,
    );
    assert_eq!(refused.field, "registration_number");
    let refused = refusal(
        Edit::Decision {
            party: "dalavux".into(),
            decision,
        },
        &vagen_in,
    );
    assert_eq!(refused.field, "party");

    // A goal needs an owner; an id is made from its text.
    let goal = Goal {
        id: String::new(),
        theme: "arbete".into(),
        text: "Fler nyanlända i arbete".into(),
        owner: None,
        origin: Default::default(),
    };
    assert_eq!(refusal(Edit::Goal(goal.clone()), &vagen_in).field, "owner");
    let owned = Goal {
        owner: Some("region-dalarna".into()),
        ..goal
    };
    Edit::Goal(owned).apply(&mut vagen_in).unwrap();
    assert_eq!(vagen_in.goals.last().unwrap().id, "fler-nyanlanda-i-arbete");

    // An action's responsible party must be a party: the check's error comes back as the
    // action's own field.
    let action = Action {
        id: String::new(),
        activity: "Kartlägg praktikplatser".into(),
        theme: Some("arbete".into()),
        responsible: Some("no-such-party".into()),
        contact: None,
        due: Some(Date(day(2026, 6, 30))),
        status: ActionStatus::Planned,
        result: None,
    };
    let refused = refusal(Edit::Action(action.clone()), &vagen_in);
    assert_eq!(refused.field, "responsible", "{}", refused.message);
    let fine = Action {
        responsible: Some("arbetsformedlingen".into()),
        ..action
    };
    Edit::Action(fine).apply(&mut vagen_in).unwrap();
    let id = vagen_in.actions.last().unwrap().id.clone();
    // Done needs its result.
    let done = |result: Option<String>| Edit::Progress {
        action: id.clone(),
        status: ActionStatus::Done,
        result,
    };
    assert_eq!(refusal(done(None), &vagen_in).field, "result");
    done(Some("40 platser".into()))
        .apply(&mut vagen_in)
        .unwrap();
    assert_eq!(vagen_in.actions.last().unwrap().status, ActionStatus::Done);

    // A meeting of an unknown body, twice the same meeting, a project ending before it
    // starts: each refused by its field.
    let body = vagen_in.bodies[0].id.clone();
    let meeting = Meeting {
        body: "no-such-body".into(),
        date: Date(day(2026, 3, 1)),
        minutes: None,
        decisions: vec!["Revidera överenskommelsen".into()],
    };
    assert_eq!(
        refusal(Edit::Meeting(meeting.clone()), &vagen_in).field,
        "body"
    );
    let meeting = Meeting { body, ..meeting };
    Edit::Meeting(meeting.clone()).apply(&mut vagen_in).unwrap();
    assert_eq!(refusal(Edit::Meeting(meeting), &vagen_in).field, "date");
    let project = Project {
        id: String::new(),
        scheme: vagen_in.funding_schemes[0].id.clone(),
        name: "Språkcafé".into(),
        municipality: Some("2080".into()),
        amount: Some(250_000.0),
        currency: Some("SEK".into()),
        from: Some(Date(day(2026, 1, 1))),
        until: Some(Date(day(2025, 12, 31))),
        goal: None,
        result: None,
    };
    assert_eq!(
        refusal(Edit::Project(project.clone()), &vagen_in).field,
        "until"
    );
    let project = Project {
        until: Some(Date(day(2026, 12, 31))),
        ..project
    };
    Edit::Project(project).apply(&mut vagen_in).unwrap();
    assert!(landa_followup::check(&vagen_in).is_empty());

    // An indicator edited keeps what the form does not hold; a target needs its date.
    let mut indicator = vagen_in.indicators[0].clone();
    indicator.target = Some(0.6);
    indicator.target_date = None;
    assert_eq!(
        refusal(Edit::Indicator(indicator.clone()), &vagen_in).field,
        "target_date"
    );
    indicator.target_date = Some(Date(day(2027, 12, 31)));
    let computed = vagen_in.indicators[0].computed;
    indicator.computed = None;
    Edit::Indicator(indicator).apply(&mut vagen_in).unwrap();
    assert_eq!(vagen_in.indicators[0].computed, computed);
    assert!(vagen_in.indicators[0].is_measurable());
}
