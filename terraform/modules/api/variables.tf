variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "package" {
  type        = string
  description = "Path of the API Lambda's deployment package."
}

variable "environment" {
  type        = map(string)
  description = "The application's settings."
}

variable "memory_mb" {
  type        = number
  description = "Memory of the API Lambda, in MB."
}

variable "log_retention_days" {
  type        = number
  description = "How long the Lambda's and the stage's logs are kept."
}

variable "logging_level" {
  type        = string
  description = "API Gateway execution logging level (ERROR or INFO)."
}

variable "clients" {
  type = map(object({
    rate_limit   = number
    burst_limit  = number
    quota_limit  = number
    quota_period = string
  }))
  description = "API clients by name: one API key and one usage plan each."
}

variable "manage_account" {
  type        = bool
  description = "Set the region's API Gateway CloudWatch role."
}

variable "allowed_buckets" {
  type        = list(string)
  description = "The buckets jobs may name (the API checks they exist)."
}

variable "definitions_bucket_arn" {
  type        = string
  description = "ARN of the definitions bucket."
}

variable "jobs_table_arn" {
  type        = string
  description = "ARN of the jobs table."
}

variable "runs_table_arn" {
  type        = string
  description = "ARN of the runs table."
}

variable "state_machine_arn" {
  type        = string
  description = "The state machine manual runs start."
}

variable "schedule_group_name" {
  type        = string
  description = "The schedule group job schedules are written into."
}

variable "scheduler_role_arn" {
  type        = string
  description = "The role schedules start runs as."
}

variable "triggers_table_arn" {
  description = "ARN of the table that indexes object-created triggers by bucket."
  type        = string
}
