#!/usr/bin/env bash
# Deploys FileJobs to AWS: builds the Lambda jars with Maven, then runs terraform apply in
# terraform/ with your terraform.tfvars (see the README's "Deploy to AWS"). Extra arguments go to
# terraform apply, for example -auto-approve or -var-file=prod.tfvars.
#
# Uses your usual AWS credentials (AWS_PROFILE, environment, SSO) and Terraform set-up; configure a
# remote backend in terraform/ (backend.tf) if more than one person deploys.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in java mvn terraform; do
  command -v "$tool" >/dev/null 2>&1 || { echo "deploy.sh: '$tool' is required" >&2; exit 1; }
done
if [ ! -f terraform/terraform.tfvars ] && ! printf '%s\n' "$@" | grep -q -- '-var'; then
  echo "deploy.sh: terraform/terraform.tfvars is missing; copy terraform/terraform.tfvars.example and fill it in" >&2
  exit 1
fi

echo "== Building the Lambda jars"
mvn -B -q -ntp -DskipTests -pl app,step-lambdas -am package
ls -l app/target/filejobs-app-lambda.jar step-lambdas/target/filejobs-step-lambdas-lambda.jar

echo "== terraform init"
terraform -chdir=terraform init -input=false
echo "== terraform apply"
terraform -chdir=terraform apply "$@"

echo
echo "FileJobs is deployed."
echo "  API URL:  $(terraform -chdir=terraform output -raw api_url)"
echo "  API keys: terraform -chdir=terraform output -json api_keys"
echo "  Try:      ./scripts/filejobs list"
