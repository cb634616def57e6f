#!/usr/bin/env bash
# SMP Portal container entrypoint.
#
# With RUN_MIGRATIONS=1 (the web service only): wait for the database, apply migrations and load
# the starter taxonomy (idempotent). WAIT_FOR_DB=1 waits without migrating. Then exec the command,
# so gunicorn / celery become the container's main process and receive its signals.
#
#   DB_WAIT_TIMEOUT  seconds to wait for the database before giving up (default 90)
#
# Run migrations from one container only: with several web replicas, set RUN_MIGRATIONS=1 on one
# of them or run `python manage.py migrate` as a one-off job before rolling out.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-smp_portal.settings}"

log() {
    printf '%s entrypoint: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

# Exit 0 when a connection opens, 1 when the database is not reachable yet (retry), 2 on any other
# error: bad settings or a wrong DATABASE_URL will not fix themselves, so fail at once.
# `manage.py check --database default` alone is not enough: on PostgreSQL its database checks
# never open a connection, so it succeeds while the server is still down.
probe_database() {
    PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}" python - <<'PY'
import sys

try:
    import django

    django.setup()
    from django.db import connection
    from django.db.utils import OperationalError
except Exception as exc:  # settings refused to load
    print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(2)
try:
    connection.ensure_connection()
except OperationalError as exc:
    reason = (str(exc).strip().splitlines() or [repr(exc)])[0]
    print(f"database not ready: {reason}", file=sys.stderr)
    sys.exit(1)
except Exception as exc:
    print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(2)
PY
}

wait_for_database() {
    local timeout="${DB_WAIT_TIMEOUT:-90}"
    local status
    SECONDS=0
    log "waiting up to ${timeout}s for the database"
    while true; do
        status=0
        probe_database || status=$?
        if [[ ${status} -eq 0 ]]; then
            break
        elif [[ ${status} -ne 1 ]]; then
            log "database configuration error, not retrying"
            exit 1
        elif (( SECONDS >= timeout )); then
            log "database still unreachable after ${SECONDS}s, giving up"
            exit 1
        fi
        sleep 2
    done
    # The database is up: now the system checks, database-tagged ones included.
    python manage.py check --database default
    log "database ready after ${SECONDS}s"
}

if [[ "${RUN_MIGRATIONS:-0}" == "1" || "${WAIT_FOR_DB:-0}" == "1" ]]; then
    wait_for_database
fi

if [[ "${RUN_MIGRATIONS:-0}" == "1" ]]; then
    log "applying migrations"
    python manage.py migrate --noinput
    log "loading the starter taxonomy"
    python manage.py load_starter_taxonomy
fi

if [[ $# -eq 0 ]]; then
    log "no command given"
    exit 64
fi
log "starting: $*"
exec "$@"
