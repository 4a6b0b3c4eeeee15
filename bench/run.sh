#!/usr/bin/env bash
# Load benchmark of the Activity FHIR server on 127.0.0.1 only. See bench/README.md.
#   bash bench/run.sh                 # 20,000 SessionSeries / 400,000 ScheduledSessions
#   SIZE=demo DURATION=5s bash bench/run.sh   # a quick smoke run of the script itself (demo dataset)
# Env: SIZE (demo|bench|<number of SessionSeries>), DURATION, CONNECTIONS, RATE (offered req/s of the paced
# link-worker run), VARIED_RATE (offered req/s of the paced run of varied link-worker queries), JAVA_OPTS (server JVM),
# JAR (the server jar; default fhir-server/target/fhir-server.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${SIZE:-bench}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
RATE="${RATE:-2000}"
VARIED_RATE="${VARIED_RATE:-1600}"
OUT=bench/out
JAR="${JAR:-fhir-server/target/fhir-server.jar}"
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
[ -f "$JAR" ] || mvn -B -q -DskipTests package

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
FEED_PORT=$(free_port)
FHIR_PORT=$(free_port)
BASE="http://127.0.0.1:$FHIR_PORT"
# The settings of docker/Dockerfile: the bench data set in under 1 GiB resident (see bench/README.md).
JAVA_OPTS="${JAVA_OPTS:--Xms700m -Xmx700m -XX:+UseG1GC}"
# A short training start (after the load, on the harvested data) records the classes the server loads (AppCDS)
# when it stops; the measured restart maps them in instead of loading them from the 170 MB jar. The measured runs
# themselves never record: archiving slows a run down (about 5 % of the harvest rate).
CDS_ARCHIVE="$OUT/app-cds.jsa"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

cleanup() { kill "${FEED_PID:-}" "${FHIR_PID:-}" 2>/dev/null || true; }
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "size: $SIZE; server JVM: $JAVA_OPTS"
echo "load before start: $(uptime)"
# --keep-pages: each page is rendered once, by the walk below, so that the harvest measures the server, not the
# feed generator sharing its 2 cores (PRERENDER=0 measures with pages generated during the harvest).
java -Xmx2g -cp "$JAR" dev.activityfhir.server.demo.DemoFeedServer "$FEED_PORT" "$SIZE" --keep-pages \
  >"$OUT/feed.log" 2>&1 &
FEED_PID=$!
until curl -fsS "http://127.0.0.1:$FEED_PORT/demo/" >/dev/null 2>&1; do sleep 0.5; done
if [ "${PRERENDER:-1}" = 1 ]; then
  python3 - "http://127.0.0.1:$FEED_PORT/demo/" <<'PY'
import json, re, sys, time, urllib.request
began = time.time()
site = sys.argv[1]
feeds = re.findall(r'"contentUrl"\s*:\s*"([^"]+)"', urllib.request.urlopen(site).read().decode())
pages = items = 0
for url in feeds:
    while True:
        page = json.load(urllib.request.urlopen(url))
        pages += 1
        items += len(page["items"])
        if not page["items"]:
            break
        url = page["next"]
print(f"feed pages pre-rendered: {len(feeds)} feeds, {pages} pages, {items} items in {time.time() - began:.0f} s")
PY
fi

start_server() {
  local cds=$1
  PORT=$FHIR_PORT BIND_ADDRESS=127.0.0.1 DATA_DIR="$OUT/data" OPENACTIVE_FEEDS="http://127.0.0.1:$FEED_PORT/demo/" \
    java $JAVA_OPTS ${cds:+"$cds"} -jar "$JAR" >>"$OUT/server.log" 2>&1 &
  FHIR_PID=$!
}
alive() { kill -0 "$FHIR_PID" 2>/dev/null || { echo "server exited; last lines of $OUT/server.log:"; tail -20 "$OUT/server.log"; exit 1; }; }
wait_ready() { until curl -fsS "$BASE/health" 2>/dev/null | jq -e '.fhirReady' >/dev/null 2>&1; do alive; sleep 0.05; done; }
held() { curl -fsS "$BASE/health" | jq '[.feeds[].itemsHeld] | add'; }
secs() { echo "$1" | bc -l | xargs printf '%.1f'; }

