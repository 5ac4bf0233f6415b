output "api_url" {
  description = "The REST API's base URL (scripts/filejobs reads it)."
  value       = module.api.url
}

output "api_function_name" {
  description = "The API Lambda's name."
  value       = module.api.function_name
}

output "api_key_ids" {
  description = "Each API client's key id."
  value       = module.api.api_key_ids
}

output "api_keys" {
  description = "Each API client's key: terraform output -json api_keys."
  value       = module.api.api_keys
  sensitive   = true
}

output "state_machine_arn" {
  description = "The state machine that runs jobs."
  value       = module.workflow.state_machine_arn
}

output "failure_topic_arn" {
  description = "The SNS topic failure alerts are published to."
  value       = module.notifications.topic_arn
}

output "definitions_bucket" {
  description = "The bucket of job definitions."
  value       = module.storage.definitions_bucket
}

output "jobs_table" {
  description = "The DynamoDB table of jobs."
  value       = module.storage.jobs_table
}

output "runs_table" {
  description = "The DynamoDB table of runs."
  value       = module.storage.runs_table
}

output "schedule_group" {
  description = "The EventBridge Scheduler group of job schedules."
  value       = module.scheduling.group_name
}

output "schedule_dead_letter_queue_url" {
  description = "Schedule deliveries that failed after retries land here."
  value       = module.scheduling.dead_letter_url
}

output "step_functions" {
  description = "The step Lambdas' names, by role."
  value       = merge(module.workflow.function_names, module.job_stream.function_names)
}

output "stream_failures_queue_url" {
  description = "The queue of jobs stream batches that failed after retries."
  value       = module.job_stream.stream_failures_queue_url
}

output "object_events_queue_url" {
  description = "The queue of object-created events of the trigger buckets (null without trigger_buckets)."
  value       = length(module.object_events) > 0 ? module.object_events[0].queue_url : null
}

output "object_events_dead_letter_queue_url" {
  description = "Object-created events the router could not take (null without trigger_buckets)."
  value       = length(module.object_events) > 0 ? module.object_events[0].dead_letter_queue_url : null
}

output "object_events_function" {
  description = "The router function of object-created triggers (null without trigger_buckets)."
  value       = length(module.object_events) > 0 ? module.object_events[0].function_name : null
}

output "alarms" {
  description = "Every alarm of the deployment (all notify the failure topic), by what it watches."
  value       = { for k, a in module.operations.alarms : k => a.name }
}

output "dashboard" {
  description = "The deployment's CloudWatch dashboard."
  value       = module.operations.dashboard_name
}
