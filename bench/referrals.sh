#!/usr/bin/env bash
# Load benchmark of the referral side on 127.0.0.1 only, with a bearer token on every request. See bench/README.md.
#   bash bench/referrals.sh                                   # embedded H2, then PostgreSQL
#   DATABASES=h2 DURATION=5s bash bench/referrals.sh          # a quick smoke run of the script itself
# Env: DATABASES ("h2 postgres"), DURATION (20s), WARMUP (15s of transactions first, not measured), CONNECTIONS (16), JAVA_OPTS (server JVM), PG (the PostgreSQL
# server's JDBC prefix), PG_DATABASE (bench_referrals: dropped and created there), JAR (the server jar to measure).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-15s}"
CONNECTIONS="${CONNECTIONS:-16}"
DATABASES="${DATABASES:-h2 postgres}"
PG="${PG:-jdbc:postgresql://127.0.0.1:5432}"
PG_DATABASE="${PG_DATABASE:-bench_referrals}"
JAVA_OPTS="${JAVA_OPTS:--Xms700m -Xmx700m -XX:+UseG1GC}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
OUT=bench/out/referrals
JAR="${JAR:-fhir-server/target/fhir-server.jar}"
RUN=$(date +%s)
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
[ -f "$JAR" ] || mvn -B -q -DskipTests package

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cleanup() { kill "${FHIR_PID:-}" 2>/dev/null || true; }
trap cleanup EXIT

# The server's CPU time (user + system) in clock ticks: per request, the figure a shared machine's load disturbs least.
server_ticks() { awk '{print $14 + $15}' "/proc/$FHIR_PID/stat"; }

run_wrk() { # NAME MODE [extra env assignments via the environment]
  local name=$1 before after requests
  before=$(server_ticks)
  WRK_MODE=$2 WRK_THREADS=2 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/referrals.lua "$BASE" \
    >"$OUT/wrk-$DB-$name.txt"
  after=$(server_ticks)
  requests=$(awk '/requests in/{print $1}' "$OUT/wrk-$DB-$name.txt")
  printf '%-8s %-26s %10s req/s   p50 %8s   p99 %8s   non-2xx: %s   server CPU %s ms/req\n' "$DB" "$name" \
    "$(awk '/Requests\/sec/{print $2}' "$OUT/wrk-$DB-$name.txt")" \
    "$(awk '/^ +50%/{print $2}' "$OUT/wrk-$DB-$name.txt")" \
    "$(awk '/^ +99%/{print $2}' "$OUT/wrk-$DB-$name.txt")" \
    "$(awk '/Non-2xx/{print $NF}' "$OUT/wrk-$DB-$name.txt" | grep . || echo 0)" \
    "$(awk -v t=$((after - before)) -v n="${requests:-0}" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { if (n > 0) printf "%.1f", t * 1000 / hz / n; else print "-" }')"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "server JVM: $JAVA_OPTS; wrk -t2 -c$CONNECTIONS -d$DURATION, sharing the machine with the server"
for DB in $DATABASES; do
  PORT=$(free_port)
  BASE="http://127.0.0.1:$PORT"
  export PORT BIND_ADDRESS=127.0.0.1 DATA_DIR="$OUT/data-$DB"
  rm -rf "$DATA_DIR"
  unset DATABASE_URL
  if [ "$DB" = postgres ]; then
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $PG_DATABASE" \
      -c "CREATE DATABASE $PG_DATABASE"
    export DATABASE_URL="$PG/$PG_DATABASE?user=postgres"
  fi
  java $JAVA_OPTS -jar "$JAR" >"$OUT/server-$DB.log" 2>&1 &
  FHIR_PID=$!
  # The bundled demo directory, harvested: the referrals name its services.
  until [ "$(curl -fsS "$BASE/health" 2>/dev/null | jq -r '[.feeds[] | .state == "caught-up"] | (length > 0 and all)')" = true ]; do
    kill -0 "$FHIR_PID"; sleep 1
  done
  SERVICE=$(curl -fsS "$BASE/fhir/HealthcareService?service-type:text=walking&_count=1" | jq -r '.entry[0].resource.id')
  PROVIDER=$(curl -fsS "$BASE/fhir/HealthcareService/$SERVICE" | jq -r '.providedBy.reference')
  TOKEN=$(java -jar "$JAR" token --org A81001 --lifetime 1h \
    --scope "system/ServiceRequest.cruds system/Patient.cruds system/Consent.cr system/Task.rs")
  PROVIDER_TOKEN=$(java -jar "$JAR" token --org "$PROVIDER" --lifetime 1h \
    --scope "system/ServiceRequest.rs system/Patient.rs system/Consent.rs system/Task.rus")
  PATIENT=$(curl -fsS -o /dev/null -w '%header{location}' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/fhir+json' -d '{"resourceType":"Patient","name":[{"family":"Bench"}],
      "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}]}' "$BASE/fhir/Patient" \
    | sed 's|.*/Patient/\([^/]*\).*|\1|')
  echo "$DB: referring to HealthcareService/$SERVICE of $PROVIDER; load before wrk: $(uptime | sed 's/.*load/load/')"
  export WRK_TOKEN=$TOKEN WRK_SERVICE=$SERVICE WRK_RUN=$RUN WRK_PATIENT=$PATIENT
  POLL_FROM=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  # The first writes load the validator and compile the hot paths: not what a running service pays.
  WRK_MODE=transaction WRK_THREADS=2 WRK_RUN="$RUN-warm" wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/referrals.lua \
    "$BASE" >"$OUT/wrk-$DB-warmup.txt"
  run_wrk referral-transaction transaction
  run_wrk servicerequest-conditional servicerequest
  # The referrer's poll for Tasks changed since a minute ago (here: every Task the runs above created).
  WRK_POLL="/fhir/Task?requester:identifier=https://fhir.nhs.uk/Id/ods-organization-code%7CA81001&_lastUpdated=gt$POLL_FROM&_count=20" \
    run_wrk task-poll poll
  # The provider accepts the Tasks the transactions created, each once.
  python3 - "$BASE/fhir/Task?owner=$PROVIDER&status=requested&_count=500" "$PROVIDER_TOKEN" >"$OUT/tasks-$DB.txt" <<'PY'
import json, sys, urllib.request
url, token = sys.argv[1], sys.argv[2]
while url:
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token, "Accept": "application/fhir+json"})
    page = json.load(urllib.request.urlopen(req))
    for entry in page.get("entry", []):
        print(entry["resource"]["id"])
    url = next((l["url"] for l in page.get("link", []) if l["relation"] == "next"), None)
PY
  echo "$DB: $(wc -l <"$OUT/tasks-$DB.txt") Tasks requested"
  WRK_TOKEN=$PROVIDER_TOKEN WRK_PATHS="$OUT/tasks-$DB.txt" run_wrk task-accept task-accept
  echo "$DB: RSS after load $(( $(awk '/VmRSS/{print $2}' /proc/$FHIR_PID/status) / 1024 )) MiB"
  kill "$FHIR_PID"; wait "$FHIR_PID" 2>/dev/null || true
done
