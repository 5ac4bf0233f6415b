#!/usr/bin/env bash
# The object-set benchmark: a COPY of every object under a prefix to another bucket, by FileJobs
# (the embedded runtime's set COPY), by `aws s3 cp --recursive` (server-side copies, 10 at once)
# and by `rclone copy --transfers 16` (server-side copies), side by side on one S3 endpoint (the
# embedded runtime's), twice: straight to the endpoint, and through a relay that holds every request
# for BENCH_DELAY_MS, as a region-distant S3 does. FileJobs runs in its own runtime that uses the
# endpoint as an external store (FILEJOBS_S3_ENDPOINT), so it pays the same delay as its peers.
# Every runtime starts through scripts/local.sh, with the JVM options a user's runtime has (no
# class-data archive). Before the timed copies, the endpoint copies a set of its own
# (BENCH_WARM_OBJECTS, with aws s3 cp, untimed), so the tool that runs first does not pay for the
# endpoint's compiler. FileJobs is timed twice in each mode: its runtime's first job after the start
# ("filejobs", the compiler still busy), and a second COPY of the same set in the same runtime
# ("filejobs-warm"), as a runtime that has been up a while runs its jobs. Each timed copy also
# reports the CPU seconds it cost: the tool's own (FileJobs' worker runtime; the peer and its
# children), the endpoint's and the relay's, read from /proc and getrusage; the table shows them in
# milliseconds an object.
# Then the runtime's peak resident memory (VmHWM) over a COPY of BENCH_OBJECTS and of
# BENCH_BIG_OBJECTS 1 KiB objects, each in a fresh runtime with -Xmx256m, and how long the plan of
# the large set takes. Prints a table; writes the figures as JSON to target/bench/sets-<time>.json.
#
# The endpoint walks a bucket's folder once for a listing and cuts the pages from that walk until
# something writes to the bucket (local-storage's ListingCache), so the plan is timed twice: before
# the COPY (the first listing of the freshly written set walks its folder) and after it (the set's
# bucket unchanged since, its pages come from that walk). A plan lists with the runtime's own client.
#
#   BENCH_OBJECTS      objects in the side-by-side runs, sized 1 KiB to 1 MiB log-uniformly (10000)
#   BENCH_BIG_OBJECTS  objects of the large memory run (200000)
#   BENCH_WARM_OBJECTS objects the endpoint copies before the timed copies (2000)
#   BENCH_DELAY_MS     the relay's delay per request (50)
#   BENCH_DIR          where the endpoint keeps its files (a fresh temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in java python3 curl aws rclone; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-sets.sh: '$tool' is required (rclone: apt-get install rclone)" >&2; exit 1; }
done
count=${BENCH_OBJECTS:-10000}
big=${BENCH_BIG_OBJECTS:-200000}
warm=${BENCH_WARM_OBJECTS:-2000}
delay=${BENCH_DELAY_MS:-50}
work=$(mktemp -d)
data=${BENCH_DIR:-$work/endpoint}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

jar=local/target/filejobs-local.jar
if [ ! -f "$jar" ]; then
  echo "Building the embedded runtime..."
  mvn -B -q -DskipTests -pl local -am package
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
key=bench-key

# start_runtime NAME DATA_DIR API_PORT S3_PORT [S3_ENDPOINT [JAVA_OPTS]]: starts a runtime as
# scripts/local.sh does (its exec leaves the JVM with the script's pid), waits for /health, prints its pid.
start_runtime() {
  local name=$1 dir=$2 port=$3 s3=$4 endpoint=${5:-} opts=${6:-}
  mkdir -p "$dir"
  env FILEJOBS_PORT="$port" FILEJOBS_S3_PORT="$s3" FILEJOBS_DATA_DIR="$dir" FILEJOBS_API_KEY=$key \
    FILEJOBS_S3_ENDPOINT="$endpoint" FILEJOBS_CDS=false FILEJOBS_JAVA_OPTS="$opts" scripts/local.sh >"$work/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 900); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && { echo "$pid"; return; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the runtime $name did not start; its log:" >&2
  cat "$work/$name.log" >&2
  exit 1
}
api() { curl -sS -X "$1" -H "x-api-key: $key" -H 'Content-Type: application/json' ${3:+--data-binary "$3"} "http://127.0.0.1:$api_port$2"; }
field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1])
for k in sys.argv[2:]: d=d[int(k)] if isinstance(d, list) else d[k]
print(d)' "$@"; }

