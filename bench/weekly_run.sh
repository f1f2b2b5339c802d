#!/usr/bin/env bash
# How long a weekly placement run takes at national scale (a bench, not a test), through
# the API of a release `landa serve`, per engine (ENGINES, default "sqlite postgres"):
# a generated Swedish year of HOUSEHOLDS (default 12 000, 290 municipalities) imported and
# placed by one greedy run that another officer approves (the weeks before), then a
# week's intake of WEEK households (default 230) registered from a file, and the week's
# optimal run (TIME_LIMIT seconds, default 60) started four times: alone, reserving
# places for the arrivals the forecast still expects, balancing each number over the
# year, and both. Prints each run's seconds from start to done and the worker's summary
# (placed, gap, what looking ahead cost).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin landa
target="${CARGO_TARGET_DIR:-target}"
[[ "$target" = /* ]] || target="$(pwd)/$target"
landa="$target/release/landa"
pg_url="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
households="${HOUSEHOLDS:-12000}"
week="${WEEK:-230}"
year="${YEAR:-2026}"
port="${BENCH_PORT:-18733}"
work="$(mktemp -d)"
server_pid=""
databases=()
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  for database in "${databases[@]}"; do
    psql "$pg_url/postgres" -qc "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

api() { # method path token [body] [If-Match version]
  curl -fsS -X "$1" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' \
    ${5:+-H "If-Match: \"$5\""} ${4:+--data "$4"} "http://127.0.0.1:$port/api/v1$2"
}

# Waits for run $1 of $runs; prints its JSON.
await_run() {
  local answer
  for _ in $(seq 1 3000); do
    answer="$(api GET "$runs/$1" "$national")"
    if grep -q '"status":"\(done\|failed\)"' <<<"$answer"; then echo "$answer"; return; fi
    sleep 0.1
  done
  echo "run $1 did not finish" >&2; exit 1
}

# Starts a run with body $1, waits for it; prints "seconds<TAB>message".
timed_run() {
  local started id answer
  started="$(date +%s.%N)"
  id="$(api POST "$runs" "$national" "$1" | sed 's/.*"id":\([0-9]*\).*/\1/')"
  answer="$(await_run "$id")"
  printf '%.1f\t%s\n' "$(echo "$(date +%s.%N) - $started" | bc)" \
    "$(sed 's/.*"message":"\([^"]*\)".*/\1/' <<<"$answer")"
}

bundle="$work/bundle"
"$landa" generate --country se --households "$households" --seed 7 --year "$year" "$bundle" >/dev/null
scenario="synthetic-se-$year-n$households-s7"
# The week's arrivals: adults and children of typical sizes, ready in week 20.
intake="$work/week-20.csv"
echo "household_id,size,adults,children,unaccompanied_minor,waiting_since,intake_category" >"$intake"
for i in $(seq 1 "$week"); do
  adults=$((1 + i % 2)); children=$((i % 4))
  echo "week20-$i,$((adults + children)),$adults,$children,false,$year-05-1$((i % 5)),reception_centre" >>"$intake"
done
# The forecast: as many a week for the rest of the year.
periods=""
for start_week in $(seq 21 51); do
  start="$(date -d "$year-01-01 +$(( (start_week - 1) * 7 )) days" +%F)"
  end="$(date -d "$start +6 days" +%F)"
  periods+="${periods:+,}{\"period_start\":\"$start\",\"period_end\":\"$end\",\"intake_category\":\"reception_centre\",\"household_type\":\"couple_with_children\",\"households\":$week,\"persons\":$((week * 5 / 2))}"
done

for engine in ${ENGINES:-sqlite postgres}; do
  store=(--data-dir "$work/data-$engine")
  if [ "$engine" = postgres ]; then
    database="landa_weekly_$$"
    psql "$pg_url/postgres" -qc "CREATE DATABASE $database" >/dev/null
    databases+=("$database")
    export DATABASE_URL="$pg_url/$database"
  else
    unset DATABASE_URL
  fi
  "$landa" "${store[@]}" demo --no-serve >/dev/null
  "$landa" "${store[@]}" import "$bundle" >/dev/null
  national="$("$landa" "${store[@]}" user token nationell --label bench 2>/dev/null)"
  second="$("$landa" "${store[@]}" user token nationell-2 --label bench 2>/dev/null)"
  "$landa" "${store[@]}" serve --bind "127.0.0.1:$port" >"$work/server-$engine.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  runs="/scenarios/$scenario/placement-runs"
  # The demo's own queued runs finish first.
  for _ in $(seq 1 1200); do
    api GET "/scenarios/synthetic-se-2026-n2000-s2026/placement-runs" "$national" \
      | grep -q '"status":"\(queued\|running\)"' || break
    sleep 0.2
  done
  id="$(api POST "$runs" "$national" '{"method":"greedy"}' | sed 's/.*"id":\([0-9]*\).*/\1/')"
  await_run "$id" >/dev/null
  api POST "$runs/$id/approve" "$second" >/dev/null
  curl -fsS -X POST -H "Authorization: Bearer $national" -H 'Content-Type: text/csv' \
    --data-binary "@$intake" "http://127.0.0.1:$port/api/v1/scenarios/$scenario/intake-files?name=week-20.csv" >/dev/null
  api PUT "/scenarios/$scenario/arrival-forecast" "$national" "{\"periods\":[$periods]}" 0 >/dev/null
  echo "== $engine: $households households, $week arriving in week 20, forecast $week a week after"
  for options in '' ',"reserve":true' ',"balance":true' ',"reserve":true,"balance":true'; do
    body="{\"method\":\"optimal\",\"time_limit_seconds\":${TIME_LIMIT:-60},\"placement_date\":\"$year-05-18\"$options}"
    printf '%s\t' "${options:-alone}"
    timed_run "$body"
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
