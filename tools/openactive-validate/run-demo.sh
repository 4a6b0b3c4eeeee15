#!/usr/bin/env bash
# Starts the demo feed server (from the built fhir-server jar) on a free 127.0.0.1 port, runs validate.js
# against it, stops it, and exits with validate.js's status. Needs `mvn package` (the jar) and `npm ci` here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${FHIR_SERVER_JAR:-$here/../../fhir-server/target/fhir-server.jar}"
size="${1:-demo}"
log="$(mktemp)"
java -cp "$jar" dev.activityfhir.server.demo.DemoFeedServer 0 "$size" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^Demo OpenActive feeds .* at \(http:[^ ]*\)$/\1/p' "$log")"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "demo feed server did not start" >&2; exit 2; }
  sleep 0.2
done
[ -n "$url" ] || { echo "demo feed server did not print its URL" >&2; exit 2; }
node "$here/validate.js" "$url"
