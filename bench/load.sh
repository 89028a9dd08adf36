#!/usr/bin/env bash
# Load benchmark: the service (fake provider, no delays) against a bare Vert.x endpoint, in the
# same run on the same machine, so the verdict is a ratio rather than an absolute figure.
#
# The machine is noisy (the bare endpoint alone swings by a third between runs), so each target is
# measured in ROUNDS short rounds that alternate with a bare round, and each verdict is the median of
# the per-round ratios (service / bare of the same round):
#
#   warm-up bare, warm-up status, heap
#   A. reads:  ROUNDS x (bare-get-r, status-get-r), heap after round 1 and after the last round
#   warm-up submit
#   B. writes: ROUNDS x (bare-get-submit-r, submit-post-r)   (last: every submit stores a task)
#   C. reads again, the submitted tasks held: ROUNDS x (bare-get-after-r, status-get-after-r)
#
# The status rounds read an unfinished task (the fake's tasks stay CREATED for FAKE_QUEUE_DELAY=1h), which the
# service asks the fake about on every request.
#
#   bash bench/load.sh                 # from the repository root, or from anywhere
#   DURATION=30s bash bench/load.sh    # longer measured runs
#   ROUNDS=5 bash bench/load.sh        # more rounds, a steadier median
#
# Knobs (environment variables; see bench/README.md):
#   DURATION=15s          length of each measured wrk run
#   WARMUP=15s            length of the unmeasured wrk run before each target's first round (0 to skip);
#                         the service's JIT compiles its submit path for 20-30 s on 2 cores, longer when
#                         the machine is slow: so runs of WARMUP_STEP=5s follow for as long as each is
#                         more than 10% faster than the one before, up to WARMUP_MAX=60s in all
#   ROUNDS=3              measured rounds per target, bare and service alternating; the verdicts
#                         take the median of the per-round ratios (the mean of the middle two when
#                         ROUNDS is even). With ROUNDS=1 an extra status run, outside the ratios,
#                         gives the heap check its second reading.
#   CONNECTIONS=64        wrk connections;  THREADS=2  wrk threads
#   MAX_HEAP_GROWTH_MB=10 allowed heap growth between status round 1 and the last status round
#                         (after a full GC)
#   READY_TIMEOUT=60      seconds to wait for each process to answer HTTP
#   REBUILD=0             1 rebuilds both jars even if they exist
#   STORE=memory          the service's store, passed on as STORE: memory, sqlite:<path> or
#                         postgresql://… (bench/stores.sh runs all three); a durable store has its own
#                         targets (status >= 0.6x, submit >= 0.1x the bare endpoint)
#   SERVICE_CMD           command that starts the service; it sees PORT, PROVIDER=fake,
#                         FAKE_QUEUE_DELAY=1h and FAKE_GENERATION_DELAY=0s in its environment.
#                         Default: java -Xmx1g -jar server/target/motion-control-server.jar
#                         (built if missing only when SERVICE_CMD is not set).
#
# Writes the raw wrk outputs, the process logs, the heap figures and a summary to bench/results/.
# Exits 0 only if every check passes.
set -euo pipefail

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-15s}
WARMUP_STEP=${WARMUP_STEP:-5s}
WARMUP_MAX=${WARMUP_MAX:-60s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
MAX_HEAP_GROWTH_MB=${MAX_HEAP_GROWTH_MB:-10}
READY_TIMEOUT=${READY_TIMEOUT:-60}
REBUILD=${REBUILD:-0}

case "$ROUNDS" in
  '' | *[!0-9]* | 0*) printf 'load.sh: ROUNDS must be a whole number >= 1, not "%s"\n' "$ROUNDS" >&2; exit 2 ;;
esac

STORE=${STORE:-memory}

# The targets, as the issues fix them: in memory, and with a durable write before each submit's 200.
if [ "$STORE" = memory ]; then
  MIN_STATUS_RATE_RATIO=0.8
  MAX_STATUS_P99_RATIO=1.5
  MIN_SUBMIT_RATE_RATIO=0.5
else
  MIN_STATUS_RATE_RATIO=0.6
  MAX_STATUS_P99_RATIO=2.0
  MIN_SUBMIT_RATE_RATIO=0.1
fi

