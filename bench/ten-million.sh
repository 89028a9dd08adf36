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
# shellcheck source=bench/throwaway-postgresql.sh
source "$ROOT/bench/throwaway-postgresql.sh"

log "compiling adapters-sql and its tests (in the reactor, nothing installed)"
CLASSPATH_FILE=$ROOT/adapters-sql/target/bench-classpath.txt
mvn -B -ntp -q -pl adapters-sql -am test-compile dependency:build-classpath -Dinvoker.skip \
  -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test
CP=$ROOT/adapters-sql/target/test-classes:$ROOT/adapters-sql/target/classes:$(cat "$CLASSPATH_FILE")

mkdir -p bench/results
for engine in $ENGINES; do
  case "$engine" in
    sqlite) location=${KEEP:-$WORK/sqlite}; mkdir -p "$location" ;;
    postgresql) location=${PG_URL:-$(start_postgresql -c max_wal_size=4GB)} ;;
    *) echo "ten-million.sh: unknown engine $engine (sqlite or postgresql)" >&2; exit 2 ;;
  esac
  log "$engine: $SMALL against $LARGE records"
  java -Xmx1g -cp "$CP" dev.motioncontrol.adapters.sql.TenMillionRecords "$engine" "$location" \
    "$SMALL" "$LARGE" "$ROUNDS" "$LOOKUPS" 2> "bench/results/ten-million-$engine.log" \
    | grep -v -E "^[0-9:.]+ \[" | tee "bench/results/ten-million-$engine.txt"
done
