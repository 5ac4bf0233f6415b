#!/usr/bin/env bash
# The Terraform checks of scripts/test.sh, offline:
#   1. fmt -check, init from the local provider mirror, validate;
#   2. terraform test: every module under a mock provider, asserting its security properties;
#   3. against moto (scripts/moto-server.py, started and stopped here): apply the whole stack with
#      the Maven-built jars, re-plan and expect no changes, run the deployed state machine on moto's
#      engine with the real handlers (DeployedWorkflowCheck, in step-lambdas), then destroy.
# It needs the Lambda jars, so run it after Maven's package phase (scripts/test.sh does).
#
#   TF_PROVIDER_MIRROR  the folder that holds registry.terraform.io/hashicorp/aws (searched for when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in terraform python3 mvn curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test-terraform.sh: '$tool' is required" >&2; exit 1; }
done
python3 -c 'import moto.server' 2>/dev/null || { echo "test-terraform.sh: moto's server (pip install 'moto[server]==5.2.1') is required" >&2; exit 1; }

mirror=${TF_PROVIDER_MIRROR:-}
if [ -z "$mirror" ]; then
  for candidate in /opt/tf-plugins "$HOME/.terraform.d/plugins" /usr/local/share/terraform/plugins /usr/share/terraform/plugins; do
    if [ -d "$candidate/registry.terraform.io/hashicorp/aws" ]; then mirror=$candidate; break; fi
  done
