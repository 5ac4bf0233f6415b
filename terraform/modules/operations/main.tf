# What on-call watches: alarms on the failure topic and one dashboard.
#
# Alarms: runs that failed (the runs' own metrics), queues that should stay empty (dead letters of
# schedules and object events, the job stream's failed batches), each Lambda's throttles and, where
# an error is a fault, its errors, and executions of the state machine that failed or timed out.
# The step Lambda's errors are left out: a step that fails (a missing source, say) ends its
# invocation with an error by design, so they are the failed-runs alarm's business. Every alarm
# treats missing data as fine: no runs, no failures.

data "aws_region" "current" {}

locals {
  region  = data.aws_region.current.name
  actions = ["COPY", "MOVE", "DELETE", "MERGE", "WAIT", "HTTP", "IMPORT", "EXPORT"]

  executions = {
    failed    = { metric = "ExecutionsFailed", what = "failed (a run that failed ends its execution so, and so does one that failed before it was recorded)" }
    timed-out = { metric = "ExecutionsTimedOut", what = "timed out (the state machine's own time limit, not a step's)" }
  }

  # Every alarm, by the name it gets after the prefix: what it reads, and what it means in words.
  alarms = merge(
    {
      failed-runs = {
        namespace   = var.metrics_namespace, metric = "Runs", dimensions = { Outcome = "FAILED" }, statistic = "Sum"
        description = "runs failed in the last 5 minutes. Each one's alert names the job, the step and the error; GET /jobs/{id}/runs has them."
      }
    },
    { for k, q in var.queues : k => {
      namespace   = "AWS/SQS", metric = "ApproximateNumberOfMessagesVisible", dimensions = { QueueName = q.name }, statistic = "Maximum"
      description = "${q.description} are waiting in ${q.name}."
    } },
    { for k, f in var.functions : "${k}-errors" => {
      namespace   = "AWS/Lambda", metric = "Errors", dimensions = { FunctionName = f.name }, statistic = "Sum"
      description = "the ${k} Lambda (${f.name}) ended invocations on an error; its log group has them."
    } if f.errors },
    { for k, f in var.functions : "${k}-throttles" => {
      namespace   = "AWS/Lambda", metric = "Throttles", dimensions = { FunctionName = f.name }, statistic = "Sum"
      description = "the ${k} Lambda (${f.name}) was throttled: the account's or the function's concurrency is used up."
    } },
    { for k, e in local.executions : "executions-${k}" => {
      namespace   = "AWS/States", metric = e.metric, dimensions = { StateMachineArn = var.state_machine_arn }, statistic = "Sum"
      description = "executions of the run state machine ${e.what}."
    } },
  )

  # The slowest steps of the last week, from the steps' metric documents.
  slowest_steps_query = join(" | ", concat([for g in var.run_log_groups : "SOURCE '${g}'"], [
    "filter ispresent(StepDuration)",
    "stats max(StepDuration) as slowestMs, avg(StepDuration) as averageMs, count(*) as runs by jobId, stepName, Action",
    "sort slowestMs desc",
    "limit 20",
  ]))
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name_prefix}-${each.key}"
  alarm_description   = "FileJobs: ${each.value.description}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.topic_arn]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name_prefix
  dashboard_body = jsonencode({
    # A week: what the slowest-steps table reads, and each graph by the hour.
    start = "-PT168H"
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title   = "Runs by outcome"
          region  = local.region
          view    = "timeSeries"
          stacked = true
          stat    = "Sum"
          period  = 3600
          metrics = [for o in ["SUCCEEDED", "FAILED", "SKIPPED"] : [var.metrics_namespace, "Runs", "Outcome", o]]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Step duration by action (maximum, ms)"
          region  = local.region
          view    = "timeSeries"
          stat    = "Maximum"
          period  = 3600
          metrics = [for a in local.actions : [var.metrics_namespace, "StepDuration", "Action", a]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title   = "Bytes by action"
          region  = local.region
          view    = "timeSeries"
          stacked = true
          stat    = "Sum"
          period  = 3600
          metrics = [for a in local.actions : [var.metrics_namespace, "StepBytes", "Action", a]]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title  = "Objects of set steps: done and failed"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = 3600
          metrics = concat(
            [for a in ["COPY", "MOVE", "DELETE", "IMPORT", "EXPORT"] : [var.metrics_namespace, "StepObjects", "Action", a]],
            [for a in ["COPY", "MOVE", "DELETE", "IMPORT", "EXPORT"] : [var.metrics_namespace, "StepObjectsFailed", "Action", a]],
          )
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 8, height = 6
        properties = {
          title   = "Executions"
          region  = local.region
          view    = "timeSeries"
          stat    = "Sum"
          period  = 3600
          metrics = [for m in ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"] : ["AWS/States", m, "StateMachineArn", var.state_machine_arn]]
        }
      },
      {
        type = "metric", x = 8, y = 12, width = 8, height = 6
        properties = {
          title  = "Lambda errors and throttles"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = 300
          metrics = concat(
            [for k, f in var.functions : ["AWS/Lambda", "Errors", "FunctionName", f.name, { label = "${k} errors" }]],
            [for k, f in var.functions : ["AWS/Lambda", "Throttles", "FunctionName", f.name, { label = "${k} throttles" }]],
          )
        }
      },
      {
        type = "metric", x = 16, y = 12, width = 8, height = 6
        properties = {
          title   = "Queues that should be empty"
          region  = local.region
          view    = "timeSeries"
          stat    = "Maximum"
          period  = 300
          metrics = [for k, q in var.queues : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.name, { label = k }]]
        }
      },
      {
        type = "metric", x = 0, y = 18, width = 12, height = 6
        properties = {
          title   = "API: requests, client and server errors"
          region  = local.region
          view    = "timeSeries"
          stat    = "Sum"
          period  = 300
          metrics = [for m in ["Count", "4XXError", "5XXError"] : ["AWS/ApiGateway", m, "ApiName", var.api_name, "Stage", var.api_stage]]
        }
      },
      {
        type = "log", x = 12, y = 18, width = 12, height = 6
        properties = {
          title  = "Slowest steps this week"
          region = local.region
          view   = "table"
          query  = local.slowest_steps_query
        }
      },
    ]
  })
}
