// The migrations are embedded by `sqlx::migrate!`, which cannot tell cargo to look at
// them: without this a new migration file would not rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
