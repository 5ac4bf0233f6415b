# The workflow: state-machine.json on Step Functions, the Lambdas its tasks call, the functions the
# jobs table's stream feeds, and the rule that catches executions that ended without recording
# their run (timed out, aborted, or failed outside the state machine's own Catch).

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  region  = data.aws_region.current.name
  account = data.aws_caller_identity.current.account_id
  arn     = "arn:${data.aws_partition.current.partition}"

  functions = {
    start-run = {
      handler     = "io.filejobs.steplambdas.StartRunFunction"
      description = "FileJobs: starts a run (records it, checks the job, claims the overlap slot)."
      timeout     = 60
    }
    run-step = {
      handler     = "io.filejobs.steplambdas.RunStepFunction"
      description = "FileJobs: runs one step (COPY, MOVE, DELETE, MERGE); a long MERGE returns to be invoked again."
      # Above the merge time budget (FILEJOBS_STEPS_MERGE_TIME_BUDGET), so a MERGE stops on its own.
      timeout = 900
    }
    finish-run = {
      handler     = "io.filejobs.steplambdas.FinishRunFunction"
      description = "FileJobs: records how a run ended and builds its alert."
      timeout     = 60
    }
    validate-job = {
      handler     = "io.filejobs.steplambdas.ValidateJobFunction"
      description = "FileJobs: checks new job versions (from the jobs stream)."
      timeout     = 120
    }
    reconcile-schedules = {
      handler     = "io.filejobs.steplambdas.ReconcileSchedulesFunction"
      description = "FileJobs: keeps each job's schedule as the jobs table says (from the jobs stream, and a daily sweep)."
      timeout     = 300
    }
    execution-status = {
      handler     = "io.filejobs.steplambdas.ExecutionStatusFunction"
      description = "FileJobs: records and alerts runs whose execution failed, timed out or was aborted without finishing."
      timeout     = 60
    }
  }

  allowed_bucket_arns = [for b in var.allowed_buckets : "${local.arn}:s3:::${b}"]
}

module "function" {
  source   = "../function"
  for_each = local.functions

  name               = "${var.name_prefix}-${each.key}"
  description        = each.value.description
  package            = var.package
  handler            = each.value.handler
  role_arn           = aws_iam_role.steps.arn
  memory_mb          = var.memory_mb
  timeout_seconds    = each.value.timeout
  environment        = var.environment
  log_retention_days = var.log_retention_days
}

# ---- The step Lambdas' role ------------------------------------------------------------------