rm -rf "$OUT/data" "$OUT/server.log" "$CDS_ARCHIVE"
t0=$(date +%s.%N)
start_server ""
wait_ready
tr=$(date +%s.%N)
echo "first start (empty store): FHIR API ready after $(secs "$tr - $t0") s"
last=$tr
until curl -fsS "$BASE/health" | jq -e '[.feeds[].state] | length > 0 and all(. == "caught-up")' >/dev/null 2>&1; do
  alive; sleep 0.5
  now=$(date +%s.%N)
  if (( $(echo "$now - $last > 30" | bc -l) )); then
    last=$now
    echo "  harvesting: $(held) items after $(secs "$now - $tr") s; RSS $(ps -o rss= -p "$FHIR_PID" | awk '{printf "%.0f MiB", $1/1024}')"
  fi
done
t1=$(date +%s.%N)
ITEMS=$(held)
echo "harvest: $ITEMS items in $(secs "$t1 - $tr") s = $(echo "$ITEMS / ($t1 - $tr)" | bc -l | xargs printf '%.0f') items/s (from API ready to all feeds caught up; JVM start excluded)"
echo "  with JVM start: $(secs "$t1 - $t0") s = $(echo "$ITEMS / ($t1 - $t0)" | bc -l | xargs printf '%.0f') items/s"
RESOURCES=$(curl -fsS "$BASE/health" | jq '.resources')
echo "resources published: $RESOURCES; RSS after harvest $(ps -o rss= -p "$FHIR_PID" | awk '{printf "%.0f MiB", $1/1024}')"

# Request paths built from the harvested data.
curl -fsS "$BASE/fhir/HealthcareService?_count=200&_elements=id" -H 'Accept: application/fhir+json' \
  | jq -r '.entry[].resource.id | "/fhir/HealthcareService/" + .' >"$OUT/read.paths"
TODAY=$(date -u +%Y-%m-%d)
curl -fsS "$BASE/fhir/Schedule?_count=200&_elements=id" -H 'Accept: application/fhir+json' \
  | jq -r --arg d "$TODAY" '.entry[].resource.id | "/fhir/Slot?schedule=" + . + "&start=ge" + $d + "&_sort=start&_count=20"' >"$OUT/slot.paths"
: >"$OUT/near.paths"; : >"$OUT/linkworker.candidates"
# Activities present in the demo data. Football and Walking are parents in the activity list, so :below
# also finds Walking Football, Nordic Walking etc.; Yoga, Swimming and Badminton are leaves.
ACTIVITIES="${ACTIVITIES:-0a5f732d-e806-4e51-ad40-0a7de0239c8c 95092977-5a20-4d6e-b312-8fddabe71544 bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e 2750229d-b725-4171-9276-376be913957c c0360db0-a817-4bae-9167-40f89b49fc9e}"
for ll in "51.5074%7C-0.1278" "51.4700%7C-0.0700" "51.5400%7C-0.1000" "51.4500%7C-0.2000" "51.5600%7C0.0500"; do
  echo "/fhir/Location?near=$ll%7C3%7Ckm&_count=20" >>"$OUT/near.paths"
  for act in $ACTIVITIES; do
    for age in 8 35 70; do
      echo "/fhir/HealthcareService?location.near=$ll%7C5%7Ckm&service-type:below=https://openactive.io/activity-list%7C$act&age=$age&_count=20" >>"$OUT/linkworker.candidates"
    done
  done
done
# A link-worker query that matches nothing measures little: keep only the candidates with results.
: >"$OUT/linkworker.paths"; : >"$OUT/linkworker.totals"
while read -r p; do
  n=$(curl -fsS "$BASE${p/\&_count=20/\&_summary=count}" -H 'Accept: application/fhir+json' | jq '.total')
  if [ "$n" -gt 0 ]; then echo "$p" >>"$OUT/linkworker.paths"; echo "$n" >>"$OUT/linkworker.totals"; fi
done <"$OUT/linkworker.candidates"
echo "link-worker queries: $(wc -l <"$OUT/linkworker.paths") of $(wc -l <"$OUT/linkworker.candidates") candidates have results (totals min $(sort -n "$OUT/linkworker.totals" | head -1), median $(sort -n "$OUT/linkworker.totals" | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'), max $(sort -n "$OUT/linkworker.totals" | tail -1))"
[ -s "$OUT/linkworker.paths" ] || { echo "no link-worker query has results"; exit 1; }
sample() { # kind, path: print the total and the entries on the page of one request
  curl -fsS "$BASE$2" -H 'Accept: application/fhir+json' \
    | jq -r --arg k "$1" --arg p "$2" 'if .resourceType == "Bundle" then "sample \($k): total \(.total), \(.entry // [] | length) entries on the page  \($p)" else "sample \($k): \(.resourceType)/\(.id)  \($p)" end'
}
sample linkworker-query "$(head -1 "$OUT/linkworker.paths")"
sample location-near "$(head -1 "$OUT/near.paths")"
sample slot-by-schedule "$(head -1 "$OUT/slot.paths")"
sample read-by-id "$(head -1 "$OUT/read.paths")"
echo "distinct URLs per kind: linkworker $(wc -l <"$OUT/linkworker.paths"), near $(wc -l <"$OUT/near.paths"), slot $(wc -l <"$OUT/slot.paths"), read $(wc -l <"$OUT/read.paths")"

