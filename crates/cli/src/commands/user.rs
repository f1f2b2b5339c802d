//! `landa user add|disable|enable|token|revoke|list`: accounts, for administrators at the server's console.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use landa_app::{accounts, Principal};
use landa_model::Role;
use landa_store::{Location, Store};

#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from LANDA_PASSWORD or, if unset, from the first line of standard input.
    Add {
        username: String,
        /// administrator, national:SE|NO, region:SE|NO:CODE, municipality:SE|NO:CODE,
        /// partner:SE|NO:NAME or housing:SE|NO:NAME:CODE,CODE (the municipalities the
        /// housing company serves), e.g. municipality:SE:2080, housing:SE:Kopparstaden:2080.
        #[arg(long)]
        role: Role,
        /// Name shown in the UI and the audit log [default: the username].
        #[arg(long)]
        name: Option<String>,
    },
    /// Disable an account: its sessions end and its API tokens stop working at once.
    Disable { username: String },
    /// Enable a disabled account again.
    Enable { username: String },
    /// Issue an API token for an account and print it (only its hash is kept).
    Token {
        username: String,
        /// What the token is for.
        #[arg(long, default_value = "command line")]
        label: String,
    },
    /// Revoke every API token of an account (the account itself stays enabled).
    Revoke { username: String },
    /// Link an account to the identity its holder logs in with at their organisation's
    /// identity provider (single sign-on), replacing the one it had.
    Sso {
        username: String,
        /// The identity as the provider's ID token names it in the claim the server maps
        /// (sso.claim: sub, email or preferred_username), e.g. anna.lind@falun.se.
        #[arg(required_unless_present = "unlink")]
        subject: Option<String>,
        /// Unlink the account's identity instead: its holder then logs in with the password.
        #[arg(long, conflicts_with = "subject")]
        unlink: bool,
    },
    /// List the accounts.
    List,
}

pub async fn run(args: &UserArgs, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    let operator = Principal::local_operator(Role::Administrator);
    match &args.command {
        UserCommand::Add {
            username,
            role,
            name,
        } => {
            let password = match std::env::var("LANDA_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .context("reading the password from standard input")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            add(&store, username, role.clone(), name.as_deref(), &password).await?;
            println!("Created {username} ({role}).");
        }
        UserCommand::Disable { username } => {
            accounts::set_account_disabled(&store, &operator, username, true).await?;
            println!("Disabled {username}; its sessions ended and its API tokens are revoked.");
        }
        UserCommand::Enable { username } => {
            accounts::set_account_disabled(&store, &operator, username, false).await?;
            println!("Enabled {username}.");
        }
        UserCommand::Token { username, label } => {
            let token = accounts::issue_api_token(&store, &operator, username, label).await?;
            println!("{token}");
            eprintln!("API token for {username} ('{label}'): shown once, send as 'Authorization: Bearer <token>'.");
        }
        UserCommand::Revoke { username } => {
            let revoked = accounts::revoke_api_tokens(&store, &operator, username).await?;
            println!("Revoked {revoked} API token(s) of {username}.");
        }
        UserCommand::Sso {
            username, subject, ..
        } => {
            accounts::link_single_sign_on(&store, &operator, username, subject.as_deref()).await?;
            match subject {
                Some(subject) => println!("Linked {username} to the identity '{subject}'."),
                None => println!("Unlinked {username}'s identity."),
            }
        }
        UserCommand::List => {
            let identities: std::collections::HashMap<String, String> =
                store.sso_identities().await?.into_iter().collect();
            for account in store.accounts().await? {
                println!(
                    "{} ({}){}: {}{}",
                    account.username,
                    account.role,
                    if account.disabled { ", disabled" } else { "" },
                    account.display_name,
                    identities
                        .get(&account.username)
                        .map(|subject| format!(" [single sign-on: {subject}]"))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

/// Creates an account through the application core, as the local operator (who may
/// create any role), audited.
pub async fn add(
    store: &Store,
    username: &str,
    role: Role,
    name: Option<&str>,
    password: &str,
) -> Result<()> {
    accounts::create_account(
        store,
        &Principal::local_operator(Role::Administrator),
        accounts::CreateAccount {
            username: username.to_owned(),
            display_name: name.unwrap_or(username).to_owned(),
            password: password.to_owned(),
            role,
        },
    )
    .await?;
    Ok(())
}
