#!/usr/bin/env bash
# The MERGE benchmark. An S3 endpoint (S3Proxy over files) runs in its own JVM; for each dataset
# and each strategy (the planner, and a naive merge of the same code that reads and re-uploads
# every byte) a fresh worker JVM with -Xmx128m and the Lambdas' JVM options merges through a relay that counts, and caps, the
# bytes between worker and endpoint. Each run prints: output verified by SHA-256, bytes through
# the worker, S3 requests, wall seconds and the worker's peak resident memory. The same figures
# are written as JSON to target/bench/merge-<time>.json.
#
#   BENCH_CAP_MBPS   the cap per direction between worker and endpoint, MB/s (100; 0 for none)
#   BENCH_DATASETS   which datasets (all: 8x256MiB interleaved-1GiB 2000x256KiB edges 8GiB)
#   BENCH_STRATEGIES which strategies (planner naive)
#   BENCH_DIR        where the endpoint keeps its files (a fresh temporary folder; ~30 GiB for all)
#   BENCH_JAVA_OPTS  extra options for the worker JVM (for example -Xlog:gc:file=gc.log)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-merge.sh: '$tool' is required" >&2; exit 1; }
done

cap=${BENCH_CAP_MBPS:-100}
datasets=${BENCH_DATASETS:-"8x256MiB interleaved-1GiB 2000x256KiB edges 8GiB"}
strategies=${BENCH_STRATEGIES:-"planner naive"}
data=${BENCH_DIR:-$(mktemp -d)}
work=$(mktemp -d)
endpoint_pid=
cleanup() {
  [ -n "$endpoint_pid" ] && kill "$endpoint_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
  [ -z "${BENCH_DIR:-}" ] && rm -rf "$data"
}
trap cleanup EXIT

echo "Building..."
mvn -B -q -DskipTests -pl core -am test-compile dependency:build-classpath -DincludeScope=test -Dmdep.outputFile=target/bench.cp
cp="$root/core/target/test-classes:$root/core/target/classes:$(cat core/target/bench.cp)"
# The JVM options run-step, the Lambda that runs steps, has (data_moving_jvm_options in terraform/modules/function/main.tf).
lambda_jvm=$(sed -n 's/^ *data_moving_jvm_options *= *"\(.*\)".*/\1/p' terraform/modules/function/main.tf)
[ -n "$lambda_jvm" ] || { echo "bench-merge.sh: data_moving_jvm_options not found in terraform/modules/function/main.tf" >&2; exit 1; }
quiet="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogback.configurationFile=$root/scripts/bench/logback-quiet.xml"

java $quiet -cp "$cp" io.filejobs.core.bench.MergeBench endpoint "$data" "$work/port" > "$work/endpoint.log" 2>&1 &
endpoint_pid=$!
for _ in $(seq 1 300); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "the S3 endpoint did not start; see $work/endpoint.log" >&2; cat "$work/endpoint.log" >&2; exit 1; }
port=$(cat "$work/port")
echo "S3 endpoint on 127.0.0.1:$port, files under $data; cap ${cap} MB/s per direction; worker JVM: -Xmx128m $lambda_jvm ${BENCH_JAVA_OPTS:-}"

echo "Generating datasets: $datasets"
java $quiet -cp "$cp" io.filejobs.core.bench.MergeBench generate "$port" $datasets

mkdir -p target/bench
out="target/bench/merge-$(date -u +%Y%m%dT%H%M%SZ).json"
results=()
printf '%-17s %-8s %9s %9s %14s %9s %8s %9s %8s\n' dataset strategy verified MiB "through MiB" requests seconds "RSS MiB" uploads
for dataset in $datasets; do
  for strategy in $strategies; do
    line=$(java -Xmx128m $lambda_jvm ${BENCH_JAVA_OPTS:-} $quiet -cp "$cp" io.filejobs.core.bench.MergeBench merge "$port" "$dataset" "$strategy" "$cap" | tail -1)
    results+=("$line")
    python3 - "$line" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print("%-17s %-8s %9s %9.1f %14.1f %9d %8.2f %9.1f %8d" % (r["dataset"], r["strategy"], r["verified"], r["bytes"] / 2**20,
      r["bytesThroughWorker"] / 2**20, r["s3Requests"], r["wallSeconds"], r["peakRssMiB"], r["uploadsLeft"]))
PY
  done
done
( IFS=,; echo "[${results[*]}]" ) | python3 -m json.tool > "$out"
python3 - "$out" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
by = {(r["dataset"], r["strategy"]): r for r in runs}
print()
for d in sorted({r["dataset"] for r in runs}):
    p, n = by.get((d, "planner")), by.get((d, "naive"))
    if p and n and n["bytesThroughWorker"]:
        print("%-17s planner/naive: bytes through worker %.2f%%, wall time %.2f" % (
            d, 100.0 * p["bytesThroughWorker"] / n["bytesThroughWorker"], p["wallSeconds"] / n["wallSeconds"] if n["wallSeconds"] else 0))
if ("8x256MiB", "planner") in by and ("8GiB", "planner") in by:
    a, b = by[("8x256MiB", "planner")]["peakRssMiB"], by[("8GiB", "planner")]["peakRssMiB"]
    print("peak RSS, planner: 2 GiB %.1f MiB, 8 GiB %.1f MiB (%.1f%% apart)" % (a, b, 100.0 * abs(b - a) / a))
print("written to " + sys.argv[1])
PY