resource "aws_iam_role" "steps" {
  name        = "${var.name_prefix}-steps"
  description = "Assumed by the FileJobs step Lambdas."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "steps" {
  name = "filejobs-steps"
  role = aws_iam_role.steps.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${local.arn}:logs:${local.region}:${local.account}:log-group:/aws/lambda/${var.name_prefix}-*:*"]
      },
      {
        Sid      = "Tracing"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = ["*"]
      },
      {
        Sid    = "StepObjects"
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        # Only the allowed buckets' objects.
        Resource = [for b in local.allowed_bucket_arns : "${b}/*"]
      },
      {
        Sid      = "StepBuckets"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:ListBucketMultipartUploads"]
        Resource = local.allowed_bucket_arns
      },
      {
        Sid      = "ReadDefinitions"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${var.definitions_bucket_arn}/*"]
      },
      {
        Sid      = "Tables"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan"]
        Resource = [var.jobs_table_arn, var.runs_table_arn]
      },
      {
        Sid      = "JobsStream"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
        Resource = [var.jobs_stream_arn]
      },
      {
        Sid      = "StreamFailures"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [aws_sqs_queue.stream_failures.arn]
      },
      {
        Sid      = "Schedules"
        Effect   = "Allow"
        Action   = ["scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"]
        Resource = ["${local.arn}:scheduler:${local.region}:${local.account}:schedule/${var.schedule_group_name}/*"]
      },
      {
        # ListSchedules has no resource-level permissions.
        Sid      = "ListSchedules"
        Effect   = "Allow"
        Action   = ["scheduler:ListSchedules"]
        Resource = ["*"]
      },
      {
        Sid       = "PassSchedulerRole"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = [var.scheduler_role_arn]
        Condition = { StringEquals = { "iam:PassedToService" = "scheduler.amazonaws.com" } }
      },
      {
        Sid      = "Alerts"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = [var.topic_arn]
      }
    ]
  })
}

# ---- The jobs stream -------------------------------------------------------------------------

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
  for_each = toset(["validate-job", "reconcile-schedules"])

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

  depends_on = [aws_iam_role_policy.steps]
}

# A daily sweep repairs what a lost stream record left behind: an empty event reconciles every job.
resource "aws_cloudwatch_event_rule" "sweep" {
  name                = "${var.name_prefix}-schedule-sweep"
  description         = "FileJobs: reconcile every job's schedule with the jobs table."
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

# ---- The state machine -----------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "state_machine" {
  name              = "/aws/vendedlogs/states/${var.state_machine_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "state_machine" {
  name        = "${var.name_prefix}-state-machine"
  description = "Assumed by the FileJobs state machine."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account } }
    }]
  })
}

resource "aws_iam_role_policy" "state_machine" {
  name = "filejobs-state-machine"
  role = aws_iam_role.state_machine.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Tasks"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [for f in ["start-run", "run-step", "finish-run"] : module.function[f].alias_arn]
      },
      {
        Sid      = "Alerts"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = [var.topic_arn]
      },
      {
        # Step Functions' log delivery and X-Ray take no resource-level permissions.
        Sid    = "LogsAndTracing"
        Effect = "Allow"
        Action = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
          "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
        Resource = ["*"]
      }
    ]
  })
}

resource "aws_sfn_state_machine" "run" {
  name     = var.state_machine_name
  role_arn = aws_iam_role.state_machine.arn
  definition = templatefile(var.definition_file, {
    start_run_function_arn  = module.function["start-run"].alias_arn
    run_step_function_arn   = module.function["run-step"].alias_arn
    finish_run_function_arn = module.function["finish-run"].alias_arn
    failure_topic_arn       = var.topic_arn
  })

  # Execution data holds object names and error texts: it reaches the logs only when asked for.
  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machine.arn}:*"
    include_execution_data = var.log_execution_data
    level                  = var.log_level
  }

  tracing_configuration {
    enabled = true
  }

  lifecycle {
    postcondition {
      condition     = self.arn == var.state_machine_arn
      error_message = "The state machine's ARN differs from the one given to the schedules and settings."
    }
  }

  depends_on = [aws_iam_role_policy.state_machine]
}

# ---- Executions that ended without recording their run ---------------------------------------

resource "aws_cloudwatch_event_rule" "execution_ended" {
  name        = "${var.name_prefix}-execution-ended"
  description = "FileJobs: a run's execution failed, timed out or was aborted."
  event_pattern = jsonencode({
    source        = ["aws.states"]
    "detail-type" = ["Step Functions Execution Status Change"]
    detail = {
      status          = ["FAILED", "TIMED_OUT", "ABORTED"]
      stateMachineArn = [var.state_machine_arn]
    }
  })
}

resource "aws_cloudwatch_event_target" "execution_ended" {
  rule = aws_cloudwatch_event_rule.execution_ended.name
  arn  = module.function["execution-status"].alias_arn

  retry_policy {
    maximum_retry_attempts       = 20
    maximum_event_age_in_seconds = 86400
  }
}

resource "aws_lambda_permission" "execution_ended" {
  statement_id  = "execution-ended"
  action        = "lambda:InvokeFunction"
  function_name = module.function["execution-status"].function_name
  qualifier     = module.function["execution-status"].alias_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.execution_ended.arn
}
