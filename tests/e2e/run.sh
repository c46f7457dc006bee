#!/usr/bin/env bash
# Runs the browser tests (Playwright + axe-core in Debian's Chromium) against a fresh Loket.
#
# Builds nothing: build first (`cargo build`), then `bash tests/e2e/run.sh [playwright args]`.
# It starts the binary in a temporary folder with a new SQLite database (the binary migrates
# and loads the Lier seed data itself), creates the admin, front-office and handler accounts the tests sign in with, waits
# for /health, runs `npx playwright test` in tests/e2e, stops the server and exits with the
# test runner's status.
#
# Environment (all optional):
#   LOKET_BIN                  the binary (default ${CARGO_TARGET_DIR:-target}/debug/loket)
#   LOKET_E2E_BIND             where the app listens (default 127.0.0.1:18080)
#   LOKET_E2E_ADMIN_EMAIL      admin account created for the tests (default admin@example.org)
#   LOKET_E2E_ADMIN_PASSWORD   its password (default e2e-wachtwoord-123)
#   LOKET_E2E_FRONTOFFICE_EMAIL     front-office account for the counter tests (default balie@example.org)
#   LOKET_E2E_FRONTOFFICE_PASSWORD  its password (default e2e-balie-wachtwoord-123)
#   LOKET_E2E_HANDLER_EMAIL    handler account for the complaint and report inbox (default behandelaar@example.org)
#   LOKET_E2E_HANDLER_PASSWORD its password (default e2e-behandelaar-123)
#   CHROMIUM                   the browser (default /usr/bin/chromium: apt-get install chromium)
#   LOKET_E2E_KEEP=1           keep the temporary folder (database, server log, mail)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E="$ROOT/tests/e2e"
cd "$ROOT"

