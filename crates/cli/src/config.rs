//! landa's configuration: one TOML file (`--config FILE` or `LANDA_CONFIG`) for what the
//! flags and environment variables set. A flag beats its environment variable, which
//! beats the file, which beats the default. It is read and checked whole before any
//! command runs: every error is named with its key and line (or its variable), and
//! nothing runs on a configuration with errors. `landa config check` prints it back,
//! secrets masked, with where each value came from.

use landa_server::sso::{Claim, SsoConfig};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use toml_edit::{ImDocument, Item, TableLike};

/// Environment variable naming the configuration file.
pub const CONFIG_VAR: &str = "LANDA_CONFIG";

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Environment(&'static str),
    File { line: usize },
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Environment(variable) => write!(f, "environment {variable}"),
            Source::File { line } => write!(f, "file, line {line}"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// One resolved value and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// How logs are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Lines for a person at a terminal.
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

impl fmt::Display for LogFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        })
    }
}

/// What the command line gave; `None` (or `false`) where a flag was not given.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub bind: Option<SocketAddr>,
    pub secure_cookies: bool,
    pub session_hours: Option<u64>,
    pub job_poll_ms: Option<u64>,
    pub job_lease_seconds: Option<u64>,
}

/// The configuration in force.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file read, if any.
    pub file: Option<PathBuf>,
    pub data_dir: Setting<Option<PathBuf>>,
    pub database_url: Setting<Option<String>>,
    pub bind: Setting<SocketAddr>,
    pub secure_cookies: Setting<bool>,
    pub session_hours: Setting<u64>,
    pub job_poll_ms: Setting<u64>,
    pub job_lease_seconds: Setting<u64>,
    pub log_level: Setting<String>,
    pub log_format: Setting<LogFormat>,
    pub sso_issuer: Setting<Option<String>>,
    pub sso_client_id: Setting<Option<String>>,
    pub sso_client_secret: Setting<Option<String>>,
    pub sso_redirect_url: Setting<Option<String>>,
    pub sso_claim: Setting<Claim>,
    pub sso_label: Setting<String>,
}

/// One error: where (file and line with the key, or the variable) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub place: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// The kind of value a key takes in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Integer,
    Boolean,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Text => "a string",
            Kind::Integer => "an integer",
            Kind::Boolean => "true or false",
        }
    }
}

