#!/usr/bin/env bash
# The HTTP benchmark (issue #8; README, "Benchmark"). Builds Loket in release mode, runs it on a
# fresh SQLite file and a fresh PostgreSQL database, loads it with wrk on loopback and writes
# the figures to the "## HTTP benchmark" section of BENCHMARKS.md.
#
#   benches/run.sh [--reports] [--db sqlite|postgres|both] [--duration SECONDS] [--no-build]
#
# --no-build measures the binary already in CARGO_TARGET_DIR (while iterating on the script).
# The HTTP database holds the Lier seed and one generated municipality-year of history.
# --reports also generates ten years of a large city (`loket generate --years 10 --scale city`)
# into its own SQLite file and PostgreSQL database and times every yearly report on it.
# Environment: CARGO_TARGET_DIR (default ~/.cache/loket-target-release), LOKET_BENCH_POSTGRES
# (default postgres://postgres@127.0.0.1:5432; the script creates and drops its databases
# there), LOKET_BENCH_PORT (default 18080).
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=10
DATABASES="sqlite postgres"
REPORTS=0
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reports) REPORTS=1 ;;
    --no-build) BUILD=0 ;;
    --duration) DURATION=$2; shift ;;
    --db)
      case "$2" in
        sqlite|postgres) DATABASES=$2 ;;
        both) DATABASES="sqlite postgres" ;;
        *) echo "--db takes sqlite, postgres or both" >&2; exit 2 ;;
      esac
      shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

PG=${LOKET_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
PORT=${LOKET_BENCH_PORT:-18080}
BASE=http://127.0.0.1:$PORT
CONNECTIONS="64 256"
WRK_THREADS=2
# Extra desks on every appointment period, so one run cannot run out of distinct free times.
BENCH_DESKS=20
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/loket-target-release}
LOKET=$CARGO_TARGET_DIR/release/loket
WORK=$(mktemp -d "${TMPDIR:-/tmp}/loket-bench.XXXXXX")
RESULTS=$WORK/results
: >"$RESULTS"
SERVER=""

cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then stop_server; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools ---------------------------------------------------------------------------------
install_package() {
  local run=()
  [ "$(id -u)" = 0 ] || run=(sudo)
  "${run[@]}" apt-get install -y "$1" >/dev/null ||
    { "${run[@]}" apt-get update >/dev/null && "${run[@]}" apt-get install -y "$1" >/dev/null; }
}
for tool in wrk:wrk jq:jq sqlite3:sqlite3 curl:curl psql:postgresql-client; do
  command -v "${tool%%:*}" >/dev/null || { say "installing ${tool#*:}"; install_package "${tool#*:}"; }
done

if [ "$BUILD" = 1 ]; then
  say "building (release) into $CARGO_TARGET_DIR"
  (cd "$ROOT" && cargo build --release --quiet)
fi
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)
git -C "$ROOT" diff --quiet HEAD || COMMIT="$COMMIT (with uncommitted changes)"

# --- the server ----------------------------------------------------------------------------
# Background jobs off: the figures are about requests, not about a reminder run that happens
# to fall inside a measurement.
environment() {
  ENVIRONMENT=(DATABASE_URL="$URL" LOKET_BIND="127.0.0.1:$PORT" LOKET_JOBS=off
    LOKET_MAIL_DIR="$WORK/mail" LOKET_BOOKING_HORIZON_DAYS=366 RUST_LOG=loket=warn
    LOKET_SEEDS_DIR="$ROOT/seeds" LOKET_TEMPLATES_DIR="$ROOT/templates"
    LOKET_STATIC_DIR="$ROOT/static")
}
server_env() { env "${ENVIRONMENT[@]}" "$@"; }

# Starts the server and sets STARTUP_MS: from the exec to the first answered home page.
start_server() {
  local t0
  if curl -s -o /dev/null "$BASE/"; then
    echo "something already answers on $BASE: stop it or set LOKET_BENCH_PORT" >&2
    exit 1
  fi
  t0=$(date +%s%N)
  # env execs Loket, so $! is the server itself (its RSS, its signal).
  env "${ENVIRONMENT[@]}" "$LOKET" serve >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  until curl -sf -o /dev/null "$BASE/"; do
    if ! kill -0 "$SERVER" 2>/dev/null; then
      cat "$WORK/server.log" >&2
      echo "the server stopped" >&2
      exit 1
    fi
    sleep 0.005
  done
  STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
}

