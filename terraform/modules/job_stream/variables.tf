variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "package" {
  type        = string
  description = "Path of the deployment package (the step Lambdas' jar)."
}

variable "environment" {
  type        = map(string)
  description = "The application's settings, shared by every Lambda."
}

variable "memory_mb" {
  type        = number
  description = "Memory of each Lambda, in MB."
}

variable "log_retention_days" {
  type        = number
  description = "How long logs are kept."
}

variable "allowed_buckets" {
  type        = list(string)
  description = "The buckets steps may use: validation checks that they and the objects jobs read exist."
}

variable "definitions_bucket_arn" {
  type        = string
  description = "ARN of the definitions bucket."
}

variable "jobs_table_arn" {
  type        = string
  description = "ARN of the jobs table."
}

variable "jobs_stream_arn" {
  type        = string
  description = "ARN of the jobs table's stream, which feeds validation and schedule reconciliation."
}

variable "runs_table_arn" {
  type        = string
  description = "ARN of the runs table."
}

variable "schedule_group_name" {
  type        = string
  description = "The schedule group the reconciliation function writes into."
}

variable "scheduler_role_arn" {
  type        = string
  description = "The role schedules start runs as (passed to Scheduler by the reconciliation function)."
}

variable "triggers_table_arn" {
  description = "ARN of the table that indexes object-created triggers by bucket."
  type        = string
}
