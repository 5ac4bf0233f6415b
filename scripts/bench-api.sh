#!/usr/bin/env bash
# Prints the API's start-up and latency figures on this machine:
#  1. the embedded runtime's time from launch to GET /health answering (median of 5 fresh starts
#     by scripts/local.sh, from its class-data archive);
#  2. the API Lambda handler's time from JVM start to its first answered request, POST /jobs
#     (median of 5 fresh JVMs), run from the deployed package with the deployed settings, against
#     S3 and DynamoDB over loopback and moto for the other AWS services: with the JVM's default
#     JIT, with the API Lambda's own options (short_lived_jvm_options in
#     terraform/modules/function/main.tf), with those on the package without Micronaut AOT's
#     classes, and with those plus an AppCDS archive trained by one run;
#  3. wrk against GET /jobs/{id} on the embedded runtime: paced at about 500 requests/s, then
#     unpaced, each with its latency distribution.
# Everything runs on 127.0.0.1 and stops by itself. BENCH_SECONDS sets each wrk run's length (30).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in java mvn curl python3 aws; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-api.sh: '$tool' is required" >&2; exit 1; }
done
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk from Debian's packages..."
  { apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; } \
    || { echo "bench-api.sh: wrk is required and could not be installed" >&2; exit 1; }
fi

seconds=${BENCH_SECONDS:-30}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wait_for_port() { for _ in $(seq 1 600); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }

echo "Building..."
mvn -B -q -DskipTests -pl local,app -am package
(cd app/target/test-classes && jar cf "$work/probe.jar" io/filejobs/app/bench io/filejobs/app/ApiClient*.class io/filejobs/app/LambdaApiClient.class io/filejobs/app/JobApiContract.class)

key=bench-key
start_runtime() { # data dir, api port, s3 port -> pid in $runtime_pid (local.sh execs the JVM)
  FILEJOBS_DATA_DIR=$1 FILEJOBS_PORT=$2 FILEJOBS_S3_PORT=$3 FILEJOBS_API_KEY=$key \
    scripts/local.sh >"$1.log" 2>&1 &
  runtime_pid=$!
}

echo
echo "== Embedded runtime: launch to GET /health answering (5 fresh starts by scripts/local.sh)"
# One unmeasured start and stop writes the class-data archive local.sh starts from (when it is stale).
api_port=$(free_port); s3_port=$(free_port)
start_runtime "$work/train" "$api_port" "$s3_port"
until curl -fs -o /dev/null "http://127.0.0.1:$api_port/health"; do sleep 0.05; done
curl -fs -o /dev/null -H "x-api-key: $key" "http://127.0.0.1:$api_port/jobs"
kill "$runtime_pid"; wait "$runtime_pid" 2>/dev/null || true
ready=()
for run in 1 2 3 4 5; do
  api_port=$(free_port); s3_port=$(free_port)
  t0=$(now_ms)
  start_runtime "$work/data$run" "$api_port" "$s3_port"
  until curl -fs -o /dev/null "http://127.0.0.1:$api_port/health"; do sleep 0.01; done
  ready+=($(( $(now_ms) - t0 )))
  if [ "$run" -lt 5 ]; then kill "$runtime_pid"; wait "$runtime_pid" 2>/dev/null || true; else pids+=("$runtime_pid"); fi
done
echo "  runs (ms): ${ready[*]}"
echo "  median:    $(printf '%s\n' "${ready[@]}" | median) ms"

echo
echo "== API Lambda handler: JVM start to first answered request (POST /jobs), 5 fresh JVMs"
# The deployed package (app/target/filejobs-app-lambda.jar, with Micronaut AOT's build-time bean list)
# with the settings Terraform gives the API Lambda: DynamoDB Local and the embedded S3 endpoint for
# storage, moto for Step Functions, EventBridge Scheduler (POST /jobs writes the job's schedule),
# SNS and Secrets Manager, so every client the deployed Lambda builds is built here too.
python3 -c 'import moto.server' 2>/dev/null || { echo "bench-api.sh: moto's server (pip install 'moto[server]==5.2.1') is required" >&2; exit 1; }
ddb_port=$(free_port); moto_port=$(free_port)
java -Dddb.local.telemetry=0 -cp "local/target/lib/*" com.amazonaws.services.dynamodbv2.local.main.ServerRunner \
  -inMemory -port "$ddb_port" -disableTelemetry >"$work/ddb.log" 2>&1 &
pids+=($!)
python3 scripts/moto-server.py 127.0.0.1 "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
wait_for_port "$ddb_port"; wait_for_port "$moto_port"
moto="http://127.0.0.1:$moto_port"
AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 \
  aws --endpoint-url "$moto" scheduler create-schedule-group --name filejobs >/dev/null
# Lambda unpacks the deployment package into /var/task and the Java runtime loads the classes from
# there, so the probe runs the package unpacked too; the same without Micronaut AOT's classes and
# services shows what AOT gives. (AppCDS takes jars only: its row runs the package as a jar.)
mkdir -p "$work/package" "$work/package-no-aot"
(cd "$work/package" && jar xf "$root/app/target/filejobs-app-lambda.jar")
cp -r "$work/package/." "$work/package-no-aot"
rm -r "$work/package-no-aot/io/filejobs/app/aot" "$work/package-no-aot/META-INF/services/io.micronaut.context.ApplicationContextConfigurer" \
  "$work/package-no-aot/META-INF/services/io.micronaut.core.optim.StaticOptimizations\$Loader"