/// A key of the file, its variable and flag, and how its text is read.
struct Key<T> {
    section: &'static str,
    name: &'static str,
    variable: &'static str,
    flag: &'static str,
    kind: Kind,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Key<T> {
    fn path(&self) -> String {
        format!("{}.{}", self.section, self.name)
    }
}

const DATA_DIR: Key<Option<PathBuf>> = Key {
    section: "store",
    name: "data_dir",
    variable: "LANDA_DATA_DIR",
    flag: "--data-dir",
    kind: Kind::Text,
    parse: parse_data_dir,
};
const DATABASE_URL: Key<Option<String>> = Key {
    section: "store",
    name: "database_url",
    variable: landa_store::DATABASE_URL_VAR,
    flag: "",
    kind: Kind::Text,
    parse: parse_database_url,
};
const BIND: Key<SocketAddr> = Key {
    section: "server",
    name: "bind",
    variable: "LANDA_BIND",
    flag: "--bind",
    kind: Kind::Text,
    parse: parse_address,
};
const SECURE_COOKIES: Key<bool> = Key {
    section: "server",
    name: "secure_cookies",
    variable: "LANDA_SECURE_COOKIES",
    flag: "--secure-cookies",
    kind: Kind::Boolean,
    parse: parse_bool,
};
const SESSION_HOURS: Key<u64> = Key {
    section: "server",
    name: "session_hours",
    variable: "LANDA_SESSION_HOURS",
    flag: "--session-hours",
    kind: Kind::Integer,
    parse: parse_positive,
};
const JOB_POLL_MS: Key<u64> = Key {
    section: "server",
    name: "job_poll_ms",
    variable: "LANDA_JOB_POLL_MS",
    flag: "--job-poll-ms",
    kind: Kind::Integer,
    parse: parse_positive,
};
const JOB_LEASE_SECONDS: Key<u64> = Key {
    section: "server",
    name: "job_lease_seconds",
    variable: "LANDA_JOB_LEASE_SECONDS",
    flag: "--job-lease-seconds",
    kind: Kind::Integer,
    parse: parse_positive,
};
const LOG_LEVEL: Key<String> = Key {
    section: "log",
    name: "level",
    variable: "LANDA_LOG",
    flag: "",
    kind: Kind::Text,
    parse: parse_log_level,
};
const LOG_FORMAT: Key<LogFormat> = Key {
    section: "log",
    name: "format",
    variable: "LANDA_LOG_FORMAT",
    flag: "",
    kind: Kind::Text,
    parse: parse_log_format,
};

const SSO_ISSUER: Key<Option<String>> = Key {
    section: "sso",
    name: "issuer",
    variable: "LANDA_SSO_ISSUER",
    flag: "",
    kind: Kind::Text,
    parse: parse_url,
};
const SSO_CLIENT_ID: Key<Option<String>> = Key {
    section: "sso",
    name: "client_id",
    variable: "LANDA_SSO_CLIENT_ID",
    flag: "",
    kind: Kind::Text,
    parse: parse_text,
};
const SSO_CLIENT_SECRET: Key<Option<String>> = Key {
    section: "sso",
    name: "client_secret",
    variable: "LANDA_SSO_CLIENT_SECRET",
    flag: "",
    kind: Kind::Text,
    parse: parse_text,
};
const SSO_REDIRECT_URL: Key<Option<String>> = Key {
    section: "sso",
    name: "redirect_url",
    variable: "LANDA_SSO_REDIRECT_URL",
    flag: "",
    kind: Kind::Text,
    parse: parse_url,
};
const SSO_CLAIM: Key<Claim> = Key {
    section: "sso",
    name: "claim",
    variable: "LANDA_SSO_CLAIM",
    flag: "",
    kind: Kind::Text,
    parse: parse_claim,
};
const SSO_LABEL: Key<String> = Key {
    section: "sso",
    name: "label",
    variable: "LANDA_SSO_LABEL",
    flag: "",
    kind: Kind::Text,
    parse: parse_label,
};

/// A value found in the file, with its line.
struct FileValue {
    text: String,
    kind: Option<Kind>,
    type_name: &'static str,
    line: usize,
}

/// The file's values by `section.key`, taken as they are resolved; what is left over is
/// unknown.
struct FileValues {
    name: String,
    values: Vec<(String, FileValue)>,
}

impl Config {
    /// Resolves every setting from `flags`, the environment (`variable` looks one up)
    /// and the file that `--config` or `LANDA_CONFIG` names. Every error is returned.
    pub fn load(
        flags: &Flags,
        variable: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, Vec<ConfigError>> {
        let mut errors = Vec::new();
        let file = flags.config.clone().or_else(|| {
            variable(CONFIG_VAR)
                .filter(|path| !path.trim().is_empty())
                .map(PathBuf::from)
        });
        let mut values = match &file {
            Some(path) => FileValues::read(path, &mut errors),
            None => FileValues::empty(),
        };
        let mut resolver = Resolver {
            variable: &variable,
            file: &mut values,
            errors: &mut errors,
        };
        let config = Config {
            data_dir: resolver.resolve(&DATA_DIR, flags.data_dir.clone().map(Some), None),
            database_url: resolver.resolve(&DATABASE_URL, None, None),
            bind: resolver.resolve(&BIND, flags.bind, SocketAddr::from(([127, 0, 0, 1], 8080))),
            secure_cookies: resolver.resolve(
                &SECURE_COOKIES,
                flags.secure_cookies.then_some(true),
                false,
            ),
            session_hours: resolver.resolve(&SESSION_HOURS, flags.session_hours, 8),
            job_poll_ms: resolver.resolve(
                &JOB_POLL_MS,
                flags.job_poll_ms,
                u64::try_from(landa_server::JOB_POLL_INTERVAL.as_millis()).unwrap_or(1000),
            ),
            job_lease_seconds: resolver.resolve(
                &JOB_LEASE_SECONDS,
                flags.job_lease_seconds,
                landa_server::JOB_LEASE.as_secs(),
            ),
            // sqlx reports PostgreSQL's notices (a migration table that exists) as info.
            log_level: resolver.resolve(&LOG_LEVEL, None, "info,sqlx=warn".to_owned()),
            log_format: resolver.resolve(&LOG_FORMAT, None, LogFormat::Text),
            sso_issuer: resolver.resolve(&SSO_ISSUER, None, None),
            sso_client_id: resolver.resolve(&SSO_CLIENT_ID, None, None),
            sso_client_secret: resolver.resolve(&SSO_CLIENT_SECRET, None, None),
            sso_redirect_url: resolver.resolve(&SSO_REDIRECT_URL, None, None),
            sso_claim: resolver.resolve(&SSO_CLAIM, None, Claim::Subject),
            sso_label: resolver.resolve(&SSO_LABEL, None, "your organisation's login".to_owned()),
            file,
        };
        if let Some(error) = config.incomplete_single_sign_on() {
            errors.push(error);
        }
        for (path, value) in values.values {
            errors.push(ConfigError {
                place: format!("{}, line {}", values.name, value.line),
                message: format!("unknown key {path}; the keys are {}", known_keys()),
            });
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// Single sign-on as configured: `None` without an issuer.
    pub fn single_sign_on(&self) -> Option<SsoConfig> {
        Some(SsoConfig {
            issuer: self.sso_issuer.value.clone()?,
            client_id: self.sso_client_id.value.clone()?,
            client_secret: self.sso_client_secret.value.clone(),
            redirect_url: self.sso_redirect_url.value.clone()?,
            claim: self.sso_claim.value,
            label: self.sso_label.value.clone(),
        })
    }

    /// Single sign-on needs its issuer, client id and redirect URL together.
    fn incomplete_single_sign_on(&self) -> Option<ConfigError> {
        let required = [
            (&SSO_ISSUER, &self.sso_issuer),
            (&SSO_CLIENT_ID, &self.sso_client_id),
            (&SSO_REDIRECT_URL, &self.sso_redirect_url),
        ];
        let missing: Vec<String> = required
            .iter()
            .filter(|(_, setting)| setting.value.is_none())
            .map(|(key, _)| format!("{} ({})", key.path(), key.variable))
            .collect();
        (!missing.is_empty() && missing.len() < required.len()).then(|| ConfigError {
            place: "sso".to_owned(),
            message: format!(
                "single sign-on needs sso.issuer, sso.client_id and sso.redirect_url together; missing {}",
                missing.join(", ")
            ),
        })
    }

    /// Where the store lives: the database URL when set, else the data folder.
    pub fn location(&self) -> landa_store::Location {
        landa_store::Location::choose(self.database_url.value.clone(), self.data_dir.value.clone())
    }

    /// The configuration as a TOML file, secrets masked, each value's source in a comment.
    pub fn to_toml(&self) -> String {
        let mut text = String::new();
        let mut section = "";
        let mut line =
            |key_section: &'static str, name: &str, value: Option<String>, source: &Source| {
                if section != key_section {
                    if !section.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(&format!("[{key_section}]\n"));
                    section = key_section;
                }
                match value {
                    Some(value) => text.push_str(&format!("{name} = {value}  # {source}\n")),
                    None => text.push_str(&format!("# {name} is not set\n")),
                }
            };
        let quoted = |text: &str| Some(toml_edit::Value::from(text).to_string().trim().to_owned());
        line(
            DATA_DIR.section,
            DATA_DIR.name,
            self.data_dir
                .value
                .as_ref()
                .and_then(|path| quoted(&path.display().to_string())),
            &self.data_dir.source,
        );
        line(
            DATABASE_URL.section,
            DATABASE_URL.name,
            self.database_url
                .value
                .as_deref()
                .and_then(|url| quoted(&mask_password(url))),
            &self.database_url.source,
        );
        line(
            BIND.section,
            BIND.name,
            quoted(&self.bind.value.to_string()),
            &self.bind.source,
        );
        line(
            SECURE_COOKIES.section,
            SECURE_COOKIES.name,
            Some(self.secure_cookies.value.to_string()),
            &self.secure_cookies.source,
        );
        for (key, setting) in [
            (&SESSION_HOURS, &self.session_hours),
            (&JOB_POLL_MS, &self.job_poll_ms),
            (&JOB_LEASE_SECONDS, &self.job_lease_seconds),
        ] {
            line(
                key.section,
                key.name,
                Some(setting.value.to_string()),
                &setting.source,
            );
        }
        line(
            LOG_LEVEL.section,
            LOG_LEVEL.name,
            quoted(&self.log_level.value),
            &self.log_level.source,
        );
        line(
            LOG_FORMAT.section,
            LOG_FORMAT.name,
            quoted(&self.log_format.value.to_string()),
            &self.log_format.source,
        );
        for (key, setting) in [
            (&SSO_ISSUER, &self.sso_issuer),
            (&SSO_CLIENT_ID, &self.sso_client_id),
            (&SSO_REDIRECT_URL, &self.sso_redirect_url),
        ] {
            line(
                key.section,
                key.name,
                setting.value.as_deref().and_then(quoted),
                &setting.source,
            );
        }
        line(
            SSO_CLIENT_SECRET.section,
            SSO_CLIENT_SECRET.name,
            self.sso_client_secret
                .value
                .as_ref()
                .and_then(|_| quoted("*****")),
            &self.sso_client_secret.source,
        );
        line(
            SSO_CLAIM.section,
            SSO_CLAIM.name,
            quoted(self.sso_claim.value.name()),
            &self.sso_claim.source,
        );
        line(
            SSO_LABEL.section,
            SSO_LABEL.name,
            quoted(&self.sso_label.value),
            &self.sso_label.source,
        );
        text
    }
}

struct Resolver<'r, V: Fn(&str) -> Option<String>> {
    variable: &'r V,
    file: &'r mut FileValues,
    errors: &'r mut Vec<ConfigError>,
}

impl<V: Fn(&str) -> Option<String>> Resolver<'_, V> {
    /// The flag's value, else the variable's, else the file's, else `default`. Values
    /// of lower rank are checked too, so that an error is not hidden by a flag.
    fn resolve<T>(&mut self, key: &Key<T>, flag: Option<T>, default: T) -> Setting<T> {
        let from_file = self.file.take(&key.path()).and_then(|found| {
            let place = format!("{}, line {}, {}", self.file.name, found.line, key.path());
            if found.kind != Some(key.kind) {
                self.errors.push(ConfigError {
                    place,
                    message: format!("expected {}, found {}", key.kind.name(), found.type_name),
                });
                return None;
            }
            match (key.parse)(&found.text) {
                Ok(value) => Some(Setting {
                    value,
                    source: Source::File { line: found.line },
                }),
                Err(message) => {
                    self.errors.push(ConfigError { place, message });
                    None
                }
            }
        });
        let from_environment = (self.variable)(key.variable)
            .filter(|text| !text.trim().is_empty())
            .and_then(|text| match (key.parse)(text.trim()) {
                Ok(value) => Some(Setting {
                    value,
                    source: Source::Environment(key.variable),
                }),
                Err(message) => {
                    self.errors.push(ConfigError {
                        place: format!("environment variable {}", key.variable),
                        message,
                    });
                    None
                }
            });
        flag.map(|value| Setting {
            value,
            source: Source::Flag(key.flag),
        })
        .or(from_environment)
        .or(from_file)
        .unwrap_or(Setting {
            value: default,
            source: Source::Default,
        })
    }
}

impl FileValues {
    fn empty() -> FileValues {
        FileValues {
            name: String::new(),
            values: Vec::new(),
        }
    }

