#!/usr/bin/env bash
# Times `landa import` of one generated bundle on SQLite and on PostgreSQL, side by side.
# Usage: bench/import.sh [HOUSEHOLDS]   (default 12000; see bench/README.md)
set -euo pipefail

households=${1:-12000}
admin_url=${LANDA_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
landa=${LANDA:-$target/release/landa}
if [[ ! -x $landa ]]; then
    (cd "$root" && cargo build --release -p landa-cli)
fi

work=$(mktemp -d)
database=landa_bench_$$
cleanup() {
    psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$landa" generate --country se --households "$households" --seed 1 "$work/bundle" >/dev/null
psql -q "$admin_url" -c "CREATE DATABASE $database" >/dev/null
postgres_url=${admin_url%/*}/$database

# Seconds one import takes, from the start of the process to its end.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

# Neither run may see a DATABASE_URL of the caller's.
sqlite=$(seconds env -u DATABASE_URL "$landa" --data-dir "$work/sqlite" import "$work/bundle")
postgres=$(seconds env DATABASE_URL="$postgres_url" "$landa" import "$work/bundle")
printf 'households  %s\n' "$households"
printf 'SQLite      %.2f s\n' "$sqlite"
printf 'PostgreSQL  %.2f s\n' "$postgres"
printf 'ratio       %.2f (PostgreSQL / SQLite)\n' "$(echo "$postgres / $sqlite" | bc -l)"