fi
if [ -z "$mirror" ] || [ ! -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  echo "test-terraform.sh: no local mirror of the hashicorp/aws provider found; set TF_PROVIDER_MIRROR to the folder that holds registry.terraform.io" >&2
  exit 1
fi

work="$root/target/terraform"
rm -rf "$work"
mkdir -p "$work"
cat > "$work/cli.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
EOF
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
export TF_DATA_DIR="$work/data"

echo "-- terraform fmt -check"
terraform -chdir=terraform fmt -check -recursive -diff
echo "-- terraform init (offline mirror: $mirror) and validate"
terraform -chdir=terraform init -backend=false -no-color >"$work/init.log" || { cat "$work/init.log" >&2; exit 1; }
terraform -chdir=terraform validate -no-color
echo "-- terraform test (mock provider)"
terraform -chdir=terraform test -no-color

# ---- Against moto --------------------------------------------------------------------------
api_jar="$root/app/target/filejobs-app-lambda.jar"
steps_jar="$root/step-lambdas/target/filejobs-step-lambdas-lambda.jar"
for jar in "$api_jar" "$steps_jar"; do
  [ -f "$jar" ] || { echo "test-terraform.sh: $jar is missing; run Maven's package phase first" >&2; exit 1; }
done

# A copy of the configuration, so that the moto provider settings (an override file) never touch terraform/.
deploy="$work/moto"
mkdir -p "$deploy"
cp -r terraform "$deploy/terraform"
rm -rf "$deploy/terraform/.terraform" "$deploy/terraform/tests"
cp state-machine.json "$deploy/"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
endpoint="http://127.0.0.1:$port"
python3 scripts/moto-server.py 127.0.0.1 "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
destroyed=
cleanup() {
  status=$?
  if [ -z "$destroyed" ] && [ -f "$deploy/terraform/terraform.tfstate" ]; then
    terraform -chdir="$deploy/terraform" destroy -auto-approve -no-color >"$work/destroy-on-exit.log" 2>&1 || true
  fi
  kill "$moto_pid" 2>/dev/null || true
  wait "$moto_pid" 2>/dev/null || true
  exit $status
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "$endpoint/moto-api/" >/dev/null 2>&1 && break
  kill -0 "$moto_pid" 2>/dev/null || { echo "moto did not start; see $work/moto.log" >&2; cat "$work/moto.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "$endpoint/moto-api/" >/dev/null || { echo "moto did not answer on $endpoint" >&2; exit 1; }

services="apigateway cloudwatch cloudwatchlogs dynamodb events iam lambda s3 scheduler sfn sns sqs sts"
{
  echo 'provider "aws" {'
  echo '  region                      = var.region'
  echo '  access_key                  = "moto"'
  echo '  secret_key                  = "moto"'
  echo '  skip_credentials_validation = true'
  echo '  skip_metadata_api_check     = true'
  echo '  skip_requesting_account_id  = true'
  echo '  s3_use_path_style           = true'
  echo '  max_retries                 = 3'
  echo '  endpoints {'
  for service in $services; do echo "    $service = \"$endpoint\""; done
  echo '  }'
  echo '}'
} >"$deploy/terraform/moto_override.tf"
cat >"$deploy/terraform/terraform.tfvars" <<EOF
region              = "us-east-1"
allowed_buckets     = ["filejobs-moto-data"]
trigger_buckets     = ["filejobs-moto-data"]
# The deployed check's HTTP steps call a server in its own JVM, on a loopback address it lists.
http_allowed_hosts  = ["127.0.0.2"]
alert_emails        = ["ops@example.com"]
deletion_protection = false
# Small enough that the deployed check's set of a dozen objects is split into shards.
set_shards          = 3
set_shard_size      = 5
api_jar             = "$api_jar"
steps_jar           = "$steps_jar"
EOF

export TF_DATA_DIR="$deploy/data"
echo "-- against moto ($endpoint): init, apply"
terraform -chdir="$deploy/terraform" init -backend=false -no-color >"$work/moto-init.log" || { cat "$work/moto-init.log" >&2; exit 1; }
start=$(date +%s)
terraform -chdir="$deploy/terraform" apply -auto-approve -no-color >"$work/apply.log" 2>&1 || { tail -60 "$work/apply.log" >&2; exit 1; }
grep -E '^Apply complete' "$work/apply.log"
echo "   apply took $(( $(date +%s) - start )) s"

echo "-- against moto: a second plan shows no changes"
set +e
terraform -chdir="$deploy/terraform" plan -detailed-exitcode -no-color >"$work/replan.log" 2>&1
replan=$?
set -e
if [ "$replan" -ne 0 ]; then
  echo "the re-plan after apply was not empty (exit $replan):" >&2
  grep -E '^\s*[-+~]|# |Error' "$work/replan.log" | head -80 >&2
  exit 1
fi
echo "   no changes"

terraform -chdir="$deploy/terraform" output -json >"$work/outputs.json"

echo "-- against moto: every alarm notifies the failure topic, and the dashboard is there"
python3 - "$endpoint" "$work/outputs.json" <<'EOF'
import json, sys
import boto3
endpoint, outputs = sys.argv[1], json.load(open(sys.argv[2]))
cloudwatch = boto3.client("cloudwatch", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="moto", aws_secret_access_key="moto")
expected = set(outputs["alarms"]["value"].values())
alarms = {a["AlarmName"]: a for page in cloudwatch.get_paginator("describe_alarms").paginate() for a in page["MetricAlarms"]}
missing = expected - alarms.keys()
assert not missing, f"alarms not deployed: {sorted(missing)}"
topic = outputs["failure_topic_arn"]["value"]
wrong = [n for n in expected if alarms[n]["AlarmActions"] != [topic]]
assert not wrong, f"alarms that do not notify {topic}: {wrong}"
body = json.loads(cloudwatch.get_dashboard(DashboardName=outputs["dashboard"]["value"])["DashboardBody"])
print(f"   {len(expected)} alarms on the failure topic; dashboard {outputs['dashboard']['value']} with {len(body['widgets'])} widgets")
EOF

echo "-- against moto: the deployed state machine, run on moto's engine with the real handlers"
# Every Lambda task is redirected to a task-token callback that this Maven run serves in-process.
start=$(date +%s)
mvn -B -ntp -q -pl step-lambdas -am test-compile surefire:test \
  -Dtest=DeployedWorkflowCheck -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfilejobs.deployed.endpoint="$endpoint" -Dfilejobs.deployed.outputs="$work/outputs.json" >"$work/check.log" 2>&1 || {
  tail -80 "$work/check.log" >&2
  echo "see step-lambdas/target/surefire-reports/ and $work/moto.log" >&2
  exit 1
}
grep -h -E 'Tests run:' step-lambdas/target/surefire-reports/*DeployedWorkflowCheck.txt
echo "   took $(( $(date +%s) - start )) s"

echo "-- against moto: destroy"
terraform -chdir="$deploy/terraform" destroy -auto-approve -no-color >"$work/destroy.log" 2>&1 || { tail -40 "$work/destroy.log" >&2; exit 1; }
destroyed=yes
grep -E '^Destroy complete' "$work/destroy.log"
