variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "trigger_buckets" {
  type        = list(string)
  description = "The buckets whose object-created events may start runs."
}

variable "package" {
  type        = string
  description = "Path of the step Lambdas' deployment package."
}

variable "environment" {
  type        = map(string)
  description = "The application's settings, as for every Lambda."
}

variable "memory_mb" {
  type        = number
  description = "Memory of the router function in MB."
}

variable "log_retention_days" {
  type        = number
  description = "How long the router's logs are kept."
}

variable "router_timeout_seconds" {
  type        = number
  description = "Timeout of the router function; the queue hides a message being read six times as long."
  default     = 60
}

variable "max_receive_count" {
  type        = number
  description = "How often a message is delivered before it is kept in the dead-letter queue."
  default     = 5
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

variable "triggers_table_arn" {
  type        = string
  description = "ARN of the table that indexes object-created triggers by bucket."
}

variable "state_machine_arn" {
  type        = string
  description = "ARN of the run state machine the router starts."
}
