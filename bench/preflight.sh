#!/usr/bin/env bash
# Media preflight benchmark: what measuring a submission's media adds to it, against a local media server that serves
# the project's fixtures (adapters-media/src/test/resources/media) with byte ranges. Per medium: the probe's latency
# (median, p99) beside one plain round trip to the same server measured in the same run, the requests it made and
# the bytes it read. Targets (issue 11): at most two round trips per medium for these files; at most 64 KiB read for an
# image and 256 KiB for a faststart MP4.
#
#   bash bench/preflight.sh            # 200 cold probes of each medium
#   ROUNDS=1000 bash bench/preflight.sh
#
# Builds adapters-media and its tests (no install), then runs PreflightBenchmark on their class path.
set -euo pipefail
ROUNDS=${ROUNDS:-200}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
mvn -q -B -ntp -pl adapters-media -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test -Dinvoker.skip=true
# Each module of the reactor writes its class path to the file in turn: adapters-media, built last, is what is left.
java -Dlogback.configurationFile=config/logback-test.xml -cp "adapters-media/target/test-classes:adapters-media/target/classes:$(cat "$classpath")" \
  dev.motioncontrol.adapters.media.PreflightBenchmark "$ROUNDS"
