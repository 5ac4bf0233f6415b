# FileJobs on AWS: storage, failure alerts, schedules, the workflow and the REST API.
# Settings reach the application as FILEJOBS_* environment variables (see the README).

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  state_machine_name = "${var.name_prefix}-run"
  # Known before the state machine exists: schedules, the API and the step Lambdas all name it.
  state_machine_arn = "arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:stateMachine:${local.state_machine_name}"

  api_jar   = coalesce(var.api_jar, "${path.module}/../app/target/filejobs-app-lambda.jar")
  steps_jar = coalesce(var.steps_jar, "${path.module}/../step-lambdas/target/filejobs-step-lambdas-lambda.jar")

  secrets_prefix = var.secrets_name_prefix == "" ? "${var.name_prefix}/" : var.secrets_name_prefix

  metrics_namespace = var.metrics_namespace == "" ? "FileJobs/${var.name_prefix}" : var.metrics_namespace

  # The application's settings, the same for every Lambda.
  environment = {
    FILEJOBS_ALLOWED_BUCKETS            = join(",", var.allowed_buckets)
    FILEJOBS_DEFINITIONS_BUCKET         = module.storage.definitions_bucket
    FILEJOBS_JOBS_TABLE                 = module.storage.jobs_table
    FILEJOBS_RUNS_TABLE                 = module.storage.runs_table
    FILEJOBS_TRIGGERS_TABLE             = module.storage.triggers_table
    FILEJOBS_RUN_RETENTION_DAYS         = tostring(var.run_retention_days)
    FILEJOBS_WORKFLOW_STATE_MACHINE_ARN = local.state_machine_arn
    FILEJOBS_SCHEDULING_GROUP           = module.scheduling.group_name
    FILEJOBS_SCHEDULING_ROLE_ARN        = module.scheduling.role_arn
    FILEJOBS_SCHEDULING_DEAD_LETTER_ARN = module.scheduling.dead_letter_arn
    FILEJOBS_STEPS_MERGE_BUFFER_BYTES   = tostring(var.merge_buffer_mb * 1048576)
    FILEJOBS_STEPS_MERGE_TIME_BUDGET    = "10m"
    FILEJOBS_STEPS_SET_SHARDS           = tostring(var.set_shards)
    FILEJOBS_STEPS_SET_SHARD_SIZE       = tostring(var.set_shard_size)
    FILEJOBS_NOTIFICATIONS_TOPIC_ARN    = module.notifications.topic_arn
    FILEJOBS_HTTP_ALLOWED_HOSTS         = join(",", var.http_allowed_hosts)
    FILEJOBS_REMOTE_ALLOWED_HOSTS       = join(",", var.remote_allowed_hosts)
    FILEJOBS_SECRETS_NAME_PREFIX        = local.secrets_prefix
    FILEJOBS_METRICS_NAMESPACE          = local.metrics_namespace
  }
}

module "storage" {
  source = "./modules/storage"

  name_prefix         = var.name_prefix
  deletion_protection = var.deletion_protection
}

module "notifications" {
  source = "./modules/notifications"

  name_prefix  = var.name_prefix
  alert_emails = var.alert_emails
}

module "scheduling" {
  source = "./modules/scheduling"

  name_prefix       = var.name_prefix
  state_machine_arn = local.state_machine_arn
}

module "workflow" {
  source = "./modules/workflow"

  name_prefix            = var.name_prefix
  state_machine_name     = local.state_machine_name
  state_machine_arn      = local.state_machine_arn
  definition_file        = "${path.module}/../state-machine.json"
  package                = local.steps_jar
  environment            = local.environment
  memory_mb              = var.lambda_memory_mb
  log_retention_days     = var.log_retention_days
  allowed_buckets        = var.allowed_buckets
  definitions_bucket_arn = module.storage.definitions_bucket_arn
  jobs_table_arn         = module.storage.jobs_table_arn
  runs_table_arn         = module.storage.runs_table_arn
  topic_arn              = module.notifications.topic_arn
  secrets_prefix         = local.secrets_prefix
  step_subnet_ids        = var.step_subnet_ids
  step_security_groups   = var.step_security_group_ids
  log_level              = var.state_machine_log_level
  log_execution_data     = var.state_machine_log_execution_data
}

module "job_stream" {
  source = "./modules/job_stream"

  name_prefix            = var.name_prefix
  package                = local.steps_jar
  environment            = local.environment
  memory_mb              = var.lambda_memory_mb
  log_retention_days     = var.log_retention_days
  allowed_buckets        = var.allowed_buckets
  definitions_bucket_arn = module.storage.definitions_bucket_arn
  jobs_table_arn         = module.storage.jobs_table_arn
  jobs_stream_arn        = module.storage.jobs_stream_arn
  runs_table_arn         = module.storage.runs_table_arn
  triggers_table_arn     = module.storage.triggers_table_arn
  schedule_group_name    = module.scheduling.group_name
  scheduler_role_arn     = module.scheduling.role_arn
}

