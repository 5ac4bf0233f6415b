#!/usr/bin/env bash
# The IMPORT benchmark. An S3 endpoint, an SFTP server and an explicit-TLS FTPS server run in one
# JVM over a scratch folder; one file of BENCH_SIZE_MIB (1024) is fetched over loopback, side by
# side in this run, by curl (FTPS with --ssl-reqd, and SFTP: Debian's curl has libssh2) into a
# file, by curl into a file then `aws s3 cp` of it to the same S3 endpoint (the usual download-to-/tmp
# job, the like-for-like peer; the upload alone is timed too, as the most the endpoint takes from a
# local file, which bounds any import into it), and by a FileJobs IMPORT into S3 in a worker JVM with -Xmx128m and
# the JVM options of run-step, the Lambda that runs steps.
# The same IMPORT of a file a quarter the size shows whether memory stays flat. Each import is
# checked byte for byte against the source. Prints a table and the FileJobs/curl ratios, and writes
# the figures as JSON to target/bench/remote-<time>.json.
#
#   BENCH_SIZE_MIB   the large file's size in MiB (1024)
#   BENCH_DIR        the scratch folder (a fresh temporary one; needs about 3x the file's size)
#   BENCH_CHECKSUMS  true (default) to compare imports with the server's checksum, as jobs do; false for size only
#   BENCH_JVM        the worker's JVM options instead of run-step's (e.g. the short-lived functions' C1-only ones)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in java mvn curl aws python3 cmp; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-remote.sh: '$tool' is required" >&2; exit 1; }
done
curl --version | grep -q '^Protocols:.* sftp' || { echo "bench-remote.sh: this curl has no SFTP (libssh2)" >&2; exit 1; }

size=${BENCH_SIZE_MIB:-1024}
data=${BENCH_DIR:-$(mktemp -d)}
work=$(mktemp -d)
servers_pid=
cleanup() {
  [ -n "$servers_pid" ] && kill "$servers_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
  [ -z "${BENCH_DIR:-}" ] && rm -rf "$data"
}
trap cleanup EXIT

echo "Building..."
mvn -B -q -DskipTests -pl core -am test-compile dependency:build-classpath -DincludeScope=test -Dmdep.outputFile=target/bench.cp
cp="$root/core/target/test-classes:$root/core/target/classes:$(cat core/target/bench.cp)"
lambda_jvm=${BENCH_JVM:-}; [ -n "$lambda_jvm" ] || lambda_jvm=$(sed -n 's/^ *data_moving_jvm_options *= *"\(.*\)".*/\1/p' terraform/modules/function/main.tf)
[ -n "$lambda_jvm" ] || { echo "bench-remote.sh: data_moving_jvm_options not found in terraform/modules/function/main.tf" >&2; exit 1; }
quiet="-Dlogback.configurationFile=$root/scripts/bench/logback-quiet.xml"

java $quiet -cp "$cp" io.filejobs.core.bench.RemoteBench servers "$data" "$work/servers.json" > "$work/servers.log" 2>&1 &
servers_pid=$!
for _ in $(seq 1 600); do [ -s "$work/servers.json" ] && break; sleep 0.1; done
[ -s "$work/servers.json" ] || { echo "the servers did not start; see below" >&2; cat "$work/servers.log" >&2; exit 1; }
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/servers.json" "$1"; }
sftp_port=$(field sftpPort); ftps_port=$(field ftpsPort); user=$(field user); s3_port=$(field s3Port)
sftp_pw=$(field sftpPassword); ftps_pw=$(field ftpsPassword)
printf '{"partner": {"username": "%s", "password": "%s"}}' "$user" "$sftp_pw" > "$work/secrets-sftp.json"
printf '{"partner": {"username": "%s", "password": "%s"}}' "$user" "$ftps_pw" > "$work/secrets-ftps.json"
chmod 600 "$work"/secrets-*.json

AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 \
  aws s3 mb --endpoint-url "http://127.0.0.1:$s3_port" s3://bench > /dev/null
quarter=$((size / 4))
echo "Writing $size MiB and $quarter MiB of random bytes..."
head -c $((size * 1048576)) /dev/urandom > "$data/files/large.bin"
head -c $((quarter * 1048576)) /dev/urandom > "$data/files/quarter.bin"

