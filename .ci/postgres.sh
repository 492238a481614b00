#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the store's Postgres tests.
#
# Usage (from .ci/run):   eval "$(bash .ci/postgres.sh)"
# It installs Debian's `postgresql` package when no server binaries are present (needs root and the
# Debian archive), creates a data directory under ${NEWSFUSE_PG_DIR:-/tmp/newsfuse-pg}, starts the
# server on ${NEWSFUSE_PG_PORT:-55432} (loopback only, trust auth: the data is throwaway), creates the
# database `newsfuse_test` and prints one line for the caller to evaluate:
#   export NEWSFUSE_TEST_POSTGRES_URL=postgresql+psycopg://newsfuse@127.0.0.1:55432/newsfuse_test
# Everything else goes to stderr.  Running it again reuses a server that is already up.
set -euo pipefail

PG_DIR=${NEWSFUSE_PG_DIR:-/tmp/newsfuse-pg}
PG_PORT=${NEWSFUSE_PG_PORT:-55432}
PG_USER=newsfuse
PG_DB=newsfuse_test
URL="postgresql+psycopg://${PG_USER}@127.0.0.1:${PG_PORT}/${PG_DB}"

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  # Debian puts the server binaries in /usr/lib/postgresql/<major>/bin, off PATH.
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and this is not root: cannot apt-get install postgresql"
    exit 1
  fi
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package's own cluster (pg_createcluster) is not used; ours lives in $PG_DIR.
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BINDIR=$(find_bindir)
fi
log "server binaries in $BINDIR"

# The server refuses to run as root: run it as the `postgres` system user the package creates,
# or as `nobody` when that user is missing.
RUN_AS=""
if [ "$(id -u)" -eq 0 ]; then
  if id postgres >/dev/null 2>&1; then RUN_AS=postgres; else RUN_AS=nobody; fi
fi
as_server_user() {
  if [ -n "$RUN_AS" ]; then
    # runuser keeps this script's environment small and does not need a login shell
    runuser -u "$RUN_AS" -- "$@"
  else
    "$@"
  fi
}

mkdir -p "$PG_DIR"
[ -n "$RUN_AS" ] && chown "$RUN_AS" "$PG_DIR"
DATA="$PG_DIR/data"

if as_server_user "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "server already running in $DATA"
else
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initdb in $DATA"
    as_server_user "$BINDIR/initdb" -D "$DATA" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >&2 \
      || as_server_user "$BINDIR/initdb" -D "$DATA" -U "$PG_USER" --auth=trust -E UTF8 --locale=C >&2
  fi
  log "starting on 127.0.0.1:$PG_PORT"
  # unix sockets in the data dir: /var/run/postgresql may not exist on a fresh machine
  as_server_user "$BINDIR/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DATA -c fsync=off" start >&2 \
    || { cat "$PG_DIR/server.log" >&2; exit 1; }
fi

if ! as_server_user "$BINDIR/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
  as_server_user "$BINDIR/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB" >&2
fi
log "database $PG_DB ready"
echo "export NEWSFUSE_TEST_POSTGRES_URL=$URL"
