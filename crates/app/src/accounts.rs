//! Accounts, sessions and API tokens: creating, disabling and enabling accounts, issuing
//! tokens, logging in and out. Each change is written with its audit entry in one
//! transaction; a login is limited in the store, so every process counts the same attempts.

use crate::access::{may_create_account, may_issue_token, require_administrator};
use crate::audit::{self, Action};
use crate::credentials::{
    decoy_hash, digest, hash_password, new_api_token, random_secret, verify_password,
};
use crate::{AppError, AppResult, Origin, Principal};
use landa_model::{MunicipalityCode, Role};
use landa_store::{Account, LoginAttempt, NewAccount, Store};
use std::collections::HashSet;
use std::time::Duration;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted: argon2 hashes any length, but a megabyte would only
/// cost the server time.
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// Failed logins allowed per username within the window.
pub const FAILURES_ALLOWED: u32 = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// A valid username: letters, digits, '.', '-' and '_', 3 to 64 characters.
pub fn valid_username(username: &str) -> bool {
    (3..=64).contains(&username.chars().count())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Checks a new account's username and password.
pub fn check_new_account(username: &str, password: &str) -> AppResult<()> {
    if !valid_username(username) {
        return Err(AppError::invalid(
            "username",
            "username must be 3 to 64 letters, digits, '.', '-' or '_'",
        ));
    }
    let length = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length) {
        return Err(AppError::invalid(
            "password",
            format!(
                "password must have at least {MIN_PASSWORD_CHARS} characters (and at most {MAX_PASSWORD_CHARS})"
            ),
        ));
    }
    Ok(())
}

/// A new account, as an administrator or the operator asks for it.
#[derive(Debug, Clone)]
pub struct CreateAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
}

async fn hashed(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Conflict(format!("hashing the password failed: {e}")))?
        .map_err(|e| AppError::Conflict(format!("hashing the password failed: {e}")))
}

/// Creates an account: administrators for regions, municipalities and partners, the
/// operator for any role.
pub async fn create_account(
    store: &Store,
    principal: &Principal,
    command: CreateAccount,
) -> AppResult<Account> {
    may_create_account(principal, &command.role)?;
    check_new_account(&command.username, &command.password)?;
    check_jurisdiction(store, &command.role).await?;
    let display_name = command.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > 200 {
        return Err(AppError::invalid(
            "display_name",
            "display_name must name the person or office (1 to 200 characters)",
        ));
    }
    let password_hash = hashed(&command.password).await?;
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/accounts/{}", command.username),
        format!("account with role {}", command.role),
    );
    Ok(store
        .create_account(
            &NewAccount {
                username: command.username,
                display_name: display_name.to_owned(),
                password_hash,
                role: command.role,
            },
            &entry,
        )
        .await?)
}

/// A region's, municipality's or housing company's account names places that the stored
/// planning years of its country know, when they know any: a mistyped code (9999, or a
/// municipality merged away) gets no account that could never see anything.
async fn check_jurisdiction(store: &Store, role: &Role) -> AppResult<()> {
    let (country, region, municipalities): (_, _, &[MunicipalityCode]) = match role {
        Role::Region(country, code) => (*country, Some(code), &[]),
        Role::Municipality(country, code) => (*country, None, std::slice::from_ref(code)),
        Role::Housing(country, company) => (*country, None, company.serves()),
        _ => return Ok(()),
    };
    let years: Vec<String> = store
        .scenarios()
        .await?
        .into_iter()
        .filter(|year| year.country == country)
        .map(|year| year.name)
        .collect();
    if years.is_empty() {
        return Ok(());
    }
    let mut known_regions = HashSet::new();
    let mut known_municipalities = HashSet::new();
    for year in &years {
        for municipality in store.municipalities(year).await? {
            known_regions.insert(municipality.region);
            known_municipalities.insert(municipality.code);
        }
    }
    let unknown = |what: &str, code: &dyn std::fmt::Display| {
        AppError::invalid(
            "jurisdiction",
            format!(
                "no {what} {code} in {}'s planning years ({}); check the code",
                country.code(),
                years.join(", ")
            ),
        )
    };
    if let Some(code) = region.filter(|code| !known_regions.contains(*code)) {
        return Err(unknown("region", code));
    }
    match municipalities
        .iter()
        .find(|code| !known_municipalities.contains(*code))
    {
        Some(code) => Err(unknown("municipality", code)),
        None => Ok(()),
    }
}

