# The workflow module under a mock provider: the step Lambdas, the state machine, and what the
# step Lambdas may touch.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name_prefix            = "filejobs"
  state_machine_name     = "filejobs-run"
  state_machine_arn      = "arn:aws:states:eu-central-1:123456789012:stateMachine:filejobs-run"
  definition_file        = "../state-machine.json"
  package                = "tests/fixtures/package.jar"
  environment            = { FILEJOBS_JOBS_TABLE = "filejobs-jobs" }
  memory_mb              = 1024
  log_retention_days     = 14
  allowed_buckets        = ["data-in", "data-out"]
  definitions_bucket_arn = "arn:aws:s3:::filejobs-definitions-123456789012"
  jobs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-jobs"
  jobs_stream_arn        = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-jobs/stream/2026-01-01T00:00:00.000"
  runs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-runs"
  topic_arn              = "arn:aws:sns:eu-central-1:123456789012:filejobs-failures"
  schedule_group_name    = "filejobs-jobs"
  scheduler_role_arn     = "arn:aws:iam::123456789012:role/filejobs-scheduler"
}

run "workflow" {
  command = apply

  module {
    source = "./modules/workflow"
  }

  assert {
    condition     = one(aws_sfn_state_machine.run.logging_configuration).level == "ERROR" && !one(aws_sfn_state_machine.run.logging_configuration).include_execution_data
    error_message = "By default the state machine logs errors, without execution data (object names, error texts)."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_policy.stream_failures.policy).Statement[0].Effect == "Deny" && jsondecode(aws_sqs_queue_policy.stream_failures.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false"
    error_message = "The stream-failures queue refuses requests without TLS."
  }

  assert {
    condition     = one(aws_sfn_state_machine.run.tracing_configuration).enabled
    error_message = "The state machine is traced with X-Ray."
  }

  assert {
    condition     = length(regexall("\\$\\{", aws_sfn_state_machine.run.definition)) == 0 && jsondecode(aws_sfn_state_machine.run.definition).StartAt == "Init"
    error_message = "state-machine.json is templated completely and stays valid JSON."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.run.definition).States.Alert.Parameters.TopicArn == var.topic_arn
    error_message = "Alerts go to the failure topic."
  }

  assert {
    condition     = aws_cloudwatch_log_group.state_machine.retention_in_days == 14
    error_message = "The state machine's log group keeps logs for log_retention_days."
  }

  assert {
    condition = alltrue([for k, f in module.function :
    f.alias_name == "live"])
    error_message = "Every step Lambda is called through its live alias."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.execution_ended.event_pattern).detail.status == ["FAILED", "TIMED_OUT", "ABORTED"]
    error_message = "Executions that failed, timed out or were aborted reach the execution status function."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.execution_ended.event_pattern).detail.stateMachineArn == [var.state_machine_arn]
    error_message = "The rule listens to this deployment's state machine only."
  }

  assert {
    condition     = toset(keys(aws_lambda_event_source_mapping.jobs_stream)) == toset(["validate-job", "reconcile-schedules"])
    error_message = "The jobs stream feeds validation and schedule reconciliation."
  }

  # ---- Least privilege ----

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.steps.policy).Statement :
      !contains(s.Resource, "*") if anytrue([for a in s.Action : can(regex("^(s3|dynamodb|states|sqs|sns|iam):", a))])
    ])
    error_message = "No data action of the step Lambdas may have a '*' resource."
  }

  assert {
    condition = alltrue(flatten([for s in jsondecode(aws_iam_role_policy.steps.policy).Statement : [for r in s.Resource :
      contains(["arn:aws:s3:::data-in", "arn:aws:s3:::data-in/*", "arn:aws:s3:::data-out", "arn:aws:s3:::data-out/*",
      "${var.definitions_bucket_arn}/*"], r)] if anytrue([for a in s.Action : startswith(a, "s3:")])
    ]))
    error_message = "The step Lambdas' S3 actions reach only the allowed buckets and the definitions bucket."
  }

  assert {
    condition = alltrue(flatten([for s in jsondecode(aws_iam_role_policy.steps.policy).Statement : [for r in s.Resource :
      contains([var.jobs_table_arn, var.runs_table_arn, var.jobs_stream_arn], r)] if anytrue([for a in s.Action : startswith(a, "dynamodb:")])
    ]))
    error_message = "The step Lambdas' DynamoDB actions reach only the two tables and the jobs stream."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.steps.policy).Statement :
      s.Resource == [var.scheduler_role_arn] && s.Condition.StringEquals["iam:PassedToService"] == "scheduler.amazonaws.com"
      if contains(s.Action, "iam:PassRole")
    ])
    error_message = "The step Lambdas may pass only the scheduler's role, and only to Scheduler."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.state_machine.policy).Statement :
      !contains(s.Resource, "*") if anytrue([for a in s.Action : can(regex("^(lambda|sns):", a))])
    ])
    error_message = "The state machine may invoke only its three Lambdas and publish only to the failure topic."
  }
}
