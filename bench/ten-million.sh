#!/usr/bin/env bash
# The 10-million check of issue 8: "10 million task records on disk do not slow a status GET by more than 2x against
# 10 thousand". For each engine, fills a store with 10 thousand and one with 10 million unfinished task records (once:
# stores that already hold them are reused), opens both through the real store (SqlStateStores) and times
# TaskRecords.find of random ids in alternating rounds, 64 lookups in flight; prints the medians and the slowdown.
# A benchmark, not a test: not part of mvn verify. Unfinished tasks are never answered from memory, so every lookup
# reads the database.
#
#   bash bench/ten-million.sh                       # both engines, in a temporary directory removed at the end
#   ENGINES=sqlite KEEP=/var/tmp/ten-million bash bench/ten-million.sh   # keep (and reuse) the SQLite files there
#   SMALL=10000 LARGE=10000000 ROUNDS=7 LOOKUPS=20000 bash bench/ten-million.sh
#
# SQLite files go to $KEEP or a temporary directory; PostgreSQL is Debian's (installed if missing), in a throwaway
# cluster on a free port (fsync on, as in production), unless PG_URL names a database to create the two in.
# About 4 GB of disk per engine for 10 million records; filling takes minutes.
set -euo pipefail

ENGINES=${ENGINES:-sqlite postgresql}
SMALL=${SMALL:-10000}
LARGE=${LARGE:-10000000}
ROUNDS=${ROUNDS:-7}
LOOKUPS=${LOOKUPS:-20000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d)
PG_BIN=
PG_DATA=$WORK/pg

log() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root su postgres -s /bin/sh -c "$*"; }

cleanup() {
  local rc=$?
  if [ -n "$PG_BIN" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl -D $PG_DATA -m fast -w stop" > /dev/null 2>&1 || true
  fi
  as_root rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT

start_postgresql() {
  if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
    log "installing postgresql from Debian"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
  fi
  PG_BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  as_root mkdir -p "$PG_DATA" && as_root chown postgres "$PG_DATA" "$WORK" && as_root chmod 755 "$WORK"
  as_postgres "$PG_BIN/initdb -D $PG_DATA -U postgres -A trust" > "$WORK/initdb.log"
  as_postgres "$PG_BIN/pg_ctl -D $PG_DATA -l $PG_DATA/server.log -o '-p $port -k $PG_DATA -c listen_addresses=127.0.0.1 -c max_wal_size=4GB' -w start" > /dev/null
  log "PostgreSQL $($PG_BIN/postgres --version | awk '{print $3}') on port $port"
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

log "compiling adapters-sql and its tests (in the reactor, nothing installed)"
CLASSPATH_FILE=$ROOT/adapters-sql/target/bench-classpath.txt
mvn -B -ntp -q -pl adapters-sql -am test-compile dependency:build-classpath -Dinvoker.skip \
  -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test
CP=$ROOT/adapters-sql/target/test-classes:$ROOT/adapters-sql/target/classes:$(cat "$CLASSPATH_FILE")

mkdir -p bench/results
for engine in $ENGINES; do
  case "$engine" in
    sqlite) location=${KEEP:-$WORK/sqlite}; mkdir -p "$location" ;;
    postgresql) location=${PG_URL:-$(start_postgresql)} ;;
    *) echo "ten-million.sh: unknown engine $engine (sqlite or postgresql)" >&2; exit 2 ;;
  esac
  log "$engine: $SMALL against $LARGE records"
  java -Xmx1g -cp "$CP" dev.motioncontrol.adapters.sql.TenMillionRecords "$engine" "$location" \
    "$SMALL" "$LARGE" "$ROUNDS" "$LOOKUPS" 2> "bench/results/ten-million-$engine.log" \
    | grep -v -E "^[0-9:.]+ \[" | tee "bench/results/ten-million-$engine.txt"
done