/// Disables or enables an account. Disabling ends its sessions and revokes its tokens.
pub async fn set_account_disabled(
    store: &Store,
    principal: &Principal,
    username: &str,
    disabled: bool,
) -> AppResult<()> {
    require_administrator(principal)?;
    if disabled && username == principal.username {
        // The last administrator could otherwise lock everyone out of the accounts.
        return Err(AppError::Conflict(
            "an administrator cannot disable their own account".into(),
        ));
    }
    let entry = audit::entry(
        principal,
        Action::Update,
        &format!("/api/v1/accounts/{username}"),
        if disabled {
            "disabled; sessions ended, API tokens revoked"
        } else {
            "enabled"
        },
    );
    Ok(store
        .set_account_disabled(username, disabled, &entry)
        .await?)
}

/// Issues an API token for `username`, by its holder (or the operator); returns the
/// token, shown once.
pub async fn issue_api_token(
    store: &Store,
    principal: &Principal,
    username: &str,
    label: &str,
) -> AppResult<String> {
    may_issue_token(principal, username)?;
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 200 {
        return Err(AppError::invalid(
            "label",
            "label must say what the token is for (1 to 200 characters)",
        ));
    }
    let token = new_api_token();
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/accounts/{username}/tokens"),
        format!("API token '{label}'"),
    );
    store
        .create_api_token(username, &digest(&token), label, &entry)
        .await?;
    Ok(token)
}

/// A session just opened: who, its secret token (for the cookie) and its CSRF token.
pub struct OpenedSession {
    pub principal: Principal,
    pub token: String,
    pub csrf_token: String,
}

/// Checks a username and password and opens a session. Every attempt is audited; more
/// than `FAILURES_ALLOWED` failures for a username within `FAILURE_WINDOW` are refused
/// before the password is looked at, counted in the store so that parallel guesses and
/// other processes count too. An unknown username costs as much time as a known one.
pub async fn log_in(
    store: &Store,
    username: &str,
    password: &str,
    origin: Origin,
    session_lifetime: Duration,
    single_sign_on: Option<&str>,
) -> AppResult<OpenedSession> {
    let failed = |action: Action, detail: &str| {
        audit::entry_as(
            username,
            "unknown",
            &origin,
            action,
            "/api/v1/auth/login",
            detail,
        )
    };
    let window = chrono::Duration::from_std(FAILURE_WINDOW).unwrap_or(chrono::Duration::MAX);
    let now = chrono::Utc::now();
    if let LoginAttempt::Refused(wait) = store
        .count_login_attempt(username, FAILURES_ALLOWED, window, now)
        .await?
    {
        audit::record(store, &failed(Action::Refused, "too many failed logins")).await?;
        return Err(AppError::TooManyAttempts(
            u64::try_from(wait.num_seconds()).unwrap_or(1).max(1),
        ));
    }
    let account = if valid_username(username) && password.chars().count() <= MAX_PASSWORD_CHARS {
        store.account(username).await?
    } else {
        None
    };
    let hash = match &account {
        Some(account) if !account.disabled => account.password_hash.clone(),
        _ => decoy_hash().to_owned(),
    };
    let candidate = password.to_owned();
    let verified = tokio::task::spawn_blocking(move || verify_password(&candidate, &hash))
        .await
        .unwrap_or(false);
    let Some(account) = account.filter(|a| verified && !a.disabled) else {
        audit::record(
            store,
            &failed(
                Action::LoginFailed,
                "wrong username or password, or account disabled",
            ),
        )
        .await?;
        return Err(AppError::Unauthenticated(
            "wrong username or password".into(),
        ));
    };
    // Where the installation has single sign-on (`single_sign_on`: its label), an account
    // linked to an identity logs in there, at its organisation, not with a password.
    // Said only to whoever knows the password, so it tells nobody else of the account.
    if let Some(label) = single_sign_on {
        if store.sso_subject_of(account.id).await?.is_some() {
            audit::record(
                store,
                &failed(
                    Action::LoginFailed,
                    "a password login of an account that logs in through single sign-on",
                ),
            )
            .await?;
            return Err(AppError::forbidden(format!(
                "this account logs in through {label}, not with a password"
            )));
        }
    }
    store.clear_login_attempts(username).await?;
    start_session(
        store,
        account,
        origin,
        session_lifetime,
        "/api/v1/auth/login",
        "session started",
    )
    .await
}

