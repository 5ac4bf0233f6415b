# The REST API: API Gateway checks the client's key, throttles and counts it against its usage
# plan, then hands the request to the API Lambda (Micronaut behind the API Gateway proxy adapter).

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  region  = data.aws_region.current.name
  account = data.aws_caller_identity.current.account_id
  arn     = "arn:${data.aws_partition.current.partition}"
  name    = "${var.name_prefix}-api"
  stage   = "v1"
}

module "function" {
  source = "../function"

  name            = local.name
  description     = "FileJobs: the REST API."
  package         = var.package
  handler         = "io.filejobs.app.ApiHandler"
  memory_mb       = var.memory_mb
  timeout_seconds = 29
  environment = merge(var.environment, {
    # API Gateway has checked the key (every method is api_key_required); the function serves only
    # events of this API and stage that carry the key API Gateway checked.
    FILEJOBS_API_AUTH           = "GATEWAY"
    FILEJOBS_API_GATEWAY_API_ID = aws_api_gateway_rest_api.this.id
    FILEJOBS_API_GATEWAY_STAGE  = local.stage
  })
  log_retention_days = var.log_retention_days
  policy_statements = [
    {
      Sid      = "Definitions"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      Resource = ["${var.definitions_bucket_arn}/*"]
    },
    {
      Sid      = "ListDefinitions"
      Action   = ["s3:ListBucket"]
      Resource = [var.definitions_bucket_arn]
    },
    {
      # HeadBucket, to tell a user that a bucket their job names does not exist.
      Sid      = "CheckBuckets"
      Action   = ["s3:ListBucket"]
      Resource = [for b in var.allowed_buckets : "${local.arn}:s3:::${b}"]
    },
    {
      Sid      = "Tables"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan"]
      Resource = [var.jobs_table_arn, var.runs_table_arn]
    },
    {
      # A job's object-created triggers, indexed by bucket, as it is written and deleted.
      Sid      = "TriggerIndex"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"]
      Resource = [var.triggers_table_arn]
    },
    {
      Sid      = "StartRuns"
      Action   = ["states:StartExecution"]
      Resource = [var.state_machine_arn]
    },
    {
      # The callback route hands a WAIT step's answer to the task that waits on its token.
      Sid      = "AnswerCallbacks"
      Action   = ["states:SendTaskSuccess", "states:SendTaskFailure"]
      Resource = [var.state_machine_arn]
    },
    {
      Sid      = "Schedules"
      Action   = ["scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"]
      Resource = ["${local.arn}:scheduler:${local.region}:${local.account}:schedule/${var.schedule_group_name}/*"]
    },
    {
      Sid       = "PassSchedulerRole"
      Action    = ["iam:PassRole"]
      Resource  = [var.scheduler_role_arn]
      Condition = { StringEquals = { "iam:PassedToService" = "scheduler.amazonaws.com" } }
    },
  ]
}

# The API's role was this module's own before the function module made one per function.
moved {
  from = aws_iam_role.api
  to   = module.function.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.api
  to   = module.function.aws_iam_role_policy.this
}

# ---- The REST API ----------------------------------------------------------------------------

resource "aws_api_gateway_rest_api" "this" {
  name        = local.name
  description = "FileJobs: scheduled S3 file jobs."

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "proxy" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "{proxy+}"
}

# ---- The console and the API's description: files without data, so without a key --------------

# API Gateway matches these before the greedy {proxy+}. Each takes GET only (local.routes); the function serves
# nothing on them but its own files (the console's page, style and script; the OpenAPI document and
# Swagger UI), and every call the console makes goes through the keyed routes above.
resource "aws_api_gateway_resource" "console" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "console"
}

resource "aws_api_gateway_resource" "console_file" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.console.id
  path_part   = "{file}"
}

resource "aws_api_gateway_resource" "docs" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "docs"
}

resource "aws_api_gateway_resource" "docs_res" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.docs.id
  path_part   = "res"
}

resource "aws_api_gateway_resource" "docs_file" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.docs_res.id
  path_part   = "{file}"
}

resource "aws_api_gateway_resource" "openapi" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "openapi.yml"
}

locals {
  # Every route goes to the application, which answers unknown ones with its typed 404 and 405. The
  # API's routes need a key; the files above take GET without one.
  routes = {
    root         = { resource_id = aws_api_gateway_rest_api.this.root_resource_id, method = "ANY", key = true }
    proxy        = { resource_id = aws_api_gateway_resource.proxy.id, method = "ANY", key = true }
    console      = { resource_id = aws_api_gateway_resource.console.id, method = "GET", key = false }
    console_file = { resource_id = aws_api_gateway_resource.console_file.id, method = "GET", key = false }
    docs         = { resource_id = aws_api_gateway_resource.docs.id, method = "GET", key = false }
    docs_file    = { resource_id = aws_api_gateway_resource.docs_file.id, method = "GET", key = false }
    openapi      = { resource_id = aws_api_gateway_resource.openapi.id, method = "GET", key = false }
  }
}