# fj_copy LABEL PREFIX: FileJobs copies s3://src/PREFIX to s3://dst/LABEL/fj/; prints the seconds from the run request to SUCCEEDED.
fj_copy() {
  local label=$1 prefix=$2
  local job
  job=$(api POST /jobs "{\"name\":\"bench-$label\",\"steps\":[{\"id\":0,\"name\":\"copy\",\"action\":\"COPY\",
    \"source\":{\"prefix\":\"src/$prefix\"},\"destination\":\"dst/$label/fj/{relativeKey}\"}]}")
  local id; id=$(field "$job" id)
  for _ in $(seq 1 600); do
    [ "$(field "$(api GET "/jobs/$id")" validation status)" != PENDING ] && break
    sleep 0.5
  done
  local start end run status
  start=$(date +%s.%N)
  run=$(field "$(api POST "/jobs/$id/runs")" runId)
  while :; do
    status=$(field "$(api GET "/jobs/$id/runs/$run")" status)
    case "$status" in SUCCEEDED | FAILED | SKIPPED) break ;; esac
    sleep 0.2
  done
  end=$(date +%s.%N)
  [ "$status" = SUCCEEDED ] || { echo "bench-sets.sh: the FileJobs run ended $status: $(api GET "/jobs/$id/runs/$run")" >&2; exit 1; }
  echo "$id" >"$work/last-job"
  python3 -c "print('%.2f' % ($end - $start))"
}
# timed CMD...: runs CMD; prints its seconds and the CPU seconds it and its children used.
timed() {
  python3 -c 'import resource, subprocess, sys, time
start = time.time(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); end = time.time()
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f %.2f" % (end - start, used.ru_utime + used.ru_stime))' "$@"
}
# cpu PID: the CPU seconds the process has used so far.
ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
since() { python3 -c "print('%.2f' % ($2 - $1))"; }
count_under() { aws --endpoint-url "http://127.0.0.1:$s3_port" s3 ls --recursive "s3://dst/$1/" | wc -l; }

s3_port=$(free_port)
api_port=$(free_port)
storage=$(start_runtime storage "$data" "$api_port" "$s3_port")
pids+=("$storage")
python3 scripts/bench/relay.py 0 "$s3_port" "$delay" "$work/relay.port" &
relay=$!
pids+=("$relay")
for _ in $(seq 1 50); do [ -s "$work/relay.port" ] && break; sleep 0.1; done
relay_port=$(cat "$work/relay.port")
direct="http://127.0.0.1:$s3_port"
relayed="http://127.0.0.1:$relay_port"
echo "S3 endpoint $direct (the storage runtime's), relay $relayed (+${delay} ms a request)"

echo "Writing $count objects of 1 KiB to 1 MiB under s3://src/data/ ..."
written=$(python3 scripts/bench/objects.py "$direct" src data/ "$count" 1024 1048576)
aws --endpoint-url "$direct" s3 mb s3://dst >/dev/null 2>&1 || true
echo "   $written"
python3 scripts/bench/objects.py "$direct" src warm/ "$warm" 1024 1048576 >/dev/null
aws --endpoint-url "$direct" s3 cp --recursive --only-show-errors s3://src/warm/ s3://dst/warm/
echo "   the endpoint copied $warm objects of its own first (untimed)"

cat >"$work/aws.config" <<CONF
[default]
s3 =
  max_concurrent_requests = 10
CONF
export RCLONE_CONFIG=/dev/null RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=bench \
  RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=bench RCLONE_CONFIG_BENCH_REGION=us-east-1

# result MODE TOOL LABEL SECONDS TOOL_CPU ENDPOINT_CPU RELAY_CPU: one timed copy as JSON, with the CPU seconds each process spent on it.
result() {
  echo "{\"mode\":\"$1\",\"tool\":\"$2\",\"objects\":$(count_under "$3"),\"seconds\":$4,\"cpuSeconds\":{\"tool\":$5,\"endpoint\":$6,\"relay\":$7}}"
}
results=()
printf '%-8s %-13s %9s %9s %11s   %s\n' mode tool objects seconds objects/s "CPU ms an object: tool + endpoint + relay"
for mode in direct relay; do
  endpoint=$direct; [ "$mode" = relay ] && endpoint=$relayed
  api_port=$(free_port)
  worker=$(start_runtime "worker-$mode" "$work/worker-$mode" "$api_port" "$(free_port)" "$endpoint")
  pids+=("$worker")
  for run in "$mode" "$mode-warm"; do
    w0=$(cpu "$worker"); e0=$(cpu "$storage"); r0=$(cpu "$relay")
    secs=$(fj_copy "$run" data/)
    tool=filejobs; [ "$run" = "$mode-warm" ] && tool=filejobs-warm
    results+=("$(result "$mode" "$tool" "$run/fj" "$secs" "$(since "$w0" "$(cpu "$worker")")" "$(since "$e0" "$(cpu "$storage")")" \
      "$(since "$r0" "$(cpu "$relay")")")")
  done
  kill "$worker"; wait "$worker" 2>/dev/null || true
  e0=$(cpu "$storage"); r0=$(cpu "$relay")
  out=$(AWS_CONFIG_FILE="$work/aws.config" timed aws --endpoint-url "$endpoint" s3 cp --recursive --only-show-errors s3://src/data/ "s3://dst/$mode/aws/")
  read -r secs own <<<"$out"
  results+=("$(result "$mode" aws-s3-cp "$mode/aws" "$secs" "$own" "$(since "$e0" "$(cpu "$storage")")" "$(since "$r0" "$(cpu "$relay")")")")
  # rclone refuses a custom CA bundle with a plain-HTTP endpoint; none is needed here.
  e0=$(cpu "$storage"); r0=$(cpu "$relay")
  out=$(AWS_CA_BUNDLE= RCLONE_CONFIG_BENCH_ENDPOINT=$endpoint timed env -u AWS_CA_BUNDLE rclone copy --transfers 16 --checkers 16 --s3-no-check-bucket bench:src/data "bench:dst/$mode/rclone")
  read -r secs own <<<"$out"
  results+=("$(result "$mode" rclone "$mode/rclone" "$secs" "$own" "$(since "$e0" "$(cpu "$storage")")" "$(since "$r0" "$(cpu "$relay")")")")
  for r in "${results[@]: -4}"; do
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); c=r["cpuSeconds"]; n=r["objects"]
print("%-8s %-13s %9d %9.2f %11.1f   %.2f + %.2f + %.2f" % (r["mode"], r["tool"], n, r["seconds"], n/r["seconds"],
    1000*c["tool"]/n, 1000*c["endpoint"]/n, 1000*c["relay"]/n))' "$r"
  done