stop_server() {
  kill "$SERVER"
  for _ in $(seq 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

sql() {
  # The server writes meanwhile (the mail worker): wait for the lock as Loket itself does.
  if [ "$DB" = sqlite ]; then
    sqlite3 -cmd ".timeout 10000" "$SQLITE_FILE" "$1"
  else
    psql -qtAX "$URL" -c "$1"
  fi
}

# record LABEL CONNECTIONS JSON: one line of results per measurement.
record() { printf '%s\t%s\t%s\t%s\n' "$DB" "$1" "$2" "$3" >>"$RESULTS"; }

# measure LABEL CONNECTIONS PATH [wrk script arguments]
measure() {
  local label=$1 conns=$2 path=$3 out
  shift 3
  out=$(wrk -t"$WRK_THREADS" -c"$conns" -d"${DURATION}s" --timeout 10s \
    -s "$ROOT/benches/load.lua" "$BASE$path" -- "${@:-get}" | sed -n 's/^RESULT //p')
  [ -n "$out" ] || { echo "wrk gave no result for $label" >&2; exit 1; }
  record "$label" "$conns" "$out"
  printf '%-28s %4s connections: %s\n' "$label" "$conns" "$out" >&2
}

# Distinct bookable seats: per cluster one bookable product, times that do not overlap,
# each as often as it has free desks, shuffled so the load spreads over clusters and days.
prepare_seats() {
  local product from to k
  : >"$WORK/seats.raw"
  curl -sf "$BASE/api/v1/products" | jq -r '.[] | select(.bookable) | "\(.cluster) \(.slug)"' |
    sort -u -k1,1 | while read -r _ product; do
    # From tomorrow: today's times could pass the minimum notice during the run.
    for k in 0 1 2 3 4 5; do
      from=$(date -d "+$((k * 61 + 1)) days" +%F)
      to=$(date -d "+$((k * 61 + 61)) days" +%F)
      curl -sf "$BASE/api/v1/products/$product/slots?from=$from&to=$to" |
        jq -r --arg p "$product" '.slots[] | "\($p) \(.start) \(.end) \(.free)"'
    done |
      # Within a local day the offset is fixed, so local date-times compare as text.
      awk '{ s = substr($2, 1, 16); e = substr($3, 1, 16)
             if (s >= last) { for (i = 0; i < $4; i++) print $1, $2; last = e } }'
  done >"$WORK/seats.raw"
  shuf "$WORK/seats.raw" >"$WORK/seats"
  SEATS=$(wc -l <"$WORK/seats")
}

reset_queue() { sql "DELETE FROM visit_event; DELETE FROM visit; DELETE FROM ticket_day;" >/dev/null; }

front_office() {
  local displays=$1 url out
  if [ "$DB" = sqlite ]; then
    out=$(server_env "$LOKET" bench-front-office --displays "$displays")
  else
    url=$PG/loket_bench_fo
    psql -qtAX "$PG/postgres" -c "DROP DATABASE IF EXISTS loket_bench_fo" >/dev/null
    psql -qtAX "$PG/postgres" -c "CREATE DATABASE loket_bench_fo" >/dev/null
    out=$(server_env "$LOKET" bench-front-office --displays "$displays" --database-url "$url")
    psql -qtAX "$PG/postgres" -c "DROP DATABASE loket_bench_fo" >/dev/null
  fi
  printf '%s\n' "$out" >&2
  # "from the call to the last of N displays: p50 X ms, p99 Y ms, max Z ms"
  record "call reaches $displays displays" "" "$(printf '%s\n' "$out" |
    sed -n 's/.*last of .* displays: p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms, max \([0-9.]*\) ms/{"p50_ms":\1,"p99_ms":\2,"max_ms":\3}/p')"
}

