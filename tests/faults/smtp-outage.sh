#!/usr/bin/env bash
# The SMTP outage test with an outage of minutes and the production retry times:
#   bash tests/faults/smtp-outage.sh [OUTAGE_SECONDS [FIRST_RETRY_SECONDS]]
# (defaults 300 and 30). It runs the integration test
# reliability::bookings_and_cases_go_on_while_smtp_is_down_and_their_mails_follow: the real
# binary books and files with its SMTP server away for OUTAGE_SECONDS, then the server comes
# back and every mail must arrive once. On SQLite, and on PostgreSQL too when
# LOKET_TEST_POSTGRES_URL is set. Prints how long the mails took after the server returned.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

export LOKET_FAULT_SMTP_OUTAGE_SECONDS="${1:-300}"
export LOKET_FAULT_RETRY_SECONDS="${2:-30}"
echo "SMTP outage of ${LOKET_FAULT_SMTP_OUTAGE_SECONDS} s, first retry after ${LOKET_FAULT_RETRY_SECONDS} s"
cargo test --test integration \
  reliability::bookings_and_cases_go_on_while_smtp_is_down_and_their_mails_follow \
  -- --nocapture --test-threads=2
