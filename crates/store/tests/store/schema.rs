//! Both engines' migrations make the same schema: per table the same columns in the same
//! order with the same nullability and type family, the same primary key, unique
//! constraints, indexes and foreign keys. Each schema is read from the engine's catalog
//! after a fresh store ran its migrations, and written out as one line per fact, so a
//! difference shows as the lines only one engine has.

use landa_store::{Location, Store, SQLITE_FILE_NAME};
use landa_testing::on_postgres;
use sqlx::{Connection, Database, PgConnection, Row, SqliteConnection};
use std::collections::{BTreeMap, BTreeSet};

/// Per table, the facts that must agree, each as a line.
type Schema = BTreeMap<String, BTreeSet<String>>;

/// The type family a column's values travel as through the Any driver (see `codec.rs`):
/// integer, real or text. A PostgreSQL BOOLEAN is an integer 0/1 column on SQLite, which
/// has no boolean type, and is read as one on both.
fn family(declared: &str) -> String {
    let declared = declared.to_ascii_lowercase();
    let family = match declared.as_str() {
        "integer" | "bigint" | "smallint" | "boolean" => "integer",
        "real" | "double precision" => "real",
        "text" => "text",
        other => other,
    };
    family.to_owned()
}

fn column_line(position: i64, name: &str, declared: &str, not_null: bool) -> String {
    let null = if not_null { "not null" } else { "null" };
    format!("column {position} {name} {} {null}", family(declared))
}

fn index_line(name: &str, columns: &str, unique: bool, partial: bool) -> String {
    let kind = if unique { "unique index" } else { "index" };
    let partial = if partial { " partial" } else { "" };
    format!("{kind} {name} ({columns}){partial}")
}

fn foreign_key_line(columns: &str, table: &str, referenced: &str, on_delete: &str) -> String {
    format!("foreign key ({columns}) references {table} ({referenced}) on delete {on_delete}")
}

/// The rows `sql` answers about `table` (its only parameter), on either engine.
async fn rows_of<C>(
    connection: &mut C,
    sql: &str,
    table: &str,
) -> Vec<<C::Database as Database>::Row>
where
    C: Connection,
    for<'c> &'c mut C: sqlx::Executor<'c, Database = C::Database>,
    for<'q> <C::Database as Database>::Arguments<'q>: sqlx::IntoArguments<'q, C::Database>,
    for<'q> &'q str: sqlx::Encode<'q, C::Database> + sqlx::Type<C::Database>,
{
    sqlx::query(sql)
        .bind(table)
        .fetch_all(connection)
        .await
        .unwrap()
}

/// Tables that are the migrator's, not landa's.
fn is_own_table(name: &str) -> bool {
    name != "_sqlx_migrations" && !name.starts_with("sqlite_")
}

async fn sqlite_schema(location: &Location) -> Schema {
    let Location::DataDir(directory) = location else {
        unreachable!("a data directory")
    };
    let url = format!(
        "sqlite://{}?mode=ro",
        directory.join(SQLITE_FILE_NAME).display()
    );
    let mut connection = SqliteConnection::connect(&url).await.unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut connection)
            .await
            .unwrap();
    let mut schema = Schema::new();
    for table in tables.into_iter().filter(|t| is_own_table(t)) {
        let mut lines = BTreeSet::new();
        let columns = rows_of(
            &mut connection,
            "SELECT cid, name, type, \"notnull\", pk FROM pragma_table_info($1)",
            &table,
        )
        .await;
        let mut key: Vec<(i64, String)> = Vec::new();
        for column in &columns {
            let name: String = column.get("name");
            let declared: String = column.get("type");
            let pk: i64 = column.get("pk");
            // An INTEGER PRIMARY KEY is the rowid, never null whatever it declares.
            let rowid = pk == 1 && declared.eq_ignore_ascii_case("integer");
            let not_null = column.get::<i64, _>("notnull") == 1 || rowid;
            lines.insert(column_line(
                column.get::<i64, _>("cid") + 1,
                &name,
                &declared,
                not_null,
            ));
            if pk > 0 {
                key.push((pk, name));
            }
        }
        key.sort();
        if !key.is_empty() {
            let key: Vec<String> = key.into_iter().map(|(_, name)| name).collect();
            lines.insert(format!("primary key ({})", key.join(", ")));
        }
        let indexes = rows_of(
            &mut connection,
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)",
            &table,
        )
        .await;
        for index in &indexes {
            let name: String = index.get("name");
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(&mut connection)
                    .await
                    .unwrap();
            let columns = columns.join(", ");
            match index.get::<String, _>("origin").as_str() {
                "pk" => {}
                "u" => {
                    lines.insert(format!("unique ({columns})"));
                }
                _ => {
                    lines.insert(index_line(
                        &name,
                        &columns,
                        index.get::<i64, _>("unique") == 1,
                        index.get::<i64, _>("partial") == 1,
                    ));
                }
            }
        }
        let keys = rows_of(
            &mut connection,
            "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list($1) \
             ORDER BY id, seq",
            &table,
        )
        .await;
        let mut foreign: BTreeMap<i64, (String, Vec<String>, Vec<String>, String)> =
            BTreeMap::new();
        for key in &keys {
            let entry = foreign.entry(key.get("id")).or_insert_with(|| {
                (
                    key.get("table"),
                    Vec::new(),
                    Vec::new(),
                    key.get::<String, _>("on_delete").to_ascii_lowercase(),
                )
            });
            entry.1.push(key.get("from"));
            entry
                .2
                .push(key.get::<Option<String>, _>("to").unwrap_or_default());
        }
        for (referenced_table, from, to, on_delete) in foreign.into_values() {
            lines.insert(foreign_key_line(
                &from.join(", "),
                &referenced_table,
                &to.join(", "),
                &on_delete,
            ));
        }
        schema.insert(table, lines);
    }
    schema
}

