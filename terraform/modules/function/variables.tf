variable "name" {
  type        = string
  description = "The function's name."
}

variable "description" {
  type        = string
  description = "What the function does."
}

variable "package" {
  type        = string
  description = "Path of the deployment package (a jar built by Maven)."
}

variable "handler" {
  type        = string
  description = "The handler class."
}

variable "policy_statements" {
  type        = any
  description = <<-EOT
    What the function may do besides writing its own logs and traces: IAM policy statements as
    objects with Sid, Action and Resource (and Condition where needed); Effect is Allow. The
    function's role holds these and nothing else.
  EOT

  validation {
    condition = alltrue([for s in var.policy_statements :
    can(s.Sid) && can(tolist(s.Action)) && can(tolist(s.Resource)) && !can(s.Effect)])
    error_message = "Each statement has a Sid, a list of Action and a list of Resource, and no Effect (every statement allows)."
  }
}

variable "memory_mb" {
  type        = number
  description = "Memory in MB."
}

variable "timeout_seconds" {
  type        = number
  description = "Timeout in seconds."
}

variable "environment" {
  type        = map(string)
  description = "Environment variables: the application's settings."
}

variable "log_retention_days" {
  type        = number
  description = "How long the function's logs are kept."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets to place the function in (it then reaches only what they route to); empty: no VPC."
  default     = []
}

variable "security_group_ids" {
  type        = list(string)
  description = "The function's security groups when it is placed in subnets."
  default     = []
}

variable "moves_data" {
  type        = bool
  default     = false
  description = "Whether the function streams objects' bytes (run-step): it then runs the JVM's full JIT instead of C1 alone (see main.tf)."
}
