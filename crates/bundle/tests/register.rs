//! A file of integration register entries: every good row read, every bad cell named by
//! its row and column, in CSV as Excel writes it in the Nordic locales too; never a panic.

use landa_bundle::{read_register_bytes, RegisterEntry};
use landa_model::{Activity, Checkpoint, EndReason};
use proptest::prelude::*;

const HEADER: &str =
    "person_id,entry,decided_on,started_on,goal,ended_on,end_reason,checkpoint,activity,living_in";

#[test]
fn programmes_and_statuses_are_read_from_one_file() {
    let csv = format!(
        "{HEADER}\n\
         P1,programme,2025-03-01,2025-03-15,work,2026-03-14,work,,,\n\
         P1,status,,,,,,programme_90_days,both,\n\
         P2,status,,,,,,settled_1_year,neither,0180\n"
    );
    let rows = read_register_bytes("register.csv", csv.as_bytes()).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].line, 2);
    let RegisterEntry::Programme(programme) = &rows[0].entry else {
        panic!("{:?}", rows[0]);
    };
    assert_eq!(programme.end_reason(), Some(EndReason::Work));
    assert_eq!(
        rows[2].entry,
        RegisterEntry::Status {
            checkpoint: Checkpoint::SettledYears(1),
            activity: Activity::Neither,
            living_in: Some("0180".parse().unwrap()),
        }
    );
}

#[test]
fn every_bad_cell_is_named_by_its_row_and_column_in_a_nordic_excel_file() {
    // Semicolons, a byte-order mark and CRLF, as Excel saves "CSV (semikolonavgränsad)".
    let csv = "\u{feff}person_id;entry;decided_on;started_on;goal;ended_on;end_reason;checkpoint;activity;living_in\r\n\
               P1;programme;2025-03-01;2025-02-01;work;;;;;\r\n\
               P2;status;2025-03-01;;;;;settled_1_year;job;\r\n\
               P3;training;;;;;;;;\r\n\
               P4;programme;2025-03-01;2025-03-15;work;2025-06-01;;;;\r\n\
               P5;status;;;;;;settled_11_years;work;Falun\r\n";
    let errors = read_register_bytes("register.csv", csv.as_bytes()).unwrap_err();
    let places: Vec<(Option<usize>, Option<&str>)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_deref()))
        .collect();
    assert_eq!(
        places,
        [
            (Some(2), Some("started_on")),
            (Some(3), Some("decided_on")),
            (Some(3), Some("activity")),
            (Some(4), Some("entry")),
            (Some(5), Some("end_reason")),
            (Some(6), Some("checkpoint")),
            (Some(6), Some("living_in")),
        ],
        "{errors:#?}"
    );
    assert!(errors
        .iter()
        .all(|e| e.file == "register.csv" && !e.message.is_empty()));
}

#[test]
fn a_file_without_its_required_columns_says_which() {
    let errors = read_register_bytes("register.csv", b"person,entry\nP1,status\n").unwrap_err();
    assert!(
        errors.iter().any(|e| e.message.contains("person_id")),
        "{errors:#?}"
    );
}

proptest! {
    #[test]
    fn any_bytes_are_read_or_refused_with_reasons(
        cells in proptest::collection::vec("[a-z0-9_;,\\- ]{0,12}", 0..40),
        raw in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let csv = format!("{HEADER}\n{}", cells.join(","));
        for bytes in [csv.as_bytes(), &raw[..]] {
            if let Err(errors) = read_register_bytes("register.csv", bytes) {
                prop_assert!(!errors.is_empty() && errors.iter().all(|e| !e.message.is_empty()));
            }
        }
    }
}
