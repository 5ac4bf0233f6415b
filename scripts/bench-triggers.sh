#!/usr/bin/env bash
# The object-created trigger benchmark, on the embedded runtime: the time from the end of an upload
# to its run being RUNNING (p50 and p99 over BENCH_UPLOADS uploads made one after another), and how
# long a burst of BENCH_BURST uploads by BENCH_CLIENTS clients at once takes to be fully processed
# (every run finished, exactly one per object). Prints the figures and writes them as JSON to
# target/bench/triggers-<time>.json.
#
#   BENCH_UPLOADS  uploads of the latency run (200)
#   BENCH_GAP_MS   pause between two of them, so no run waits for another (100)
#   BENCH_BURST    objects of the burst (1000)
#   BENCH_CLIENTS  clients uploading the burst at once (8)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in java python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-triggers.sh: '$tool' is required" >&2; exit 1; }
done
python3 -c 'import boto3' 2>/dev/null || { echo "bench-triggers.sh: Python's boto3 is required" >&2; exit 1; }
uploads=${BENCH_UPLOADS:-200}
gap=${BENCH_GAP_MS:-100}
burst=${BENCH_BURST:-1000}
clients=${BENCH_CLIENTS:-8}
jar=local/target/filejobs-local.jar
if [ ! -f "$jar" ]; then
  echo "Building the embedded runtime..."
  mvn -B -q -DskipTests -pl local -am package
fi
work=$(mktemp -d)
runtime=
cleanup() {
  [ -n "$runtime" ] && kill "$runtime" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
api_port=$(free_port)
s3_port=$(free_port)
key=bench-key
env FILEJOBS_PORT="$api_port" FILEJOBS_S3_PORT="$s3_port" FILEJOBS_DATA_DIR="$work/data" FILEJOBS_API_KEY=$key \
  java -jar "$jar" >"$work/runtime.log" 2>&1 &
runtime=$!
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break
  kill -0 "$runtime" 2>/dev/null || { cat "$work/runtime.log" >&2; exit 1; }
  sleep 0.2
done
api() { curl -fsS -X "$1" -H "x-api-key: $key" -H 'Content-Type: application/json' ${3:+--data-binary "$3"} "http://127.0.0.1:$api_port$2"; }
python3 - "http://127.0.0.1:$s3_port" <<'PY'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="b", aws_secret_access_key="b")
for bucket in ("bench", "copies"):
    s3.create_bucket(Bucket=bucket)
PY
job=$(api POST /jobs '{"name": "bench-triggers", "overlap": "ALLOW",
  "triggers": [{"type": "OBJECT_CREATED", "prefix": "bench/lat/"}, {"type": "OBJECT_CREATED", "prefix": "bench/burst/"}],
  "steps": [{"id": 0, "name": "copy", "action": "COPY", "source": "bench/{trigger.key}", "destination": "copies/{trigger.key}"}]}')
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$job")
for _ in $(seq 1 100); do
  api GET "/jobs/$id" | grep -q '"VALID"' && break
  sleep 0.2
done
echo "Uploading $uploads objects one by one, then $burst with $clients clients at once..."
figures=$(python3 scripts/bench/triggers.py "http://127.0.0.1:$api_port" "$key" "http://127.0.0.1:$s3_port" "$id" "$uploads" "$burst" "$clients" "$gap")
mkdir -p target/bench
out="target/bench/triggers-$(date -u +%Y%m%dT%H%M%SZ).json"
python3 - "$figures" "$out" <<'PY'
import json, sys, platform, os
figures = json.loads(sys.argv[1])
figures["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
json.dump(figures, open(sys.argv[2], "w"), indent=2)
lat, burst = figures["latency"], figures["burst"]
print(f"upload end -> run RUNNING over {lat['uploads']} uploads: p50 {lat['p50Ms']} ms, p99 {lat['p99Ms']} ms, max {lat['maxMs']} ms")
print(f"burst of {burst['objects']} objects by {burst['clients']} clients: uploaded in {burst['uploadSeconds']} s, every run done after "
      f"{burst['allRunsDoneSeconds']} s; {burst['runs']} runs for {burst['distinctObjects']} objects, {burst['succeeded']} SUCCEEDED")
PY
echo "figures: $out"