done

echo "Peak memory of the runtime (-Xmx256m), a COPY of $count and of $big objects of 1 KiB:"
memory=()
for n in "$count" "$big"; do
  python3 scripts/bench/objects.py "$direct" src "rss-$n/" "$n" 1024 1024 >/dev/null
  api_port=$(free_port)
  worker=$(start_runtime "rss-$n" "$work/rss-$n" "$api_port" "$(free_port)" "$direct" "-Xmx256m")
  pids+=("$worker")
  start=$(date +%s.%N)
  cold=$(api POST /plan "{\"name\":\"plan-$n\",\"steps\":[{\"id\":0,\"name\":\"copy\",\"action\":\"COPY\",
    \"source\":{\"prefix\":\"src/rss-$n/\"},\"destination\":\"dst/rss-$n/fj/{relativeKey}\"}]}")
  end=$(date +%s.%N)
  cold_secs=$(python3 -c "print('%.2f' % ($end - $start))")
  cold_planned=$(field "$cold" steps 0 objects count)
  secs=$(fj_copy "rss-$n" "rss-$n/")
  start=$(date +%s.%N)
  plan=$(api POST "/jobs/$(cat "$work/last-job")/plan")
  end=$(date +%s.%N)
  plan_secs=$(python3 -c "print('%.2f' % ($end - $start))")
  planned=$(field "$plan" steps 0 objects count)
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")
  memory+=("{\"objects\":$n,\"copied\":$(count_under "rss-$n/fj"),\"seconds\":$secs,\"peakRssMiB\":$((hwm / 1024)),\"planSeconds\":$plan_secs,\"planned\":$planned,\"firstPlanSeconds\":$cold_secs,\"firstPlanned\":$cold_planned}")
  echo "   $n objects: copied in ${secs} s, peak RSS $((hwm / 1024)) MiB; the plan took ${cold_secs} s before the copy (counted $cold_planned), ${plan_secs} s after it (counted $planned)"
  kill "$worker"; wait "$worker" 2>/dev/null || true
done

mkdir -p target/bench
out="target/bench/sets-$(date -u +%Y%m%dT%H%M%SZ).json"
( IFS=,; echo "{\"delayMs\":$delay,\"written\":$written,\"copies\":[${results[*]}],\"memory\":[${memory[*]}]}" ) | python3 -m json.tool >"$out"
python3 - "$out" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
rate = {(r["mode"], r["tool"]): r["objects"] / r["seconds"] for r in b["copies"]}
for mode in ("direct", "relay"):
    best = max(v for (m, t), v in rate.items() if m == mode and not t.startswith("filejobs"))
    print("%s: FileJobs %.1f objects/s (%.1f in a warm runtime), the better peer %.1f, ratio %.2f (%.2f)" % (
        mode, rate[(mode, "filejobs")], rate[(mode, "filejobs-warm")], best, rate[(mode, "filejobs")] / best, rate[(mode, "filejobs-warm")] / best))
m = b["memory"]
if len(m) == 2:
    print("peak RSS %d MiB at %d objects, %d MiB at %d objects (%.1f%% apart); the plan of %d objects took %.2f s first, %.2f s after the copy" % (
        m[0]["peakRssMiB"], m[0]["objects"], m[1]["peakRssMiB"], m[1]["objects"],
        100.0 * abs(m[1]["peakRssMiB"] - m[0]["peakRssMiB"]) / m[0]["peakRssMiB"], m[1]["objects"], m[1]["firstPlanSeconds"], m[1]["planSeconds"]))
print("written to " + sys.argv[1])
PY
