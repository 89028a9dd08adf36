#!/usr/bin/env bash
# The load benchmark once per store: memory, SQLite (a file in a temporary directory) and PostgreSQL
# (Debian's postgresql, installed if missing, in a throwaway cluster on a free port). Each run is
# bench/load.sh with STORE set; its targets are the durable ones for SQLite and PostgreSQL.
#
#   bash bench/stores.sh                    # from the repository root, or from anywhere
#   STORES="sqlite postgresql" bash bench/stores.sh
#   DURATION=8s bash bench/stores.sh        # every load.sh knob passes through
#
# Summaries go to bench/results/<store>/summary.txt. Exits 0 only if every run passes.
set -euo pipefail

STORES=${STORES:-memory sqlite postgresql}
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
  as_postgres "$PG_BIN/pg_ctl -D $PG_DATA -l $PG_DATA/server.log -o '-p $port -k $PG_DATA -c listen_addresses=127.0.0.1' -w start" > /dev/null
  log "PostgreSQL $($PG_BIN/postgres --version | awk '{print $3}') on port $port"
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

failed=0
for store in $STORES; do
  case "$store" in
    memory) location=memory ;;
    sqlite) location=sqlite:$WORK/bench.db ;;
    postgresql) location=$(start_postgresql) ;;
    *) echo "stores.sh: unknown store $store (memory, sqlite or postgresql)" >&2; exit 2 ;;
  esac
  log "load benchmark with STORE=$store"
  if STORE=$location bash bench/load.sh; then :; else failed=$((failed + 1)); fi
  mkdir -p "bench/results/$store"
  cp bench/results/summary.txt "bench/results/$store/summary.txt"
done
[ "$failed" -eq 0 ]
