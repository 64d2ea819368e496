#!/bin/sh
# A small take on the official postgres image's entrypoint: on first start (empty PGDATA) create the cluster
# with POSTGRES_USER/POSTGRES_PASSWORD, allow network clients with POSTGRES_HOST_AUTH_METHOD, create
# POSTGRES_DB, then run the server as the postgres user, listening on all addresses. Any other command
# (`psql …`, `bash`) runs as given.
set -eu

if [ "${1:-postgres}" != postgres ] && [ "${1#-}" = "${1:-}" ]; then exec "$@"; fi
[ "${1:-}" = postgres ] && shift

POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-}
PGDATA=${PGDATA:-/var/lib/postgresql/data}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi
}

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  # Same rule as the official image: network access needs a password unless the method is `trust`.
  if [ -z "$POSTGRES_PASSWORD" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo 'error: database is uninitialized and POSTGRES_PASSWORD is not set;' >&2
    echo '  set POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust to allow connections without one.' >&2
    exit 1
  fi
  AUTH=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  PWFILE=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-postgres}" >"$PWFILE"
  chown postgres "$PWFILE" 2>/dev/null || true
  as_postgres initdb --username="$POSTGRES_USER" --pwfile="$PWFILE" --auth-local=trust --auth-host="$AUTH" \
    --encoding=UTF8 ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA" >/dev/null
  rm -f "$PWFILE"
  printf '\nhost all all all %s\n' "$AUTH" >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # Single-user mode creates the database without starting (and stopping) a temporary server.
    printf 'CREATE DATABASE "%s";\n' "$POSTGRES_DB" | as_postgres postgres --single -j -D "$PGDATA" postgres >/dev/null
  fi
  echo "PostgreSQL init process complete; database \"$POSTGRES_DB\" owned by \"$POSTGRES_USER\"."
fi

exec_as_postgres() {
  if [ "$(id -u)" = 0 ]; then exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else exec "$@"; fi
}
exec_as_postgres postgres -D "$PGDATA" "$@"
