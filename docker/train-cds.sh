#!/bin/sh
# Records the AppCDS class archive the image starts with (-XX:SharedArchiveFile). Without it a restart spends most
# of its time loading and verifying classes from the 170 MB jar: at bench scale it serves the stored data after
# 8-9 s instead of 3-4 s (bench/README.md).
#
# Two starts on the bundled demo data, offline, with the JVM options the container runs with (JAVA_TOOL_OPTIONS):
# the first harvests the demo feeds and stops, writing its snapshot; the second takes the path of a restart
# (snapshot restored, join graph rebuilt), answers a search and a read, and records the classes it loaded when it
# stops.
#   usage: train-cds.sh JAR ARCHIVE      env: TRAIN_PORT (default 18089)
set -eu
jar=$1
archive=$2
port=${TRAIN_PORT:-18089}
work=$(mktemp -d)
base="http://127.0.0.1:$port"
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

start() {
  PORT=$port BIND_ADDRESS=127.0.0.1 DATA_DIR="$work" java "$@" -jar "$jar" >>"$work/server.log" 2>&1 &
  pid=$!
}
stop() {
  kill "$pid"
  wait "$pid" || true
}
# Waits (at most 5 minutes) until /health shows $1 and none of $2.
await() {
  tries=0
  until health=$(curl -fsS "$base/health" 2>/dev/null) && echo "$health" | grep -q "$1" \
    && ! echo "$health" | grep -Eq "$2"; do
    kill -0 "$pid" 2>/dev/null || { echo "the server stopped:" >&2; tail -20 "$work/server.log" >&2; exit 1; }
    tries=$((tries + 1))
    [ "$tries" -lt 1500 ] || { echo "timed out waiting for $1" >&2; exit 1; }
    sleep 0.2
  done
}

start
await '"state":"caught-up"' '"state":"(harvesting|failing)"|"fhirReady":false'
stop

start "-XX:ArchiveClassesAtExit=$archive"
await '"loadedFrom":"snapshot"' '"fhirReady":false'
curl -fsS -o /dev/null "$base/fhir/HealthcareService?location.near=51.5074%7C-0.1278%7C10%7Ckm&service-type:below=https://openactive.io/activity-list%7C95092977-5a20-4d6e-b312-8fddabe71544&age=70&_include=HealthcareService:location"
curl -fsS -o /dev/null "$base/fhir/Slot?status=free&_sort=start&_count=5"
curl -fsS -o /dev/null "$base/fhir/Location?near=51.5074%7C-0.1278%7C3%7Ckm"
curl -fsS -o /dev/null "$base/fhir/metadata"
stop
[ -s "$archive" ] || { echo "no archive was written" >&2; exit 1; }
echo "class archive $archive: $(du -m "$archive" | cut -f1) MB"
