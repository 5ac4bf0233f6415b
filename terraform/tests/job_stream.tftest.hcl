# The job stream module under a mock provider: the functions the jobs table's stream feeds, their
# dead-letter queue and daily sweep, and what each function may touch.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name_prefix            = "filejobs"
  package                = "tests/fixtures/package.jar"
  environment            = { FILEJOBS_JOBS_TABLE = "filejobs-jobs" }
  memory_mb              = 1024
  log_retention_days     = 14
  allowed_buckets        = ["data-in", "data-out"]
  definitions_bucket_arn = "arn:aws:s3:::filejobs-definitions-123456789012"
  jobs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-jobs"
  jobs_stream_arn        = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-jobs/stream/2026-01-01T00:00:00.000"
  runs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-runs"
  triggers_table_arn     = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-triggers"
  schedule_group_name    = "filejobs-jobs"
  scheduler_role_arn     = "arn:aws:iam::123456789012:role/filejobs-scheduler"
}

run "job_stream" {
  command = apply

  module {
    source = "./modules/job_stream"
  }

  assert {
    condition     = toset(keys(aws_lambda_event_source_mapping.jobs_stream)) == toset(["validate-job", "reconcile-schedules"])
    error_message = "The jobs stream feeds validation and trigger reconciliation."
  }

  assert {
    condition = alltrue([for k, m in aws_lambda_event_source_mapping.jobs_stream :
    m.function_name == module.function[k].alias_arn && one(one(m.destination_config).on_failure).destination_arn == aws_sqs_queue.stream_failures.arn])
    error_message = "Each mapping invokes its function's live alias and parks a batch that keeps failing in the dead-letter queue."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_policy.stream_failures.policy).Statement[0].Effect == "Deny" && jsondecode(aws_sqs_queue_policy.stream_failures.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false"
    error_message = "The stream-failures queue refuses requests without TLS."
  }

  assert {
    condition     = aws_cloudwatch_event_target.sweep.arn == module.function["reconcile-schedules"].alias_arn && jsondecode(aws_cloudwatch_event_target.sweep.input).Records == []
    error_message = "The daily sweep reconciles every job (an empty event)."
  }

  # ---- Least privilege: one role per function ----

  assert {
    condition = toset(flatten([for s in jsondecode(module.function["validate-job"].policy).Statement : s.Action])) == toset([
      "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
      "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams", "sqs:SendMessage",
    "s3:GetObject", "s3:ListBucket", "s3:GetBucketNotification", "dynamodb:GetItem", "dynamodb:UpdateItem"])
    error_message = "validate-job reads the stream, the job, its definition, the objects' heads and the trigger buckets' event settings, and records the check; nothing else."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(module.function["reconcile-schedules"].policy).Statement : s.Action])) == toset([
      "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
      "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams", "sqs:SendMessage",
      "s3:GetObject", "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query", "scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule",
    "scheduler:DeleteSchedule", "scheduler:ListSchedules", "iam:PassRole"])
    error_message = "reconcile-schedules reads the stream and the jobs and writes their schedules and trigger index items; nothing else."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.function["validate-job"].policy).Statement :
    !anytrue([for a in s.Action : contains(["s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload", "iam:PassRole"], a) || startswith(a, "scheduler:")])])
    error_message = "validate-job may not write or delete objects, nor touch schedules."
  }

  assert {
    condition = alltrue(flatten([for s in jsondecode(module.function["validate-job"].policy).Statement : [for r in s.Resource :
      contains(["arn:aws:s3:::data-in", "arn:aws:s3:::data-in/*", "arn:aws:s3:::data-out", "arn:aws:s3:::data-out/*", "${var.definitions_bucket_arn}/*"], r)]
    if anytrue([for a in s.Action : startswith(a, "s3:")])]))
    error_message = "validate-job's S3 reads reach only the allowed buckets and the definitions."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.function["reconcile-schedules"].policy).Statement :
    !anytrue([for a in s.Action : startswith(a, "s3:") && a != "s3:GetObject"]) && (contains(s.Action, "s3:GetObject") ? s.Resource == ["${var.definitions_bucket_arn}/*"] : true)])
    error_message = "reconcile-schedules reads definitions only; it touches no data object."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.function["reconcile-schedules"].policy).Statement :
      s.Resource == [var.scheduler_role_arn] && s.Condition.StringEquals["iam:PassedToService"] == "scheduler.amazonaws.com"
      if contains(s.Action, "iam:PassRole")
    ])
    error_message = "reconcile-schedules may pass only the scheduler's role, and only to Scheduler."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement :
      !contains(s.Resource, "*") if anytrue([for a in s.Action : can(regex("^(s3|dynamodb|states|sqs|sns|iam):", a))])
    ]]))
    error_message = "No data action of a stream-fed Lambda may have a '*' resource."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement : [for r in s.Resource :
      contains([var.jobs_table_arn, var.runs_table_arn, var.triggers_table_arn, var.jobs_stream_arn], r)] if anytrue([for a in s.Action : startswith(a, "dynamodb:")])
    ]]))
    error_message = "The stream-fed Lambdas' DynamoDB actions reach only the three tables and the jobs stream."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement : s.Resource == [var.jobs_table_arn]
    if anytrue([for a in s.Action : contains(["dynamodb:UpdateItem", "dynamodb:Scan"], a)])]]))
    error_message = "The stream-fed Lambdas write (validate-job) and scan (the sweep) the jobs table only."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement : s.Resource == [var.triggers_table_arn]
    if anytrue([for a in s.Action : contains(["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"], a)])]]))
    error_message = "The stream-fed Lambdas put, delete and query items of the trigger index only."
  }

  assert {
    condition     = alltrue([for s in flatten([for k, f in module.function : jsondecode(f.policy).Statement]) : !anytrue([for a in s.Action : contains(["sns:Publish", "states:StartExecution", "dynamodb:PutItem", "dynamodb:DeleteItem"], a)]) if s.Resource != [var.triggers_table_arn]])
    error_message = "No stream-fed Lambda publishes alerts, starts runs, or creates or deletes items, other than the trigger index's."
  }
}
