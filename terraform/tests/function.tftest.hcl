# The function module (every FileJobs Lambda) under a mock provider.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "lambda_snapstart_logs_and_tracing" {
  command = apply

  module {
    source = "./modules/function"
  }

  variables {
    name        = "filejobs-run-step"
    description = "test"
    package     = "tests/fixtures/package.jar"
    handler     = "io.filejobs.steplambdas.RunStepFunction"
    policy_statements = [
      { Sid = "Runs", Action = ["dynamodb:GetItem", "dynamodb:UpdateItem"], Resource = ["arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-runs"] },
    ]
    memory_mb          = 1024
    timeout_seconds    = 900
    environment        = { FILEJOBS_RUNS_TABLE = "filejobs-runs" }
    log_retention_days = 30
  }

  assert {
    condition     = one(aws_lambda_function.this.snap_start).apply_on == "PublishedVersions" && aws_lambda_function.this.publish
    error_message = "SnapStart applies to published versions, and every deploy publishes one."
  }

  assert {
    condition     = aws_lambda_alias.live.function_version == aws_lambda_function.this.version
    error_message = "The live alias points at the version just published."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["JAVA_TOOL_OPTIONS"] == "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" && output.java_options == aws_lambda_function.this.environment[0].variables["JAVA_TOOL_OPTIONS"]
    error_message = "A function runs C1 alone and the serial collector unless it moves data."
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "java17" && aws_lambda_function.this.source_code_hash == filebase64sha256("tests/fixtures/package.jar")
    error_message = "Java 17, redeployed whenever the jar changes."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/filejobs-run-step" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "Each function has its own log group with the configured retention."
  }

  assert {
    condition = (one(aws_lambda_function.this.logging_config).log_group == aws_cloudwatch_log_group.this.name
      && one(aws_lambda_function.this.logging_config).log_format == "JSON"
    && one(aws_lambda_function.this.logging_config).application_log_level == "INFO")
    error_message = "The function logs JSON at INFO into its own log group."
  }

  assert {
    condition     = one(aws_lambda_function.this.tracing_config).mode == "Active"
    error_message = "The function is traced with X-Ray."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["FILEJOBS_RUNS_TABLE"] == "filejobs-runs"
    error_message = "The application's settings reach the function."
  }

  assert {
    condition     = aws_lambda_function.this.role == aws_iam_role.this.arn && aws_iam_role.this.name == "filejobs-run-step" && aws_iam_role_policy.this.role == aws_iam_role.this.id
    error_message = "The function runs as a role of its own, named after it."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == "lambda.amazonaws.com"
    error_message = "Only Lambda assumes the function's role."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : { sid = s.Sid, effect = s.Effect, actions = s.Action, resources = s.Resource }] == [
      { sid = "OwnLogs", effect = "Allow", actions = ["logs:CreateLogStream", "logs:PutLogEvents"], resources = ["arn:aws:logs:eu-central-1:123456789012:log-group:/aws/lambda/filejobs-run-step:*"] },
      { sid = "Tracing", effect = "Allow", actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources = ["*"] },
      { sid = "Runs", effect = "Allow", actions = ["dynamodb:GetItem", "dynamodb:UpdateItem"], resources = ["arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-runs"] },
    ]
    error_message = "The role holds the caller's statements (allowed) and writing its own logs and traces; nothing else."
  }

  assert {
    condition     = output.policy == aws_iam_role_policy.this.policy
    error_message = "The policy is an output, for the callers' least-privilege checks."
  }
}

run "a_statement_that_allows_is_the_only_kind" {
  command = plan

  module {
    source = "./modules/function"
  }

  variables {
    name               = "filejobs-bad"
    description        = "test"
    package            = "tests/fixtures/package.jar"
    handler            = "x"
    memory_mb          = 512
    timeout_seconds    = 10
    environment        = {}
    log_retention_days = 1
    policy_statements  = [{ Sid = "Deny", Effect = "Deny", Action = ["s3:*"], Resource = ["*"] }]
  }

  expect_failures = [var.policy_statements]
}
