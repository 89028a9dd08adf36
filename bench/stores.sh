#!/usr/bin/env bash
# The load benchmark once per store: memory, SQLite (a file in a temporary directory) and PostgreSQL
# (Debian's postgresql, installed if missing, in a throwaway cluster on a free port). Each run is
# bench/load.sh with STORE set; its targets are the durable ones for SQLite and PostgreSQL.
#
#   bash bench/stores.sh                    # from the repository root, or from anywhere
#   STORES="sqlite postgresql" bash bench/stores.sh
#   DURATION=8s ROUNDS=5 bash bench/stores.sh   # every load.sh knob passes through
#   PG_SETTINGS="-c commit_delay=1000" bash bench/stores.sh   # settings for the throwaway PostgreSQL
#
# Summaries go to bench/results/<store>/summary.txt. Exits 0 only if every run passes.
set -euo pipefail

STORES=${STORES:-memory sqlite postgresql}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d)
# shellcheck source=bench/throwaway-postgresql.sh
source "$ROOT/bench/throwaway-postgresql.sh"

# Word-split on purpose: PG_SETTINGS holds several arguments.
read -r -a pg_settings <<< "${PG_SETTINGS:-}"

failed=0
for store in $STORES; do
  case "$store" in
    memory) location=memory ;;
    sqlite) location=sqlite:$WORK/bench.db ;;
    postgresql) location=$(start_postgresql ${pg_settings[@]+"${pg_settings[@]}"}) ;;
    *) echo "stores.sh: unknown store $store (memory, sqlite or postgresql)" >&2; exit 2 ;;
  esac
  log "load benchmark with STORE=$store"
  # A summary left by an earlier run must not pass for this one (load.sh can stop before it clears bench/results/).
  rm -f bench/results/summary.txt
  status=0
  STORE=$location bash bench/load.sh || status=$?
  [ "$status" -eq 0 ] || failed=$((failed + 1))
  mkdir -p "bench/results/$store"
  if [ -f bench/results/summary.txt ]; then
    cp bench/results/summary.txt "bench/results/$store/summary.txt"
  else
    echo "load.sh stopped with exit code $status before writing a summary" > "bench/results/$store/summary.txt"
  fi
done
[ "$failed" -eq 0 ]
