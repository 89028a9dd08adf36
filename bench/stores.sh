#!/usr/bin/env bash
# The load benchmark once per store: memory, SQLite (a file in a temporary directory) and PostgreSQL
# (Debian's postgresql, installed if missing, in a throwaway cluster on a free port). Each run is
# bench/load.sh with STORE set; its targets are the durable ones for SQLite and PostgreSQL.
#
#   bash bench/stores.sh                    # from the repository root, or from anywhere
#   STORES="sqlite postgresql" bash bench/stores.sh
#   DURATION=8s bash bench/stores.sh        # every load.sh knob passes through
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

failed=0
for store in $STORES; do
  case "$store" in
    memory) location=memory ;;
    sqlite) location=sqlite:$WORK/bench.db ;;
    postgresql) location=$(start_postgresql ${PG_SETTINGS:-}) ;;
    *) echo "stores.sh: unknown store $store (memory, sqlite or postgresql)" >&2; exit 2 ;;
  esac
  log "load benchmark with STORE=$store"
  if STORE=$location bash bench/load.sh; then :; else failed=$((failed + 1)); fi
  mkdir -p "bench/results/$store"
  cp bench/results/summary.txt "bench/results/$store/summary.txt"
done
[ "$failed" -eq 0 ]