API_KEY=bench
SUBMIT_PATH=/v1/ai/video/kling-v2-6-motion-control-pro
STATUS_PATH=/v1/ai/image-to-video/kling-v2-6
# Keep in step with bench/wrk/submit-post.lua.
SUBMIT_BODY='{"image_url":"https://example.com/a.png","video_url":"https://example.com/a.mp4"}'

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
RESULTS=bench/results
SERVER_JAR=server/target/motion-control-server.jar
BARE_JAR=bench/bare-endpoint/target/bare-endpoint.jar

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'load.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  log "installing $* from Debian"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
command -v wrk > /dev/null || apt_install wrk
command -v curl > /dev/null || apt_install curl
command -v wrk > /dev/null || die "wrk is still missing after apt-get install"
command -v curl > /dev/null || die "curl is still missing after apt-get install"
command -v java > /dev/null || die "java (JDK 17+) is required"
command -v mvn > /dev/null || die "mvn is required to build the jars"

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jcmd" ]; then
  JDK_BIN=$JAVA_HOME/bin
else
  JDK_BIN=$(dirname "$(readlink -f "$(command -v java)")")
fi
JCMD=$JDK_BIN/jcmd
JSTAT=$JDK_BIN/jstat
if [ ! -x "$JCMD" ] || [ ! -x "$JSTAT" ]; then die "jcmd and jstat not found in $JDK_BIN (a JDK, not a JRE, is required)"; fi

# ---------------------------------------------------------------------------------------------
# Build what is missing
# ---------------------------------------------------------------------------------------------
if [ -z "${SERVICE_CMD:-}" ]; then
  if [ "$REBUILD" = 1 ] || [ ! -f "$SERVER_JAR" ]; then
    log "building the service (mvn -q -B -DskipTests package)"
    mvn -q -B -DskipTests package
  fi
  [ -f "$SERVER_JAR" ] || die "$SERVER_JAR was not built"
  SERVICE_CMD="java -Xmx1g -jar $SERVER_JAR"
fi
if [ "$REBUILD" = 1 ] || [ ! -f "$BARE_JAR" ]; then
  log "building the bare endpoint (mvn -q -B -f bench/bare-endpoint/pom.xml package)"
  mvn -q -B -f bench/bare-endpoint/pom.xml package
fi
[ -f "$BARE_JAR" ] || die "$BARE_JAR was not built"

mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.txt "$RESULTS"/*.log

# ---------------------------------------------------------------------------------------------
# Processes: free ports, start, wait until they answer, always stop them
# ---------------------------------------------------------------------------------------------
free_port() {
  local port _
  if command -v python3 > /dev/null \
    && port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2> /dev/null) \
    && [ -n "$port" ]; then
    echo "$port"
    return
  fi
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    # A port nobody listens on refuses the connection.
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

PIDS=()
cleanup() {
  local rc=$? pid _
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do
    kill "$pid" 2> /dev/null || true
  done
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2> /dev/null || true
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_ready NAME PID URL LOG: any HTTP answer (whatever the status) means ready.
wait_ready() {
  local name=$1 pid=$2 url=$3 logfile=$4 code
  local deadline=$((SECONDS + READY_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2> /dev/null; then
      tail -n 40 "$logfile" >&2 || true
      die "$name exited before it answered (log: $logfile)"
    fi
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' -H "x-freepik-api-key: $API_KEY" "$url" || true)
    if [ -n "$code" ] && [ "$code" != 000 ]; then
      log "$name answers HTTP $code at $url"
      return 0
    fi
    sleep 0.25
  done
  tail -n 40 "$logfile" >&2 || true
  die "$name did not answer within ${READY_TIMEOUT}s (log: $logfile)"
}

BARE_PORT=$(free_port)
SERVICE_PORT=$(free_port)
while [ "$SERVICE_PORT" = "$BARE_PORT" ]; do SERVICE_PORT=$(free_port); done
BARE_URL=http://127.0.0.1:$BARE_PORT
SERVICE_URL=http://127.0.0.1:$SERVICE_PORT

log "starting the bare endpoint on port $BARE_PORT"
java -Xmx1g -jar "$BARE_JAR" "$BARE_PORT" > "$RESULTS/bare-endpoint.log" 2>&1 &
BARE_PID=$!
PIDS+=("$BARE_PID")

log "starting the service on port $SERVICE_PORT: $SERVICE_CMD"
# exec, so that $! is the JVM itself (jcmd and jstat need its pid).
(
  # The fake's tasks stay CREATED for an hour: the status rounds read an unfinished task, which the service
  # asks the fake about on every request (a finished one would be answered from its record).
  export PORT=$SERVICE_PORT PROVIDER=fake FAKE_QUEUE_DELAY=1h FAKE_GENERATION_DELAY=0s STORE
  eval "exec $SERVICE_CMD"
) > "$RESULTS/service.log" 2>&1 &
SERVICE_PID=$!
PIDS+=("$SERVICE_PID")

wait_ready "bare endpoint" "$BARE_PID" "$BARE_URL/" "$RESULTS/bare-endpoint.log"
wait_ready "service" "$SERVICE_PID" "$SERVICE_URL$STATUS_PATH/readiness-probe" "$RESULTS/service.log"

# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------
# wrk_run NAME DURATION SCRIPT URL: raw output to bench/results/NAME.txt
wrk_run() {
  local name=$1 duration=$2 script=$3 url=$4
  log "wrk $name: ${duration}, $CONNECTIONS connections, $THREADS threads, $url"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$script" "$url" > "$RESULTS/$name.txt" 2>&1 \
    || { cat "$RESULTS/$name.txt" >&2; die "wrk failed for $name"; }
}

rate_of() { awk '/^Requests\/sec:/ { print $2 + 0 }' "$RESULTS/$1.txt"; }

# measure NAME SCRIPT URL: a measured run, listed in the report (in the order they ran).
RUNS=()
measure() {
  wrk_run "$1" "$DURATION" "$2" "$3"
  RUNS+=("$1")
}

# warm_up NAME SCRIPT URL: an unmeasured run of WARMUP, then runs of WARMUP_STEP for as long as each is more
# than 10% faster than the one before (the JIT is still compiling), up to WARMUP_MAX in all.
warm_up() {
  case "$WARMUP" in 0 | 0s | "") return ;; esac
  wrk_run "$1-warmup" "$WARMUP" "$2" "$3"
  local spent step max before now n=1
  spent=$(seconds "$WARMUP") step=$(seconds "$WARMUP_STEP") max=$(seconds "$WARMUP_MAX")
  before=$(rate_of "$1-warmup")
  while [ $((spent + step)) -le "$max" ]; do
    wrk_run "$1-warmup-$n" "${step}s" "$2" "$3"
    spent=$((spent + step))
    now=$(rate_of "$1-warmup-$n")
    awk -v before="$before" -v now="$now" 'BEGIN { exit !(now > before * 1.1) }' || break
    before=$now
    n=$((n + 1))
  done
  WARMED_UP+=("$1 ${spent}s")
}
WARMED_UP=()

# seconds DURATION: a wrk duration (45, 45s, 2m, 1h) in seconds.
seconds() {
  [[ $1 =~ ^([0-9]+)([smh]?)$ ]] || die "cannot read the duration $1 (write it as 45, 45s, 2m or 1h)"
  case "${BASH_REMATCH[2]}" in
    h) echo $((BASH_REMATCH[1] * 3600)) ;;
    m) echo $((BASH_REMATCH[1] * 60)) ;;
    *) echo "${BASH_REMATCH[1]}" ;;
  esac
}

# jcmd signals a pid that is not a JVM with SIGQUIT, which kills it: ask the JVM list first
# (it reads hsperfdata, signals nothing).
service_is_jvm() {
  "$JCMD" -l 2> /dev/null | awk -v pid="$SERVICE_PID" '$1 == pid { found = 1 } END { exit !found }'
}

# heap_used_mb NAME: heap in use after a full GC, in MB (young + old, whatever the collector),
# or n/a if the service is not a JVM that jcmd can see.
heap_used_mb() {
  local name=$1
  if ! service_is_jvm; then
    echo n/a
    return
  fi
  "$JCMD" "$SERVICE_PID" GC.run > /dev/null
  "$JCMD" "$SERVICE_PID" GC.run > /dev/null
  "$JCMD" "$SERVICE_PID" GC.heap_info > "$RESULTS/heap-$name.txt"
  "$JSTAT" -gc "$SERVICE_PID" | tee -a "$RESULTS/heap-$name.txt" | awk '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.1f\n", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }'
}

# b. needs a task to read: one created by curl, unfinished (see FAKE_QUEUE_DELAY above).
create_task() {
  local created created_code created_body task_id
  created=$(curl -sS -m 10 -w '\n%{http_code}' -X POST -H "x-freepik-api-key: $API_KEY" \
    -H 'content-type: application/json' -d "$SUBMIT_BODY" "$SERVICE_URL$SUBMIT_PATH") \
    || die "the task creation request failed"
  created_code=${created##*$'\n'}
  created_body=${created%$'\n'*}
  task_id=$(sed -n 's/.*"task_id"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<< "$created_body")
  case "$created_code" in 2??) ;; *) die "creating a task answered $created_code: $created_body" ;; esac
  [ -n "$task_id" ] || die "no task_id in the creation response: $created_body"
  case "$created_body" in *'"CREATED"'*) ;; *) die "the task to read is not unfinished: $created_body" ;; esac
  log "created task $task_id"
  printf '%s' "$task_id"
}
TASK_ID=$(create_task)
STATUS_URL=$SERVICE_URL$STATUS_PATH/$TASK_ID

# A. reads: the baseline (a) and status reads (b) in alternating rounds, each round's bare run
# right before its status run. The warm-ups come first, so that every pair is measured back to back.
# The heap is read after a full GC before the first status round, after round 1 and after the last
# one (with ROUNDS=1, after an extra status run that is not part of the ratios).
warm_up bare-get bench/wrk/bare-get.lua "$BARE_URL/"
warm_up status-get bench/wrk/status-get.lua "$STATUS_URL"
HEAP_BEFORE=$(heap_used_mb before-status)
for round in $(seq 1 "$ROUNDS"); do
  measure "bare-get-$round" bench/wrk/bare-get.lua "$BARE_URL/"
  measure "status-get-$round" bench/wrk/status-get.lua "$STATUS_URL"
  if [ "$round" -eq 1 ]; then HEAP_AFTER_FIRST=$(heap_used_mb after-status-1); fi
done
if [ "$ROUNDS" -eq 1 ]; then
  measure status-get-heap bench/wrk/status-get.lua "$STATUS_URL"
  HEAP_LAST_NAME=after-status-heap
  HEAP_LAST_LABEL="after the extra status run"
  HEAP_GROWTH_LABEL="heap growth, round 1 -> extra"
else
  HEAP_LAST_NAME=after-status-$ROUNDS
  HEAP_LAST_LABEL="after status round $ROUNDS"
  HEAP_GROWTH_LABEL="heap growth, round 1 -> $ROUNDS"
fi
HEAP_AFTER_LAST=$(heap_used_mb "$HEAP_LAST_NAME")

# B. writes: submissions (c), again each after a bare round (last: they store tasks, which would
# blur the heap figures above).
warm_up submit-post bench/wrk/submit-post.lua "$SERVICE_URL$SUBMIT_PATH"
for round in $(seq 1 "$ROUNDS"); do
  measure "bare-get-submit-$round" bench/wrk/bare-get.lua "$BARE_URL/"
  measure "submit-post-$round" bench/wrk/submit-post.lua "$SERVICE_URL$SUBMIT_PATH"
done
HEAP_AFTER_SUBMIT=$(heap_used_mb after-submit)

# C. reads again, now that the service holds the tasks of the submit rounds: the status p99 must not
# degrade as tasks accumulate. A task created now (the first may have been forgotten at the fake's capacity).
TASK_ID_AFTER=$(create_task)
STATUS_URL_AFTER=$SERVICE_URL$STATUS_PATH/$TASK_ID_AFTER
for round in $(seq 1 "$ROUNDS"); do
  measure "bare-get-after-$round" bench/wrk/bare-get.lua "$BARE_URL/"
  measure "status-get-after-$round" bench/wrk/status-get.lua "$STATUS_URL_AFTER"
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

# wrk prints 99% latency as e.g. 850.00us, 3.21ms, 1.02s or 1.50m.
p99_ms_of() {
  awk '$1 == "99%" {
    v = $2
    if (v ~ /us$/)      { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
    else if (v ~ /m$/)  { sub(/m$/, "", v);  print v * 60000 }
    else if (v ~ /s$/)  { sub(/s$/, "", v);  print v * 1000 }
  }' "$RESULTS/$1.txt"
}

responses_of() { awk '/^responses:/ { print $2 }' "$RESULTS/$1.txt"; }
non2xx_of() { awk '/^responses:/ { print $4 }' "$RESULTS/$1.txt"; }
socket_errors_of() {
  awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10; found = 1 } END { if (!found) print 0 }' "$RESULTS/$1.txt"
}

FAILURES=0
REPORT=""
say() { REPORT+="$*"$'\n'; }

# verdict OK: "PASS", or "FAIL" and one more failure
verdict() {
  if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi
}

case "$WARMUP" in
  0 | 0s | "") warmup_text="no warm-up" ;;
  *) warmup_text="warm-up per target until steady (${WARMED_UP[*]/%/,} at most $WARMUP_MAX)" ;;
esac
say ""
say "Load benchmark: $ROUNDS round(s) of $DURATION per run, bare and service alternating; $warmup_text;" \
  "$CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores"
say "service: $SERVICE_CMD"
say "store: $(sed -E 's#//[^@/]*@#//#' <<< "$STORE")"
say ""
say "$(printf '%-22s %12s %10s %12s %8s %10s  %s' run req/s 'p99 ms' responses non-2xx sock-err correct)"
# Every run: at least one response, no non-2xx, no socket error.
for run in "${RUNS[@]}"; do
  rate=$(rate_of "$run"); p99=$(p99_ms_of "$run")
  responses=$(responses_of "$run"); non2xx=$(non2xx_of "$run"); sockerr=$(socket_errors_of "$run")
  if [ -z "$rate" ] || [ -z "$p99" ] || [ -z "$responses" ]; then die "could not parse $RESULTS/$run.txt"; fi
  ok=0
  if [ "$responses" -gt 0 ] && [ "$non2xx" -eq 0 ] && [ "$sockerr" -eq 0 ]; then ok=1; else FAILURES=$((FAILURES + 1)); fi
  say "$(printf '%-22s %12.1f %10.2f %12d %8d %10d  %s' "$run" "$rate" "$p99" "$responses" "$non2xx" "$sockerr" "$(verdict $ok)")"
done
for run in "${RUNS[@]}"; do
  example=$(grep -m1 '^first non-2xx' "$RESULTS/$run.txt" || true)
  [ -z "$example" ] || say "  $run: $example"
done

# ratios NAME OP TARGET NUMERATORS DENOMINATORS: one row with the ratio of each round (the i-th
# numerator over the i-th denominator, service over bare of the same round) and their median (the
# mean of the middle two for an even count), checked against the target. Three decimals are shown;
# the median is compared as computed, unrounded: 0.0996 is not a pass at 0.1, even if it shows as 0.100.
ratios() {
  local name=$1 op=$2 target=$3 nums=$4 dens=$5 row per_round median ok
  row=$(awk -v nums="$nums" -v dens="$dens" -v op="$op" -v t="$target" '
    function show(x, infinite) { return infinite ? "inf" : sprintf("%.3f", x) }
    BEGIN {
      n = split(nums, a, " "); split(dens, b, " ")
      for (i = 1; i <= n; i++) {
        if (b[i] + 0 > 0) { v[i] = a[i] / b[i]; f[i] = 0 } else { v[i] = 0; f[i] = 1 }
        line = line sprintf(" %7s", show(v[i], f[i]))
      }
      # Insertion sort, a division by zero ("inf") last.
      for (i = 2; i <= n; i++) {
        x = v[i]; y = f[i]
        for (j = i - 1; j >= 1 && (f[j] > y || (f[j] == y && v[j] > x)); j--) { v[j + 1] = v[j]; f[j + 1] = f[j] }
        v[j + 1] = x; f[j + 1] = y
      }
      if (n % 2) { m = v[(n + 1) / 2]; mf = f[(n + 1) / 2] }
      else { m = (v[n / 2] + v[n / 2 + 1]) / 2; mf = f[n / 2] || f[n / 2 + 1] }
      if (mf) ok = (op == ">=")
      else ok = (op == ">=") ? (m >= t + 0) : (m <= t + 0)
      printf "%s|%s|%d\n", line, show(m, mf), ok ? 1 : 0
    }')
  IFS='|' read -r per_round median ok <<< "$row"
  [ "$ok" = 1 ] || FAILURES=$((FAILURES + 1))
  say "$(printf '%-24s%s   %7s   %-8s  %s' "$name" "$per_round" "$median" "$op $target" "$(verdict "$ok")")"
}

status_rates="" status_p99s="" read_bare_rates="" read_bare_p99s="" submit_rates="" write_bare_rates=""
after_p99s="" after_bare_p99s=""
round_header=""
for round in $(seq 1 "$ROUNDS"); do
  status_rates+="$(rate_of "status-get-$round") "
  status_p99s+="$(p99_ms_of "status-get-$round") "
  read_bare_rates+="$(rate_of "bare-get-$round") "
  read_bare_p99s+="$(p99_ms_of "bare-get-$round") "
  submit_rates+="$(rate_of "submit-post-$round") "
  write_bare_rates+="$(rate_of "bare-get-submit-$round") "
  after_p99s+="$(p99_ms_of "status-get-after-$round") "
  after_bare_p99s+="$(p99_ms_of "bare-get-after-$round") "
  round_header+="$(printf ' %7s' "#$round")"
done

say ""
say "per round: service / bare of the same round (status-get-N / bare-get-N, submit-post-N / bare-get-submit-N)"
say "$(printf '%-24s%s   %7s   %s' "ratio" "$round_header" median target)"
ratios "status rate / bare rate" ">=" "$MIN_STATUS_RATE_RATIO" "$status_rates" "$read_bare_rates"
ratios "status p99 / bare p99" "<=" "$MAX_STATUS_P99_RATIO" "$status_p99s" "$read_bare_p99s"
ratios "submit rate / bare rate" ">=" "$MIN_SUBMIT_RATE_RATIO" "$submit_rates" "$write_bare_rates"
ratios "p99 after the submits" "<=" "$MAX_STATUS_P99_RATIO" "$after_p99s" "$after_bare_p99s"

say ""
say "service heap in use after a full GC (MB):"
if [ "$HEAP_BEFORE" = n/a ] || [ "$HEAP_AFTER_FIRST" = n/a ] || [ "$HEAP_AFTER_LAST" = n/a ]; then
  FAILURES=$((FAILURES + 1))
  say "  could not read it: pid $SERVICE_PID is not a JVM listed by jcmd -l  FAIL"
else
  growth=$(awk -v a="$HEAP_AFTER_LAST" -v b="$HEAP_AFTER_FIRST" 'BEGIN { printf "%.1f", a - b }')
  heap_ok=$(awk -v g="$growth" -v max="$MAX_HEAP_GROWTH_MB" 'BEGIN { print (g <= max) ? 1 : 0 }')
  [ "$heap_ok" = 1 ] || FAILURES=$((FAILURES + 1))
  say "$(printf '  %-28s %8.1f' "before the status rounds" "$HEAP_BEFORE")"
  say "$(printf '  %-28s %8.1f   (%+.1f)' "after status round 1" "$HEAP_AFTER_FIRST" \
    "$(awk -v a="$HEAP_AFTER_FIRST" -v b="$HEAP_BEFORE" 'BEGIN { print a - b }')")"
  say "$(printf '  %-28s %8.1f   (%+.1f)' "$HEAP_LAST_LABEL" "$HEAP_AFTER_LAST" "$growth")"
  say "$(printf '%-30s %8s   (target <= %s MB)  %s' "$HEAP_GROWTH_LABEL" "$growth" "$MAX_HEAP_GROWTH_MB" "$(verdict "$heap_ok")")"
  say "$(printf '  %-28s %8.1f   (information: submitted tasks are kept, up to the fake'"'"'s capacity)' "after the submit rounds" "$HEAP_AFTER_SUBMIT")"
fi

say ""
if [ "$FAILURES" -eq 0 ]; then
  say "RESULT: PASS (raw outputs in $RESULTS/)"
else
  say "RESULT: FAIL, $FAILURES check(s) failed (raw outputs in $RESULTS/)"
fi

printf '%s' "$REPORT" | tee "$RESULTS/summary.txt"
[ "$FAILURES" -eq 0 ]
