# Object-created triggers on AWS. S3 sends the events of the trigger buckets to EventBridge (the
# bucket's own setting, which FileJobs never writes); one rule on the default bus puts the "Object
# Created" events of those buckets on an encrypted queue, and the router function reads it in
# batches, starting one execution per event and job. Messages it cannot take are delivered again
# and, after max_receive_count tries, kept in a dead-letter queue (the operations module alarms on its depth).

locals {
  function_name = "route-object-events"
}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "${var.name_prefix}-object-events-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "events" {
  name                       = "${var.name_prefix}-object-events"
  message_retention_seconds  = 345600
  sqs_managed_sse_enabled    = true
  visibility_timeout_seconds = var.router_timeout_seconds * 6
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letters.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "FromTheRule"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.events.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.object_created.arn } }
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.events.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_sqs_queue_policy" "dead_letters" {
  queue_url = aws_sqs_queue.dead_letters.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TlsOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = aws_sqs_queue.dead_letters.arn
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_cloudwatch_event_rule" "object_created" {
  name           = "${var.name_prefix}-object-created"
  event_bus_name = "default"
  description    = "FileJobs: objects created in the trigger buckets, to the router's queue."
  event_pattern = jsonencode({
    source      = ["aws.s3"]
    detail-type = ["Object Created"]
    detail      = { bucket = { name = var.trigger_buckets } }
  })
}

resource "aws_cloudwatch_event_target" "queue" {
  rule = aws_cloudwatch_event_rule.object_created.name
  arn  = aws_sqs_queue.events.arn
}

module "function" {
  source = "../function"

  name        = "${var.name_prefix}-${local.function_name}"
  description = "FileJobs: starts the runs of object-created triggers (from the object events queue)."
  package     = var.package
  handler     = "io.filejobs.steplambdas.RouteObjectEventsFunction"
  policy_statements = [
    {
      Sid      = "ReadQueue"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      Resource = [aws_sqs_queue.events.arn]
    },
    {
      # The jobs a bucket's triggers name.
      Sid      = "TriggerIndex"
      Action   = ["dynamodb:Query"]
      Resource = [var.triggers_table_arn]
    },
    {
      # Each candidate job as it is now. Reading a run (GetItem) is SnapStart's priming.
      Sid      = "ReadJobs"
      Action   = ["dynamodb:GetItem"]
      Resource = [var.jobs_table_arn, var.runs_table_arn]
    },
    {
      Sid      = "ReadDefinitions"
      Action   = ["s3:GetObject"]
      Resource = ["${var.definitions_bucket_arn}/*"]
    },
    {
      Sid      = "StartRuns"
      Action   = ["states:StartExecution"]
      Resource = [var.state_machine_arn]
    },
  ]
  memory_mb          = var.memory_mb
  timeout_seconds    = var.router_timeout_seconds
  environment        = var.environment
  log_retention_days = var.log_retention_days
}

resource "aws_lambda_event_source_mapping" "events" {
  event_source_arn        = aws_sqs_queue.events.arn
  function_name           = module.function.alias_arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]

  # The function's role must read the queue before the mapping is created.
  depends_on = [module.function]
}
