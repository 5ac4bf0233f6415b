# The workflow: state-machine.json on Step Functions, the Lambdas its tasks call, and the rule
# that catches executions that ended without recording their run (timed out, aborted, or failed
# outside the state machine's own Catch). Each Lambda has a role of its own with what its task
# does and nothing more.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  region              = data.aws_region.current.name
  account             = data.aws_caller_identity.current.account_id
  arn                 = "arn:${data.aws_partition.current.partition}"
  allowed_bucket_arns = [for b in var.allowed_buckets : "${local.arn}:s3:::${b}"]

  read_definitions = {
    Sid      = "ReadDefinitions"
    Action   = ["s3:GetObject"]
    Resource = ["${var.definitions_bucket_arn}/*"]
  }
  # SnapStart's priming reads a job (and a run, and a definition) before the snapshot.
  prime_jobs = {
    Sid      = "PrimeJobs"
    Action   = ["dynamodb:GetItem"]
    Resource = [var.jobs_table_arn]
  }
  # Ending a run: abort the uploads its steps left, record the outcome, release the job's active-run
  # place and hand it to the run that waited longest for it (overlap QUEUE), starting that run again.
  finish_statements = [
    local.read_definitions,
    local.prime_jobs,
    {
      Sid      = "AbortLeftUploads"
      Action   = ["s3:AbortMultipartUpload"]
      Resource = [for b in local.allowed_bucket_arns : "${b}/*"]
    },
    {
      Sid      = "Runs"
      Action   = ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Query"]
      Resource = [var.runs_table_arn]
    },
    {
      Sid      = "StartQueuedRuns"
      Action   = ["states:StartExecution"]
      Resource = [var.state_machine_arn]
    },
  ]

  functions = {
    start-run = {
      handler     = "io.filejobs.steplambdas.StartRunFunction"
      description = "FileJobs: starts a run (records it, checks the job, claims the overlap slot)."
      timeout     = 60
      statements = [
        local.read_definitions,
        {
          Sid      = "ReadJobs"
          Action   = ["dynamodb:GetItem"]
          Resource = [var.jobs_table_arn]
        },
        {
          # Claim the run (and the job's active-run place), mark it RUNNING or SKIPPED.
          Sid      = "Runs"
          Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
          Resource = [var.runs_table_arn]
        },
      ]
    }
    run-step = {
      handler     = "io.filejobs.steplambdas.RunStepFunction"
      description = "FileJobs: works out the steps that run next, and runs one step; a long MERGE returns to be invoked again."
      # Above the merge time budget (FILEJOBS_STEPS_MERGE_TIME_BUDGET), so a MERGE stops on its own.
      timeout = 900
      statements = [
        {
          Sid      = "StepObjects"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
          Resource = [for b in local.allowed_bucket_arns : "${b}/*"]
        },
        {
          Sid      = "StepBuckets"
          Action   = ["s3:ListBucket", "s3:ListBucketMultipartUploads"]
          Resource = local.allowed_bucket_arns
        },
        local.read_definitions,
        local.prime_jobs,
        {
          # Record the step and the multipart uploads it begins; a set step also writes and reads
          # its per-object ledger (items of the same table) in batches and by key range.
          Sid      = "Runs"
          Action   = ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:Query"]
          Resource = [var.runs_table_arn]
        },
        {
          # An HTTP step's bearer token, an IMPORT's or EXPORT's credentials: only the secrets under the deployment's prefix.
          Sid      = "StepSecrets"
          Action   = ["secretsmanager:GetSecretValue"]
          Resource = ["${local.arn}:secretsmanager:${local.region}:${local.account}:secret:${var.secrets_prefix}*"]
        },
        {
          # A WAIT step: the notice that it waits.
          Sid      = "WaitNotices"
          Action   = ["sns:Publish"]
          Resource = [var.topic_arn]
        },
        {
          # A WAIT step answered while no task waited on its token hands the answer over when the task comes.
          Sid      = "AnswerCallbacks"
          Action   = ["states:SendTaskSuccess", "states:SendTaskFailure"]
          Resource = [var.state_machine_arn]
        },
      ]
    }
    finish-run = {
      handler     = "io.filejobs.steplambdas.FinishRunFunction"
      description = "FileJobs: records how a run ended and builds its alert."
      timeout     = 60
      statements  = local.finish_statements
    }
    execution-status = {
      handler     = "io.filejobs.steplambdas.ExecutionStatusFunction"
      description = "FileJobs: records and alerts runs whose execution failed, timed out or was aborted without finishing."
      timeout     = 60
      statements = concat(local.finish_statements, [
        {
          Sid      = "Alerts"
          Action   = ["sns:Publish"]
          Resource = [var.topic_arn]
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
  moves_data         = each.key == "run-step"
  # Only the function that runs steps reaches remote servers; the others stay outside any VPC.
  subnet_ids         = each.key == "run-step" ? var.step_subnet_ids : []
  security_group_ids = each.key == "run-step" ? var.step_security_groups : []
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