run_wrk() {
  local name=$1 file=$2
  WRK_PATHS="$file" WRK_CONNECTIONS="$CONNECTIONS" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s bench/paths.lua "$BASE" >"$OUT/wrk-$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/wrk-$name.txt")
  p50=$(awk '/^ +50%/{print $2}' "$OUT/wrk-$name.txt")
  p99=$(awk '/^ +99%/{print $2}' "$OUT/wrk-$name.txt")
  printf '%-22s %10s req/s   p50 %8s   p99 %8s   non-2xx: %s\n' "$name" "$rps" "$p50" "$p99" \
    "$(awk '/Non-2xx/{print $NF}' "$OUT/wrk-$name.txt" | grep . || echo 0)"
}
echo "load before wrk: $(uptime)"
echo "load: wrk -t2 -c$CONNECTIONS -d$DURATION against $BASE (server and wrk share the machine)"
run_wrk linkworker-query "$OUT/linkworker.paths"
# Latency at the target's offered rate rather than at saturation (see paths.lua).
WRK_RATE=$RATE run_wrk "linkworker-at-${RATE}rps" "$OUT/linkworker.paths"
# The same queries for every age from 5 to 90, each from four points about a kilometre from the original one
# (8,600 URLs of ~75 KB, shuffled): far more than the 32 MiB response cache holds, so nearly every request is
# evaluated and rendered, as when each link worker asks about a different person.
sed 's/&age=[0-9]*&/\&age=AGE\&/' "$OUT/linkworker.paths" | sort -u >"$OUT/linkworker.templates"
for age in $(seq 5 90); do
  for shift in "0.009 0" "-0.009 0" "0 0.014" "0 -0.014"; do
    awk -v age="$age" -v shift="$shift" 'BEGIN { split(shift, d, " ") }
      { if (match($0, /near=[-0-9.]+%7C[-0-9.]+%7C/)) {
          split(substr($0, RSTART + 5, RLENGTH - 8), ll, "%7C")
          $0 = substr($0, 1, RSTART + 4) sprintf("%.4f%%7C%.4f%%7C", ll[1] + d[1], ll[2] + d[2]) substr($0, RSTART + RLENGTH)
        }
        sub(/AGE/, age); print }' "$OUT/linkworker.templates"
  done
done | shuf --random-source=<(yes) >"$OUT/linkworker-varied.paths"
run_wrk linkworker-varied "$OUT/linkworker-varied.paths"
WRK_RATE=$VARIED_RATE run_wrk "linkworker-varied-at-${VARIED_RATE}rps" "$OUT/linkworker-varied.paths"
run_wrk location-near "$OUT/near.paths"
run_wrk slot-by-schedule "$OUT/slot.paths"
run_wrk read-by-id "$OUT/read.paths"
# "What's on near here next week with places left", with the sessions: services with a free Slot in the coming
# seven days, and those Slots reverse-included through the services' Schedules.
WEEK_END=$(date -u -d '+7 days' +%Y-%m-%d)
: >"$OUT/available.paths"
for ll in "51.5074%7C-0.1278" "51.4700%7C-0.0700" "51.5400%7C-0.1000" "51.4500%7C-0.2000" "51.5600%7C0.0500"; do
  for age in 8 35 70; do
    echo "/fhir/HealthcareService?location.near=$ll%7C5%7Ckm&age=$age&available=ge$TODAY&available=le$WEEK_END&_revinclude=Slot:schedule&_count=20" >>"$OUT/available.paths"
  done
