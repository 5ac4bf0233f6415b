# The deployment's alarms and dashboard under a mock provider: what each alarm watches, that every
# one notifies the failure topic, and that the metrics they read are the ones the Lambdas write.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  region          = "eu-central-1"
  allowed_buckets = ["data-in", "data-out"]
  alert_emails    = ["ops@example.com"]
  api_jar         = "tests/fixtures/package.jar"
  steps_jar       = "tests/fixtures/package.jar"
}

run "alarms_and_dashboard" {
  command = apply

  variables {
    trigger_buckets = ["data-in"]
  }

  assert {
    condition = (module.operations.alarms["failed-runs"].namespace == "FileJobs/filejobs"
      && module.operations.alarms["failed-runs"].metric == "Runs"
      && module.operations.alarms["failed-runs"].dimensions == tomap({ Outcome = "FAILED" })
      && module.operations.alarms["failed-runs"].statistic == "Sum"
      && module.operations.alarms["failed-runs"].threshold == 0
    && module.operations.alarms["failed-runs"].comparison_operator == "GreaterThanThreshold")
    error_message = "A failed run (the Runs metric with Outcome FAILED) raises an alarm."
  }

  assert {
    condition     = local.environment["FILEJOBS_METRICS_NAMESPACE"] == module.operations.alarms["failed-runs"].namespace
    error_message = "The Lambdas write their metrics to the namespace the alarms read."
  }

  assert {
    condition = ({ for k, a in module.operations.alarms : k => a.dimensions.QueueName if a.namespace == "AWS/SQS" } == {
      schedule-dead-letters      = "filejobs-schedule-dead-letters"
      stream-failures            = "filejobs-stream-failures"
      object-events-dead-letters = module.object_events[0].dead_letter_queue_name
      } && alltrue([for k, a in module.operations.alarms : a.metric == "ApproximateNumberOfMessagesVisible" && a.statistic == "Maximum"
    if a.namespace == "AWS/SQS"]))
    error_message = "A message in the schedules' dead-letter queue, the job stream's failure queue or the object events' dead-letter queue raises an alarm."
  }

  assert {
    condition = ({ for k, a in module.operations.alarms : k => a.dimensions.FunctionName if a.metric == "Errors" } == {
      api-errors                 = module.api.function_name
      start-run-errors           = module.workflow.function_names["start-run"]
      finish-run-errors          = module.workflow.function_names["finish-run"]
      execution-status-errors    = module.workflow.function_names["execution-status"]
      validate-job-errors        = module.job_stream.function_names["validate-job"]
      reconcile-schedules-errors = module.job_stream.function_names["reconcile-schedules"]
      object-router-errors       = module.object_events[0].function_name
    } && alltrue([for k, a in module.operations.alarms : a.namespace == "AWS/Lambda" && a.statistic == "Sum" if a.metric == "Errors"]))
    error_message = "Every Lambda's errors raise an alarm, except the step Lambda's, whose errors are failed steps (the failed-runs alarm)."
  }

  assert {
    condition = (toset([for k, a in module.operations.alarms : a.dimensions.FunctionName if a.metric == "Throttles"]) == toset(concat(
      [module.api.function_name, module.object_events[0].function_name], values(module.workflow.function_names), values(module.job_stream.function_names)))
      && module.operations.alarms["run-step-throttles"].dimensions.FunctionName == module.workflow.function_names["run-step"]
    && alltrue([for k, a in module.operations.alarms : a.namespace == "AWS/Lambda" && a.statistic == "Sum" if a.metric == "Throttles"]))
    error_message = "Every Lambda's throttles raise an alarm, the step Lambda's too."
  }

  assert {
    condition = ({ for k, a in module.operations.alarms : k => a.metric if a.namespace == "AWS/States" } == {
      executions-failed = "ExecutionsFailed", executions-timed-out = "ExecutionsTimedOut" }
      && alltrue([for k, a in module.operations.alarms :
    a.dimensions.StateMachineArn == output.state_machine_arn && a.statistic == "Sum" if a.namespace == "AWS/States"]))
    error_message = "Executions of the run state machine that failed or timed out raise alarms."
  }

  assert {
    condition = alltrue([for a in module.operations.alarms : a.alarm_actions == toset([output.failure_topic_arn])
    && a.treat_missing_data == "notBreaching" && a.threshold == 0 && a.comparison_operator == "GreaterThanThreshold"])
    error_message = "Every alarm notifies the failure topic at the first occurrence, and no data (nothing ran) is not an alarm."
  }

  assert {
    condition     = length(output.alarms) == 1 + 3 + 7 + 8 + 2 && output.alarms["failed-runs"] == "filejobs-failed-runs"
    error_message = "The alarms output names every alarm."
  }

  assert {
    condition = (alltrue([for m in ["FileJobs/filejobs", "Runs", "StepDuration", "StepBytes", "StepObjects", "StepObjectsFailed", "ExecutionsFailed",
      "ExecutionsTimedOut", "Errors", "Throttles", "ApproximateNumberOfMessagesVisible", "5XXError"] :
      contains(flatten([for w in jsondecode(module.operations.dashboard_body).widgets : try(w.properties.metrics, [])]), m)])
      && contains([for w in jsondecode(module.operations.dashboard_body).widgets : try(w.properties.metrics, [])],
      [for o in ["SUCCEEDED", "FAILED", "SKIPPED"] : ["FileJobs/filejobs", "Runs", "Outcome", o]])
      && contains([for w in jsondecode(module.operations.dashboard_body).widgets : try(w.properties.metrics, [])],
    [for a in ["COPY", "MOVE", "DELETE", "MERGE", "WAIT", "HTTP", "IMPORT", "EXPORT"] : ["FileJobs/filejobs", "StepDuration", "Action", a]]))
    error_message = "The dashboard graphs runs by outcome, steps' duration (every action), bytes and objects, executions, Lambda errors and throttles, the queues and the API."
  }

  assert {
    condition = anytrue([for w in jsondecode(module.operations.dashboard_body).widgets :
      w.type == "log" && strcontains(try(w.properties.query, ""), "SOURCE '/aws/lambda/filejobs-finish-run'")
      && strcontains(try(w.properties.query, ""), "SOURCE '/aws/lambda/filejobs-execution-status'")
    && strcontains(try(w.properties.query, ""), "max(StepDuration)")])
    error_message = "The dashboard's slowest-steps table reads the step metric documents where the Lambdas that end runs write them."
  }
}

run "without_trigger_buckets_and_with_a_namespace_of_ones_own" {
  command = plan

  variables {
    metrics_namespace = "Platform/FileJobs"
  }

  assert {
    condition = (toset([for k, a in module.operations.alarms : k if a.namespace == "AWS/SQS"]) == toset(["schedule-dead-letters", "stream-failures"])
    && !contains(keys(module.operations.alarms), "object-router-throttles"))
    error_message = "Without trigger buckets there is no object events queue or router to watch."
  }

  assert {
    condition = (module.operations.alarms["failed-runs"].namespace == "Platform/FileJobs"
    && local.environment["FILEJOBS_METRICS_NAMESPACE"] == "Platform/FileJobs")
    error_message = "A namespace given is the one the Lambdas write to and the alarms read."
  }
}