# The job stream's resources were the workflow module's until each Lambda got a role of its own:
# an existing deployment keeps its functions, its queue of failed batches and its mappings.
moved {
  from = module.workflow.module.function["validate-job"]
  to   = module.job_stream.module.function["validate-job"]
}

moved {
  from = module.workflow.module.function["reconcile-schedules"]
  to   = module.job_stream.module.function["reconcile-schedules"]
}

moved {
  from = module.workflow.aws_sqs_queue.stream_failures
  to   = module.job_stream.aws_sqs_queue.stream_failures
}

moved {
  from = module.workflow.aws_sqs_queue_policy.stream_failures
  to   = module.job_stream.aws_sqs_queue_policy.stream_failures
}

moved {
  from = module.workflow.aws_lambda_event_source_mapping.jobs_stream
  to   = module.job_stream.aws_lambda_event_source_mapping.jobs_stream
}

moved {
  from = module.workflow.aws_cloudwatch_event_rule.sweep
  to   = module.job_stream.aws_cloudwatch_event_rule.sweep
}

moved {
  from = module.workflow.aws_cloudwatch_event_target.sweep
  to   = module.job_stream.aws_cloudwatch_event_target.sweep
}

moved {
  from = module.workflow.aws_lambda_permission.sweep
  to   = module.job_stream.aws_lambda_permission.sweep
}

module "api" {
  source = "./modules/api"

  name_prefix            = var.name_prefix
  package                = local.api_jar
  environment            = local.environment
  memory_mb              = var.lambda_memory_mb
  log_retention_days     = var.log_retention_days
  logging_level          = var.api_logging_level
  clients                = var.api_clients
  manage_account         = var.manage_api_gateway_account
  allowed_buckets        = var.allowed_buckets
  definitions_bucket_arn = module.storage.definitions_bucket_arn
  jobs_table_arn         = module.storage.jobs_table_arn
  runs_table_arn         = module.storage.runs_table_arn
  triggers_table_arn     = module.storage.triggers_table_arn
  state_machine_arn      = module.workflow.state_machine_arn
  schedule_group_name    = module.scheduling.group_name
  scheduler_role_arn     = module.scheduling.role_arn
}

module "object_events" {
  source = "./modules/object_events"
  count  = length(var.trigger_buckets) > 0 ? 1 : 0

  name_prefix            = var.name_prefix
  trigger_buckets        = var.trigger_buckets
  package                = local.steps_jar
  environment            = local.environment
  memory_mb              = var.lambda_memory_mb
  log_retention_days     = var.log_retention_days
  definitions_bucket_arn = module.storage.definitions_bucket_arn
  jobs_table_arn         = module.storage.jobs_table_arn
  runs_table_arn         = module.storage.runs_table_arn
  triggers_table_arn     = module.storage.triggers_table_arn
  state_machine_arn      = module.workflow.state_machine_arn
}

module "operations" {
  source = "./modules/operations"

  name_prefix       = var.name_prefix
  topic_arn         = module.notifications.topic_arn
  metrics_namespace = local.metrics_namespace
  state_machine_arn = module.workflow.state_machine_arn
  api_name          = module.api.name
  api_stage         = module.api.stage_name
  functions = merge(
    { api = { name = module.api.function_name, errors = true } },
    # A step that fails ends the step Lambda's invocation with an error by design: failed runs alarm for it.
    { for k, name in module.workflow.function_names : k => { name = name, errors = k != "run-step" } },
    { for k, name in module.job_stream.function_names : k => { name = name, errors = true } },
    { for m in module.object_events : "object-router" => { name = m.function_name, errors = true } },
  )
  queues = merge(
    {
      schedule-dead-letters = { name = module.scheduling.dead_letter_name, description = "schedule invocations that could not start a run" }
      stream-failures       = { name = module.job_stream.stream_failures_queue_name, description = "changes of jobs that could not be checked or scheduled after every try" }
    },
    { for m in module.object_events : "object-events-dead-letters" => { name = m.dead_letter_queue_name, description = "object-created events the router could not take" } },
  )
  # The Lambdas that record a run's end write its metric documents.
  run_log_groups = [for k in ["finish-run", "execution-status"] : "/aws/lambda/${module.workflow.function_names[k]}"]
}

# The dead-letter alarm of object events joined the deployment's other alarms.
moved {
  from = module.object_events[0].aws_cloudwatch_metric_alarm.dead_letters
  to   = module.operations.aws_cloudwatch_metric_alarm.this["object-events-dead-letters"]
}

# The failure topic takes alerts only from this deployment: the state machine and the
# execution-status function. It lives here because the workflow needs the topic first.
resource "aws_sns_topic_policy" "failures" {
  arn = module.notifications.topic_arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PublishFromThisDeployment"
        Effect    = "Allow"
        Principal = { AWS = module.workflow.publisher_role_arns }
        Action    = "sns:Publish"
        Resource  = module.notifications.topic_arn
      },
      {
        Sid       = "NoOtherPublisher"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = module.notifications.topic_arn
        Condition = { ArnNotEquals = { "aws:PrincipalArn" = module.workflow.publisher_role_arns } }
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:*"
        Resource  = module.notifications.topic_arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