package="$work/package:$work/probe.jar"
plain="$work/package-no-aot:$work/probe.jar"
lambda_props=(-Dmicronaut.server.port=-1 -Dfilejobs.api.auth=GATEWAY -Daws.region=us-east-1
  -Daws.accessKeyId=bench -Daws.secretKey=bench -Daws.secretAccessKey=bench
  -Daws.services.s3.endpoint-override="http://127.0.0.1:$s3_port" -Daws.s3.path-style-access-enabled=true
  -Daws.services.dynamodb.endpoint-override="http://127.0.0.1:$ddb_port"
  -Dfilejobs.workflow.state-machine-arn=arn:aws:states:us-east-1:123456789012:stateMachine:filejobs -Dfilejobs.workflow.endpoint="$moto"
  -Dfilejobs.scheduling.group=filejobs -Dfilejobs.scheduling.role-arn=arn:aws:iam::123456789012:role/filejobs-scheduler
  -Dfilejobs.scheduling.dead-letter-arn=arn:aws:sqs:us-east-1:123456789012:filejobs-schedule-dead-letters -Dfilejobs.scheduling.endpoint="$moto"
  -Dfilejobs.notifications.topic-arn=arn:aws:sns:us-east-1:123456789012:filejobs-failures -Daws.services.sns.endpoint-override="$moto"
  -Dfilejobs.secrets.name-prefix=filejobs/ -Daws.services.secretsmanager.endpoint-override="$moto")
# The options every Lambda but run-step runs with, as Terraform sets them.
read -r -a lambda_jvm <<<"$(sed -n 's/^ *short_lived_jvm_options *= *"\(.*\)".*/\1/p' terraform/modules/function/main.tf)"
[ "${#lambda_jvm[@]}" -gt 0 ] || { echo "bench-api.sh: no short_lived_jvm_options in terraform/modules/function/main.tf" >&2; exit 1; }
# One unmeasured run creates the tables and the definitions bucket (from the package without AOT: the
# package holds no bean that creates storage, as Terraform does that), and one records the classes
# the package loads into an AppCDS archive.
java "${lambda_jvm[@]}" "${lambda_props[@]}" -Dfilejobs.storage.create-if-missing=true \
  -cp "$plain" io.filejobs.app.bench.ColdStartProbe >/dev/null
java "${lambda_jvm[@]}" -XX:ArchiveClassesAtExit="$work/app.jsa" "${lambda_props[@]}" \
  -cp "app/target/filejobs-app-lambda.jar:$work/probe.jar" io.filejobs.app.bench.ColdStartProbe >/dev/null 2>"$work/cds.log"
variants=(default "Lambda options (${lambda_jvm[*]})" "Lambda options, package without Micronaut AOT" "Lambda options + AppCDS")
declare -A firsts inits seconds_ms
# Round by round, one JVM of each variant in turn, so that a machine that slows down or speeds up
# during the runs does not favour one variant.
for run in 1 2 3 4 5; do
  for jit in "${variants[@]}"; do
    cp=$package
    case "$jit" in
      default) flags=() ;;
      *AppCDS) flags=("${lambda_jvm[@]}" -XX:SharedArchiveFile="$work/app.jsa"); cp="app/target/filejobs-app-lambda.jar:$work/probe.jar" ;;
      *"without Micronaut AOT") flags=("${lambda_jvm[@]}"); cp=$plain ;;
      *) flags=("${lambda_jvm[@]}") ;;
    esac
    # The Lambda's own logging (JSON lines on stdout) is part of its start; the probe's figures are the line it prints.
    line=$(java "${flags[@]}" "${lambda_props[@]}" -cp "$cp" io.filejobs.app.bench.ColdStartProbe | grep '^{"initMs"')
    status=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["firstStatus"])' "$line")
    [ "$status" = 201 ] || { echo "bench-api.sh: the first request answered $status: $line" >&2; exit 1; }
    firsts[$jit]+="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["firstRequestMs"])' "$line") "
    inits[$jit]+="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["initMs"])' "$line") "
    seconds_ms[$jit]+="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["secondRequestMs"])' "$line") "
  done
done
for jit in "${variants[@]}"; do
  echo "  JVM: $jit"
  echo "    first request answered (ms): ${firsts[$jit]}  median $(printf '%s\n' ${firsts[$jit]} | median)"
  echo "    of which context start (ms): ${inits[$jit]}  median $(printf '%s\n' ${inits[$jit]} | median)"
  echo "    second request, GET (ms):    ${seconds_ms[$jit]}"
done

echo
echo "== wrk: GET /jobs/{id} on the embedded runtime (${seconds}s each)"
id=$(curl -fs -X POST "http://127.0.0.1:$api_port/jobs" -H "x-api-key: $key" -H 'Content-Type: application/json' \
  -d '{"name":"bench","schedule":"cron(0 1 * * ? *)","timezone":"Europe/Berlin","steps":[{"id":0,"name":"copy","action":"COPY","source":"bucket1/a","destination":"bucket2/a"}]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
url="http://127.0.0.1:$api_port/jobs/$id"
# Warm the JIT before measuring, as a long-running runtime would be.
wrk -t2 -c10 -d10s -H "x-api-key: $key" "$url" >/dev/null
echo "-- paced: 10 connections, 19 ms between requests each (about 500 requests/s offered)"
wrk -t2 -c10 -d"${seconds}s" --latency -s scripts/bench/paced-get.lua -H "x-api-key: $key" "$url" -- 19 \
  | grep -E "Requests/sec|Latency  |50%|75%|90%|99%|requests in|Non-2xx"
echo "-- unpaced: 2 threads, 16 connections"
wrk -t2 -c16 -d"${seconds}s" --latency -H "x-api-key: $key" "$url" \
  | grep -E "Requests/sec|Latency  |50%|75%|90%|99%|requests in|Non-2xx"
