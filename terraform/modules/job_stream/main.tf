# The job stream: what the jobs table's DynamoDB stream feeds. Every job write reaches the
# function that checks the new version (validation phase 2) and the one that brings the job's
# trigger registrations (its schedule) in line with it; a daily sweep repairs what a lost stream
# record left behind, and batches that keep failing go to a dead-letter queue.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  region              = data.aws_region.current.name
  account             = data.aws_caller_identity.current.account_id
  arn                 = "arn:${data.aws_partition.current.partition}"
  allowed_bucket_arns = [for b in var.allowed_buckets : "${local.arn}:s3:::${b}"]

  # What every function fed by the stream needs: read its records, park a failed batch, read the
  # job and its definition. Reading a run (GetItem) is SnapStart's priming, which reads both tables.
  stream_statements = [
    {
      Sid      = "JobsStream"
      Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
      Resource = [var.jobs_stream_arn]
    },
    {
      Sid      = "StreamFailures"
      Action   = ["sqs:SendMessage"]
      Resource = [aws_sqs_queue.stream_failures.arn]
    },
    {
      Sid      = "ReadDefinitions"
      Action   = ["s3:GetObject"]
      Resource = ["${var.definitions_bucket_arn}/*"]
    },
    {
      Sid      = "PrimeRuns"
      Action   = ["dynamodb:GetItem"]
      Resource = [var.runs_table_arn]
    },
  ]

  functions = {
    validate-job = {
      handler     = "io.filejobs.steplambdas.ValidateJobFunction"
      description = "FileJobs: checks new job versions (from the jobs stream)."
      timeout     = 120
      statements = concat(local.stream_statements, [
        {
          # Read the job, record the outcome of its check.
          Sid      = "Jobs"
          Action   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
          Resource = [var.jobs_table_arn]
        },
        {
          # HeadBucket: the bucket exists and is reachable.
          Sid      = "CheckBuckets"
          Action   = ["s3:ListBucket"]
          Resource = local.allowed_bucket_arns
        },
        {
          # HeadObject: every object a step reads exists.
          Sid      = "CheckObjects"
          Action   = ["s3:GetObject"]
          Resource = [for b in local.allowed_bucket_arns : "${b}/*"]
        },
        {
          # GetBucketNotificationConfiguration: a trigger's bucket sends its events to EventBridge.
          Sid      = "CheckTriggerBuckets"
          Action   = ["s3:GetBucketNotification"]
          Resource = local.allowed_bucket_arns
        },
      ])
    }
    reconcile-schedules = {
      handler     = "io.filejobs.steplambdas.ReconcileSchedulesFunction"
      description = "FileJobs: keeps each job's trigger registrations (its schedule, its object-created triggers) as the jobs table says (from the jobs stream, and a daily sweep)."
      timeout     = 300
      statements = concat(local.stream_statements, [
        {
          # Read a changed job; the sweep scans them all.
          Sid      = "Jobs"
          Action   = ["dynamodb:GetItem", "dynamodb:Scan"]
          Resource = [var.jobs_table_arn]
        },
        {
          # The index of object-created triggers; the sweep lists the jobs it holds.
          Sid      = "TriggerIndex"
          Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"]
          Resource = [var.triggers_table_arn]
        },
        {
          Sid      = "Schedules"
          Action   = ["scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"]
          Resource = ["${local.arn}:scheduler:${local.region}:${local.account}:schedule/${var.schedule_group_name}/*"]
        },
        {
          # ListSchedules has no resource-level permissions.
          Sid      = "ListSchedules"
          Action   = ["scheduler:ListSchedules"]
          Resource = ["*"]
        },
        {
          Sid       = "PassSchedulerRole"
          Action    = ["iam:PassRole"]
          Resource  = [var.scheduler_role_arn]
          Condition = { StringEquals = { "iam:PassedToService" = "scheduler.amazonaws.com" } }
        },
      ])
    }
  }
}

module "function" {
  source   = "../function"
  for_each = local.functions

  name               = "${var.name_prefix}-${each.key}"
  description        = each.value.description
  package            = var.package
  handler            = each.value.handler
  policy_statements  = each.value.statements
  memory_mb          = var.memory_mb
  timeout_seconds    = each.value.timeout
  environment        = var.environment
  log_retention_days = var.log_retention_days
}

resource "aws_sqs_queue" "stream_failures" {
  name                      = "${var.name_prefix}-stream-failures"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue_policy" "stream_failures" {
  queue_url = aws_sqs_queue.stream_failures.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TlsOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = aws_sqs_queue.stream_failures.arn
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_lambda_event_source_mapping" "jobs_stream" {
  for_each = local.functions

  event_source_arn               = var.jobs_stream_arn
  function_name                  = module.function[each.key].alias_arn
  starting_position              = "LATEST"
  batch_size                     = 25
  maximum_retry_attempts         = 10
  maximum_record_age_in_seconds  = 86400
  bisect_batch_on_function_error = true

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.stream_failures.arn
    }
  }

  # The function's role must read the stream before the mapping is created.
  depends_on = [module.function]
}

# A daily sweep repairs what a lost stream record left behind: an empty event reconciles every job.
resource "aws_cloudwatch_event_rule" "sweep" {
  name                = "${var.name_prefix}-schedule-sweep"
  description         = "FileJobs: reconcile every job's trigger registrations with the jobs table."
  schedule_expression = "rate(1 day)"
}

resource "aws_cloudwatch_event_target" "sweep" {
  rule  = aws_cloudwatch_event_rule.sweep.name
  arn   = module.function["reconcile-schedules"].alias_arn
  input = jsonencode({ Records = [] })
}

resource "aws_lambda_permission" "sweep" {
  statement_id  = "schedule-sweep"
  action        = "lambda:InvokeFunction"
  function_name = module.function["reconcile-schedules"].function_name
  qualifier     = module.function["reconcile-schedules"].alias_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.sweep.arn
}