/// The names of `attributes` (an int2 array of column numbers) of relation `relation`, in
/// order, joined by ", ".
fn pg_column_names(attributes: &str, relation: &str) -> String {
    format!(
        "array_to_string(ARRAY(SELECT a.attname FROM unnest({attributes}) WITH ORDINALITY \
         AS k (attnum, n) JOIN pg_attribute a ON a.attrelid = {relation} AND a.attnum = k.attnum \
         ORDER BY k.n), ', ')"
    )
}

async fn postgres_schema(location: &Location) -> Schema {
    let Location::Url(url) = location else {
        unreachable!("a database URL")
    };
    let mut connection = PgConnection::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut connection)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for table in tables.into_iter().filter(|t| is_own_table(t)) {
        let mut lines = BTreeSet::new();
        let columns = rows_of(
            &mut connection,
            "SELECT column_name::text AS name, data_type::text AS type, \
             is_nullable = 'NO' AS not_null FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            &table,
        )
        .await;
        for (position, column) in (1..).zip(&columns) {
            lines.insert(column_line(
                position,
                column.get("name"),
                column.get("type"),
                column.get("not_null"),
            ));
        }
        let constraints = rows_of(
            &mut connection,
            &format!(
                "SELECT c.contype::text AS kind, {columns} AS columns, \
             c.confrelid::regclass::text AS referenced_table, {referenced} AS referenced, \
             c.confdeltype::text AS on_delete \
             FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype IN ('p', 'u', 'f')",
                columns = pg_column_names("c.conkey", "c.conrelid"),
                referenced = pg_column_names("c.confkey", "c.confrelid"),
            ),
            &table,
        )
        .await;
        for constraint in &constraints {
            let columns: String = constraint.get("columns");
            let line = match constraint.get::<String, _>("kind").as_str() {
                "p" => format!("primary key ({columns})"),
                "u" => format!("unique ({columns})"),
                _ => {
                    let on_delete = match constraint.get::<String, _>("on_delete").as_str() {
                        "c" => "cascade",
                        "r" => "restrict",
                        "n" => "set null",
                        "d" => "set default",
                        _ => "no action",
                    };
                    foreign_key_line(
                        &columns,
                        constraint.get("referenced_table"),
                        constraint.get("referenced"),
                        on_delete,
                    )
                }
            };
            lines.insert(line);
        }
        // Indexes of their own, not those behind a primary key or unique constraint.
        let indexes = rows_of(
            &mut connection,
            &format!(
            "SELECT i.relname::text AS name, {columns} AS columns, x.indisunique AS is_unique, \
             x.indpred IS NOT NULL AS partial \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid \
             WHERE x.indrelid = $1::regclass \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            columns = pg_column_names("x.indkey::int2[]", "x.indrelid"),
        ),
            &table,
        )
        .await;
        for index in &indexes {
            lines.insert(index_line(
                index.get("name"),
                index.get("columns"),
                index.get("is_unique"),
                index.get("partial"),
            ));
        }
        schema.insert(table, lines);
    }
    schema
}

/// What one schema has and the other has not, table by table, one line each.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let tables: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    let mut differences = Vec::new();
    for table in tables {
        let (Some(on_sqlite), Some(on_postgres)) = (sqlite.get(table), postgres.get(table)) else {
            let only = if sqlite.contains_key(table) {
                "SQLite"
            } else {
                "PostgreSQL"
            };
            differences.push(format!("{table}: only on {only}"));
            continue;
        };
        for (only, lines, other) in [
            ("SQLite", on_sqlite, on_postgres),
            ("PostgreSQL", on_postgres, on_sqlite),
        ] {
            for line in lines.difference(other) {
                differences.push(format!("{table}: only on {only}: {line}"));
            }
        }
    }
    differences
}

#[tokio::test]
async fn both_engines_migrate_to_the_same_schema() {
    let directory = tempfile::tempdir().unwrap();
    let location = Location::DataDir(directory.path().to_owned());
    Store::open(&location).await.unwrap();
    let sqlite = sqlite_schema(&location).await;
    // The reading itself finds each kind of fact.
    let dwellings = &sqlite["dwellings"];
    for fact in [
        "column 1 scenario_id integer not null",
        "column 10 let_on text null",
        "primary key (scenario_id, position)",
        "unique (scenario_id, id, municipality)",
        "index dwellings_municipality (scenario_id, municipality)",
        "foreign key (scenario_id, municipality) references municipalities (scenario_id, code) \
         on delete cascade",
    ] {
        assert!(dwellings.contains(fact), "{fact} not in {dwellings:#?}");
    }
    let partial = "index placement_jobs_unfinished (id) partial";
    assert!(sqlite["placement_jobs"].contains(partial), "{sqlite:#?}");
    on_postgres(|location| async move {
        Store::open(&location).await.unwrap();
        let postgres = postgres_schema(&location).await;
        let differences = differences(&sqlite, &postgres);
        assert!(
            differences.is_empty(),
            "the engines' schemas differ:\n{}",
            differences.join("\n")
        );
    })
    .await;
}