    /// Reads the file's `[section] key = value` pairs; a file that cannot be read or
    /// parsed is one error (TOML's parser stops at its first).
    fn read(path: &Path, errors: &mut Vec<ConfigError>) -> FileValues {
        let name = path.display().to_string();
        let mut values = FileValues {
            name: name.clone(),
            values: Vec::new(),
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                errors.push(ConfigError {
                    place: name,
                    message: format!("cannot be read: {error}"),
                });
                return values;
            }
        };
        let document = match ImDocument::parse(text.as_str()) {
            Ok(document) => document,
            Err(error) => {
                let line = error.span().map_or(1, |span| line_of(&text, span.start));
                errors.push(ConfigError {
                    place: format!("{name}, line {line}"),
                    message: format!(
                        "not valid TOML: {}",
                        error.message().trim().replace('\n', "; ")
                    ),
                });
                return values;
            }
        };
        let line_at = |span: Option<std::ops::Range<usize>>| {
            span.map_or(1, |span| line_of(&text, span.start))
        };
        for (section, item) in document.as_table().iter() {
            let section_line = line_at(key_span(document.as_table(), section));
            let Some(table) = item.as_table_like() else {
                values.values.push((
                    section.to_owned(),
                    FileValue::of(item, section_line, line_at(item.span())),
                ));
                continue;
            };
            for (key, value) in table.iter() {
                let line = line_at(key_span(table, key));
                values.values.push((
                    format!("{section}.{key}"),
                    FileValue::of(value, line, line_at(value.span())),
                ));
            }
        }
        values
    }

