#!/usr/bin/env bash
# Load benchmark of the Activity FHIR server on 127.0.0.1 only. See bench/README.md.
#   bash bench/run.sh                 # 20,000 SessionSeries / 400,000 ScheduledSessions
#   SIZE=small bash bench/run.sh      # a quick smoke run of the script itself
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${SIZE:-bench}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
OUT=bench/out
JAR=fhir-server/target/fhir-server.jar
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
[ -f "$JAR" ] || mvn -B -q -DskipTests package

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
FEED_PORT=$(free_port)
FHIR_PORT=$(free_port)
BASE="http://127.0.0.1:$FHIR_PORT"
JAVA_OPTS="${JAVA_OPTS:--Xmx768m -XX:+UseG1GC}"

cleanup() { kill "${FEED_PID:-}" "${FHIR_PID:-}" 2>/dev/null || true; }
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -Xmx2g -cp "$JAR" dev.activityfhir.server.demo.DemoFeedServer "$FEED_PORT" "$SIZE" >"$OUT/feed.log" 2>&1 &
FEED_PID=$!
until curl -fsS "http://127.0.0.1:$FEED_PORT/demo/" >/dev/null 2>&1; do sleep 0.5; done

start_server() {
  PORT=$FHIR_PORT DATA_DIR="$OUT/data" OPENACTIVE_FEEDS="http://127.0.0.1:$FEED_PORT/demo/" \
    java $JAVA_OPTS -jar "$JAR" >>"$OUT/server.log" 2>&1 &
  FHIR_PID=$!
}
wait_ready() { until curl -fsS "$BASE/health" 2>/dev/null | jq -e '.fhirReady' >/dev/null 2>&1; do sleep 0.05; done; }

rm -rf "$OUT/data" "$OUT/server.log"
t0=$(date +%s.%N)
start_server
wait_ready
until curl -fsS "$BASE/health" | jq -e '[.feeds[].state] | length > 0 and all(. == "caught-up")' >/dev/null 2>&1; do sleep 0.5; done
t1=$(date +%s.%N)
ITEMS=$(curl -fsS "$BASE/health" | jq '[.feeds[].itemsHeld] | add')
echo "harvest: $ITEMS items in $(echo "$t1 - $t0" | bc -l | xargs printf '%.1f') s = $(echo "$ITEMS / ($t1 - $t0)" | bc -l | xargs printf '%.0f') items/s (includes JVM start)"

# Request paths built from the harvested data.
curl -fsS "$BASE/fhir/HealthcareService?_count=200&_elements=id" -H 'Accept: application/fhir+json' \
  | jq -r '.entry[].resource.id | "/fhir/HealthcareService/" + .' >"$OUT/read.paths"
curl -fsS "$BASE/fhir/Schedule?_count=200&_elements=id" -H 'Accept: application/fhir+json' \
  | jq -r '.entry[].resource.id | "/fhir/Slot?schedule=" + . + "&start=ge2020-01-01&_sort=start&_count=20"' >"$OUT/slot.paths"
: >"$OUT/near.paths"; : >"$OUT/linkworker.paths"
for ll in "51.5074%7C-0.1278" "51.4700%7C-0.0700" "51.5400%7C-0.1000" "51.4500%7C-0.2000" "51.5600%7C0.0500"; do
  echo "/fhir/Location?near=$ll%7C3%7Ckm&_count=20" >>"$OUT/near.paths"
  for age in 8 35 70; do
    # Football is a parent activity: :below also finds Walking Football, 5-a-side etc.
    echo "/fhir/HealthcareService?location.near=$ll%7C5%7Ckm&service-type:below=https://openactive.io/activity-list%7C${ACTIVITY:-0a5f732d-e806-4e51-ad40-0a7de0239c8c}&age=$age&_count=20" >>"$OUT/linkworker.paths"
  done
done

run_wrk() {
  local name=$1 file=$2
  WRK_PATHS="$file" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/paths.lua "$BASE" >"$OUT/wrk-$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/wrk-$name.txt")
  p50=$(awk '/^ +50%/{print $2}' "$OUT/wrk-$name.txt")
  p99=$(awk '/^ +99%/{print $2}' "$OUT/wrk-$name.txt")
  printf '%-22s %10s req/s   p50 %8s   p99 %8s   non-2xx: %s\n' "$name" "$rps" "$p50" "$p99" \
    "$(awk '/Non-2xx/{print $NF}' "$OUT/wrk-$name.txt" | grep . || echo 0)"
}
echo "load: wrk -t2 -c$CONNECTIONS -d$DURATION against $BASE (server and wrk share the machine)"
run_wrk linkworker-query "$OUT/linkworker.paths"
run_wrk location-near "$OUT/near.paths"
run_wrk slot-by-schedule "$OUT/slot.paths"
run_wrk read-by-id "$OUT/read.paths"

echo "memory after load: RSS $(ps -o rss= -p "$FHIR_PID" | awk '{printf "%.0f MiB", $1/1024}')"
jcmd "$FHIR_PID" GC.heap_info 2>/dev/null | grep -E 'garbage-first heap|total' | head -1 || true

kill "$FHIR_PID"; wait "$FHIR_PID" 2>/dev/null || true
t2=$(date +%s.%N)
start_server
wait_ready
t3=$(date +%s.%N)
echo "restart: serving stored data after $(echo "$t3 - $t2" | bc -l | xargs printf '%.2f') s (JVM start included)"
echo "RSS after restart: $(ps -o rss= -p "$FHIR_PID" | awk '{printf "%.0f MiB", $1/1024}')"
