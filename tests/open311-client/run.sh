#!/usr/bin/env bash
# Runs the Open311 client test (client.py: Open311 client libraries from PyPI) against a fresh
# Loket.
#
# Builds nothing: build first (`cargo build`), then `bash tests/open311-client/run.sh`.
# It installs the Python packages of requirements.txt into a virtual environment (kept in
# ${LOKET_OPEN311_VENV:-$HOME/.cache/loket-open311-venv}, reinstalled when requirements.txt
# changes), starts the binary in a temporary folder with a new SQLite database (it migrates and
# loads the Lier seed data itself), creates a handler and an API token with `loket token add`,
# waits for /health, runs client.py, stops the server and exits with the client's status.
#
# Environment (all optional):
#   LOKET_BIN                the binary (default ${CARGO_TARGET_DIR:-target}/debug/loket)
#   LOKET_OPEN311_BIND       where the app listens (default 127.0.0.1:18083)
#   PYTHON                   the Python 3 to make the environment with (default python3)
#   LOKET_OPEN311_KEEP=1     keep the temporary folder (database, server log, mail)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/open311-client"
cd "$ROOT"

LOKET_BIN="${LOKET_BIN:-${CARGO_TARGET_DIR:-target}/debug/loket}"
case "$LOKET_BIN" in /*) ;; *) LOKET_BIN="$ROOT/$LOKET_BIN" ;; esac
BIND="${LOKET_OPEN311_BIND:-127.0.0.1:18083}"
export LOKET_URL="http://$BIND"
PYTHON="${PYTHON:-python3}"
VENV="${LOKET_OPEN311_VENV:-$HOME/.cache/loket-open311-venv}"

log() { printf 'open311-client: %s\n' "$*"; }
die() { printf 'open311-client: error: %s\n' "$*" >&2; exit 2; }

[ -x "$LOKET_BIN" ] || die "no loket binary at $LOKET_BIN (run 'cargo build' first, or set LOKET_BIN)"
command -v "$PYTHON" >/dev/null || die "$PYTHON is not installed"

# Answers 0 when GET $1 returns 200.
http_ok() {
  "$PYTHON" - "$1" <<'PY'
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

if http_ok "$LOKET_URL/health"; then
  die "something already answers on $LOKET_URL; stop it or set LOKET_OPEN311_BIND"
fi

# The client libraries: exactly requirements.txt, installed when missing or changed.
if ! cmp -s "$HERE/requirements.txt" "$VENV/requirements.txt" 2>/dev/null; then
  log "installing the Python packages into $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/requirements.txt"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/loket-open311.XXXXXX")"
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
  if [ "${LOKET_OPEN311_KEEP:-0}" = 1 ]; then
    log "kept $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export DATABASE_URL="sqlite://$TMP/open311.db?mode=rwc"
export LOKET_BIND="$BIND"
export LOKET_BASE_URL="$LOKET_URL"
export LOKET_TEMPLATES_DIR="$ROOT/templates"
export LOKET_STATIC_DIR="$ROOT/static"
export LOKET_SEEDS_DIR="$ROOT/seeds"
export LOKET_MUNICIPALITY="lier"
unset SMTP_URL
export RUST_LOG="${RUST_LOG:-loket=info}"

cd "$TMP"
log "binary: $LOKET_BIN"
printf '%s' "open311-client-wachtwoord-123" |
  "$LOKET_BIN" user add --email open311@example.org --role handler --password-stdin
LOKET_API_KEY="$("$LOKET_BIN" token add --email open311@example.org --label "Open311 client test")"
export LOKET_API_KEY

log "starting the app on $LOKET_URL"
"$LOKET_BIN" serve >"$TMP/server.log" 2>&1 </dev/null &
SERVER_PID=$!

deadline=$((SECONDS + 60))
until http_ok "$LOKET_URL/health"; do
  kill -0 "$SERVER_PID" 2>/dev/null || die "the app stopped before it answered /health"
  [ "$SECONDS" -lt "$deadline" ] || die "the app did not answer GET /health with 200 within 60 s"
  sleep 0.5
done
log "the app is up"

"$VENV/bin/python" "$HERE/client.py"
