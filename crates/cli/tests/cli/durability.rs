//! A killed server loses nothing it acknowledged: `landa serve` takes a stream of
//! decisions, is killed with SIGKILL in the middle of it, and after a restart every
//! acknowledged decision is there, the versions are whole, and the store answers; a
//! backup taken then and restored into a new place holds the same.

use crate::{data, Landa};
use landa_store::{Location, Store};
use landa_testing::{on_each_engine, TestDatabase};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SCENARIO: &str = "example-2024";
const MUNICIPALITY: &str = "2080";
/// Acknowledged writes before the kill; the writer keeps writing while it happens.
const WRITES_BEFORE_KILL: usize = 25;

/// Starts `landa serve` with `options` on a free port and returns it with its address.
/// Adds the account `username` with `role` and issues it an API token; the token.
pub fn account_with_token(landa: &Landa, username: &str, role: &str) -> String {
    let added = landa
        .command()
        .args(["user", "add", username, "--role", role])
        .env("LANDA_PASSWORD", "a long enough password")
        .output()
        .expect("landa user add");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    landa.ok(&["user", "token", username]).trim().to_owned()
}

pub fn serve(landa: &Landa, options: &[&str]) -> (Child, SocketAddr) {
    let mut child = landa
        .command()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(options)
        .env("LANDA_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("landa serve starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout
        .read_line(&mut line)
        .expect("the server says where it listens");
    // Keep reading: a closed pipe would make the server's next line fail.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (child, address)
}

/// One HTTP/1.1 request on its own connection; the status and body.
pub fn request(
    address: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    request_with(address, &format!("{method} {path}"), token, "", body)
}

/// A request as `request` sends it, with `headers` (each ending in CRLF) added.
pub fn request_with(
    address: SocketAddr,
    method_and_path: &str,
    token: &str,
    headers: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "{method_and_path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         {headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {response:?}")))?;
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    Ok((status, body))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_acknowledged_write_survives_a_kill() {
    on_each_engine(|location: Location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", &data("bundles/example")]);
        let token =
            account_with_token(&landa, "writer", &format!("municipality:SE:{MUNICIPALITY}"));

        let (mut server, address) = serve(&landa, &[]);
        let acknowledged = Arc::new(Mutex::new(Vec::<u32>::new()));
        let writer = {
            let acknowledged = Arc::clone(&acknowledged);
            let token = token.clone();
            std::thread::spawn(move || {
                let path =
                    format!("/api/v1/scenarios/{SCENARIO}/municipalities/{MUNICIPALITY}/decisions");
                // Persons 1000, 1001, ... tell the writes apart.
                for persons in 1000u32.. {
                    let body = format!(
                        "{{\"persons\": {persons}, \"registration_number\": \"KS {persons}\"}}"
                    );
                    match request(address, "POST", &path, &token, &body) {
                        Ok((201, _)) => acknowledged.lock().unwrap().push(persons),
                        Ok((status, body)) => panic!("write {persons} refused: {status} {body}"),
                        // The server is gone: whatever was not acknowledged may be lost.
                        Err(_) => return,
                    }
                }
            })
        };
        while acknowledged.lock().unwrap().len() < WRITES_BEFORE_KILL {
            assert!(
                !writer.is_finished(),
                "the writer stopped before {WRITES_BEFORE_KILL} writes were acknowledged"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill().expect("SIGKILL");
        server.wait().expect("the server is gone");
        writer
            .join()
            .expect("the writer stops when the server is gone");
        let acknowledged = acknowledged.lock().unwrap().clone();
        assert!(acknowledged.len() >= WRITES_BEFORE_KILL);

        // Restarted, the server answers and holds every acknowledged write.
        let (mut server, address) = serve(&landa, &[]);
        let (status, body) = request(
            address,
            "GET",
            &format!("/api/v1/scenarios/{SCENARIO}/municipalities/{MUNICIPALITY}/decisions"),
            &token,
            "",
        )
        .expect("the restarted server answers");
        assert_eq!(status, 200, "{body}");
        server.kill().expect("stop");
        server.wait().expect("stopped");

        let store = Store::open(&location).await.expect("the store opens");
        let history = store
            .decision_history(SCENARIO, &MUNICIPALITY.parse().unwrap())
            .await
            .expect("the history reads");
        let versions: Vec<u32> = history.iter().map(|v| v.version).collect();
        let expected: Vec<u32> = (1..=versions.len() as u32).collect();
        assert_eq!(
            versions, expected,
            "versions are whole, none lost in the middle"
        );
        let stored: Vec<u32> = history.iter().map(|v| v.decision.persons).collect();
        for persons in &acknowledged {
            assert!(
                stored.contains(persons),
                "acknowledged decision of {persons} persons was lost"
            );
        }
        store
            .load_scenario(SCENARIO)
            .await
            .expect("the whole scenario still loads");

        // Backed up after the kill and restored into a new place, as an operator would
        // whose disk failed next: the same history, the audit chain intact.
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("landa.backup");
        let file = file.to_str().unwrap();
        assert!(landa.ok(&["backup", file]).starts_with("Backed up"));
        let (target, database) = match &location {
            Location::DataDir(_) => (Location::DataDir(folder.path().join("restored")), None),
            Location::Url(_) => {
                let database = TestDatabase::create().await.unwrap();
                (Location::Url(database.url.clone()), Some(database))
            }
        };
        let restorer = Landa::at(&target);
        let said = restorer.ok(&["restore", file]);
        assert!(said.contains("chain intact"), "{said}");
        let again = restorer.run(&["restore", file]);
        assert!(
            !again.success && again.stderr.contains("already"),
            "a restore never goes over a store unasked: {}",
            again.stderr
        );
        let restored = Store::open(&target).await.unwrap();
        let restored_history = restored
            .decision_history(SCENARIO, &MUNICIPALITY.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(restored_history, history);
        drop(restored);
        if let Some(database) = database {
            database.drop().await;
        }
    })
    .await;
}
