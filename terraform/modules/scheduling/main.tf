# EventBridge Scheduler: FileJobs writes one schedule per job into this group (EventBridgeSchedules
# in core). Each starts the state machine as the role below; what Scheduler could not deliver
# after its retries goes to the dead-letter queue.

data "aws_caller_identity" "current" {}

resource "aws_scheduler_schedule_group" "jobs" {
  name = "${var.name_prefix}-jobs"
}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "${var.name_prefix}-schedule-dead-letters"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
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

resource "aws_iam_role" "scheduler" {
  name        = "${var.name_prefix}-scheduler"
  description = "Assumed by EventBridge Scheduler to start FileJobs runs."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "scheduler.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

resource "aws_iam_role_policy" "scheduler" {
  name = "start-runs"
  role = aws_iam_role.scheduler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "StartRuns"
        Effect   = "Allow"
        Action   = ["states:StartExecution"]
        Resource = [var.state_machine_arn]
      },
      {
        Sid      = "DeadLetters"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [aws_sqs_queue.dead_letters.arn]
      }
    ]
  })
}
