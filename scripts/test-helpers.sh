#!/usr/bin/env bash
# Checks scripts/filejobs, the shell helpers, against the embedded runtime: starts the built
# runtime with scripts/local.sh on free ports with its data under target/, walks a job
# through create, get, list, run, run-status, runs, plan, objects, callback, update and delete, checks what each
# printed and its exit status, runs the README's release (HTTP steps side by side against a stand-in
# API, a WAIT answered by callback), has an `aws s3 cp` upload start a triggered job's run, then stops the runtime and starts it again from
# the class-data archive the first stop wrote. scripts/test.sh runs it after Maven's package phase.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in java python3 curl aws; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test-helpers.sh: '$tool' is required" >&2; exit 1; }
done
jar=local/target/filejobs-local.jar
[ -f "$jar" ] || { echo "test-helpers.sh: $jar is missing; run Maven's package phase first" >&2; exit 1; }

work="$root/target/helpers-test"
rm -rf "$work"
mkdir -p "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
export FILEJOBS_PORT; FILEJOBS_PORT=$(free_port)
export FILEJOBS_S3_PORT; FILEJOBS_S3_PORT=$(free_port)
export FILEJOBS_DATA_DIR="$work/data" FILEJOBS_API_KEY=helpers-test-key
unset FILEJOBS_URL FILEJOBS_S3_ENDPOINT
# The release example's three APIs: one stand-in on a loopback address the runtime lists, which
# records each call's path and Authorization header.
api_port=$(free_port)
python3 - "$api_port" "$work/api-calls.log" >"$work/api.log" 2>&1 <<'PY' &
import http.server, sys, threading
log = open(sys.argv[2], "a", buffering=1)
lock = threading.Lock()
class Api(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            log.write(self.path + " " + str(self.headers.get("Authorization")) + "\n")
        body = b'{"accepted": true}'
        self.send_response(201 if self.path == "/releases" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.2", int(sys.argv[1])), Api).serve_forever()
PY
api=$!
printf '{"release-api": "helpers-release-token"}' >"$work/secrets.json"
chmod 600 "$work/secrets.json"
export FILEJOBS_HTTP_ALLOWED_HOSTS=127.0.0.2 FILEJOBS_SECRETS_FILE="$work/secrets.json" FILEJOBS_WAIT_INTERVAL=0.2
# Started as the README starts it: scripts/local.sh, which records a class-data archive on this first
# start (the jar is fresh from the build) and writes it when the runtime stops.
rm -f local/target/filejobs-local.jsa
scripts/local.sh >"$work/runtime.log" 2>&1 &
runtime=$!
trap 'kill "$runtime" "$api" 2>/dev/null || true; wait "$runtime" "$api" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$FILEJOBS_PORT/health" >/dev/null 2>&1 && break
  kill -0 "$runtime" 2>/dev/null || { cat "$work/runtime.log" >&2; exit 1; }
  sleep 0.2
done

fail() { echo "test-helpers.sh: $*" >&2; exit 1; }
# expect EXIT_STATUS COMMAND...: runs a helper, keeps its output in $out and $err, checks its exit status.
expect() {
  local want=$1; shift
  set +e
  ./scripts/filejobs "$@" >"$work/out" 2>"$work/err"
  local got=$?
  set -e
  out=$(cat "$work/out"); err=$(cat "$work/err")
  [ "$got" -eq "$want" ] || fail "filejobs $* exited $got, expected $want; stderr: $err; stdout: $out"
}
# await_success JOB RUN: reads the run until it ends; it must end SUCCEEDED.
await_success() {
  local status=
  for _ in $(seq 1 150); do
    expect 0 run-status "$1" "$2"
    status=$(field "$out" status)
    case "$status" in SUCCEEDED | FAILED | SKIPPED) break ;; esac
    sleep 0.2
  done
  [ "$status" = SUCCEEDED ] || fail "run $2 ended $status: $out"
}
# await_valid JOB: reads the job until its background check has found it VALID.
await_valid() {
  for _ in $(seq 1 100); do
    expect 0 get "$1"
    [[ "$out" == *'"VALID"'* ]] && return
    sleep 0.2
  done
  fail "job $1 never became VALID: $out"
}
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1
s3() { aws --endpoint-url "http://127.0.0.1:$FILEJOBS_S3_PORT" s3 "$@" >/dev/null; }
printf 'one\n' >"$work/a.txt"
printf 'two\n' >"$work/b.txt"
s3 mb s3://helpers
s3 cp "$work/a.txt" s3://helpers/in/a.txt
s3 cp "$work/b.txt" s3://helpers/in/b.txt

cat >"$work/job.json" <<'JSON'
{"name": "helpers-check", "timezone": "UTC", "state": "ENABLED",
 "steps": [{"id": 0, "name": "merge", "action": "MERGE", "sources": ["helpers/in/a.txt", "helpers/in/b.txt"], "destination": "helpers/out/ab.txt"}]}
JSON

expect 0 create "$work/job.json"
[[ "$err" == *"201"*"Location: /jobs/"* ]] || fail "create: $err"
job=$(field "$out" id)
expect 0 get "$job"
[ "$(field "$out" name)" = helpers-check ] || fail "get: $out"
[[ "$err" == *'ETag: "1"'* ]] || fail "get: $err"
expect 0 list 10
[[ "$out" == *"\"$job\""* ]] || fail "list: $out"

# The check runs in the background; the run waits for it or is skipped, so wait for VALID first.
await_valid "$job"

expect 0 run "$job"
[[ "$err" == *"202"*"Location: /jobs/$job/runs/"* ]] || fail "run: $err"
run=$(field "$out" runId)
await_success "$job" "$run"
aws --endpoint-url "http://127.0.0.1:$FILEJOBS_S3_PORT" s3 cp s3://helpers/out/ab.txt "$work/ab.txt" >/dev/null
[ "$(cat "$work/ab.txt")" = "$(printf 'one\ntwo')" ] || fail "the merged object is $(od -c "$work/ab.txt")"
expect 0 runs "$job" 5
[[ "$out" == *"\"$run\""* ]] || fail "runs: $out"

# A set step's objects: a COPY of every object under helpers/in/, then its ledger, all and failed only.
cat >"$work/set.json" <<'JSON'
{"name": "helpers-set", "timezone": "UTC",
 "steps": [{"id": 0, "name": "spread", "action": "COPY", "source": {"prefix": "helpers/in/"}, "destination": "helpers/copies/{relativeKey}"}]}
JSON
expect 0 create "$work/set.json"
set_job=$(field "$out" id)
await_valid "$set_job"
expect 0 run "$set_job"
set_run=$(field "$out" runId)
await_success "$set_job" "$set_run"
expect 0 plan "$set_job" --at 2026-11-28T01:00:00+01:00
[[ "$out" == *'"logicalTime":"2026-11-28T00:00:00Z"'* && "$out" == *'"count":2'* ]] || fail "plan: $out"
expect 0 plan-file "$work/set.json"
[[ "$out" == *'"status":"WOULD_SUCCEED"'* ]] || fail "plan-file: $out"
expect 1 plan "$set_job" --at tomorrow
[[ "$err" == *"400"* ]] || fail "plan with a bad time: $err"
expect 0 objects "$set_job" "$set_run" 0
[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "objects: $out"
[[ "$out" == *'"source": "helpers/in/a.txt", "status": "SUCCEEDED"'* ]] || fail "objects: $out"
expect 0 objects "$set_job" "$set_run" 0 --failed
[ -z "$out" ] || fail "objects --failed: $out"
expect 1 objects "$set_job" "$set_run" 7
[[ "$err" == *"404"* && "$out" == *STEP_NOT_FOUND* ]] || fail "objects of a step that is not there: $err $out"

# An object-created trigger, as the README's fan-out example: an artifact uploaded with `aws s3 cp`
# (20 MiB, so the CLI uploads it in parts) starts exactly one run, which copies it to two regional
# buckets; a key the trigger's match does not take starts nothing.
s3 mb s3://helpers-eu
s3 mb s3://helpers-us
cat >"$work/fan-out.json" <<'JSON'
{"name": "helpers-fan-out", "timezone": "UTC",
 "triggers": [{"type": "OBJECT_CREATED", "prefix": "helpers/builds/", "match": "*.zip"}],
 "steps": [{"id": 0, "name": "spread", "action": "COPY", "source": "helpers/{trigger.key}",
            "destinations": ["helpers-eu/releases/{trigger.relativeKey}", "helpers-us/releases/{trigger.relativeKey}"]}]}
JSON
expect 0 create "$work/fan-out.json"
fan_job=$(field "$out" id)
await_valid "$fan_job"
head -c $((20 * 1024 * 1024)) /dev/urandom >"$work/app.zip"
printf 'not a build\n' >"$work/notes.txt"
s3 cp "$work/app.zip" s3://helpers/builds/app-1.4.2.zip
s3 cp "$work/notes.txt" s3://helpers/builds/notes.txt
fan_run=
for _ in $(seq 1 150); do
  expect 0 runs "$fan_job" 10
  fan_run=$(python3 -c 'import json,sys; items=json.loads(sys.argv[1])["items"]; print(items[0]["runId"] if items else "")' "$out")
  [ -n "$fan_run" ] && break
  sleep 0.2
done
[ -n "$fan_run" ] || fail "the upload started no run of $fan_job: $out"
await_success "$fan_job" "$fan_run"
[[ "$out" == *'"trigger":"OBJECT_CREATED"'* && "$out" == *'"key":"builds/app-1.4.2.zip"'* ]] || fail "the triggered run: $out"
for region in eu us; do
  aws --endpoint-url "http://127.0.0.1:$FILEJOBS_S3_PORT" s3 cp "s3://helpers-$region/releases/app-1.4.2.zip" "$work/app-$region.zip" >/dev/null
  cmp -s "$work/app.zip" "$work/app-$region.zip" || fail "the copy in helpers-$region is not the upload"
done
expect 1 plan "$fan_job"
[[ "$err" == *"400"* && "$out" == *'"object"'* ]] || fail "a plan of a triggered job without its object: $err $out"
expect 0 plan "$fan_job" --object helpers/builds/app-1.4.2.zip --at 2026-11-28T01:00:00+01:00
[[ "$out" == *'helpers-eu/releases/app-1.4.2.zip'* && "$out" == *'"status":"WOULD_SUCCEED"'* ]] || fail "plan --object: $out"
sleep 1
expect 0 runs "$fan_job" 10
[ "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])["items"]))' "$out")" -eq 1 ] \
  || fail "the multipart upload and the other key must start one run in all: $out"

# The README's release: three calls side by side after a copy, a WAIT answered with the callback
# helper, then an archive copy; a second answer is refused.
cat >"$work/release.json" <<JSON
{"name": "helpers-release", "timezone": "UTC", "steps": [
  {"id": 0, "name": "stage", "action": "COPY", "source": "helpers/in/a.txt", "destination": "helpers/release/a.txt"},
  {"id": 1, "name": "validate", "action": "HTTP", "method": "POST", "url": "http://127.0.0.2:$api_port/validate",
   "body": {"package": "helpers/release/a.txt"}, "auth": {"secret": "release-api"}, "after": [0]},
  {"id": 2, "name": "deploy", "action": "HTTP", "method": "POST", "url": "http://127.0.0.2:$api_port/releases",
   "auth": {"secret": "release-api"}, "expect": [201, 202], "outputTo": "helpers/release/deployment.json", "after": [0]},
  {"id": 3, "name": "notify", "action": "HTTP", "method": "POST", "url": "http://127.0.0.2:$api_port/hooks/release",
   "body": {"text": "a release is going out"}, "after": [0]},
  {"id": 4, "name": "ticket", "action": "WAIT", "for": "CALLBACK", "timeout": "P2D", "after": [1, 2, 3]},
  {"id": 5, "name": "archive", "action": "COPY", "source": "helpers/release/a.txt", "destination": "helpers/archive/{date}/a.txt"}
]}
JSON
expect 0 create "$work/release.json"
release_job=$(field "$out" id)
await_valid "$release_job"
expect 0 run "$release_job"
release_run=$(field "$out" runId)
status=
for _ in $(seq 1 150); do
  expect 0 run-status "$release_job" "$release_run"
  status=$(field "$out" status)
  [ "$status" = WAITING ] && break
  sleep 0.2
done
[ "$status" = WAITING ] || fail "the release run did not come to wait: $out"
[[ "$out" == *'"waitingUntil"'* ]] || fail "the WAIT step shows no deadline: $out"
[ "$(grep -c 'Bearer helpers-release-token' "$work/api-calls.log")" -eq 2 ] || fail "the two calls with auth carry the token: $(cat "$work/api-calls.log")"
grep -q '^/hooks/release None$' "$work/api-calls.log" || fail "the call without auth carries none: $(cat "$work/api-calls.log")"
! grep -rq helpers-release-token "$work/runtime.log" "$work/data/notifications.jsonl" 2>/dev/null || fail "the token reached a log"
expect 0 callback "$release_job" "$release_run" 4 SUCCEEDED "CHG-1234 closed" '{"ticket": "CHG-1234"}'
[[ "$out" == *'"outcome":"SUCCEEDED"'* ]] || fail "callback: $out"
expect 0 wait "$release_job" "$release_run"
[[ "$err" == *"SUCCEEDED: 6 of 6 steps done"* && "$out" == *'"status":"SUCCEEDED"'* ]] || fail "wait: $err $out"
[[ "$out" == *'"ticket":"CHG-1234"'* ]] || fail "the answer is kept on the step: $out"
cat >"$work/doomed.json" <<'JSON'
{"name": "helpers-doomed", "timezone": "UTC", "steps": [{"id": 0, "name": "c", "action": "COPY", "source": "helpers/in/nowhere.txt", "destination": "helpers/out/nowhere.txt"}]}
JSON
expect 0 create "$work/doomed.json"
doomed_job=$(field "$out" id)
await_valid "$doomed_job"
expect 0 run "$doomed_job"
expect 1 wait "$doomed_job" "$(field "$out" runId)"
[[ "$err" == *"FAILED: 0 of 1 steps done"*"SOURCE_NOT_FOUND"* ]] || fail "wait on a failed run: $err"
expect 1 callback "$release_job" "$release_run" 4 FAILED "too late"
[[ "$err" == *"409"* && "$out" == *ALREADY_DONE* ]] || fail "a second answer: $err $out"
expect 2 callback "$release_job" "$release_run" 4 MAYBE

sed 's/helpers-check/helpers-check-2/' "$work/job.json" >"$work/job2.json"
expect 0 update "$job" "$work/job2.json"
[[ "$err" == *'ETag: "2"'* ]] || fail "update: $err"
expect 1 update "$job" "$work/job.json" '"1"'
[[ "$err" == *"412"* ]] || fail "an update with a stale ETag: $err"

expect 2 get '../jobs'
[[ "$err" == *"is not an id"* ]] || fail "a bad id: $err"
expect 2 frobnicate

expect 0 delete "$job"
[[ "$err" == *"204"* ]] || fail "delete: $err"
expect 1 get "$job"
[[ "$err" == *"404"* ]] || fail "get after delete: $err"
echo "   scripts/filejobs: create, get, list, run, run-status, runs, plan and plan-file, objects (all and --failed), update (and a stale ETag), delete, a bad id"
echo "   release: three HTTP calls side by side (bearer token from the secrets file, never logged), a WAIT answered with filejobs callback, a second answer refused; filejobs wait (0 on SUCCEEDED, 1 on FAILED)"
echo "   object-created trigger: aws s3 cp of a 20 MiB artifact (multipart) started one run, copied to two buckets; a key the match does not take started none; plan --object"

# The stop writes the class-data archive; a second start maps it (-Xshare:on refuses to start otherwise).
kill "$runtime"; wait "$runtime" 2>/dev/null || true
[ -s local/target/filejobs-local.jsa ] || fail "stopping the runtime wrote no class-data archive: $(tail -5 "$work/runtime.log")"
FILEJOBS_JAVA_OPTS=-Xshare:on scripts/local.sh >"$work/runtime-2.log" 2>&1 &
runtime=$!
started=$(date +%s%3N)
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$FILEJOBS_PORT/health" >/dev/null 2>&1 && break
  kill -0 "$runtime" 2>/dev/null || fail "the start from the class-data archive failed: $(tail -5 "$work/runtime-2.log")"
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$FILEJOBS_PORT/health" >/dev/null || fail "the start from the class-data archive never answered"
echo "   local.sh: the first stop wrote a class-data archive; a start from it (-Xshare:on) answered /health in $(( $(date +%s%3N) - started )) ms"