bench_database() {
  DB=$1
  if [ "$DB" = sqlite ]; then
    SQLITE_FILE=$WORK/loket.db
    URL="sqlite://$SQLITE_FILE?mode=rwc"
  else
    URL=$PG/loket_bench_http
    psql -qtAX "$PG/postgres" -c "DROP DATABASE IF EXISTS loket_bench_http" >/dev/null
    psql -qtAX "$PG/postgres" -c "CREATE DATABASE loket_bench_http" >/dev/null
  fi
  environment
  say "$DB: first start (migrations, Lier seed)"
  start_server
  stop_server
  sql "UPDATE appointment_period SET desks = $BENCH_DESKS" >/dev/null
  printf '%s' 'bench-password-long-enough' |
    server_env "$LOKET" user add --email bench@loket.test --role frontoffice --name Bench \
      --password-stdin >/dev/null
  TOKEN=$(server_env "$LOKET" token add --email bench@loket.test --label bench)
  # A year of a municipality's history behind the pages, as in production: visits, appointments,
  # calls and cases of last year (none of them takes a free time from today on).
  say "$DB: one municipality-year of history"
  server_env "$LOKET" generate --years 1 --scale municipality >&2

  say "$DB: start with the existing database"
  start_server
  record "start to first answer" "" "{\"ms\":$STARTUP_MS}"
  echo "start to first answer: $STARTUP_MS ms" >&2

  prepare_seats
  echo "$SEATS distinct bookable seats" >&2
  local clusters counters conns first=1 last per_run booked_before booked_after
  clusters=$(curl -sf "$BASE/api/v1/clusters" | jq -r '[.[].code] | join(",")')
  counters=$(curl -sf "$BASE/api/v1/counters" | jq -r '[.[] | select(.active) | .id] | join(",")')
  per_run=$((SEATS / 2))

  for conns in $CONNECTIONS; do
    say "$DB: $conns connections, ${DURATION} s each"
    measure "ceiling: /health/live" "$conns" /health/live
    measure "home page" "$conns" /
    measure "product page" "$conns" /producten/identiteitskaart
    measure "catalogue search" "$conns" "/producten?q=paspoort"
    measure "free times API" "$conns" /api/v1/products/identiteitskaart/slots
    last=$((first + per_run - 1))
    booked_before=$(sql "SELECT count(*) FROM appointment WHERE status = 'booked'")
    measure "booking" "$conns" /api/v1/appointments book "$WORK/seats" "$first" "$last" \
      "$WRK_THREADS" "$conns"
    booked_after=$(sql "SELECT count(*) FROM appointment WHERE status = 'booked'")
    record "bookings stored" "$conns" "{\"count\":$((booked_after - booked_before))}"
    first=$((last + 1))
    reset_queue
    measure "kiosk ticket" "$conns" /api/v1/tickets ticket "$TOKEN" "$clusters"
    measure "call-next" "$conns" /api/v1/counters call "$TOKEN" "$counters"
    # Thousands of calls within a minute are no day at a town hall: the pages of the next
    # round see the queue as it was.
    reset_queue
  done
  RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
  record "peak RSS" "" "{\"mb\":$((RSS_KB / 1024))}"
  stop_server

  say "$DB: the booking guarantee after the load"
  local check
  check=$(server_env "$LOKET" check-capacity) || { echo "$check" >&2; exit 1; }
  echo "$check" >&2
  record "capacity check" "" "$(printf '%s' "$check" |
    sed -n 's/^\([0-9]*\) booked .*; \([0-9]*\) over capacity\./{"booked":\1,"over":\2}/p')"

  say "$DB: a call reaching the displays"
  front_office 100
  front_office 1000

  if [ "$DB" = postgres ]; then
    psql -qtAX "$PG/postgres" -c "DROP DATABASE loket_bench_http" >/dev/null
  fi
}

bench_reports() {
  DB=$1
  if [ "$DB" = sqlite ]; then
    URL="sqlite://$WORK/reports.db?mode=rwc"
  else
    URL=$PG/loket_bench_reports
    psql -qtAX "$PG/postgres" -c "DROP DATABASE IF EXISTS loket_bench_reports" >/dev/null
    psql -qtAX "$PG/postgres" -c "CREATE DATABASE loket_bench_reports" >/dev/null
  fi
  environment
  say "$DB: ten years of a large city"
  server_env "$LOKET" generate --years 10 --scale city | tee -a "$WORK/reports-$DB" >&2
  server_env "$LOKET" bench-reports | tee -a "$WORK/reports-$DB" >&2
  # Each report again as the first thing read after the page cache is dropped (root only; on
  # PostgreSQL its own buffers are emptied by a restart).
  if [ -w /proc/sys/vm/drop_caches ]; then
    echo "Each report alone after dropping the page cache (bench-reports --only):" | tee -a "$WORK/reports-$DB" >&2
    for report in wait-times appointments phone cases policy; do
      if [ "$DB" = postgres ] && command -v pg_ctlcluster >/dev/null; then
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart
      fi
      sync
      echo 3 >/proc/sys/vm/drop_caches
      server_env "$LOKET" bench-reports --only "$report" | tail -n 1 | tee -a "$WORK/reports-$DB" >&2
    done
  fi
  if [ "$DB" = postgres ]; then
    psql -qtAX "$PG/postgres" -c "DROP DATABASE loket_bench_reports" >/dev/null
  fi
}

for db in $DATABASES; do bench_database "$db"; done
if [ "$REPORTS" = 1 ]; then
  for db in $DATABASES; do bench_reports "$db"; done
fi

# --- the table -----------------------------------------------------------------------------
field() { jq -r "$1 // empty" <<<"$2"; }
value() { # DB LABEL CONNECTIONS -> the JSON of that measurement
  awk -F'\t' -v d="$1" -v l="$2" -v c="$3" '$1 == d && $2 == l && $3 == c { print $4 }' "$RESULTS"
}
statuses() { jq -r '.status | to_entries | map("\(.value) × \(.key)") | join(", ")' <<<"$1"; }