mkdir -p target/bench
out="target/bench/remote-$(date -u +%Y%m%dT%H%M%SZ).json"
results=()
curl_get() { # protocol url password
  local start end
  rm -f "$work/curl.bin"
  start=$(date +%s.%N)
  if [ "$1" = ftps ]; then
    curl -sS --ssl-reqd -k --ftp-pasv -u "$user:$3" "$2" -o "$work/curl.bin"
  else
    curl -sS -k -u "$user:$3" "$2" -o "$work/curl.bin"
  fi
  end=$(date +%s.%N)
  cmp -s "$work/curl.bin" "$data/files/large.bin" || { echo "curl's copy over $1 differs from the file" >&2; exit 1; }
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 \
    aws s3 cp --quiet --endpoint-url "http://127.0.0.1:$s3_port" "$work/curl.bin" "s3://bench/curl-$1.bin"
  uploaded=$(date +%s.%N)
  cmp -s "$data/s3/bench/curl-$1.bin" "$data/files/large.bin" || { echo "the upload of curl's copy over $1 differs from the file" >&2; exit 1; }
  rm -f "$work/curl.bin" "$data/s3/bench/curl-$1.bin"
  python3 -c "import sys; b=$size*1048576; s=float(sys.argv[2])-float(sys.argv[1]); print('{\"tool\":\"curl\",\"protocol\":\"$1\",\"bytes\":%d,\"seconds\":%.3f,\"mibPerSecond\":%.1f}' % (b, s, b/1048576/s))" "$start" "$end"
  python3 -c "import sys; b=$size*1048576; s=float(sys.argv[2])-float(sys.argv[1]); print('{\"tool\":\"curl+aws-s3\",\"protocol\":\"$1\",\"bytes\":%d,\"seconds\":%.3f,\"mibPerSecond\":%.1f}' % (b, s, b/1048576/s))" "$start" "$uploaded"
  python3 -c "import sys; b=$size*1048576; s=float(sys.argv[2])-float(sys.argv[1]); print('{\"tool\":\"aws-s3-cp\",\"protocol\":\"$1\",\"bytes\":%d,\"seconds\":%.3f,\"mibPerSecond\":%.1f}' % (b, s, b/1048576/s))" "$end" "$uploaded"
}
filejobs_get() { # protocol url file key
  local line
  line=$(java -Xmx128m $lambda_jvm -Dfilejobs.remote.verify-checksums=${BENCH_CHECKSUMS:-true} $quiet -cp "$cp" \
    io.filejobs.core.bench.RemoteBench import "$work/servers.json" "$work/secrets-$1.json" "$2" "$4" | tail -1)
  cmp -s "$data/s3/bench/$4" "$data/files/$3" || { echo "the IMPORT over $1 differs from the file" >&2; exit 1; }
  rm -f "$data/s3/bench/$4"
  echo "$line"
}

printf '%-9s %-6s %8s %9s %8s %9s\n' tool proto MiB seconds "MiB/s" "RSS MiB"
show() { python3 -c "import json,sys; r=json.loads(sys.argv[1]); print('%-9s %-6s %8d %9.2f %8.1f %9s' % (r['tool'], r['protocol'], r['bytes']/1048576, r['seconds'], r['mibPerSecond'], ('%.1f' % r['peakRssMiB']) if 'peakRssMiB' in r else '-'))" "$1"; }
for proto in ftps sftp; do
  port=$([ $proto = ftps ] && echo "$ftps_port" || echo "$sftp_port")
  pw=$([ $proto = ftps ] && echo "$ftps_pw" || echo "$sftp_pw")
  url="$proto://127.0.0.1:$port"
  curl_url=$([ $proto = ftps ] && echo "ftp://127.0.0.1:$port/large.bin" || echo "sftp://127.0.0.1:$port/large.bin")
  while read -r line; do results+=("$line"); show "$line"; done < <(curl_get $proto "$curl_url" "$pw")
  line=$(filejobs_get $proto "$url/large.bin" large.bin "large-$proto.bin"); results+=("$line"); show "$line"
  line=$(filejobs_get $proto "$url/quarter.bin" quarter.bin "quarter-$proto.bin")
  line=$(python3 -c "import json,sys; r=json.loads(sys.argv[1]); r['tool']='filejobs-1/4'; print(json.dumps(r))" "$line"); results+=("$line"); show "$line"
done
( IFS=,; echo "[${results[*]}]" ) | python3 -m json.tool > "$out"
python3 - "$out" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
by = {(r["tool"], r["protocol"]): r for r in runs}
print()
for p in ("ftps", "sftp"):
    c, u, a, f, q = by[("curl", p)], by[("curl+aws-s3", p)], by[("aws-s3-cp", p)], by[("filejobs", p)], by[("filejobs-1/4", p)]
    print("%s: FileJobs IMPORT at %.0f%% of curl's speed (into a file), %.0f%% of curl then aws s3 cp; peak RSS %.1f MiB for the whole file, %.1f MiB for a quarter of it; uploads left: %d"
          % (p, 100.0 * f["mibPerSecond"] / c["mibPerSecond"], 100.0 * f["mibPerSecond"] / u["mibPerSecond"], f["peakRssMiB"], q["peakRssMiB"], f["uploadsLeft"]))
    print("%s: the upload alone (aws s3 cp of curl's copy, from a local file) ran at %.1f MiB/s, %.0f%% of curl's speed; FileJobs, reading and uploading at once, at %.0f%% of that"
          % (p, a["mibPerSecond"], 100.0 * a["mibPerSecond"] / c["mibPerSecond"], 100.0 * f["mibPerSecond"] / a["mibPerSecond"]))
print("figures: " + sys.argv[1])
PY
