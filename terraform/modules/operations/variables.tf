variable "name_prefix" {
  type        = string
  description = "Prefix of the alarms' and the dashboard's names."
}

variable "topic_arn" {
  type        = string
  description = "The failure topic: every alarm notifies it."
}

variable "metrics_namespace" {
  type        = string
  description = "The CloudWatch namespace the runs' and steps' metrics go to (FILEJOBS_METRICS_NAMESPACE)."
}

variable "functions" {
  type = map(object({
    name   = string
    errors = bool
  }))
  description = "The deployment's Lambdas by role: each gets a throttles alarm, and an errors alarm where errors means a fault (errors = true)."
}

variable "state_machine_arn" {
  type        = string
  description = "The state machine whose executions failed and timed out raise alarms."
}

variable "queues" {
  type = map(object({
    name        = string
    description = string
  }))
  description = "Queues that should stay empty (dead letters, failed batches), by role, each with what a message in it means."
}

variable "api_name" {
  type        = string
  description = "The REST API's name, for the dashboard."
}

variable "api_stage" {
  type        = string
  description = "The REST API's stage, for the dashboard."
}

variable "run_log_groups" {
  type        = list(string)
  description = "The log groups the runs' metric documents are written to (the Lambdas that record a run's end): the dashboard's slowest-steps table reads them."
}
