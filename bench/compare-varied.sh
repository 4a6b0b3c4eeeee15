#!/usr/bin/env bash
# Interleaved A/B of the varied link-worker queries: two builds of the server, restarted in turn on a copy of the
# data a `bench/run.sh` left in bench/out (its store, snapshot and linkworker-varied.paths), on 127.0.0.1 only.
# Each run: 15 s of warm-up, then 20 s measured with wrk; prints req/s, p50, p99, the full GCs in those 20 s and
# the server's CPU time per request (read from /proc; steadier than req/s on a shared machine, still noisy).
#
#   bash bench/compare-varied.sh OLD.jar NEW.jar [PAIRS]      # e.g. a copy of the jar before and after a change
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$1 NEW=$2 PAIRS=${3:-3}
OUT=bench/out
[ -f "$OUT/linkworker-varied.paths" ] && [ -d "$OUT/data" ] || { echo "run bench/run.sh first (SIZE=bench)" >&2; exit 1; }
JAVA_OPTS="${JAVA_OPTS:--Xms700m -Xmx700m -XX:+UseG1GC}"
export MALLOC_ARENA_MAX=2
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
FEED_PORT=$(grep -o 'http://127.0.0.1:[0-9]*/demo/' "$OUT/server.log" | head -1 | sed 's/.*:\([0-9]*\)\/demo\//\1/')
PORT=$(free_port)
WORK=$(mktemp -d)
java -Xmx1g -cp "$OLD" dev.activityfhir.server.demo.DemoFeedServer "$FEED_PORT" bench >"$WORK/feed.log" 2>&1 &
FEED_PID=$!
SERVER_PID=
trap 'kill $FEED_PID ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
until curl -fsS "http://127.0.0.1:$FEED_PORT/demo/" >/dev/null 2>&1; do sleep 0.5; done

measure() { # JAR LABEL
  rm -rf "$WORK/data" && cp -r "$OUT/data" "$WORK/data"
  PORT=$PORT BIND_ADDRESS=127.0.0.1 DATA_DIR="$WORK/data" OPENACTIVE_FEEDS="http://127.0.0.1:$FEED_PORT/demo/" \
    java $JAVA_OPTS "-Xlog:gc:file=$WORK/gc.log" -jar "$1" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  until grep -q "harvesting resumes" "$WORK/server.log"; do kill -0 $SERVER_PID; sleep 1; done
  export WRK_PATHS="$OUT/linkworker-varied.paths"
  wrk -t2 -c32 -d15s -s bench/paths.lua "http://127.0.0.1:$PORT" >/dev/null
  cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
  local full0 cpu0 out cpu1 full1 requests
  full0=$(grep -c "Pause Full" "$WORK/gc.log" || true); cpu0=$(cpu)
  out=$(wrk -t2 -c32 -d20s --latency -s bench/paths.lua "http://127.0.0.1:$PORT")
  cpu1=$(cpu); full1=$(grep -c "Pause Full" "$WORK/gc.log" || true)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%-8s %8s req/s  p50 %8s  p99 %8s  full GCs %s  CPU/request %s ms  load %s\n' "$2" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1 == "50%" {print $2}')" \
    "$(echo "$out" | awk '$1 == "99%" {print $2}')" "$((full1 - full0))" \
    "$(echo "($cpu1 - $cpu0) * 1000 / $(getconf CLK_TCK) / $requests" | bc -l | xargs printf '%.2f')" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  kill $SERVER_PID; while kill -0 $SERVER_PID 2>/dev/null; do sleep 0.5; done
}

for i in $(seq 1 "$PAIRS"); do
  measure "$OLD" "old-$i"
  measure "$NEW" "new-$i"
done
