//! `landa remind`: what needs attention, printed and optionally sent by e-mail: the
//! agreements' reminders (expiry without revision, missing decisions, stale indicators,
//! overdue actions) and the planning years' (municipalities without a decision, proposals
//! unanswered, households waiting long, dwellings standing empty).

use super::agreement::parse_lang;
use crate::mail::Relay;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use clap::Args;
use landa_app::followup::with_planning_data;
use landa_app::reminders::{planning_reminders, ReminderDays};
use landa_app::Principal;
use landa_followup::{reminders_in, Lang};
use landa_model::Role;
use landa_store::{Location, Store};

#[derive(Args)]
pub struct RemindArgs {
    /// The day to judge on, YYYY-MM-DD [default: today].
    #[arg(long)]
    pub today: Option<NaiveDate>,
    /// Only this agreement (and no planning year unless --scenario names one).
    #[arg(long)]
    pub agreement: Option<String>,
    /// The planning years (stored scenarios) to look at; repeat for more [default: every
    /// stored scenario of the year of --today].
    #[arg(long)]
    pub scenario: Vec<String>,
    /// Days after which a proposal a municipality has not answered is overdue.
    #[arg(long, default_value_t = ReminderDays::default().unanswered)]
    pub unanswered_days: u32,
    /// Days after which a household still waiting for a municipality is overdue.
    #[arg(long, default_value_t = ReminderDays::default().waiting)]
    pub waiting_days: u32,
    /// Days after which a dwelling no household holds stands empty.
    #[arg(long, default_value_t = ReminderDays::default().empty)]
    pub empty_days: u32,
    /// Days ahead a first-hand contract passing to its household is reminded of.
    #[arg(long, default_value_t = ReminderDays::default().passing_over)]
    pub passing_over_days: u32,
    /// Also send the reminders by e-mail, one message to every --to, through this SMTP
    /// relay: smtp://USER@HOST:587?tls=required (STARTTLS), smtps://USER@HOST:465 (TLS),
    /// or smtp://HOST:25 (plain, to a relay on this machine). The login's password is
    /// read from LANDA_SMTP_PASSWORD.
    #[arg(long, requires = "to")]
    pub smtp: Option<String>,
    /// A PEM file of the authority that signed the relay's certificate, when a private
    /// one did (the public authorities are trusted without it).
    #[arg(long, requires = "smtp")]
    pub smtp_ca: Option<std::path::PathBuf>,
    /// The sender's address.
    #[arg(long, default_value = "landa@localhost")]
    pub from: String,
    /// A recipient's address (repeat for more).
    #[arg(long)]
    pub to: Vec<String>,
    /// The language of the reminders: en, sv, nb or nn.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    pub lang: Lang,
}

pub async fn remind(args: &RemindArgs, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    // A year named that is not stored is an error, not a year without reminders.
    for name in &args.scenario {
        store.scenario_meta(name).await?;
    }
    let mut total = 0;
    let mut text = String::new();
    let mut section = |title: String, messages: Vec<String>| {
        if messages.is_empty() {
            return;
        }
        text += &format!("{title} ({} reminders)\n", messages.len());
        for message in &messages {
            text += &format!("  {message}\n");
        }
        total += messages.len();
    };
    for (agreement, _) in store.agreements().await? {
        if args
            .agreement
            .as_ref()
            .is_some_and(|only| *only != agreement.id)
        {
            continue;
        }
        let found = reminders_in(
            &with_planning_data(&store, &agreement).await?,
            today,
            args.lang,
        );
        section(
            agreement.title.clone(),
            found
                .iter()
                .map(|r| format!("[{:?}] {}", r.kind, r.message))
                .collect(),
        );
    }
    let days = ReminderDays {
        unanswered: args.unanswered_days,
        waiting: args.waiting_days,
        empty: args.empty_days,
        passing_over: args.passing_over_days,
    };
    for scenario in store.scenarios().await? {
        let chosen = match args.scenario.is_empty() {
            true => args.agreement.is_none() && scenario.year == today.year(),
            false => args.scenario.contains(&scenario.name),
        };
        if !chosen {
            continue;
        }
        let operator = Principal::local_operator(Role::National(scenario.country));
        let found =
            planning_reminders(&store, &operator, &scenario.name, today, days, args.lang).await?;
        section(
            format!("{} {}", scenario.name, scenario.year),
            found
                .iter()
                .map(|r| format!("[{:?}] {}", r.kind, r.message))
                .collect(),
        );
    }
    text += &format!("{total} reminders on {today}.\n");
    print!("{text}");
    if let Some(url) = &args.smtp {
        let relay = Relay {
            url: url.clone(),
            password: std::env::var(crate::mail::PASSWORD_VAR).ok(),
            ca_file: args.smtp_ca.clone(),
        };
        if total == 0 {
            println!("Nothing to send.");
        } else {
            let subject = format!("landa: {total} reminders on {today}");
            relay.send(&args.from, &args.to, &subject, text).await?;
            println!("Sent to {} through {}.", args.to.join(", "), relay.shown());
        }
    }
    Ok(())
}