LOKET_BIN="${LOKET_BIN:-${CARGO_TARGET_DIR:-target}/debug/loket}"
case "$LOKET_BIN" in /*) ;; *) LOKET_BIN="$ROOT/$LOKET_BIN" ;; esac
BIND="${LOKET_E2E_BIND:-127.0.0.1:18080}"
export LOKET_E2E_URL="http://$BIND"
export LOKET_E2E_ADMIN_EMAIL="${LOKET_E2E_ADMIN_EMAIL:-admin@example.org}"
export LOKET_E2E_ADMIN_PASSWORD="${LOKET_E2E_ADMIN_PASSWORD:-e2e-wachtwoord-123}"
export LOKET_E2E_FRONTOFFICE_EMAIL="${LOKET_E2E_FRONTOFFICE_EMAIL:-balie@example.org}"
export LOKET_E2E_FRONTOFFICE_PASSWORD="${LOKET_E2E_FRONTOFFICE_PASSWORD:-e2e-balie-wachtwoord-123}"
export LOKET_E2E_HANDLER_EMAIL="${LOKET_E2E_HANDLER_EMAIL:-behandelaar@example.org}"
export LOKET_E2E_HANDLER_PASSWORD="${LOKET_E2E_HANDLER_PASSWORD:-e2e-behandelaar-123}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# The manager account of the report tests.
export LOKET_E2E_MANAGER_EMAIL="${LOKET_E2E_MANAGER_EMAIL:-manager@example.org}"
export LOKET_E2E_MANAGER_PASSWORD="${LOKET_E2E_MANAGER_PASSWORD:-e2e-manager-wachtwoord-123}"

log() { printf 'e2e: %s\n' "$*"; }
die() { printf 'e2e: error: %s\n' "$*" >&2; exit 2; }

[ -x "$LOKET_BIN" ] || die "no loket binary at $LOKET_BIN (run 'cargo build' first, or set LOKET_BIN)"
[ -x "$CHROMIUM" ] || die "no Chromium at $CHROMIUM (apt-get install -y chromium, or set CHROMIUM)"
command -v node >/dev/null || die "node is not installed"
command -v npm >/dev/null || die "npm is not installed"

# Answers 0 when GET $1 returns 200.
http_ok() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
    .then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' "$1"
}

if http_ok "$LOKET_E2E_URL/health"; then
  die "something already answers on $LOKET_E2E_URL; stop it or set LOKET_E2E_BIND"
fi

# Node packages: exactly the lock file's, installed when missing or out of date.
if [ ! -f "$E2E/node_modules/.package-lock.json" ] ||
  [ "$E2E/package-lock.json" -nt "$E2E/node_modules/.package-lock.json" ]; then
  log "installing Node packages (npm ci)"
  (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/loket-e2e.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$TMP/server.log" ]; then
    log "last lines of the server log ($TMP/server.log):"
    tail -n 40 "$TMP/server.log" | sed 's/^/  | /'
  fi
  if [ "${LOKET_E2E_KEEP:-0}" = 1 ]; then
    log "kept $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The app's environment: its own database, templates, static files and seeds from this tree.
export DATABASE_URL="sqlite://$TMP/e2e.db?mode=rwc"
# Specs that need data no page makes yet put it in with sqlite3.
export LOKET_E2E_DATABASE="$TMP/e2e.db"
export LOKET_BIND="$BIND"
export LOKET_BASE_URL="$LOKET_E2E_URL"
export LOKET_TEMPLATES_DIR="$ROOT/templates"
export LOKET_STATIC_DIR="$ROOT/static"
export LOKET_SEEDS_DIR="$ROOT/seeds"
export LOKET_MUNICIPALITY="lier"
# No background jobs: closing the queue after office hours would take the tickets the tests call.
export LOKET_JOBS=off
unset SMTP_URL
export RUST_LOG="${RUST_LOG:-loket=info}"

cd "$TMP"
log "binary: $LOKET_BIN"
log "creating the admin account $LOKET_E2E_ADMIN_EMAIL"
printf '%s' "$LOKET_E2E_ADMIN_PASSWORD" |
  "$LOKET_BIN" user add --email "$LOKET_E2E_ADMIN_EMAIL" --role admin --password-stdin
log "creating the front-office account $LOKET_E2E_FRONTOFFICE_EMAIL"
printf '%s' "$LOKET_E2E_FRONTOFFICE_PASSWORD" |
  "$LOKET_BIN" user add --email "$LOKET_E2E_FRONTOFFICE_EMAIL" --role frontoffice --password-stdin
log "creating the handler account $LOKET_E2E_HANDLER_EMAIL"
printf '%s' "$LOKET_E2E_HANDLER_PASSWORD" |
  "$LOKET_BIN" user add --email "$LOKET_E2E_HANDLER_EMAIL" --role handler --name "Hanne Behandelaar" --password-stdin

log "creating the manager account $LOKET_E2E_MANAGER_EMAIL"
printf '%s' "$LOKET_E2E_MANAGER_PASSWORD" |
  "$LOKET_BIN" user add --email "$LOKET_E2E_MANAGER_EMAIL" --role manager --password-stdin

log "starting the app on $LOKET_E2E_URL"
"$LOKET_BIN" serve >"$TMP/server.log" 2>&1 </dev/null &
SERVER_PID=$!

deadline=$((SECONDS + 60))
until http_ok "$LOKET_E2E_URL/health"; do
  kill -0 "$SERVER_PID" 2>/dev/null || die "the app stopped before it answered /health"
  [ "$SECONDS" -lt "$deadline" ] || die "the app did not answer GET /health with 200 within 60 s"
  sleep 0.5
done
log "the app is up"

cd "$E2E"
set +e
npx --no-install playwright test "$@" 2>&1 | tee "$TMP/playwright.out"
status=${PIPESTATUS[0]}
set -e

# One plain closing line with the counts, for people and for CI.
count() { grep -Eo "^ *[0-9]+ $1( |$)" "$TMP/playwright.out" | tail -n 1 | grep -Eo '[0-9]+' || echo 0; }
passed=$(count passed)
failed=$(count failed)
skipped=$(count skipped)
echo "e2e: $passed passed, $failed failed, $skipped skipped"
exit "$status"
