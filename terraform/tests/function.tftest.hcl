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
    name               = "filejobs-run-step"
    description        = "test"
    package            = "tests/fixtures/package.jar"
    handler            = "io.filejobs.steplambdas.RunStepFunction"
    role_arn           = "arn:aws:iam::123456789012:role/filejobs-steps"
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
}
