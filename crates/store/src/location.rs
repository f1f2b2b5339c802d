use crate::StoreError;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// Environment variable whose value, when set, names the database to use.
pub const DATABASE_URL_VAR: &str = "DATABASE_URL";
/// Data directory used when neither `DATABASE_URL` nor a directory is given.
pub const DEFAULT_DATA_DIR: &str = "./landa-data";
/// File name of the embedded SQLite database inside a data directory.
pub const SQLITE_FILE_NAME: &str = "landa.sqlite";

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A directory holding the embedded SQLite database `landa.sqlite`, created if missing.
    DataDir(PathBuf),
    /// A database URL: `postgres://` / `postgresql://` for PostgreSQL, `sqlite:` for a
    /// SQLite file at a path of one's own choosing.
    Url(String),
}

impl Location {
    /// The database URL wins when set (and not empty), else `data_dir`, else `./landa-data`.
    pub fn choose(database_url: Option<String>, data_dir: Option<PathBuf>) -> Location {
        match (database_url, data_dir) {
            (Some(url), _) if !url.trim().is_empty() => Location::Url(url),
            (_, Some(dir)) => Location::DataDir(dir),
            _ => Location::DataDir(PathBuf::from(DEFAULT_DATA_DIR)),
        }
    }
}

/// The engine a store runs on, described without secrets so it can be logged and shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    Sqlite {
        path: PathBuf,
    },
    Postgres {
        host: String,
        port: u16,
        database: String,
    },
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Engine::Sqlite { path } => write!(f, "SQLite ({})", path.display()),
            Engine::Postgres {
                host,
                port,
                database,
            } => write!(f, "PostgreSQL ({host}:{port}/{database})"),
        }
    }
}

impl Engine {
    /// How a multi-row statement names its parameters on this engine.
    pub(crate) fn placeholders(&self) -> Placeholders {
        match self {
            // Anonymous `?`: sqlx looks each parameter's name up before binding it, and
            // SQLite finds names by a linear scan, so `$N` on a statement with thousands of
            // parameters costs quadratic time (80 s instead of seconds for a national batch).
            // The limit is SQLITE_MAX_VARIABLE_NUMBER (32 766 since 3.32).
            Engine::Sqlite { .. } => Placeholders {
                max_parameters: 32_766,
                numbered: false,
            },
            // `$N` is the only style PostgreSQL knows; the wire protocol counts parameters in 16 bits.
            Engine::Postgres { .. } => Placeholders {
                max_parameters: 65_535,
                numbered: true,
            },
        }
    }
}

/// The parameter style and limit of one engine, for statements built at run time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placeholders {
    pub max_parameters: usize,
    /// `$1, $2 …` when true, `?` when false.
    pub numbered: bool,
}

/// What `Store::open` connects to: the URL for sqlx's Any driver and the engine behind it.
pub(crate) struct Target {
    pub url: String,
    pub engine: Engine,
}

impl Target {
    pub fn resolve(location: &Location) -> Result<Target, StoreError> {
        match location {
            Location::DataDir(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
                    path: dir.clone(),
                    source,
                })?;
                let options = SqliteConnectOptions::new()
                    .filename(dir.join(SQLITE_FILE_NAME))
                    .create_if_missing(true);
                Ok(Target::sqlite(&options))
            }
            Location::Url(url) => {
                let scheme = url.split_once(':').map(|(scheme, _)| scheme);
                match scheme {
                    Some("postgres" | "postgresql") => {
                        let options = PgConnectOptions::from_str(url)
                            .map_err(StoreError::database("reading the PostgreSQL URL"))?;
                        Ok(Target {
                            url: url.clone(),
                            engine: Engine::Postgres {
                                host: options.get_host().to_owned(),
                                port: options.get_port(),
                                database: options
                                    .get_database()
                                    .unwrap_or(options.get_username())
                                    .to_owned(),
                            },
                        })
                    }
                    Some("sqlite") => {
                        let options = SqliteConnectOptions::from_str(url)
                            .map_err(StoreError::database("reading the SQLite URL"))?;
                        Ok(Target::sqlite(&options))
                    }
                    _ => Err(StoreError::UnsupportedUrl(redact_password(url).to_string())),
                }
            }
        }
    }

    fn sqlite(options: &SqliteConnectOptions) -> Target {
        // Let sqlx write the URL so that characters such as '?' or '#' in the path are
        // escaped the way its parser expects.
        Target {
            url: options.to_url_lossy().to_string(),
            engine: Engine::Sqlite {
                path: options.get_filename().to_owned(),
            },
        }
    }
}

/// The URL with anything between "://" and "@" reduced to the user name, so that an
/// error message never shows a password.
fn redact_password(url: &str) -> std::borrow::Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.into();
    };
    match rest.split_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}").into()
        }
        _ => url.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_wins_over_data_dir() {
        let url = "postgres://postgres@localhost/landa".to_owned();
        assert_eq!(
            Location::choose(Some(url.clone()), Some("x".into())),
            Location::Url(url)
        );
        assert_eq!(
            Location::choose(Some("  ".into()), Some("x".into())),
            Location::DataDir("x".into())
        );
        assert_eq!(
            Location::choose(None, None),
            Location::DataDir(DEFAULT_DATA_DIR.into())
        );
    }

    #[test]
    fn postgres_engine_is_described_without_password() {
        let target = Target::resolve(&Location::Url(
            "postgres://me:secret@db.example:5433/landa".into(),
        ))
        .unwrap();
        let shown = target.engine.to_string();
        assert_eq!(shown, "PostgreSQL (db.example:5433/landa)");
        assert!(!shown.contains("secret"));
    }

    #[test]
    fn unknown_schemes_are_refused_without_showing_the_password() {
        let err = Target::resolve(&Location::Url("mysql://me:secret@host/db".into()))
            .err()
            .unwrap();
        assert!(matches!(err, StoreError::UnsupportedUrl(_)));
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn sqlite_urls_keep_their_path() {
        let target = Target::resolve(&Location::Url(
            "sqlite:///tmp/landa%20test.sqlite?mode=rwc".into(),
        ))
        .unwrap();
        assert_eq!(
            target.engine,
            Engine::Sqlite {
                path: "/tmp/landa test.sqlite".into()
            }
        );
        assert_eq!(target.engine.to_string(), "SQLite (/tmp/landa test.sqlite)");
    }
}