/// Opens a session for an account whose holder has proved who they are, with its audit
/// entry.
async fn start_session(
    store: &Store,
    account: Account,
    origin: Origin,
    session_lifetime: Duration,
    resource: &str,
    detail: &str,
) -> AppResult<OpenedSession> {
    let principal = Principal::account(account.username, account.role, origin);
    let token = random_secret();
    let csrf_token = random_secret();
    let lifetime = chrono::Duration::from_std(session_lifetime).unwrap_or(chrono::Duration::MAX);
    store
        .create_session(
            account.id,
            &digest(&token),
            &csrf_token,
            chrono::Utc::now() + lifetime,
            &audit::entry(&principal, Action::Login, resource, detail),
        )
        .await?;
    Ok(OpenedSession {
        principal,
        token,
        csrf_token,
    })
}

/// Where single sign-on starts and comes back: the resource its audit entries name.
pub const SINGLE_SIGN_ON_RESOURCE: &str = "/login/sso";

/// Opens a session for the account linked to `subject`, an identity that the identity
/// provider `provider` has vouched for (the server checked its signed ID token). An
/// identity linked to no account, or to a disabled one, is refused and audited.
pub async fn log_in_single_sign_on(
    store: &Store,
    subject: &str,
    provider: &str,
    origin: Origin,
    session_lifetime: Duration,
) -> AppResult<OpenedSession> {
    let account = store
        .account_by_sso_subject(subject)
        .await?
        .filter(|a| !a.disabled);
    let Some(account) = account else {
        audit::record(
            store,
            &audit::entry_as(
                subject,
                "unknown",
                &origin,
                Action::LoginFailed,
                SINGLE_SIGN_ON_RESOURCE,
                format!(
                    "{provider} vouched for the identity, but no enabled account is linked to it"
                ),
            ),
        )
        .await?;
        return Err(AppError::Unauthenticated(format!(
            "{provider} knows you as '{subject}', but no landa account is linked to that identity; \
             ask your administrator to link it"
        )));
    };
    start_session(
        store,
        account,
        origin,
        session_lifetime,
        SINGLE_SIGN_ON_RESOURCE,
        &format!("session started through single sign-on ({provider})"),
    )
    .await
}

/// Longest identity accepted: providers' subjects are at most 255 characters.
const MAX_SUBJECT_CHARS: usize = 255;

/// Links an account to the identity its holder logs in with at their organisation's
/// identity provider (`None` unlinks it): administrators, for the accounts they may create.
pub async fn link_single_sign_on(
    store: &Store,
    principal: &Principal,
    username: &str,
    subject: Option<&str>,
) -> AppResult<()> {
    require_administrator(principal)?;
    let account = store
        .account(username)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no account named '{username}'")))?;
    may_create_account(principal, &account.role)?;
    let subject = subject.map(str::trim);
    if let Some(subject) = subject {
        if subject.is_empty()
            || subject.chars().count() > MAX_SUBJECT_CHARS
            || subject.chars().any(char::is_control)
        {
            return Err(AppError::invalid(
                "subject",
                format!(
                    "subject must be the identity as the provider names it (1 to {MAX_SUBJECT_CHARS} characters, no control characters)"
                ),
            ));
        }
    }
    let entry = audit::entry(
        principal,
        Action::Update,
        &format!("/api/v1/accounts/{username}/sso"),
        match subject {
            Some(subject) => format!("linked to the identity '{subject}'"),
            None => "identity unlinked".to_owned(),
        },
    );
    Ok(store.link_sso_identity(username, subject, &entry).await?)
}

/// Ends the session of `token`.
pub async fn log_out(store: &Store, principal: &Principal, token: &str) -> AppResult<()> {
    let entry = audit::entry(
        principal,
        Action::Logout,
        "/api/v1/auth/logout",
        "session ended",
    );
    Ok(store.end_session(&digest(token), &entry).await?)
}

/// Revokes every API token of `username` (administrators and the operator); returns how
/// many were live.
pub async fn revoke_api_tokens(
    store: &Store,
    principal: &Principal,
    username: &str,
) -> AppResult<u64> {
    require_administrator(principal)?;
    let entry = audit::entry(
        principal,
        Action::Update,
        &format!("/api/v1/accounts/{username}/tokens"),
        "every API token revoked",
    );
    Ok(store.revoke_api_tokens(username, &entry).await?)
}
