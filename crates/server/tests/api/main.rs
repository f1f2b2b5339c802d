//! End-to-end tests of the API, in process, on SQLite and PostgreSQL.

mod authorization;
mod bad_input;
mod flows;
mod openapi;
mod security;
mod support;
mod web_authorization;
