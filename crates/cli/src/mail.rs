//! E-mail through an SMTP relay as an agency's mail service runs one: STARTTLS (or TLS
//! from the first byte) with the relay's certificate checked, and a login. The relay is a
//! URL that lettre reads:
//!
//! - `smtp://relay.example:587?tls=required`: STARTTLS, refused if the relay lacks it;
//! - `smtps://relay.example:465`: TLS from the start;
//! - `smtp://localhost:25`: plain, for a relay on the same machine that forwards it
//!   (also written `HOST[:PORT]`, as earlier releases took it).
//!
//! The user goes in the URL (`smtp://landa@relay.example:587?tls=required`), the password
//! in `LANDA_SMTP_PASSWORD` so that it shows neither in the process list nor in a shell's
//! history. A relay whose certificate a private authority signed is trusted with
//! `--smtp-ca FILE` (PEM), beside the public authorities.

use anyhow::{bail, Context, Result};
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use std::path::PathBuf;
use std::time::Duration;

/// The variable that holds the relay login's password.
pub const PASSWORD_VAR: &str = "LANDA_SMTP_PASSWORD";
/// How long a relay may take to answer.
const RELAY_TIMEOUT: Duration = Duration::from_secs(30);

/// Where mail goes out, and how.
#[derive(Debug, Clone)]
pub struct Relay {
    pub url: String,
    /// The login's password (`LANDA_SMTP_PASSWORD`), for the user named in the URL.
    pub password: Option<String>,
    /// A PEM file of the authority that signed the relay's certificate.
    pub ca_file: Option<PathBuf>,
}

/// How the connection is secured, as the URL says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    Plain,
    StartTls { required: bool },
    Tls,
}

impl Relay {
    /// The URL with a scheme: a bare `HOST[:PORT]` is plain SMTP.
    fn full_url(&self) -> String {
        if self.url.contains("://") {
            self.url.clone()
        } else {
            format!("smtp://{}", self.url)
        }
    }

    /// The URL without its password, for messages.
    pub fn shown(&self) -> String {
        crate::config::mask_password(&self.full_url())
    }

    fn security(url: &str) -> Security {
        let query = url.split_once('?').map_or("", |(_, query)| query);
        if url.starts_with("smtps://") {
            Security::Tls
        } else if query.split('&').any(|pair| pair == "tls=required") {
            Security::StartTls { required: true }
        } else if query.split('&').any(|pair| pair == "tls=opportunistic") {
            Security::StartTls { required: false }
        } else {
            Security::Plain
        }
    }

    fn transport(&self) -> Result<SmtpTransport> {
        let url = self.full_url();
        let shown = self.shown();
        let mut builder = SmtpTransport::from_url(&url)
            .with_context(|| format!("--smtp {shown}: not an SMTP relay URL such as smtp://user@relay.example:587?tls=required"))?
            .timeout(Some(RELAY_TIMEOUT));
        if let Some(password) = &self.password {
            let user = url
                .split_once("://")
                .and_then(|(_, rest)| rest.split_once('@'))
                .map(|(user, _)| user.split(':').next().unwrap_or(user).to_owned())
                .with_context(|| {
                    format!("{PASSWORD_VAR} is set, but --smtp {shown} names no user (smtp://USER@host)")
                })?;
            builder = builder.credentials(Credentials::new(user, password.clone()));
        }
        if let Some(ca_file) = &self.ca_file {
            let security = Relay::security(&url);
            if security == Security::Plain {
                bail!("--smtp-ca is for a relay reached over TLS, but --smtp {shown} is plain SMTP (add ?tls=required or use smtps://)");
            }
            let pem = std::fs::read(ca_file)
                .with_context(|| format!("--smtp-ca {}: cannot be read", ca_file.display()))?;
            let authority = Certificate::from_pem(&pem).with_context(|| {
                format!("--smtp-ca {}: not a PEM certificate", ca_file.display())
            })?;
            let host = url
                .split_once("://")
                .map(|(_, rest)| rest.rsplit_once('@').map_or(rest, |(_, host)| host))
                .and_then(|rest| rest.split([':', '/', '?']).next())
                .unwrap_or_default()
                .to_owned();
            let parameters = TlsParameters::builder(host)
                .add_root_certificate(authority)
                .build()
                .with_context(|| format!("--smtp {shown}: TLS settings"))?;
            builder = builder.tls(match security {
                Security::Tls => Tls::Wrapper(parameters),
                Security::StartTls { required: true } => Tls::Required(parameters),
                _ => Tls::Opportunistic(parameters),
            });
        }
        Ok(builder.build())
    }

    /// Sends one plain-text message to `to`.
    pub async fn send(&self, from: &str, to: &[String], subject: &str, body: String) -> Result<()> {
        let mailbox = |address: &str| -> Result<Mailbox> {
            address
                .parse()
                .with_context(|| format!("{address:?} is not an e-mail address"))
        };
        let mut message = Message::builder().from(mailbox(from)?).subject(subject);
        for address in to {
            message = message.to(mailbox(address)?);
        }
        let message = message.header(ContentType::TEXT_PLAIN).body(body)?;
        let transport = self.transport()?;
        let shown = self.shown();
        tokio::task::spawn_blocking(move || {
            transport
                .send(&message)
                .with_context(|| format!("sending the reminders through {shown}"))
        })
        .await??;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_says_how_the_connection_is_secured() {
        for (url, security) in [
            (
                "smtp://relay.example:587?tls=required",
                Security::StartTls { required: true },
            ),
            (
                "smtp://relay.example?tls=opportunistic",
                Security::StartTls { required: false },
            ),
            ("smtps://relay.example:465", Security::Tls),
            ("smtp://localhost:25", Security::Plain),
        ] {
            assert_eq!(Relay::security(url), security, "{url}");
        }
    }

    #[test]
    fn a_bare_host_is_plain_smtp_and_passwords_are_not_shown() {
        let relay = |url: &str| Relay {
            url: url.to_owned(),
            password: None,
            ca_file: None,
        };
        assert_eq!(relay("localhost:2525").full_url(), "smtp://localhost:2525");
        assert_eq!(
            relay("smtp://landa:hemligt@relay.example:587?tls=required").shown(),
            "smtp://landa:*****@relay.example:587?tls=required"
        );
    }

    #[test]
    fn a_password_without_a_user_and_a_private_authority_over_plain_smtp_are_refused() {
        let no_user = Relay {
            url: "smtp://relay.example:587?tls=required".into(),
            password: Some("hemligt".into()),
            ca_file: None,
        };
        let error = no_user.transport().unwrap_err().to_string();
        assert!(error.contains("names no user"), "{error}");
        let plain = Relay {
            url: "smtp://relay.example:25".into(),
            password: None,
            ca_file: Some("ca.pem".into()),
        };
        let error = plain.transport().unwrap_err().to_string();
        assert!(error.contains("is plain SMTP"), "{error}");
    }
}
