variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "state_machine_arn" {
  type        = string
  description = "The state machine schedules start."
}
