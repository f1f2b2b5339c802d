//! `landa user add|disable|enable|token|revoke|list`: accounts, for administrators at the server's console.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use landa_model::Role;
use landa_server::auth;
use landa_store::{Location, NewAccount, Store};

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
        /// national, administrator, region:CODE, municipality:CODE or partner:NAME.
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
    /// List the accounts.
    List,
}

pub async fn run(args: &UserArgs, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
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
            store.set_account_disabled(username, true).await?;
            println!("Disabled {username}; its sessions ended and its tokens stopped working.");
        }
        UserCommand::Enable { username } => {
            store.set_account_disabled(username, false).await?;
            println!("Enabled {username}.");
        }
        UserCommand::Token { username, label } => {
            let token = auth::new_api_token();
            store
                .create_api_token(username, &auth::digest(&token), label)
                .await?;
            println!("{token}");
            eprintln!("API token for {username} ('{label}'): shown once, send as 'Authorization: Bearer <token>'.");
        }
        UserCommand::Revoke { username } => {
            let revoked = store.revoke_api_tokens(username).await?;
            println!("Revoked {revoked} API token(s) of {username}.");
        }
        UserCommand::List => {
            for account in store.accounts().await? {
                println!(
                    "{} ({}){}: {}",
                    account.username,
                    account.role,
                    if account.disabled { ", disabled" } else { "" },
                    account.display_name
                );
            }
        }
    }
    Ok(())
}

/// Creates an account after the same checks as the API's.
pub async fn add(
    store: &Store,
    username: &str,
    role: Role,
    name: Option<&str>,
    password: &str,
) -> Result<()> {
    if let Err(error) = landa_server::check_new_account(username, password) {
        bail!("{}", error.body.message);
    }
    let password_hash =
        auth::hash_password(password).map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    store
        .create_account(&NewAccount {
            username: username.to_owned(),
            display_name: name.unwrap_or(username).to_owned(),
            password_hash,
            role,
        })
        .await?;
    Ok(())
}
