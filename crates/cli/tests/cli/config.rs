//! The configuration file as an operator uses it: a file with mistakes stops every
//! command before it touches the store, each mistake named by key and line; a good file
//! serves, its JSON logs carrying the request id that the request's audit entry holds.

use crate::durability::{account_with_token, request_with};
use crate::{data, Landa};
use landa_store::{AuditFilter, Location, Store};
use landa_testing::on_each_engine;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

#[test]
fn a_file_with_mistakes_stops_every_command_and_names_each_mistake() {
    let folder = tempfile::tempdir().unwrap();
    let store = folder.path().join("store");
    let file = folder.path().join("landa.toml");
    std::fs::write(
        &file,
        format!(
            "[store]\ndata_dir = {:?}\n\n[server]\nbind = \"localhost\"\nsession_hours = -1\n\n[logs]\nformat = \"json\"\n",
            store.display().to_string()
        ),
    )
    .unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_landa"))
        .args([
            "--config",
            file.to_str().unwrap(),
            "import",
            &data("bundles/example"),
        ])
        .env_remove("DATABASE_URL")
        .env_remove("LANDA_CONFIG")
        .env("LANDA_LOG_FORMAT", "yaml")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8(run.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0], "error: the configuration has 4 errors:",
        "{stderr}"
    );
    let file = file.display().to_string();
    assert!(
        lines[1].starts_with(&format!(
            "  {file}, line 5, server.bind: \"localhost\" is not an address"
        )),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "  {file}, line 6, server.session_hours: \"-1\" is not a whole number"
        )),
        "{stderr}"
    );
    assert!(
        lines[3]
            .starts_with("  environment variable LANDA_LOG_FORMAT: \"yaml\" is not a log format"),
        "{stderr}"
    );
    assert!(
        lines[4].starts_with(&format!("  {file}, line 9: unknown key logs.format")),
        "{stderr}"
    );
    assert!(
        !store.exists(),
        "nothing ran: the store was not even created"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_served_request_has_one_id_in_its_answer_its_json_log_and_its_audit_entry() {
    on_each_engine(|location: Location| async move {
        let landa = Landa::at(&location);
        landa.ok(&["import", &data("bundles/example")]);
        let token = account_with_token(&landa, "falun", "municipality:SE:2080");
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("landa.toml");
        let store_line = match &location {
            Location::DataDir(dir) => format!("data_dir = {:?}", dir.display().to_string()),
            Location::Url(url) => format!("database_url = {url:?}"),
        };
        std::fs::write(
            &file,
            format!("[store]\n{store_line}\n\n[server]\nbind = \"127.0.0.1:0\"\n\n[log]\nformat = \"json\"\nlevel = \"info\"\n"),
        )
        .unwrap();
        let checked = Command::new(env!("CARGO_BIN_EXE_landa"))
            .args(["--config", file.to_str().unwrap(), "config", "check"])
            .env_remove("DATABASE_URL")
            .env_remove("LANDA_DATA_DIR")
            .output()
            .unwrap();
        let printed = String::from_utf8(checked.stdout).unwrap();
        assert!(checked.status.success(), "{printed}");
        assert!(printed.contains("format = \"json\"  # file, line 8"), "{printed}");
        if let Location::Url(url) = &location {
            if let Some(password) = url.split_once("://").and_then(|(_, rest)| rest.split_once('@')).and_then(|(user, _)| user.split_once(':')).map(|(_, password)| password) {
                assert!(!printed.contains(password), "the password is masked: {printed}");
            }
        }

        let mut server = Command::new(env!("CARGO_BIN_EXE_landa"))
            .args(["--config", file.to_str().unwrap(), "serve"])
            .env_remove("DATABASE_URL")
            .env_remove("LANDA_DATA_DIR")
            .env_remove("LANDA_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(server.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let mut stderr = server.stderr.take().unwrap();
        let logs = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let address: std::net::SocketAddr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        let (status, body) = request_with(
            address,
            "POST /api/v1/scenarios/example-2024/municipalities/2080/decisions",
            &token,
            "X-Request-Id: ops-check-42\r\n",
            "{\"persons\": 41, \"registration_number\": \"KS 2026/41\"}",
        )
        .unwrap();
        assert_eq!(status, 201, "{body}");
        server.kill().unwrap();
        server.wait().unwrap();

        let logs = logs.join().unwrap();
        let answered = logs
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .find(|event| event["span"]["request_id"] == "ops-check-42")
            .unwrap_or_else(|| panic!("no JSON log line of the request in\n{logs}"));
        assert_eq!(answered["status"], 201);
        assert_eq!(answered["message"], "answered");
        assert_eq!(answered["level"], "INFO");

        let store = Store::open(&location).await.unwrap();
        let entries = store.audit_entries(&AuditFilter::default(), 100, 0).await.unwrap();
        let entry = entries
            .iter()
            .find(|entry| entry.request_id.as_deref() == Some("ops-check-42"))
            .expect("the decision's audit entry holds the request id");
        assert_eq!(entry.actor, "falun");
        assert!(entry.resource.contains("/municipalities/2080/decisions"), "{entry:?}");
    })
    .await;
}

#[test]
fn the_shipped_deployment_files_are_valid() {
    let deploy = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
    for name in ["landa.toml", "landa-container.toml"] {
        let file = deploy.join(name);
        let checked = Command::new(env!("CARGO_BIN_EXE_landa"))
            .args(["--config", file.to_str().unwrap(), "config", "check"])
            .env_remove("DATABASE_URL")
            .env_remove("LANDA_DATA_DIR")
            .env_remove("LANDA_LOG")
            .output()
            .unwrap();
        let printed = String::from_utf8(checked.stdout).unwrap();
        assert!(
            checked.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&checked.stderr)
        );
        assert!(
            printed.contains("secure_cookies = true  # file"),
            "{name}: {printed}"
        );
        assert!(
            printed.contains("format = \"json\"  # file"),
            "{name}: {printed}"
        );
    }
    // The unit's commands are ones the binary takes, with the file it installs.
    let unit = std::fs::read_to_string(deploy.join("landa.service")).unwrap();
    for key in ["ExecStartPre=", "ExecStart="] {
        let command = unit
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .unwrap_or_else(|| panic!("no {key} in the unit"));
        let mut words = command.split_whitespace();
        assert_eq!(words.next(), Some("/usr/local/bin/landa"));
        let args: Vec<String> = words
            .map(|word| {
                if word == "/etc/landa/landa.toml" {
                    deploy.join("landa.toml").display().to_string()
                } else {
                    word.to_owned()
                }
            })
            .collect();
        // `serve` is checked by its help, which parses the same flags without serving.
        let mut command = Command::new(env!("CARGO_BIN_EXE_landa"));
        command.args(&args).env_remove("DATABASE_URL");
        if args.last().map(String::as_str) == Some("serve") {
            command.arg("--help");
        }
        let run = command.output().unwrap();
        assert!(
            run.status.success(),
            "{key}{command:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    // What the image copies exists, and its configuration is the one tested above.
    let containerfile = std::fs::read_to_string(deploy.join("Containerfile")).unwrap();
    assert!(containerfile.contains("COPY deploy/landa-container.toml /etc/landa/landa.toml"));
    assert!(containerfile.contains("ENV LANDA_CONFIG=/etc/landa/landa.toml"));
    assert!(containerfile.contains("EXPOSE 8080"));
    let container = std::fs::read_to_string(deploy.join("landa-container.toml")).unwrap();
    assert!(container.contains("bind = \"0.0.0.0:8080\""));
}
