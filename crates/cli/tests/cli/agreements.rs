//! `landa agreement` and `landa remind`: the real agreements in, their follow-up out, and
//! bad files and values refused without a change.

use crate::{data, Landa};
use landa_export::{Column, ColumnKind, Table};
use landa_store::Location;
use landa_testing::on_each_engine;

#[tokio::test(flavor = "multi_thread")]
async fn agreements_are_imported_followed_up_and_reported() {
    on_each_engine(|location: Location| async move {
        let landa = Landa::at(&location);
        let vagen_in = data("agreements/vagen-in.toml");
        let ostfold = data("agreements/ostfold-samarbeidsavtale.toml");
        landa.ok(&["agreement", "validate", &vagen_in, &ostfold]);
        let stored = landa.ok(&["agreement", "import", &vagen_in, &ostfold]);
        assert!(stored.contains("Stored vagen-in as version 1."), "{stored}");

        // A broken file names its line and column and stores nothing.
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.toml");
        let text = std::fs::read_to_string(&vagen_in).unwrap();
        std::fs::write(&broken, text.replacen("kind = \"", "kind = \"treaty-", 1)).unwrap();
        let run = landa.run(&["agreement", "import", broken.to_str().unwrap()]);
        assert!(!run.success);
        assert!(run.stderr.contains("broken.toml:"), "{}", run.stderr);
        assert!(landa
            .ok(&["agreement", "list"])
            .contains("vagen-in                     v1 "));

        // Values from CSV: a bad row is named by row and column and nothing is added.
        let values = dir.path().join("values.csv");
        std::fs::write(&values, "indicator,date,value\nno-such,2021-12-31,0.3\n").unwrap();
        let run = landa.run(&["agreement", "values", "vagen-in", values.to_str().unwrap()]);
        assert!(!run.success);
        assert!(
            run.stderr.contains("values.csv:2:1: no indicator"),
            "{}",
            run.stderr
        );
        let indicator = "sysselsattning-0-2";
        let csv = format!("indicator,date,value,source\n{indicator},2019-12-31,0.27,SCB\n");
        std::fs::write(&values, csv).unwrap();
        let added = landa.ok(&["agreement", "values", "vagen-in", values.to_str().unwrap()]);
        assert!(
            added.contains("Added 1 values to vagen-in (version 2)."),
            "{added}"
        );
        // The same from Excel, as a statistics agency's table would come.
        let mut sheet = Table::new(
            "values",
            ["indicator", "date", "value", "source"]
                .map(|h| {
                    let kind = if h == "value" {
                        ColumnKind::Decimal
                    } else {
                        ColumnKind::Text
                    };
                    Column::new(h, kind)
                })
                .to_vec(),
        );
        sheet.push(vec![
            indicator.into(),
            "2020-12-31".into(),
            0.29.into(),
            "SCB".into(),
        ]);
        let xlsx = dir.path().join("values.xlsx");
        std::fs::write(&xlsx, sheet.to_xlsx().unwrap()).unwrap();
        let added = landa.ok(&["agreement", "values", "vagen-in", xlsx.to_str().unwrap()]);
        assert!(added.contains("(version 3)"), "{added}");

        let remind = landa.ok(&["remind", "--today", "2026-11-23", "--agreement", "vagen-in"]);
        assert!(
            remind.contains("[ExpiredWithoutRevision] expired on 2020-12-31"),
            "{remind}"
        );
        assert!(remind.contains("[NoDecisionRegistered]"), "{remind}");
        let swedish = landa.ok(&[
            "remind",
            "--today",
            "2026-11-23",
            "--agreement",
            "vagen-in",
            "--lang",
            "sv",
        ]);
        assert!(
            swedish.contains("[ExpiredWithoutRevision] löpte ut 2020-12-31"),
            "{swedish}"
        );
        // The same reminders by e-mail, through an SMTP relay.
        let (relay, mail) = fake_smtp_relay();
        let sent = landa.ok(&[
            "remind",
            "--today",
            "2026-11-23",
            "--agreement",
            "vagen-in",
            "--smtp",
            &relay,
            "--from",
            "landa@lansstyrelsen.example",
            "--to",
            "samordnare@region.example",
        ]);
        assert!(sent.contains("Sent to samordnare@region.example"), "{sent}");
        let mail = mail.join().unwrap();
        assert!(
            mail.contains("RCPT TO:<samordnare@region.example>"),
            "{mail}"
        );
        assert!(mail.contains("Subject: landa: "), "{mail}");
        assert!(
            mail.contains("[ExpiredWithoutRevision] expired on 2020-12-31"),
            "{mail}"
        );

        let html = dir.path().join("report.html");
        let report = landa.ok(&[
            "agreement",
            "report",
            "vagen-in",
            "--year",
            "2021",
            "--out",
            html.to_str().unwrap(),
        ]);
        assert!(
            report.contains("no revision or new agreement was started"),
            "{report}"
        );
        assert!(std::fs::read_to_string(&html)
            .unwrap()
            .contains("none registered"));
        let json = dir.path().join("report.json");
        landa.ok(&[
            "agreement",
            "report",
            "vagen-in",
            "--year",
            "2021",
            "--lang",
            "sv",
            "--out",
            json.to_str().unwrap(),
        ]);
        let data: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(data["agreement"], "vagen-in");
        // In Swedish, as asked.
        assert_eq!(data["lang"], "sv");
        assert!(
            data["findings"][0]
                .as_str()
                .unwrap()
                .starts_with("Överenskommelsen löpte ut 2020-12-31"),
            "{}",
            data["findings"]
        );
        assert!(data["findings"].as_array().unwrap().len() >= 4);
    })
    .await;
}

/// An SMTP relay on a free local port that takes one message: its address and the
/// conversation as it saw it (the message's soft line breaks joined).
fn fake_smtp_relay() -> (String, std::thread::JoinHandle<String>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let conversation = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        let mut seen = String::new();
        writer.write_all(b"220 relay.example ESMTP\r\n").unwrap();
        let mut in_data = false;
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 {
            let text = line.trim_end_matches(['\r', '\n']).to_owned();
            line.clear();
            if in_data {
                if text == "." {
                    in_data = false;
                    writer.write_all(b"250 queued\r\n").unwrap();
                } else if let Some(soft) = text.strip_suffix('=') {
                    seen += soft;
                } else {
                    seen += &text;
                    seen.push('\n');
                }
                continue;
            }
            seen += &text;
            seen.push('\n');
            let answer: &[u8] = match text.split(' ').next().unwrap_or_default() {
                "DATA" => {
                    in_data = true;
                    b"354 go on\r\n"
                }
                "QUIT" => {
                    writer.write_all(b"221 bye\r\n").unwrap();
                    break;
                }
                _ => b"250 ok\r\n",
            };
            writer.write_all(answer).unwrap();
        }
        seen
    });
    (address, conversation)
}
