//! Single sign-on in the browser against a real OpenID Connect provider: the npm package
//! oidc-provider, started here (`tests/npm/oidc-provider.mjs`; scripts/test installs it). A
//! municipal coordinator whose identity an administrator linked logs in through the
//! provider's login and consent pages (authorization code with PKCE, ID token verified)
//! and lands on their start page; an identity linked to no account, and an answer that
//! does not belong to the login started, are refused with the reason at the top of the
//! login page; the audit log has each attempt.

use super::*;
use landa_server::sso::{Claim, SsoConfig};
use std::io::{BufRead, BufReader};

const CLIENT_SECRET: &str = "landa-test-client-secret";
const LINKED: &str = "anna.lind@falun.se";

struct IdentityProvider {
    process: Child,
    issuer: String,
}

impl Drop for IdentityProvider {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Starts the provider for landa at `redirect_url`, or says why it cannot (a failure with
/// LANDA_REQUIRE_BROWSER=1, as in CI).
fn start_provider(redirect_url: &str) -> Option<IdentityProvider> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/npm");
    let missing = if !folder.join("node_modules/oidc-provider").exists() {
        Some("tests/npm/node_modules is missing (scripts/test runs npm ci there)")
    } else if Command::new("node").arg("--version").output().is_err() {
        Some("node is missing (apt-get install nodejs)")
    } else {
        None
    };
    if let Some(reason) = missing {
        if std::env::var("LANDA_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("LANDA_REQUIRE_BROWSER=1 but {reason}");
        }
        eprintln!("SKIPPED single sign-on test: {reason}");
        return None;
    }
    let mut process = Command::new("node")
        .arg("oidc-provider.mjs")
        .arg(redirect_url)
        .arg(CLIENT_SECRET)
        .current_dir(&folder)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node starts the identity provider");
    // Its output is read to the end, as the provider writes notices there later.
    let mut output = BufReader::new(process.stdout.take().expect("the provider's output"));
    let mut line = String::new();
    output
        .read_line(&mut line)
        .expect("the provider says where it serves");
    std::thread::spawn(move || std::io::copy(&mut output, &mut std::io::sink()));
    let issuer = line
        .strip_prefix("issuer ")
        .unwrap_or_else(|| panic!("the provider did not start: {line:?}"))
        .trim()
        .to_owned();
    Some(IdentityProvider { process, issuer })
}

/// Waits until the browser is at a URL that `wanted` accepts; returns it.
async fn wait_for_url(client: &Client, wanted: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        let url = client.current_url().await.unwrap().to_string();
        if wanted(&url) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the browser stayed at {}",
        client.current_url().await.unwrap()
    );
}

/// Logs in at the provider's development login form as `login` and consents.
async fn log_in_at_provider(client: &Client, base: &str, login: &str) {
    visit(client, &format!("{base}/login")).await;
    client
        .find(Locator::Id("single-sign-on"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let issuer_page = wait_for_url(client, |url| url.contains("/interaction/")).await;
    assert!(!issuer_page.starts_with(base), "{issuer_page}");
    let form = client
        .wait()
        .for_element(Locator::Css("input[name=login]"))
        .await
        .unwrap();
    form.send_keys(login).await.unwrap();
    client
        .find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys("the provider's own password")
        .await
        .unwrap();
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The consent page: landa asks for the identity's e-mail address.
    client
        .wait()
        .for_element(Locator::XPath("//button[contains(., 'Continue')]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_logs_in_through_the_organisations_identity_provider() {
    let Some(driver) = start_driver() else { return };
    let directory = tempfile::tempdir().unwrap();
    let server = TestServer::start(Location::DataDir(directory.path().to_owned())).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let redirect_url = format!("{base}/login/sso/callback");
    let Some(provider) = start_provider(&redirect_url) else {
        return;
    };
    let config = landa_server::ServerConfig {
        single_sign_on: Some(SsoConfig {
            issuer: provider.issuer.clone(),
            client_id: "landa".into(),
            client_secret: Some(CLIENT_SECRET.into()),
            redirect_url,
            claim: Claim::Email,
            label: "Falu kommun".into(),
        }),
        ..Default::default()
    };
    let state = landa_server::AppState::start(server.store.clone(), config);
    tokio::spawn(landa_server::serve(listener, state, std::future::pending()));
    server
        .store
        .link_sso_identity("municipality-own", Some(LINKED), &setup())
        .await
        .unwrap();

    // The linked coordinator: provider login, consent, and landa's start page.
    let anna = browser(&driver).await;
    log_in_at_provider(&anna, &base, LINKED).await;
    wait_for_url(&anna, |url| url == format!("{base}/app")).await;
    let page = text(&anna).await;
    assert!(
        anna.find(Locator::Css("form[action='/logout']"))
            .await
            .is_ok(),
        "logged in: {page}"
    );
    screenshot(&anna, "single-sign-on-start-page").await;

    // An identity no account is linked to: back on landa's login page with the reason.
    let stranger = browser(&driver).await;
    log_in_at_provider(&stranger, &base, "someone.else@falun.se").await;
    wait_for_url(&stranger, |url| {
        url.starts_with(&format!("{base}/login/sso/callback"))
    })
    .await;
    let summary = stranger
        .wait()
        .for_element(Locator::Css(".error-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        summary.contains("'someone.else@falun.se', but no landa account is linked"),
        "{summary}"
    );
    assert!(stranger.find(Locator::Id("username")).await.is_ok());
    screenshot(&stranger, "single-sign-on-refused").await;

    // The linked coordinator's landa password no longer opens a session: the
    // organisation's login does.
    log_in(&stranger, &base, "municipality-own").await;
    let summary = text_at(&stranger, Locator::Css(".error-summary")).await;
    assert!(
        summary.contains("this account logs in through Falu kommun, not with a password"),
        "{summary}"
    );
    assert!(stranger
        .find(Locator::Css("form[action='/logout']"))
        .await
        .is_err());

    // An answer that no login here started (no flow cookie): refused, nothing opened.
    visit(
        &stranger,
        &format!("{base}/login/sso/callback?code=forged&state=forged"),
    )
    .await;
    let summary = text_at(&stranger, Locator::Css(".error-summary")).await;
    assert!(summary.contains("started too long ago"), "{summary}");

    let entries = server
        .store
        .audit_entries(&Default::default(), 1000, 0)
        .await
        .unwrap();
    assert!(
        entries.iter().any(|e| e.actor == "municipality-own"
            && e.detail == "session started through single sign-on (Falu kommun)"),
        "the login is audited"
    );
    assert!(
        entries
            .iter()
            .any(|e| e.actor == "someone.else@falun.se" && e.action == "login_failed"),
        "the refused identity is audited"
    );
    assert!(
        entries.iter().any(|e| e.actor == "municipality-own"
            && e.action == "login_failed"
            && e.detail.contains("logs in through single sign-on")),
        "the refused password login is audited"
    );
    drop(provider);
}
