# The workflow module under a mock provider: the state machine, its task Lambdas and the
# execution-status function, and what each of them may touch.

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
  runs_table_arn         = "arn:aws:dynamodb:eu-central-1:123456789012:table/filejobs-runs"
  topic_arn              = "arn:aws:sns:eu-central-1:123456789012:filejobs-failures"
  secrets_prefix         = "filejobs/"
}

run "workflow" {
  command = apply

  module {
    source = "./modules/workflow"
  }

  assert {
    condition     = alltrue([for k, f in module.function : length(f.subnet_ids) == 0])
    error_message = "Without step subnets no function is placed in a VPC."
  }

  assert {
    condition     = one(aws_sfn_state_machine.run.logging_configuration).level == "ERROR" && !one(aws_sfn_state_machine.run.logging_configuration).include_execution_data
    error_message = "By default the state machine logs errors, without execution data (object names, error texts)."
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
    condition = (jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.Type == "Map"
      && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemsPath == "$.run.ready"
      && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.MaxConcurrency == 10
      && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.Next == "Advance"
      && jsondecode(aws_sfn_state_machine.run.definition).States.Advance.Resource == jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.RunStep.Resource
    && jsondecode(aws_sfn_state_machine.run.definition).States.HasReadySteps.Choices[0].Next == "RecordSuccess")
    error_message = "The ready steps run side by side in a Map (at most 10 at once), then the step task works out the next ones, until none is left."
  }

  assert {
    condition = (jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.RunShards.Type == "Map"
      && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.RunShards.MaxConcurrency == 40
      && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.RunShards.ItemProcessor.States.RunShard.Resource == jsondecode(aws_sfn_state_machine.run.definition).States.Advance.Resource
    && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.RunShards.Next == "RunStep")
    error_message = "A sharded set step runs its shards in a Map (at most 40 at once) with the run-step function, then returns to the step task to join them."
  }

  assert {
    condition = (jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.WaitForCallback.Resource == "arn:aws:states:::lambda:invoke.waitForTaskToken"
      && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.WaitForCallback.Parameters.FunctionName == jsondecode(aws_sfn_state_machine.run.definition).States.Advance.Resource
      && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.WaitForCallback.Parameters.Payload["taskToken.$"] == "$$.Task.Token"
    && jsondecode(aws_sfn_state_machine.run.definition).States.RunReadySteps.ItemProcessor.States.WaitForCallback.TimeoutSecondsPath == "$.timeoutSeconds")
    error_message = "A WAIT step is a run-step invocation that waits for its task token, for the step's timeout at most."
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
    condition = module.function["run-step"].java_options == "-XX:+UseSerialGC" && alltrue([for k, f in module.function :
    strcontains(f.java_options, "-XX:TieredStopAtLevel=1") if k != "run-step"])
    error_message = "run-step, which streams bytes (over TLS on AWS), keeps the full JIT and its crypto intrinsics; the short-lived functions run C1 alone."
  }

  assert {
    condition     = toset(keys(module.function)) == toset(["start-run", "run-step", "finish-run", "execution-status"])
    error_message = "The workflow holds the state machine's three task Lambdas and the execution-status function; the stream-fed ones are the job stream's."
  }

  # ---- Least privilege: one role per function, holding what its task does ----

  assert {
    condition = toset(flatten([for s in jsondecode(module.function["start-run"].policy).Statement : s.Action])) == toset(["logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    "s3:GetObject", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"])
    error_message = "start-run reads the job and its definition and claims its run; nothing else."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(module.function["run-step"].policy).Statement : s.Action])) == toset(["logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
      "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:ListBucket",
      "s3:ListBucketMultipartUploads", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:Query",
    "sns:Publish", "states:SendTaskSuccess", "states:SendTaskFailure", "secretsmanager:GetSecretValue"])
    error_message = "run-step works on the allowed buckets' objects, records its step and its objects, sends a WAIT step's notice, answers its task and reads an HTTP step's secret; nothing else."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement :
    s.Resource == ["arn:aws:secretsmanager:eu-central-1:123456789012:secret:filejobs/*"] && k == "run-step" if contains(s.Action, "secretsmanager:GetSecretValue")]]))
    error_message = "Only run-step reads secrets, and only those under the deployment's prefix."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(module.function["finish-run"].policy).Statement : s.Action])) == toset(["logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
      "s3:GetObject", "s3:AbortMultipartUpload", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Query",
    "states:StartExecution"])
    error_message = "finish-run aborts what a run left, records the outcome, releases the active-run place and starts the next queued run; nothing else."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(module.function["execution-status"].policy).Statement : s.Action])) == toset(["logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
      "s3:GetObject", "s3:AbortMultipartUpload", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Query",
    "states:StartExecution", "sns:Publish"])
    error_message = "execution-status does what finish-run does, and publishes the alert; nothing else."
  }

  assert {
    condition = alltrue([for k, f in module.function : length([for s in jsondecode(f.policy).Statement : s if anytrue([for a in s.Action :
      can(regex("^(scheduler:|iam:|sqs:)", a)) || (startswith(a, "states:") && s.Resource != [var.state_machine_arn])
      || (a == "states:StartExecution" && !contains(["finish-run", "execution-status"], k))
      || (startswith(a, "states:SendTask") && k != "run-step")])]) == 0
    ])
    error_message = "No workflow Lambda may write schedules, pass a role or use the stream's queue; only the two that end runs start executions (a queued run), and only run-step answers a task, of the run state machine alone."
  }

  assert {
    condition     = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement : !contains(s.Action, "s3:PutObject") && !contains(s.Action, "s3:DeleteObject")] if k != "run-step"]))
    error_message = "Only run-step writes or deletes objects."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement :
    !contains(s.Action, "sns:Publish") || (contains(["execution-status", "run-step"], k) && s.Resource == [var.topic_arn])]]))
    error_message = "Of the workflow's Lambdas only execution-status (alerts the state machine could not send) and run-step (a WAIT step's notice) publish, to the failure topic alone."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement :
      !contains(s.Resource, "*") if anytrue([for a in s.Action : can(regex("^(s3|dynamodb|states|sqs|sns|iam):", a))])
    ]]))
    error_message = "No data action of a workflow Lambda may have a '*' resource."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement : [for r in s.Resource :
      contains(["arn:aws:s3:::data-in", "arn:aws:s3:::data-in/*", "arn:aws:s3:::data-out", "arn:aws:s3:::data-out/*",
      "${var.definitions_bucket_arn}/*"], r)] if anytrue([for a in s.Action : startswith(a, "s3:")])
    ]]))
    error_message = "The workflow Lambdas' S3 actions reach only the allowed buckets and the definitions bucket."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement : [for r in s.Resource :
      contains([var.jobs_table_arn, var.runs_table_arn], r)] if anytrue([for a in s.Action : startswith(a, "dynamodb:")])
    ]]))
    error_message = "The workflow Lambdas' DynamoDB actions reach only the two tables."
  }

  assert {
    condition = alltrue(flatten([for k, f in module.function : [for s in jsondecode(f.policy).Statement : [for r in s.Resource :
      contains([var.runs_table_arn], r)] if anytrue([for a in s.Action : contains(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"], a)])
    ]]))
    error_message = "The workflow Lambdas write the runs table only; the jobs table is read."
  }

  assert {
    condition     = toset(output.publisher_role_arns) == toset([aws_iam_role.state_machine.arn, module.function["execution-status"].role_arn])
    error_message = "The failure topic's publishers are the state machine and the execution-status function."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.state_machine.policy).Statement :
      !contains(s.Resource, "*") if anytrue([for a in s.Action : can(regex("^(lambda|sns):", a))])
    ])
    error_message = "The state machine may invoke only its three Lambdas and publish only to the failure topic."
  }
}

run "run_step_in_a_vpc" {
  command = apply

  module {
    source = "./modules/workflow"
  }

  variables {
    step_subnet_ids      = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    step_security_groups = ["sg-0123456789abcdef0"]
  }

  assert {
    condition     = module.function["run-step"].subnet_ids == tolist(["subnet-0a1b2c3d", "subnet-4e5f6a7b"])
    error_message = "The function that runs steps (IMPORT and EXPORT among them) is placed in the step subnets."
  }

  assert {
    condition     = alltrue([for k, f in module.function : length(f.subnet_ids) == 0 if k != "run-step"])
    error_message = "The other functions stay outside the VPC: they reach no remote server."
  }

  assert {
    condition = contains(flatten([for s in jsondecode(module.function["run-step"].policy).Statement : s.Action]), "ec2:CreateNetworkInterface") && alltrue([for k, f in module.function :
    !contains(flatten([for s in jsondecode(f.policy).Statement : s.Action]), "ec2:CreateNetworkInterface") if k != "run-step"])
    error_message = "Only the function in the VPC may manage the network interfaces it reaches the VPC through."
  }
}
