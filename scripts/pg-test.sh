#!/usr/bin/env bash
# Runs the service, engine and API test suites against the machine's PostgreSQL (used by .ci/run).
#
#   scripts/pg-test.sh [extra vitest args…]
#
# - starts the local cluster when it is not running and waits until it accepts connections;
# - creates a fresh database flowdeck_ci_<timestamp>_<pid>, migrates it once, runs the suites with
#   TEST_DATABASE_URL pointing at it, and drops it afterwards (also on failure or Ctrl-C).
# Tests that need more than one database (tests/engine/crash.test.ts, queue.test.ts) create and drop their
# own. The chaos test runs CRASH_RUNS runs per scenario: 200 here (`npm run test:chaos` runs 2000).
# Then the browser specs that need PostgreSQL (e2e/pg: two app servers and a worker process on a scratch
# database of their own, Chromium at CHROMIUM_PATH, default /usr/bin/chromium), after building the app when
# its sources changed. PG_E2E=on|off chooses; it is off by default when PG_TEST_PATHS picks the test files.
#
# Environment: PGHOST (default 127.0.0.1), PGPORT (5432), PGUSER (first of postgres, root that works),
# PG_TEST_PATHS (default "tests lib/engine lib/services lib/server"), PG_E2E, CHROMIUM_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
paths="${PG_TEST_PATHS:-tests lib/engine lib/services lib/server}"

log() { echo "[pg-test] $*" >&2; }

if ! pg_isready -h "$host" -p "$port" -q; then
  if [ "$host" = "127.0.0.1" ] || [ "$host" = "localhost" ]; then
    version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$version" ]; then
      log "PostgreSQL is not running at $host:$port and no local cluster exists in /etc/postgresql"
      exit 1
    fi
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  for _ in $(seq 1 60); do
    pg_isready -h "$host" -p "$port" -q && break
    sleep 0.5
  done
  if ! pg_isready -h "$host" -p "$port" -q; then
    log "PostgreSQL at $host:$port did not become ready"
    exit 1
  fi
fi

user="${PGUSER:-}"
if [ -z "$user" ]; then
  for candidate in postgres root; do
    if psql -h "$host" -p "$port" -U "$candidate" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
      user="$candidate"
      break
    fi
  done
fi
if [ -z "$user" ]; then
  log "no role can connect to $host:$port (tried postgres, root); set PGUSER"
  exit 1
fi

db="flowdeck_ci_$(date +%Y%m%d%H%M%S)_$$"
admin=(psql -h "$host" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -Atq)
"${admin[@]}" -c "CREATE DATABASE \"$db\""
cleanup() {
  "${admin[@]}" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || log "could not drop database $db"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export CRASH_RUNS="${CRASH_RUNS:-200}"
export TEST_DATABASE_URL="postgres://$user@$host:$port/$db"
log "database $db (role $user)"

# Migrate once up front, so test files do not race to create the schema.
npx tsx -e 'import("@/lib/db/client").then(async (m) => { const { openTestDb } = m.default ?? m; const h = await openTestDb(process.env.TEST_DATABASE_URL); await h.close(); })'

# Test files share the database; run them one after another so one file's worker (or sweeper, or
# scheduler) does not pick up another file's runs.
# shellcheck disable=SC2086
VITEST_PG=1 npx vitest run $paths --no-file-parallelism "$@"

pg_e2e="${PG_E2E:-}"
if [ -z "$pg_e2e" ]; then
  if [ -z "${PG_TEST_PATHS:-}" ]; then pg_e2e=on; else pg_e2e=off; fi
fi
if [ "$pg_e2e" = "on" ]; then
  log "browser specs on PostgreSQL (e2e/pg)"
  node -e 'import("./scripts/lib.mjs").then((m) => m.ensureBuild())'
  CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}" npx playwright test -c e2e/pg/playwright.config.ts
fi