    fn take(&mut self, path: &str) -> Option<FileValue> {
        let at = self.values.iter().position(|(key, _)| key == path)?;
        Some(self.values.remove(at).1)
    }
}

impl FileValue {
    fn of(item: &Item, key_line: usize, value_line: usize) -> FileValue {
        let value = item.as_value();
        let (kind, text) = match value {
            Some(toml_edit::Value::String(text)) => (Some(Kind::Text), text.value().clone()),
            Some(toml_edit::Value::Integer(number)) => {
                (Some(Kind::Integer), number.value().to_string())
            }
            Some(toml_edit::Value::Boolean(flag)) => {
                (Some(Kind::Boolean), flag.value().to_string())
            }
            _ => (None, String::new()),
        };
        FileValue {
            text,
            kind,
            type_name: value.map_or_else(|| item.type_name(), toml_edit::Value::type_name),
            line: if item.is_table_like() {
                key_line
            } else {
                value_line.max(key_line)
            },
        }
    }
}

fn key_span(table: &dyn TableLike, key: &str) -> Option<std::ops::Range<usize>> {
    table.get_key_value(key).and_then(|(key, _)| key.span())
}

fn known_keys() -> String {
    [
        DATA_DIR.path(),
        DATABASE_URL.path(),
        BIND.path(),
        SECURE_COOKIES.path(),
        SESSION_HOURS.path(),
        JOB_POLL_MS.path(),
        JOB_LEASE_SECONDS.path(),
        LOG_LEVEL.path(),
        LOG_FORMAT.path(),
        SSO_ISSUER.path(),
        SSO_CLIENT_ID.path(),
        SSO_CLIENT_SECRET.path(),
        SSO_REDIRECT_URL.path(),
        SSO_CLAIM.path(),
        SSO_LABEL.path(),
    ]
    .join(", ")
}

