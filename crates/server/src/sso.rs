//! Single sign-on with OpenID Connect: the authorization code flow with PKCE against the
//! user's organisation's identity provider (in Sweden SITHS or Freja through a broker, in
//! Norway ID-porten or Feide). landa keeps no password for such a login: the provider's
//! signed ID token says who the user is, and the configured claim (`sub`, `email` or
//! `preferred_username`) names the identity an administrator linked to a landa account.
//!
//! The login's secrets (state, nonce and PKCE verifier) travel in a short-lived HttpOnly
//! cookie rather than in one process's memory, so that any of several server processes on
//! one database can finish a login that another began. The provider's metadata and keys
//! are read at each login: logins are rare, and a provider that rotates its keys is then
//! followed at once.

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use std::fmt;
use std::time::Duration;

/// The cookie that carries a login's state from its start to the provider's answer.
pub const FLOW_COOKIE: &str = "landa_sso";
/// How long a login at the provider may take.
pub const FLOW_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How long landa waits for the provider's answers.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// The ID token claim whose value names the linked identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The provider's subject identifier: stable, never reassigned.
    Subject,
    /// The e-mail address, accepted only when the provider says it is verified.
    Email,
    /// The user name at the provider.
    PreferredUsername,
}

impl Claim {
    pub const ALL: [Claim; 3] = [Claim::Subject, Claim::Email, Claim::PreferredUsername];

    pub fn name(self) -> &'static str {
        match self {
            Claim::Subject => "sub",
            Claim::Email => "email",
            Claim::PreferredUsername => "preferred_username",
        }
    }

    pub fn parse(text: &str) -> Option<Claim> {
        Claim::ALL.into_iter().find(|claim| claim.name() == text)
    }

    /// The scope that asks the provider for the claim, beside `openid`.
    fn scope(self) -> Option<&'static str> {
        match self {
            Claim::Subject => None,
            Claim::Email => Some("email"),
            Claim::PreferredUsername => Some("profile"),
        }
    }
}

/// An identity provider landa's users log in with.
#[derive(Clone)]
pub struct SsoConfig {
    /// The provider's issuer URL; its metadata is at `/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    /// `None` for a public client, which PKCE alone protects.
    pub client_secret: Option<String>,
    /// landa's `/login/sso/callback` as the browser reaches it, registered at the provider.
    pub redirect_url: String,
    pub claim: Claim,
    /// What the login button says after "Log in with", e.g. "SITHS eID".
    pub label: String,
}

impl fmt::Debug for SsoConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "****"),
            )
            .field("redirect_url", &self.redirect_url)
            .field("claim", &self.claim)
            .field("label", &self.label)
            .finish()
    }
}

/// A login sent to the provider: where to send the browser, and what the flow cookie
/// keeps for the answer.
pub struct Started {
    pub authorize_url: String,
    pub flow: Flow,
}

/// What a login keeps between its start and the provider's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

impl Flow {
    /// The cookie's value: the three secrets are base64url, so '.' separates them.
    pub fn to_cookie(&self) -> String {
        format!("{}.{}.{}", self.state, self.nonce, self.verifier)
    }

    pub fn from_cookie(value: &str) -> Option<Flow> {
        let mut parts = value.split('.');
        let flow = Flow {
            state: parts.next()?.to_owned(),
            nonce: parts.next()?.to_owned(),
            verifier: parts.next()?.to_owned(),
        };
        let well_formed = |part: &str| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        (parts.next().is_none()
            && well_formed(&flow.state)
            && well_formed(&flow.nonce)
            && well_formed(&flow.verifier))
        .then_some(flow)
    }
}

/// Why a login through the provider did not go through: said to the user as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsoError {
    #[error("the identity provider cannot be reached or answered wrongly ({0}); try again later or log in with your password")]
    Provider(String),
    #[error("the login was started too long ago or in another browser; start it again")]
    NoFlow,
    #[error(
        "the identity provider's answer does not belong to the login started here; start it again"
    )]
    StateMismatch,
    #[error("the identity provider did not log you in: {0}")]
    Refused(String),
    #[error("the identity provider's ID token could not be trusted ({0})")]
    Token(String),
    #[error(
        "the identity provider did not give the claim '{0}' that landa's accounts are linked by"
    )]
    MissingClaim(&'static str),
}