resource "aws_api_gateway_method" "route" {
  for_each = local.routes

  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = each.value.resource_id
  http_method      = each.value.method
  authorization    = "NONE"
  api_key_required = each.value.key
}

resource "aws_api_gateway_integration" "route" {
  for_each = local.routes

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = each.value.resource_id
  http_method             = aws_api_gateway_method.route[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = module.function.alias_invoke_arn
}

# Deployments made before the console's routes named these resources "any".
moved {
  from = aws_api_gateway_method.any
  to   = aws_api_gateway_method.route
}

moved {
  from = aws_api_gateway_integration.any
  to   = aws_api_gateway_integration.route
}

# Only the deployed stage may be invoked: not another stage someone adds by hand. (The console's
# test invocation skips API keys; the function refuses its events.)
resource "aws_api_gateway_rest_api_policy" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "InvokeTheDeployedStageOnly"
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "${aws_api_gateway_rest_api.this.execution_arn}/${local.stage}/*/*"
    }]
  })
}

resource "aws_lambda_permission" "api" {
  statement_id  = "api-gateway"
  action        = "lambda:InvokeFunction"
  function_name = module.function.function_name
  qualifier     = module.function.alias_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/*"
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  triggers = {
    # What a deployment snapshots: the routes, their methods and where they go.
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.proxy.path_part,
      { for k, m in aws_api_gateway_method.route : k => [m.resource_id, m.http_method, m.api_key_required, m.authorization] },
      { for k, i in aws_api_gateway_integration.route : k => [i.type, i.uri] },
      # A resource policy takes effect with the next deployment.
      aws_api_gateway_rest_api_policy.this.policy,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${local.name}/access"
  retention_in_days = var.log_retention_days
}

resource "aws_api_gateway_stage" "v1" {
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = local.stage
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId      = "$context.requestId"
      requestTime    = "$context.requestTime"
      ip             = "$context.identity.sourceIp"
      apiKeyId       = "$context.identity.apiKeyId"
      httpMethod     = "$context.httpMethod"
      path           = "$context.path"
      status         = "$context.status"
      responseLength = "$context.responseLength"
      latencyMs      = "$context.responseLatency"
      error          = "$context.error.message"
    })
  }

  depends_on = [aws_api_gateway_account.this]
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.v1.stage_name
  method_path = "*/*"

  settings {
    logging_level      = var.logging_level
    data_trace_enabled = false
    metrics_enabled    = true
    # The stage-wide ceiling; each client's usage plan throttles it further.
    throttling_rate_limit  = 100
    throttling_burst_limit = 200
  }
}

# Stage logging needs the region's API Gateway CloudWatch role.
resource "aws_iam_role" "gateway_logs" {
  count = var.manage_account ? 1 : 0

  name        = "${local.name}-cloudwatch"
  description = "Lets API Gateway write stage logs to CloudWatch Logs."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "gateway_logs" {
  count = var.manage_account ? 1 : 0

  name = "push-to-cloudwatch-logs"
  role = aws_iam_role.gateway_logs[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      # What AWS's AmazonAPIGatewayPushToCloudWatchLogs grants: API Gateway names its own log groups.
      Effect = "Allow"
      Action = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
      "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents"]
      Resource = ["*"]
    }]
  })
}

resource "aws_api_gateway_account" "this" {
  count = var.manage_account ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.gateway_logs[0].arn

  depends_on = [aws_iam_role_policy.gateway_logs]
}

# ---- Clients: a key and a usage plan each ----------------------------------------------------

resource "aws_api_gateway_api_key" "client" {
  for_each = var.clients

  name        = "${local.name}-${each.key}"
  description = "FileJobs API key of client ${each.key}."
  enabled     = true
}

resource "aws_api_gateway_usage_plan" "client" {
  for_each = var.clients

  name        = "${local.name}-${each.key}"
  description = "Throttling and quota of client ${each.key}."

  api_stages {
    api_id = aws_api_gateway_rest_api.this.id
    stage  = aws_api_gateway_stage.v1.stage_name
  }

  throttle_settings {
    rate_limit  = each.value.rate_limit
    burst_limit = each.value.burst_limit
  }

  quota_settings {
    limit  = each.value.quota_limit
    period = each.value.quota_period
  }
}

resource "aws_api_gateway_usage_plan_key" "client" {
  for_each = var.clients

  key_id        = aws_api_gateway_api_key.client[each.key].id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.client[each.key].id
}
