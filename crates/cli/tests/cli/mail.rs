//! `landa remind --smtp` against a real mail relay: aiosmtpd (`tests/smtp/relay.py`;
//! scripts/test installs it), which requires STARTTLS before anything else and a login
//! before it takes mail, with a certificate from a private authority made here with
//! openssl. The reminders arrive over TLS from the account named; a wrong password and an
//! authority not trusted fail with the relay named, and nothing is delivered.

use crate::{data, Landa};
use landa_store::Location;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const USER: &str = "landa";
const PASSWORD: &str = "relay-password-2026";

struct MailRelay {
    process: Child,
    port: u16,
    authority: PathBuf,
    mailbox: PathBuf,
}

impl Drop for MailRelay {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl MailRelay {
    /// What the relay took, one JSON object a message.
    fn delivered(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.mailbox)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect()
    }
}

fn openssl(folder: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(folder)
        .output()
        .expect("openssl runs (apt-get install openssl)");
    assert!(
        output.status.success(),
        "openssl {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A private authority, the relay's certificate for localhost signed by it, and the relay.
fn start_relay(folder: &Path) -> MailRelay {
    openssl(
        folder,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=landa test authority",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ],
    );
    openssl(
        folder,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "relay.key",
            "-out",
            "relay.csr",
        ],
    );
    std::fs::write(
        folder.join("relay.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        folder,
        &[
            "x509",
            "-req",
            "-in",
            "relay.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "relay.ext",
            "-out",
            "relay.pem",
        ],
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/relay.py");
    let mailbox = folder.join("mailbox.jsonl");
    let mut process = Command::new("python3")
        .arg(&script)
        .args(["relay.pem", "relay.key", USER, PASSWORD])
        .arg(&mailbox)
        .current_dir(folder)
        .stdout(Stdio::piped())
        // Its log has the refusals this test provokes, as tracebacks: not for the output.
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 runs");
    let mut line = String::new();
    BufReader::new(process.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .strip_prefix("listening ")
        .and_then(|port| port.trim().parse().ok())
        .unwrap_or_else(|| {
            panic!("the mail relay did not start ({line:?}); scripts/test installs aiosmtpd (pip)")
        });
    MailRelay {
        process,
        port,
        authority: folder.join("ca.pem"),
        mailbox,
    }
}

#[test]
fn reminders_go_out_over_starttls_with_a_login_and_a_checked_certificate() {
    let folder = tempfile::tempdir().unwrap();
    let relay = start_relay(folder.path());
    let landa = Landa::at(&Location::DataDir(folder.path().join("store")));
    landa.ok(&["agreement", "import", &data("agreements/vagen-in.toml")]);
    let url = format!("smtp://{USER}@localhost:{}?tls=required", relay.port);
    let authority = relay.authority.to_str().unwrap();
    let remind = |password: &str, with_authority: bool| {
        let mut command = landa.command();
        command.env("LANDA_SMTP_PASSWORD", password).args([
            "remind",
            "--today",
            "2026-11-23",
            "--agreement",
            "vagen-in",
            "--smtp",
            &url,
            "--from",
            "landa@lansstyrelsen.example",
            "--to",
            "samordnare@region.example",
        ]);
        if with_authority {
            command.args(["--smtp-ca", authority]);
        }
        let output = command.output().unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };

    // A wrong password: refused by the relay, the relay named, nothing delivered.
    let (sent, _, error) = remind("not-the-password", true);
    assert!(!sent);
    assert!(
        error.contains(&format!("localhost:{}", relay.port)),
        "{error}"
    );
    assert!(relay.delivered().is_empty());
    // The relay's authority not trusted: the certificate is refused before any login.
    let (sent, _, error) = remind(PASSWORD, false);
    assert!(!sent);
    assert!(error.to_lowercase().contains("certificate"), "{error}");
    assert!(relay.delivered().is_empty());

    let (sent, out, error) = remind(PASSWORD, true);
    assert!(sent, "{out}\n{error}");
    assert!(out.contains("Sent to samordnare@region.example"), "{out}");
    let delivered = relay.delivered();
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    let mail = &delivered[0];
    assert_eq!(mail["tls"], true, "sent over STARTTLS");
    assert_eq!(mail["login"], USER, "sent after logging in");
    assert_eq!(mail["to"][0], "samordnare@region.example");
    let message = mail["message"].as_str().unwrap().replace("=\r\n", "");
    assert!(message.contains("Subject: landa: "), "{message}");
    assert!(
        message.contains("[ExpiredWithoutRevision] expired on 2020-12-31"),
        "{message}"
    );
}
