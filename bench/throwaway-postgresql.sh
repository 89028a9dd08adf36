# Sourced by the benchmarks that need PostgreSQL (stores.sh, ten-million.sh): Debian's postgresql, installed if
# missing, in a throwaway cluster under $WORK/pg on a free port, with fsync on as in production. The sourcing script
# sets WORK (a temporary directory) first; the trap set here stops the cluster and removes $WORK on exit.
#
#   start_postgresql [-c setting=value ...]   starts it and prints its URL, postgresql://postgres@127.0.0.1:<port>/postgres

PG_DATA=$WORK/pg

log() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root su postgres -s /bin/sh -c "$*"; }

cleanup() {
  local rc=$? pg_ctl
  # start_postgresql runs in a command substitution, a subshell: what it set is not known here, so look again.
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    pg_ctl=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)
    as_postgres "$pg_ctl -D $PG_DATA -m fast -w stop" > /dev/null 2>&1 || true
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
  local port pg_bin
  pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  as_root mkdir -p "$PG_DATA" && as_root chown postgres "$PG_DATA" "$WORK" && as_root chmod 755 "$WORK"
  as_postgres "$pg_bin/initdb -D $PG_DATA -U postgres -A trust" > "$WORK/initdb.log"
  as_postgres "$pg_bin/pg_ctl -D $PG_DATA -l $PG_DATA/server.log -o '-p $port -k $PG_DATA -c listen_addresses=127.0.0.1 $*' -w start" > /dev/null
  log "PostgreSQL $($pg_bin/postgres --version | awk '{print $3}') on port $port"
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}