/// 1-based line of the byte at `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .get(..offset)
        .unwrap_or(text.as_bytes())
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

/// `url` with the password between `user:` and `@` replaced, and any `password=`
/// parameter's value, so that it can be printed.
pub fn mask_password(url: &str) -> String {
    let mut masked = url.to_owned();
    if let Some((scheme, rest)) = url.split_once("://") {
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some(at) = authority.rfind('@') {
            if let Some(colon) = authority[..at].find(':') {
                masked = format!("{scheme}://{}:*****{}", &authority[..colon], &rest[at..]);
            }
        }
    }
    if let Some(start) = masked.find("password=") {
        let value_start = start + "password=".len();
        let value_end = masked[value_start..]
            .find('&')
            .map_or(masked.len(), |end| value_start + end);
        masked.replace_range(value_start..value_end, "*****");
    }
    masked
}

fn parse_data_dir(text: &str) -> Result<Option<PathBuf>, String> {
    if text.trim().is_empty() {
        Err("is empty: name a folder, or leave the key out".to_owned())
    } else {
        Ok(Some(PathBuf::from(text)))
    }
}

fn parse_database_url(text: &str) -> Result<Option<String>, String> {
    let scheme = text.split_once(':').map(|(scheme, _)| scheme);
    match scheme {
        Some("postgres" | "postgresql" | "sqlite") => Ok(Some(text.to_owned())),
        _ => Err(format!(
            "{} is not a database URL: expected postgres://user@host/database (or sqlite:PATH)",
            mask_password(text)
        )),
    }
}

