//! Who acts: an account logged in through the API or the web (a `Principal` with its
//! role), or the local operator running the command line against the store.

use landa_model::Role;

/// Where a call came from, for the audit log: the client's address and the request's
/// id (X-Request-Id, also in the request's log lines); none for the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub remote: Option<String>,
    pub request_id: Option<String>,
}

/// The caller of a command or query.
#[derive(Debug, Clone)]
pub struct Principal {
    pub username: String,
    pub role: Role,
    pub origin: Origin,
    /// True for the local operator (the `landa` command line on the machine that holds
    /// the store): it may do what no account may, such as create a national account,
    /// and is audited as `operator:<user>` in that role.
    pub operator: bool,
}

impl Principal {
    /// An account's caller.
    pub fn account(username: impl Into<String>, role: Role, origin: Origin) -> Principal {
        Principal {
            username: username.into(),
            role,
            origin,
            operator: false,
        }
    }

    /// The local operator acting in `role`, named after the operating-system user.
    pub fn local_operator(role: Role) -> Principal {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".to_owned());
        Principal {
            username: format!("operator:{user}"),
            role,
            origin: Origin::default(),
            operator: true,
        }
    }

    /// The local operator entering what `name` decided or wrote (`--by` of the command
    /// line): both are kept, e.g. "Hobøl (operator:anna)".
    pub fn on_behalf_of(mut self, name: &str) -> Principal {
        if self.operator && !name.trim().is_empty() {
            self.username = format!("{} ({})", name.trim(), self.username);
        }
        self
    }

    /// The role as the audit log shows it.
    pub fn role_text(&self) -> String {
        if self.operator {
            format!("operator as {}", self.role)
        } else {
            self.role.to_string()
        }
    }
}
