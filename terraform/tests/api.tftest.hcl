# The API module under a mock provider: keys, throttling, logging and the API Lambda's permissions.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name_prefix        = "filejobs"
  package            = "tests/fixtures/package.jar"
  environment        = { FILEJOBS_JOBS_TABLE = "filejobs-jobs" }
  memory_mb          = 1024
  log_retention_days = 30
  logging_level      = "INFO"
  clients = {
    etl       = { rate_limit = 5, burst_limit = 10, quota_limit = 5000, quota_period = "DAY" }
    reporting = { rate_limit = 1, burst_limit = 2, quota_limit = 100, quota_period = "WEEK" }
  }
  manage_account         = true
  allowed_buckets        = ["data-in"]
  definitions_bucket_arn = "arn:aws:s3:::filejobs-definitions-123456789012"
  jobs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-jobs"
  runs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-runs"
  triggers_table_arn     = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-triggers"
  state_machine_arn      = "arn:aws:states:eu-central-1:123456789012:stateMachine:filejobs-run"
  schedule_group_name    = "filejobs-jobs"
  scheduler_role_arn     = "arn:aws:iam::123456789012:role/filejobs-scheduler"
}

run "api" {
  command = apply

  module {
    source = "./modules/api"
  }

  assert {
    condition     = aws_api_gateway_method.route["root"].api_key_required && aws_api_gateway_method.route["proxy"].api_key_required
    error_message = "Every method of the API's routes requires an API key."
  }

  assert {
    condition = (sort([for k, m in aws_api_gateway_method.route : k if !m.api_key_required]) == sort(["console", "console_file", "docs", "docs_file", "openapi"])
      && alltrue([for m in aws_api_gateway_method.route : m.http_method == "GET" if !m.api_key_required])
      && aws_api_gateway_resource.console.path_part == "console" && aws_api_gateway_resource.openapi.path_part == "openapi.yml"
    && aws_api_gateway_resource.docs.path_part == "docs")
    error_message = "Only GET of the console's files, /docs and /openapi.yml goes without a key."
  }

  assert {
    condition = (jsondecode(aws_api_gateway_rest_api_policy.this.policy).Statement[0].Effect == "Allow"
      && jsondecode(aws_api_gateway_rest_api_policy.this.policy).Statement[0].Resource == "${aws_api_gateway_rest_api.this.execution_arn}/${aws_api_gateway_stage.v1.stage_name}/*/*"
    && length(jsondecode(aws_api_gateway_rest_api_policy.this.policy).Statement) == 1)
    error_message = "The REST API's resource policy allows invoking the deployed stage only."
  }

  assert {
    condition = (module.function.environment.FILEJOBS_API_AUTH == "GATEWAY"
      && module.function.environment.FILEJOBS_API_GATEWAY_API_ID == aws_api_gateway_rest_api.this.id
    && module.function.environment.FILEJOBS_API_GATEWAY_STAGE == aws_api_gateway_stage.v1.stage_name)
    error_message = "The API Lambda serves only events of this API and stage that passed API Gateway's key check."
  }

  assert {
    condition     = length(aws_api_gateway_method.route) == 7 && alltrue([for i in aws_api_gateway_integration.route : i.type == "AWS_PROXY" && i.uri == module.function.alias_invoke_arn])
    error_message = "The root and every path below it go to the API Lambda."
  }

  assert {
    condition     = toset(keys(aws_api_gateway_api_key.client)) == toset(["etl", "reporting"]) && length(aws_api_gateway_usage_plan_key.client) == 2
    error_message = "Each client gets its own key, attached to its own usage plan."
  }

  assert {
    condition = (one(aws_api_gateway_usage_plan.client["etl"].throttle_settings).rate_limit == 5
      && one(aws_api_gateway_usage_plan.client["etl"].throttle_settings).burst_limit == 10
      && one(aws_api_gateway_usage_plan.client["reporting"].quota_settings).limit == 100
    && one(aws_api_gateway_usage_plan.client["reporting"].quota_settings).period == "WEEK")
    error_message = "Each usage plan throttles and limits its client as configured."
  }

  assert {
    condition = (one(aws_api_gateway_method_settings.all.settings).logging_level == "INFO"
      && one(aws_api_gateway_method_settings.all.settings).metrics_enabled
      && !one(aws_api_gateway_method_settings.all.settings).data_trace_enabled
    && one(aws_api_gateway_method_settings.all.settings).throttling_rate_limit > 0)
    error_message = "The stage logs at the configured level, keeps metrics, never logs bodies, and has a throttle."
  }

  assert {
    condition     = one(aws_api_gateway_stage.v1.access_log_settings).destination_arn == aws_cloudwatch_log_group.access.arn && aws_cloudwatch_log_group.access.retention_in_days == 30
    error_message = "The stage writes access logs to a log group with retention."
  }

  assert {
    condition     = aws_lambda_permission.api.qualifier == "live" && aws_lambda_permission.api.principal == "apigateway.amazonaws.com"
    error_message = "API Gateway may invoke the API Lambda's live alias only."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.function.policy).Statement :
      !contains(s.Resource, "*") if anytrue([for a in s.Action : can(regex("^(s3|dynamodb|states|sqs|sns|iam|scheduler):", a))])
    ])
    error_message = "No data action of the API Lambda may have a '*' resource."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.function.policy).Statement :
      s.Resource == [var.state_machine_arn] if contains(s.Action, "states:StartExecution")
    ])
    error_message = "The API may start executions of the one state machine only."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.function.policy).Statement :
      s.Resource == [var.state_machine_arn] && toset(s.Action) == toset(["states:SendTaskSuccess", "states:SendTaskFailure"]) if anytrue([for a in s.Action : startswith(a, "states:SendTask")])
    ])
    error_message = "The callback route answers the tasks of the one state machine only."
  }

  assert {
    condition = alltrue(flatten([for s in jsondecode(module.function.policy).Statement : [for r in s.Resource :
      contains(["arn:aws:s3:::data-in", var.definitions_bucket_arn, "${var.definitions_bucket_arn}/*"], r)] if anytrue([for a in s.Action : startswith(a, "s3:")])
    ]))
    error_message = "The API's S3 actions reach only the definitions bucket (and HeadBucket on the allowed buckets)."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.function.policy).Statement :
      s.Resource == [var.scheduler_role_arn] if contains(s.Action, "iam:PassRole")
    ])
    error_message = "The API may pass only the scheduler's role."
  }

  assert {
    condition     = module.function.alias_name == "live"
    error_message = "The API Lambda is called through its live alias."
  }
}
