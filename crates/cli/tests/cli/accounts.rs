//! `landa user`: accounts and API tokens from the server's console.

use crate::Landa;
use landa_store::{Location, Store};
use landa_testing::on_each_engine;

#[tokio::test(flavor = "multi_thread")]
async fn accounts_are_managed_from_the_command_line() {
    on_each_engine(|location: Location| async move {
        let landa = Landa::at(&location);
        let short = landa
            .command()
            .args(["user", "add", "anna", "--role", "municipality:SE:2080"])
            .env("LANDA_PASSWORD", "short")
            .output()
            .unwrap();
        assert!(!short.status.success());
        assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
        let bad_role = landa.run(&["user", "add", "anna", "--role", "municipality:SE:208"]);
        assert!(!bad_role.success, "a three-digit code is refused");
        let no_country = landa.run(&["user", "add", "anna", "--role", "municipality:2080"]);
        assert!(
            !no_country.success && no_country.stderr.contains("municipality:SE:2080"),
            "a code without its country is refused with the form to use: {}",
            no_country.stderr
        );
        let added = landa
            .command()
            .args([
                "user",
                "add",
                "anna",
                "--role",
                "municipality:SE:2080",
                "--name",
                "Anna, Falu kommun",
            ])
            .env("LANDA_PASSWORD", "a long enough password")
            .output()
            .unwrap();
        assert!(
            added.status.success(),
            "{}",
            String::from_utf8_lossy(&added.stderr)
        );
        let token = landa.ok(&["user", "token", "anna"]).trim().to_owned();
        assert!(token.starts_with("landa_"));
        let store = Store::open(&location).await.unwrap();
        let digest = landa_app::credentials::digest(&token);
        assert!(store.account_by_token(&digest).await.unwrap().is_some());
        assert!(landa.ok(&["user", "revoke", "anna"]).contains("Revoked 1"));
        assert!(
            store.account_by_token(&digest).await.unwrap().is_none(),
            "a revoked token opens nothing"
        );
        let second = landa.ok(&["user", "token", "anna"]).trim().to_owned();
        landa.ok(&["user", "disable", "anna"]);
        assert!(
            store
                .account_by_token(&landa_app::credentials::digest(&second))
                .await
                .unwrap()
                .is_none(),
            "a disabled account's tokens open nothing"
        );
        assert!(landa
            .ok(&["user", "list"])
            .contains("anna (municipality:SE:2080), disabled: Anna, Falu kommun"));
        landa.ok(&["user", "enable", "anna"]);
        assert!(
            store
                .account_by_token(&landa_app::credentials::digest(&second))
                .await
                .unwrap()
                .is_none(),
            "enabling the account again revives none of its old tokens"
        );
        // Every change made at the console is audited as the local operator.
        let entries = store
            .audit_entries(&landa_store::AuditFilter::default(), 100, 0)
            .await
            .unwrap();
        for (action, resource) in [
            ("create", "/api/v1/accounts/anna"),
            ("create", "/api/v1/accounts/anna/tokens"),
            ("update", "/api/v1/accounts/anna/tokens"),
            ("update", "/api/v1/accounts/anna"),
        ] {
            assert!(
                entries.iter().any(|e| e.action == action
                    && e.resource == resource
                    && e.actor.starts_with("operator:")
                    && e.role == "operator as administrator"),
                "no {action} of {resource} by the operator in {entries:?}"
            );
        }
    })
    .await;
}