SECTION=$WORK/section.md
{
  echo "## HTTP benchmark"
  echo
  echo "\`benches/run.sh\`, $(date -u +%F), commit $COMMIT, on a machine with $(nproc) cores and"
  echo "$(free -g | awk '/^Mem:/ {print $2}') GiB of memory. Release build; wrk ($WRK_THREADS threads) on loopback, ${DURATION} s per"
  echo "measurement. SQLite is a fresh file in the temp directory; PostgreSQL $(psql -qtAX "$PG/postgres" -c 'SHOW server_version' | cut -d' ' -f1) runs on the same machine."
  echo "Lier seed and one generated municipality-year of history (\`loket generate --years 1 --scale"
  echo "municipality\`), with every appointment period at $BENCH_DESKS desks so the bookings do not run out of"
  echo "free times; background jobs off. The ratio is the throughput as a share of the ceiling, a"
  echo "route of the same server that does not touch the database (\`/health/live\`), measured"
  echo "in the same run at the same number of connections."
  for db in $DATABASES; do
    echo
    echo "### $db"
    echo
    echo "| measure | connections | requests/s | ratio to ceiling | p50 | p99 | answers |"
    echo "|---|---|---|---|---|---|---|"
    for conns in $CONNECTIONS; do
      ceiling=$(field .rps "$(value "$db" "ceiling: /health/live" "$conns")")
      for label in "ceiling: /health/live" "home page" "product page" "catalogue search" \
        "free times API" "booking" "kiosk ticket" "call-next"; do
        json=$(value "$db" "$label" "$conns")
        [ -n "$json" ] || continue
        rps=$(field .rps "$json")
        ratio=$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.0f %%", 100 * a / b }')
        if [ "$(field .requests "$json")" = 0 ]; then
          echo "| $label | $conns | 0 | 0 % | none answered within the run | | |"
          continue
        fi
        echo "| $label | $conns | $(printf '%.0f' "$rps") | $ratio | $(field .p50_ms "$json") ms | $(field .p99_ms "$json") ms | $(statuses "$json") |"
      done
    done
    echo
    for conns in $CONNECTIONS; do
      json=$(value "$db" "booking" "$conns")
      stored=$(field .count "$(value "$db" "bookings stored" "$conns")")
      created=$(jq -r '.status["201"] // 0' <<<"$json")
      seconds=$(field .seconds "$json")
      # wrk stops counting at the deadline; the requests still in flight are stored too.
      echo "- Booking at $conns connections: $created answered 201 Created within the run ($(awk -v n="$created" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') distinct bookings per second), $stored new bookings in the database including those in flight at the end."
    done
    check=$(value "$db" "capacity check" "")
    echo "- Afterwards \`loket check-capacity\`: $(field .booked "$check") booked appointments, $(field .over "$check") times over capacity."
    echo "- Start to first answered request (existing database): $(field .ms "$(value "$db" "start to first answer" "")") ms."
    echo "- Peak RSS of the server (VmHWM) after all the runs above: $(field .mb "$(value "$db" "peak RSS" "")") MB."
    for displays in 100 1000; do
      json=$(value "$db" "call reaches $displays displays" "")
      echo "- A call reaching $displays connected displays (\`loket bench-front-office --displays $displays\`, 50 calls): p50 $(field .p50_ms "$json") ms, p99 $(field .p99_ms "$json") ms."
    done
    if [ -f "$WORK/reports-$db" ]; then
      echo "- Ten years of a large city (\`loket generate --years 10 --scale city\`, then \`loket bench-reports\`):"
      echo
      echo '```'
      cat "$WORK/reports-$db"
      echo '```'
    fi
  done
  echo
  echo "Kiosk tickets: at most 999 numbers per cluster and day, so a run that issues them all gets"
  echo "409 for the rest (counted apart above); the queue is emptied before each ticket run and"
  echo "after each call-next run."
  echo "Call-next answers 204 when nobody waits."
} >"$SECTION"

# Replace the section in BENCHMARKS.md (or append it), keeping the others.
awk -v section="$SECTION" '
  /^## HTTP benchmark$/ { while ((getline line < section) > 0) print line; skip = 1; done = 1; next }
  /^## / && skip { skip = 0; print "" }
  !skip { print }
  END { if (!done) { print ""; while ((getline line < section) > 0) print line } }
' "$ROOT/BENCHMARKS.md" >"$WORK/BENCHMARKS.md"
cp "$WORK/BENCHMARKS.md" "$ROOT/BENCHMARKS.md"
cat "$SECTION"
