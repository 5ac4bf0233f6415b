# The object events module under a mock provider: the rule that takes the trigger buckets' events,
# the encrypted queue with its dead-letter queue (alarmed by the operations module), and what the router may touch.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name_prefix            = "filejobs"
  trigger_buckets        = ["data-in"]
  package                = "tests/fixtures/package.jar"
  environment            = { FILEJOBS_TRIGGERS_TABLE = "filejobs-triggers" }
  memory_mb              = 1024
  log_retention_days     = 14
  definitions_bucket_arn = "arn:aws:s3:::filejobs-definitions-123456789012"
  jobs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-jobs"
  runs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-runs"
  triggers_table_arn     = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-triggers"
  state_machine_arn      = "arn:aws:states:eu-central-1:123456789012:stateMachine:filejobs-run"
}

run "object_events" {
  command = apply

  module {
    source = "./modules/object_events"
  }

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.object_created.event_pattern) == {
      source = ["aws.s3"], detail-type = ["Object Created"], detail = { bucket = { name = ["data-in"] } }
    }
    error_message = "The rule takes the Object Created events of the trigger buckets alone."
  }

  assert {
    condition     = aws_cloudwatch_event_target.queue.arn == aws_sqs_queue.events.arn && aws_cloudwatch_event_rule.object_created.event_bus_name == "default"
    error_message = "The rule, on the default bus, puts the events on the router's queue."
  }

  assert {
    condition     = aws_sqs_queue.events.sqs_managed_sse_enabled && aws_sqs_queue.dead_letters.sqs_managed_sse_enabled
    error_message = "Both queues are encrypted."
  }

  assert {
    condition = (jsondecode(aws_sqs_queue.events.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dead_letters.arn
    && jsondecode(aws_sqs_queue.events.redrive_policy).maxReceiveCount == 5)
    error_message = "A message the router cannot take ends in the dead-letter queue after five deliveries."
  }

  assert {
    condition = (jsondecode(aws_sqs_queue_policy.events.policy).Statement[0].Principal.Service == "events.amazonaws.com"
      && jsondecode(aws_sqs_queue_policy.events.policy).Statement[0].Condition.ArnEquals["aws:SourceArn"] == aws_cloudwatch_event_rule.object_created.arn
    && jsondecode(aws_sqs_queue_policy.events.policy).Statement[1].Condition.Bool["aws:SecureTransport"] == "false")
    error_message = "Only the rule may send to the queue, and nobody without TLS."
  }

  assert {
    condition = (aws_lambda_event_source_mapping.events.function_name == module.function.alias_arn
    && aws_lambda_event_source_mapping.events.function_response_types == toset(["ReportBatchItemFailures"]))
    error_message = "The queue feeds the router's live alias, which reports the messages it could not take."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(module.function.policy).Statement : s.Action])) == toset([
      "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
      "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility",
    "dynamodb:Query", "dynamodb:GetItem", "s3:GetObject", "states:StartExecution"])
    error_message = "The router reads its queue, the trigger index, the jobs and their definitions, and starts executions; nothing else."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.function.policy).Statement : s.Resource == [var.state_machine_arn]
    if contains(s.Action, "states:StartExecution")])
    error_message = "The router starts the run state machine only."
  }
}
