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

variable "role_arn" {
  type        = string
  description = "The execution role."
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
