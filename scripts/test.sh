#!/usr/bin/env bash
# Runs every test of FileJobs: the state machine definition through asl-validator (installed here
# from the npm registry), then every Maven test (the console's in Debian's Chromium, which this
# script installs with apt when it is missing), the OpenAPI document the build generated through
# Redocly's linter (npm too), the shell helpers against the embedded runtime
# (scripts/test-helpers.sh), then the Terraform checks (scripts/test-terraform.sh, which starts and
# stops its own moto). The embedded stores (S3Proxy, DynamoDB Local) run
# inside the test JVMs, so nothing has to be started beforehand; a tool this script needs and
# cannot find is an error, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in java mvn node npm moto_server terraform python3 curl aws; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test.sh: '$tool' is required (Java 17+, Maven 3.8+, Node 20+ with npm, moto's server, Terraform 1.11+, Python 3, curl, the AWS CLI)" >&2; exit 1; }
done

# The console's tests drive Debian's Chromium through its chromedriver; install them when missing.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "== installing Debian's chromium and chromium-driver (the console's browser tests)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  elif sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "test.sh: the console's browser tests need chromium and chromium-driver: apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi

echo "== state-machine.json: asl-validator"
npm install --prefix target/tools --no-audit --no-fund --silent asl-validator@4.0.0 @redocly/cli@2.77.0
target/tools/node_modules/.bin/asl-validator --json-path state-machine.json --no-arn-check

echo "== Maven: unit, storage, contract (Lambda adapter) and HTTP tests; the Lambda jars"
mvn -B -ntp verify

echo "== the generated OpenAPI document: redocly lint (settings: app/redocly.yaml)"
target/tools/node_modules/.bin/redocly lint --config app/redocly.yaml app/target/classes/META-INF/swagger/filejobs.yml

echo "== scripts/filejobs against the embedded runtime"
./scripts/test-helpers.sh

echo "== Terraform: fmt, validate, terraform test (mock provider); against moto: apply, re-plan, the state machine run with the real handlers, destroy"
./scripts/test-terraform.sh

# The LocalStack variant of the storage tests needs a Docker engine; say so when it was skipped.
if ! docker info >/dev/null 2>&1; then
  echo "note: no Docker engine here, so the LocalStack variant of the storage tests (LocalStackJobStorageTest) was skipped;"
  echo "      the same test bodies ran against S3Proxy and DynamoDB Local (LocalStorageJobStorageTest)."
fi