done
sample available-with-slots "$(head -1 "$OUT/available.paths")"
run_wrk available-with-slots "$OUT/available.paths"
# An integrator's copy polling for changes: _history?_since= a moment after the harvest (nothing changed: the
# usual poll), and since the server became ready (every harvested resource: the first page of a full re-read).
SINCE_NOW=$(curl -fsS "$BASE/fhir/Slot/_history?_count=1" -H 'Accept: application/fhir+json' | jq -r '.meta.lastUpdated' | sed 's/+/%2B/')
SINCE_READY=$(date -u -d "@${tr%.*}" +%Y-%m-%dT%H:%M:%SZ)
: >"$OUT/history.paths"
for type in HealthcareService Location Schedule Slot Organization; do
  echo "/fhir/$type/_history?_since=$SINCE_NOW" >>"$OUT/history.paths"
done
sample history-since-unchanged "$(head -1 "$OUT/history.paths")"
run_wrk history-since-unchanged "$OUT/history.paths"
: >"$OUT/history-all.paths"
for type in HealthcareService Location Schedule Slot; do
  echo "/fhir/$type/_history?_since=$SINCE_READY&_count=100" >>"$OUT/history-all.paths"
done
sample history-since-ready "$(tail -1 "$OUT/history-all.paths")"
run_wrk history-since-ready "$OUT/history-all.paths"
# SMART Scheduling Links: the whole Slot file of $bulk-publish, streamed (one request, timed).
curl -fsS -o "$OUT/slots.ndjson" -w "bulk-publish Slot.ndjson: %{size_download} bytes in %{time_total} s (first byte after %{time_starttransfer} s)\n" \
  "$BASE/fhir/\$bulk-publish/Slot.ndjson"
echo "  lines: $(wc -l <"$OUT/slots.ndjson")"

echo "memory after load: RSS $(ps -o rss= -p "$FHIR_PID" | awk '{printf "%.0f MiB", $1/1024}')"
echo "heap after load: $(jcmd "$FHIR_PID" GC.heap_info 2>/dev/null | grep -E 'garbage-first heap' | head -1 | sed 's/ *\[.*//; s/^ *//')"
jcmd "$FHIR_PID" GC.run >/dev/null 2>&1 || true
echo "heap after a full GC (live data): $(jcmd "$FHIR_PID" GC.heap_info 2>/dev/null | grep -E 'garbage-first heap' | head -1 | sed 's/ *\[.*//; s/^ *//')"

kill "$FHIR_PID"; wait "$FHIR_PID" 2>/dev/null || true
echo "stopped: $(grep 'Snapshot of store version' "$OUT/server.log" | tail -1 | sed 's/.* - //')"
start_server "-XX:ArchiveClassesAtExit=$CDS_ARCHIVE"
wait_ready
curl -fsS -o /dev/null "$BASE$(head -1 "$OUT/linkworker.paths")" -H 'Accept: application/fhir+json'
curl -fsS -o /dev/null "$BASE$(head -1 "$OUT/read.paths")" -H 'Accept: application/fhir+json'
kill "$FHIR_PID"; wait "$FHIR_PID" 2>/dev/null || true
echo "training start for the class archive: $(ls -s --block-size=M "$CDS_ARCHIVE" | cut -d' ' -f1)"
RESTART_LOG_LINE=$(( $(wc -l <"$OUT/server.log") + 1 ))
t2=$(date +%s.%N)
start_server "-XX:SharedArchiveFile=$CDS_ARCHIVE"
wait_ready
t3=$(date +%s.%N)
echo "restart: serving stored data after $(echo "$t3 - $t2" | bc -l | xargs printf '%.2f') s (JVM start included)"
echo "  resources served after restart: $(curl -fsS "$BASE/health" | jq '.resources') (before: $RESOURCES), loaded from the $(curl -fsS "$BASE/health" | jq -r '.loadedFrom'); $(grep -E 'Stored data loaded|Snapshot restored' "$OUT/server.log" | tail -1 | sed 's/.* - //')"
until grep -q 'Directory graph rebuilt\|Stored data loaded' <(tail -n +"$RESTART_LOG_LINE" "$OUT/server.log"); do alive; sleep 0.2; done
echo "  harvesting resumed after $(secs "$(date +%s.%N) - $t2") s: $(tail -n +"$RESTART_LOG_LINE" "$OUT/server.log" | grep -E 'Directory graph rebuilt|Stored data loaded' | tail -1 | sed 's/.* - //')"
sample read-after-restart "$(head -1 "$OUT/read.paths")"
echo "RSS after restart: $(ps -o rss= -p "$FHIR_PID" | awk '{printf "%.0f MiB", $1/1024}')"
echo "load at end: $(uptime)"