impl SsoConfig {
    fn http_client() -> Result<openidconnect::reqwest::Client, SsoError> {
        // No redirects: a provider's endpoints answer directly (OpenID Connect's advice
        // against request forgery through redirects).
        openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()
            .map_err(|e| SsoError::Provider(e.to_string()))
    }

    async fn client(
        &self,
        http: &openidconnect::reqwest::Client,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        SsoError,
    > {
        let issuer =
            IssuerUrl::new(self.issuer.clone()).map_err(|e| SsoError::Provider(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, http)
            .await
            .map_err(|e| SsoError::Provider(error_chain(&e)))?;
        let redirect = RedirectUrl::new(self.redirect_url.clone())
            .map_err(|e| SsoError::Provider(e.to_string()))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.client_id.clone()),
            self.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a login: the provider's authorization URL with a fresh state, nonce and
    /// PKCE challenge (S256).
    pub async fn start(&self) -> Result<Started, SsoError> {
        let http = Self::http_client()?;
        let client = self.client(&http).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        if let Some(scope) = self.claim.scope() {
            request = request.add_scope(Scope::new(scope.to_owned()));
        }
        let (url, state, nonce) = request.url();
        Ok(Started {
            authorize_url: url.to_string(),
            flow: Flow {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                verifier: verifier.secret().clone(),
            },
        })
    }

    /// Finishes a login: checks that the answer belongs to `flow`, exchanges the code
    /// (with the PKCE verifier), verifies the ID token (signature, issuer, audience,
    /// expiry, nonce) and returns the configured claim's value.
    pub async fn finish(
        &self,
        flow: Option<Flow>,
        answer: &ProviderAnswer,
    ) -> Result<String, SsoError> {
        let flow = flow.ok_or(SsoError::NoFlow)?;
        if let Some(error) = &answer.error {
            return Err(SsoError::Refused(match &answer.error_description {
                Some(description) => format!("{error}: {description}"),
                None => error.clone(),
            }));
        }
        if answer.state.as_deref() != Some(flow.state.as_str()) {
            return Err(SsoError::StateMismatch);
        }
        // RFC 9207: a provider that names itself must be the one configured, so that an
        // answer from another provider is not taken for this one's.
        if answer.iss.as_ref().is_some_and(|iss| iss != &self.issuer) {
            return Err(SsoError::StateMismatch);
        }
        let code = answer
            .code
            .clone()
            .ok_or_else(|| SsoError::Refused("no authorization code".into()))?;
        let http = Self::http_client()?;
        let client = self.client(&http).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| SsoError::Provider(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier))
            .request_async(&http)
            .await
            .map_err(|e| SsoError::Token(error_chain(&e)))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| SsoError::Token("the answer has no ID token".into()))?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(flow.nonce))
            .map_err(|e| SsoError::Token(e.to_string()))?;
        let value = match self.claim {
            Claim::Subject => Some(claims.subject().as_str().to_owned()),
            Claim::Email => claims
                .email()
                .filter(|_| claims.email_verified() == Some(true))
                .map(|email| email.as_str().to_owned()),
            Claim::PreferredUsername => claims
                .preferred_username()
                .map(|name| name.as_str().to_owned()),
        };
        value.ok_or(SsoError::MissingClaim(self.claim.name()))
    }
}

/// The provider's answer at `/login/sso/callback`: a code and the state, or an error.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ProviderAnswer {
    pub code: Option<String>,
    pub state: Option<String>,
    /// The provider's issuer, where it names itself (RFC 9207).
    pub iss: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// An error with its causes, for a message that says what went wrong underneath.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_survives_its_cookie_and_a_tampered_cookie_is_refused() {
        let flow = Flow {
            state: "aB-_9".into(),
            nonce: "n0nce".into(),
            verifier: "v3r1f13r".into(),
        };
        assert_eq!(Flow::from_cookie(&flow.to_cookie()), Some(flow));
        for bad in ["", "a.b", "a.b.c.d", "a..c", "a.b.c;d", "a.b.c d"] {
            assert_eq!(Flow::from_cookie(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn claims_are_named_as_in_the_configuration() {
        for claim in Claim::ALL {
            assert_eq!(Claim::parse(claim.name()), Some(claim));
        }
        assert_eq!(Claim::parse("hsa_id"), None);
    }
}
