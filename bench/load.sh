#!/usr/bin/env bash
# Load check of the municipality dashboard read path (a bench, not a test): a release
# `landa serve` on a fresh SQLite store with the demo data (or PostgreSQL with
# DATABASE_URL), wrk from Debian's packages on loopback, as the municipality Falun
# reading its own dashboard with an API token. Prints wrk's report: requests/s and the
# latency percentiles (p99). Bounded: DURATION seconds (default 10), CONNECTIONS (16).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --quiet --bin landa
landa="${CARGO_TARGET_DIR:-target}/release/landa"

work="$(mktemp -d)"
port="${LOAD_PORT:-18732}"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$landa" --data-dir "$work/data" demo --no-serve >/dev/null
token="$("$landa" --data-dir "$work/data" user token falun --label load 2>/dev/null)"
"$landa" --data-dir "$work/data" serve --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done

# The demo queues a placement run; measure after it, not beside it.
national="$("$landa" --data-dir "$work/data" user token nationell --label load 2>/dev/null)"
runs="http://127.0.0.1:$port/api/v1/scenarios/synthetic-se-2026-n2000-s2026/placement-runs"
for _ in $(seq 1 300); do
  curl -fsS -H "Authorization: Bearer $national" "$runs" | grep -q '"status":"\(queued\|running\)"' || break
  sleep 0.2
done

url="http://127.0.0.1:$port/api/v1/scenarios/synthetic-se-2026-n2000-s2026/municipalities/2080/dashboard"
curl -fsS -H "Authorization: Bearer $token" "$url" >/dev/null
echo "GET $url as municipality 2080 (Falun), store: $(head -n 1 "$work/server.log" | sed 's/.*(store: \(.*\)); .*/\1/')"
wrk --threads 2 --connections "${CONNECTIONS:-16}" --duration "${DURATION:-10}s" --latency \
  -H "Authorization: Bearer $token" "$url"
