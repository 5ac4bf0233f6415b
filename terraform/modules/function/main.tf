# One FileJobs Lambda: Java 17 with SnapStart on published versions, its own log group with
# retention, X-Ray tracing, a role of its own that holds exactly the statements its caller gives
# (plus writing its own logs and traces), and a "live" alias that callers (API Gateway, the state
# machine, EventBridge, stream mappings) invoke, so that they always reach a snapshotted version.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  # The JVM's options. Both use the serial collector (what the JVM picks by itself below 2 CPUs or
  # 1792 MB, stated so it does not depend on memory_mb). A short-lived function (the API, starting
  # and finishing runs, routing events) runs C1 alone: it answers sooner after a cold start. The
  # function that moves bytes (run-step: MERGE's parts, IMPORT and EXPORT over TLS) keeps the full
  # JIT: AES-GCM, GHASH, SHA-2 and MD5 run as intrinsics only in C2, and with C1 alone an FTPS
  # IMPORT spent most of its time in them at a third of the speed. scripts/bench-api.sh starts the
  # API with the first; bench-merge.sh and bench-remote.sh run their workers with the second.
  short_lived_jvm_options = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  data_moving_jvm_options = "-XX:+UseSerialGC"

  arn = "arn:${data.aws_partition.current.partition}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "OwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${local.arn}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.name}:*"]
      },
      {
        # X-Ray takes no resource-level permissions.
        Sid      = "Tracing"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = ["*"]
      }
      ], [for s in var.policy_statements : merge({ Effect = "Allow" }, s)], length(var.subnet_ids) == 0 ? [] : [
      {
        # A function in a VPC reaches it through network interfaces Lambda makes in its name; EC2
        # takes no resource-level permissions for creating and describing them.
        Sid    = "VpcNetworkInterfaces"
        Effect = "Allow"
        Action = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
        Resource = ["*"]
      }
    ])
  })
}

resource "aws_iam_role" "this" {
  name        = var.name
  description = "Assumed by the Lambda ${var.name} alone."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "this" {
  name   = var.name
  role   = aws_iam_role.this.id
  policy = local.policy
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "this" {
  function_name    = var.name
  description      = var.description
  role             = aws_iam_role.this.arn
  runtime          = "java17"
  architectures    = ["x86_64"]
  handler          = var.handler
  filename         = var.package
  source_code_hash = filebase64sha256(var.package)
  memory_size      = var.memory_mb
  timeout          = var.timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(var.environment, {
      JAVA_TOOL_OPTIONS = var.moves_data ? local.data_moving_jvm_options : local.short_lived_jvm_options
    })
  }

  tracing_config {
    mode = "Active"
  }

  dynamic "vpc_config" {
    for_each = length(var.subnet_ids) == 0 ? [] : [1]
    content {
      subnet_ids         = var.subnet_ids
      security_group_ids = var.security_group_ids
    }
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.this.name
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }

  # SnapStart primes the function when a version is published, with its role's permissions.
  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "The published version callers invoke."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}
