#!/usr/bin/env bash
# Load check of the read paths (a bench, not a test). For each engine (SQLite, and
# PostgreSQL at PG_URL) and each scenario size: a fresh store with the demo accounts and a
# generated national scenario of that many households with an approved greedy run and a
# later proposal, a release `landa serve`, and wrk from Debian's packages on loopback for
# DURATION seconds per read:
#   dashboard     GET .../municipalities/2080/dashboard as Falun (the municipality)
#   households    GET .../households?limit=50 as national (paged, audited)
#   own           GET .../households?limit=50 as Falun (its own households, audited)
#   household     GET .../households/{id} as national (one household, audited)
#   placements    GET .../placement-runs/{id}/placements?limit=50 as national (audited)
# Prints wrk's requests/s and p99 latency per read, engine and size, and a summary table.
# Bounded: SIZES (default "2000 12000 48000"), ENGINES ("sqlite postgres"), DURATION (10),
# CONNECTIONS (16), READS (all five).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --quiet --bin landa
target="${CARGO_TARGET_DIR:-target}"
[[ "$target" = /* ]] || target="$(pwd)/$target"
landa="$target/release/landa"
pg_url="${PG_URL:-postgres://postgres@127.0.0.1:5432}"

work="$(mktemp -d)"
port="${LOAD_PORT:-18732}"
server_pid=""
databases=()
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
cleanup() {
  stop_server
  for database in "${databases[@]}"; do
    psql "$pg_url/postgres" -qc "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

summary="$work/summary"
printf '%-9s %7s %-11s %10s %9s\n' engine size read "requests/s" p99 >"$summary"

# wrk for DURATION on $1 with bearer token $2; appends "engine size read rps p99".
measure() {
  local read="$1" url="$2" token="$3" output
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$url"
  output="$(wrk --threads 2 --connections "${CONNECTIONS:-16}" --duration "${DURATION:-10}s" \
    --latency -H "Authorization: Bearer $token" "$url")"
  echo "$engine $size $read: GET $url"
  echo "$output"
  local rps p99 non2xx
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$output")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$output")"
  if [ -n "$non2xx" ]; then echo "FAILED: $non2xx answers were not 2xx" >&2; exit 1; fi
  printf '%-9s %7s %-11s %10s %9s\n' "$engine" "$size" "$read" "$rps" "$p99" >>"$summary"
}

api() { # method path token [body]
  curl -fsS -X "$1" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' \
    ${4:+--data "$4"} "http://127.0.0.1:$port/api/v1$2"
}

for engine in ${ENGINES:-sqlite postgres}; do
  for size in ${SIZES:-2000 12000 48000}; do
    store=(--data-dir "$work/data-$engine-$size")
    if [ "$engine" = postgres ]; then
      database="landa_load_${size}_$$"
      psql "$pg_url/postgres" -qc "CREATE DATABASE $database" >/dev/null
      databases+=("$database")
      export DATABASE_URL="$pg_url/$database"
    else
      unset DATABASE_URL
    fi
    "$landa" "${store[@]}" demo --no-serve >/dev/null
    bundle="$work/bundle-$size"
    # Few eligible municipalities per household: the reads do not touch scores, and a
    # 48 000-household bundle with all of them would take most of the run to import.
    [ -d "$bundle" ] || "$landa" generate --households "$size" --seed 7 --eligible-share 0.05 "$bundle" >/dev/null
    scenario="synthetic-se-2026-n$size-s7"
    "$landa" "${store[@]}" import "$bundle" >/dev/null
    falun="$("$landa" "${store[@]}" user token falun --label load 2>/dev/null)"
    national="$("$landa" "${store[@]}" user token nationell --label load 2>/dev/null)"
    # Four eyes: another officer approves the run nationell started.
    second="$("$landa" "${store[@]}" user token nationell-2 --label load 2>/dev/null)"
    "$landa" "${store[@]}" serve --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
      curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
      sleep 0.1
    done
    # The demo's queued run first, then an approved greedy run and a later proposal in the
    # measured scenario: lists have households placed and proposed.
    runs="/scenarios/$scenario/placement-runs"
    approved=""
    for kind in approved proposed; do
      id="$(api POST "$runs" "$national" '{"method":"greedy"}' | sed 's/.*"id":\([0-9]*\).*/\1/')"
      for _ in $(seq 1 600); do
        api GET "$runs/$id" "$national" | grep -q '"status":"done"' && break
        sleep 0.2
      done
      if [ "$kind" = approved ]; then api POST "$runs/$id/approve" "$second" >/dev/null; approved="$id"; fi
    done
    for _ in $(seq 1 600); do
      api GET "/scenarios/synthetic-se-2026-n2000-s2026/placement-runs" "$national" \
        | grep -q '"status":"\(queued\|running\)"' || break
      sleep 0.2
    done
    base="http://127.0.0.1:$port/api/v1/scenarios/$scenario"
    household="$(api GET "/scenarios/$scenario/households?limit=1&offset=$((size / 2))" "$national" \
      | sed 's/.*"items":\[{"id":"\([^"]*\)".*/\1/')"
    for read in ${READS:-dashboard households own household placements}; do
      case "$read" in
        dashboard) measure "$read" "$base/municipalities/2080/dashboard" "$falun" ;;
        households) measure "$read" "$base/households?limit=50&offset=$((size / 2))" "$national" ;;
        own) measure "$read" "$base/households?limit=50" "$falun" ;;
        household) measure "$read" "$base/households/$household" "$national" ;;
        placements) measure "$read" "$base/placement-runs/$approved/placements?limit=50&offset=$((size / 4))" "$national" ;;
        *) echo "unknown read $read" >&2; exit 2 ;;
      esac
    done
    stop_server
  done
done
echo
cat "$summary"