fn parse_address(text: &str) -> Result<SocketAddr, String> {
    text.parse().map_err(|_| {
        format!("{text:?} is not an address and port, such as 127.0.0.1:8080 or [::1]:8080")
    })
}

fn parse_bool(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(format!("{text:?} is not true or false")),
    }
}

fn parse_positive(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(number) if number > 0 => Ok(number),
        _ => Err(format!("{text:?} is not a whole number of at least 1")),
    }
}

fn parse_log_level(text: &str) -> Result<String, String> {
    tracing_subscriber::EnvFilter::try_new(text)
        .map(|_| text.to_owned())
        .map_err(|error| {
            format!("{text:?} is not a log filter such as info or warn,landa=debug: {error}")
        })
}

fn parse_log_format(text: &str) -> Result<LogFormat, String> {
    match text {
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        _ => Err(format!("{text:?} is not a log format: text or json")),
    }
}

fn parse_text(text: &str) -> Result<Option<String>, String> {
    if text.trim().is_empty() {
        Err("is empty: give a value, or leave the key out".to_owned())
    } else {
        Ok(Some(text.to_owned()))
    }
}

/// An https URL, or http on this machine's loopback (a provider started beside landa).
fn parse_url(text: &str) -> Result<Option<String>, String> {
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|start| {
            text.strip_prefix(start)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        });
    if (text.starts_with("https://") && text.len() > "https://".len()) || loopback {
        Ok(Some(text.to_owned()))
    } else {
        Err(format!(
            "{text:?} is not an https URL (http is accepted on 127.0.0.1, localhost and [::1] only)"
        ))
    }
}

fn parse_claim(text: &str) -> Result<Claim, String> {
    Claim::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Claim::ALL.iter().map(|claim| claim.name()).collect();
        format!("{text:?} is not a claim landa maps: {}", names.join(", "))
    })
}

