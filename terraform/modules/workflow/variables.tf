variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "state_machine_name" {
  type        = string
  description = "The state machine's name; its ARN is known before it exists, as schedules and settings name it."
}

variable "state_machine_arn" {
  type        = string
  description = "The ARN the state machine will have (checked once it exists)."
}

variable "definition_file" {
  type        = string
  description = "Path of state-machine.json, the workflow templated with the task ARNs and the topic."
}

variable "package" {
  type        = string
  description = "Path of the step Lambdas' deployment package."
}

variable "environment" {
  type        = map(string)
  description = "The application's settings, shared by every step Lambda."
}

variable "memory_mb" {
  type        = number
  description = "Memory of each step Lambda, in MB."
}

variable "log_retention_days" {
  type        = number
  description = "How long logs are kept."
}

variable "allowed_buckets" {
  type        = list(string)
  description = "The buckets steps may read and write."
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

variable "topic_arn" {
  type        = string
  description = "The failure topic."
}

variable "log_level" {
  type        = string
  description = "The state machine's log level: ERROR, FATAL or ALL."
  default     = "ERROR"
}

variable "log_execution_data" {
  type        = bool
  description = "Whether the state machine's log events carry execution data (object names, error texts)."
  default     = false
}

variable "secrets_prefix" {
  type        = string
  description = "The Secrets Manager name prefix of the secrets steps may read (an HTTP step's bearer token)."
}

variable "step_subnet_ids" {
  type        = list(string)
  description = "Subnets of the run-step Lambda, for servers inside a VPC; empty: no VPC."
  default     = []
}

variable "step_security_groups" {
  type        = list(string)
  description = "Security groups of the run-step Lambda when it is placed in subnets."
  default     = []
}