fn parse_label(text: &str) -> Result<String, String> {
    let length = text.trim().chars().count();
    if (1..=60).contains(&length) {
        Ok(text.trim().to_owned())
    } else {
        Err("must name the login in 1 to 60 characters, such as \"SITHS eID\"".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(
        file: Option<&str>,
        environment: &[(&str, &str)],
        flags: Flags,
    ) -> (Result<Config, Vec<ConfigError>>, tempfile::TempDir) {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let mut flags = flags;
        if let Some(text) = file {
            let path = folder.path().join("landa.toml");
            std::fs::write(&path, text).expect("the file is written");
            flags.config = Some(path);
        }
        let environment: HashMap<String, String> = environment
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        (
            Config::load(&flags, |name| environment.get(name).cloned()),
            folder,
        )
    }

    fn messages(errors: &[ConfigError]) -> Vec<String> {
        errors
            .iter()
            .map(|error| {
                let place = error
                    .place
                    .rsplit_once("landa.toml")
                    .map_or(error.place.clone(), |(_, after)| {
                        format!("landa.toml{after}")
                    });
                format!("{place}: {}", error.message)
            })
            .collect()
    }

    #[test]
    fn without_a_file_the_defaults_hold() {
        let (config, _folder) = load(None, &[], Flags::default());
        let config = config.expect("no errors");
        assert_eq!(config.bind.value, SocketAddr::from(([127, 0, 0, 1], 8080)));
        assert_eq!(config.bind.source, Source::Default);
        assert_eq!(config.session_hours.value, 8);
        assert_eq!(config.log_format.value, LogFormat::Text);
        assert_eq!(
            config.location(),
            landa_store::Location::DataDir(PathBuf::from(landa_store::DEFAULT_DATA_DIR))
        );
    }

    #[test]
    fn a_flag_beats_the_environment_which_beats_the_file() {
        let file = "[server]\nbind = \"0.0.0.0:9000\"\nsession_hours = 4\njob_poll_ms = 200\n";
        let (config, _folder) = load(
            Some(file),
            &[
                ("LANDA_SESSION_HOURS", "6"),
                ("LANDA_BIND", "127.0.0.1:9001"),
            ],
            Flags {
                bind: Some(SocketAddr::from(([127, 0, 0, 1], 9002))),
                ..Flags::default()
            },
        );
        let config = config.expect("no errors");
        assert_eq!(config.bind.value.port(), 9002);
        assert_eq!(config.bind.source, Source::Flag("--bind"));
        assert_eq!(config.session_hours.value, 6);
        assert_eq!(
            config.session_hours.source,
            Source::Environment("LANDA_SESSION_HOURS")
        );
        assert_eq!(config.job_poll_ms.value, 200);
        assert_eq!(config.job_poll_ms.source, Source::File { line: 4 });
    }

    #[test]
    fn single_sign_on_is_configured_whole_over_https_and_its_secret_is_not_printed() {
        let file = "\
[sso]
issuer = \"https://login.example.se/realms/kommun\"
client_id = \"landa\"
redirect_url = \"https://landa.example.se/login/sso/callback\"
claim = \"email\"
label = \"SITHS eID\"
";
        let (config, _folder) = load(
            Some(file),
            &[("LANDA_SSO_CLIENT_SECRET", "hemlig-nyckel")],
            Flags::default(),
        );
        let config = config.expect("no errors");
        let sso = config.single_sign_on().expect("single sign-on");
        assert_eq!(sso.claim, Claim::Email);
        assert_eq!(sso.client_secret.as_deref(), Some("hemlig-nyckel"));
        let printed = config.to_toml();
        assert!(!printed.contains("hemlig-nyckel"), "{printed}");
        assert!(
            printed.contains("client_secret = \"*****\"  # environment LANDA_SSO_CLIENT_SECRET")
        );
        let (without, _folder) = load(None, &[], Flags::default());
        assert!(without.expect("no errors").single_sign_on().is_none());

        let broken = "\
[sso]
issuer = \"http://login.example.se\"
redirect_url = \"http://127.0.0.1:8080/login/sso/callback\"
claim = \"hsa_id\"
";
        let (config, _folder) = load(Some(broken), &[], Flags::default());
        let messages = messages(&config.expect_err("errors"));
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages[0].starts_with(
            "landa.toml, line 2, sso.issuer: \"http://login.example.se\" is not an https URL"
        ));
        assert!(messages[1].starts_with(
            "landa.toml, line 4, sso.claim: \"hsa_id\" is not a claim landa maps: sub, email"
        ));
        assert_eq!(
            messages[2],
            "sso: single sign-on needs sso.issuer, sso.client_id and sso.redirect_url together; missing sso.issuer (LANDA_SSO_ISSUER), sso.client_id (LANDA_SSO_CLIENT_ID)"
        );
    }

    #[test]
    fn every_error_is_named_with_its_key_and_line() {
        let file = "\
# landa's settings
[server]
bind = \"nowhere\"
session_hours = \"eight\"
secure_cookie = true

[log]
format = \"xml\"

[stor]
data_dir = \"/var/lib/landa\"
";
        let (config, _folder) = load(
            Some(file),
            &[("LANDA_JOB_LEASE_SECONDS", "0")],
            Flags::default(),
        );
        let errors = config.expect_err("errors");
        let messages = messages(&errors);
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert!(messages[0]
            .starts_with("landa.toml, line 3, server.bind: \"nowhere\" is not an address"));
        assert_eq!(
            messages[1],
            "landa.toml, line 4, server.session_hours: expected an integer, found string"
        );
        assert_eq!(
            messages[2],
            "environment variable LANDA_JOB_LEASE_SECONDS: \"0\" is not a whole number of at least 1"
        );
        assert!(
            messages[3].starts_with("landa.toml, line 8, log.format: \"xml\" is not a log format")
        );
        assert!(messages[4].starts_with("landa.toml, line 5: unknown key server.secure_cookie;"));
        assert!(messages[5].starts_with("landa.toml, line 11: unknown key stor.data_dir;"));
    }

    #[test]
    fn a_file_that_is_not_toml_is_named_at_its_line() {
        let (config, _folder) = load(
            Some("[server]\nbind = 127.0.0.1:8080\n"),
            &[],
            Flags::default(),
        );
        let messages = messages(&config.expect_err("an error"));
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with("landa.toml, line 2: not valid TOML"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let flags = Flags {
            config: Some(PathBuf::from("/nonexistent/landa.toml")),
            ..Flags::default()
        };
        let errors = Config::load(&flags, |_| None).expect_err("an error");
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .to_string()
            .starts_with("/nonexistent/landa.toml: cannot be read"));
    }

    #[test]
    fn the_printed_configuration_masks_the_password_and_reads_back() {
        let file = "[store]\ndatabase_url = \"postgres://landa:s3cret@db.example:5432/landa?sslmode=require&password=other\"\n[log]\nformat = \"json\"\n";
        let (config, folder) = load(Some(file), &[], Flags::default());
        let config = config.expect("no errors");
        assert_eq!(
            config.location(),
            landa_store::Location::Url(
                "postgres://landa:s3cret@db.example:5432/landa?sslmode=require&password=other"
                    .to_owned()
            )
        );
        let printed = config.to_toml();
        assert!(
            !printed.contains("s3cret") && !printed.contains("other"),
            "{printed}"
        );
        assert!(printed.contains(
            "database_url = \"postgres://landa:*****@db.example:5432/landa?sslmode=require&password=*****\"  # file, line 2"
        ), "{printed}");
        // What is printed is itself a valid configuration file.
        let path = folder.path().join("printed.toml");
        std::fs::write(&path, &printed).expect("written");
        let flags = Flags {
            config: Some(path),
            ..Flags::default()
        };
        let again = Config::load(&flags, |_| None).expect("the printed file loads");
        assert_eq!(again.log_format.value, LogFormat::Json);
        assert_eq!(again.bind.value, config.bind.value);
    }

    #[test]
    fn passwords_are_masked_wherever_they_are() {
        assert_eq!(
            mask_password("postgres://a:b@h/d"),
            "postgres://a:*****@h/d"
        );
        assert_eq!(mask_password("postgres://a@h/d"), "postgres://a@h/d");
        assert_eq!(
            mask_password("postgres://h/d?user=a&password=b"),
            "postgres://h/d?user=a&password=*****"
        );
        assert_eq!(
            mask_password("postgres://a:b:c@h:5432"),
            "postgres://a:*****@h:5432"
        );
    }
}
