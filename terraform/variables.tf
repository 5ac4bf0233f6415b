variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name, so that several FileJobs deployments can share an account."
  default     = "filejobs"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3 to 24 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "The AWS region FileJobs is deployed to."
}

variable "allowed_buckets" {
  type        = list(string)
  description = "The only buckets job steps may read and write. IAM grants access to these alone, and the application refuses any other bucket."

  validation {
    condition     = length(var.allowed_buckets) > 0
    error_message = "allowed_buckets must name at least one bucket."
  }

  validation {
    condition     = alltrue([for b in var.allowed_buckets : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", b))])
    error_message = "Every entry of allowed_buckets must be an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)."
  }
}

variable "trigger_buckets" {
  type        = list(string)
  description = "Buckets whose object-created events may start runs (jobs' triggers). Each must be one of allowed_buckets and send its events to Amazon EventBridge (the bucket's own setting; see the README). Empty: no rule, queue or router is deployed."
  default     = []

  validation {
    condition     = alltrue([for b in var.trigger_buckets : contains(var.allowed_buckets, b)])
    error_message = "Every entry of trigger_buckets must be one of allowed_buckets."
  }
}

variable "http_allowed_hosts" {
  type        = list(string)
  description = "Host names or IP addresses (no ports) that jobs' HTTP steps may call. A listed name that resolves to a private, loopback or link-local address is refused unless that address is listed too. Empty: HTTP steps can call nothing."
  default     = []

  validation {
    condition     = alltrue([for h in var.http_allowed_hosts : can(regex("^[A-Za-z0-9.:-]+$", h)) && !strcontains(h, "*")])
    error_message = "Each entry of http_allowed_hosts is a host name or an IP address, without a scheme, port, path or wildcard."
  }
}

variable "remote_allowed_hosts" {
  type        = list(string)
  description = "Host names or IP addresses (no ports) of the FTPS and SFTP servers jobs' IMPORT and EXPORT steps may reach. Empty: those steps can reach no server."
  default     = []

  validation {
    condition     = alltrue([for h in var.remote_allowed_hosts : can(regex("^[A-Za-z0-9.:-]+$", h)) && !strcontains(h, "*")])
    error_message = "Each entry of remote_allowed_hosts is a host name or an IP address, without a scheme, port, path or wildcard."
  }
}

variable "step_subnet_ids" {
  type        = list(string)
  description = "Subnets the run-step Lambda (the one that runs steps) is placed in, for FTPS/SFTP servers reachable only inside a VPC. Empty: the Lambda runs outside any VPC. The subnets need a route to S3, DynamoDB, Secrets Manager, SNS and Step Functions (a NAT gateway, or VPC endpoints)."
  default     = []
}

variable "step_security_group_ids" {
  type        = list(string)
  description = "Security groups of the run-step Lambda when step_subnet_ids is set: they must allow outbound traffic to the servers (22 for SFTP; 21 or 990 and the passive data ports for FTPS) and to the AWS endpoints (443)."
  default     = []

  validation {
    condition     = (length(var.step_security_group_ids) == 0) == (length(var.step_subnet_ids) == 0)
    error_message = "step_subnet_ids and step_security_group_ids are given together, or neither."
  }
}

variable "secrets_name_prefix" {
  type        = string
  description = "The Secrets Manager name prefix of the secrets jobs may name (an HTTP step's auth.secret \"release-api\" is the secret <prefix>release-api). The Lambdas may read secrets under this prefix only. Empty: <name_prefix>/."
  default     = ""

  validation {
    condition     = var.secrets_name_prefix == "" || can(regex("^[A-Za-z0-9/_+=.@-]+/$", var.secrets_name_prefix))
    error_message = "secrets_name_prefix must end in / and hold only the characters Secrets Manager allows in a name (no wildcard)."
  }
}

variable "alert_emails" {
  type        = list(string)
  description = "Addresses that receive an e-mail when a run fails. Each must confirm the subscription AWS sends it."
  default     = []

  validation {
    condition     = alltrue([for e in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "Every entry of alert_emails must be an e-mail address."
  }
}

variable "api_clients" {
  type = map(object({
    rate_limit   = number
    burst_limit  = number
    quota_limit  = number
    quota_period = string
  }))
  description = "API clients by name. Each gets its own API key and a usage plan with this throttling (requests per second, burst) and quota (requests per DAY, WEEK or MONTH)."
  default = {
    default = { rate_limit = 10, burst_limit = 20, quota_limit = 10000, quota_period = "DAY" }
  }

  validation {
    condition     = length(var.api_clients) > 0
    error_message = "api_clients must name at least one client; without a key nobody can call the API."
  }

  validation {
    condition = alltrue([for c in values(var.api_clients) :
      c.rate_limit > 0 && c.burst_limit >= 1 && c.quota_limit >= 1 && contains(["DAY", "WEEK", "MONTH"], c.quota_period)
    ])
    error_message = "Every API client needs rate_limit > 0, burst_limit >= 1, quota_limit >= 1 and quota_period DAY, WEEK or MONTH."
  }
}

variable "log_retention_days" {
  type        = number
  description = "How long the Lambda, state machine and API access logs are kept."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ... 3653)."
  }
}

variable "lambda_memory_mb" {
  type        = number
  description = "Memory of every FileJobs Lambda, in MB. MERGE holds at most merge_buffer_mb of parts in memory on top of the JVM's own needs."
  default     = 1024

  validation {
    condition     = var.lambda_memory_mb >= 512 && var.lambda_memory_mb <= 10240
    error_message = "lambda_memory_mb must be between 512 and 10240."
  }
}

variable "merge_buffer_mb" {
  type        = number
  description = "The most part bytes a MERGE holds in memory at once, in MiB (filejobs.steps.merge-buffer-bytes)."
  default     = 64

  validation {
    condition     = var.merge_buffer_mb >= 8 && var.merge_buffer_mb <= 2048
    error_message = "merge_buffer_mb must be between 8 and 2048."
  }
}

variable "set_shards" {
  type        = number
  description = "Into how many shards a step over an object set larger than set_shard_size is split; the state machine's Map runs them side by side, so this is also its concurrency (filejobs.steps.set-shards)."
  default     = 10

  validation {
    condition     = var.set_shards >= 1 && var.set_shards <= 40
    error_message = "set_shards must be between 1 and 40 (the state machine's Map runs at most 40 at once)."
  }
}

variable "set_shard_size" {
  type        = number
  description = "How many objects a set may hold before its step is split into set_shards shards (filejobs.steps.set-shard-size)."
  default     = 2000

  validation {
    condition     = var.set_shard_size >= 1
    error_message = "set_shard_size must be at least 1."
  }
}

variable "run_retention_days" {
  type        = number
  description = "How long run records are kept before the runs table's TTL removes them."
  default     = 90

  validation {
    condition     = var.run_retention_days >= 1 && var.run_retention_days <= 3650
    error_message = "run_retention_days must be between 1 and 3650."
  }
}

variable "api_logging_level" {
  type        = string
  description = "API Gateway execution logging level: ERROR or INFO (OFF is refused: failures must leave a trace)."
  default     = "ERROR"

  validation {
    condition     = contains(["ERROR", "INFO"], var.api_logging_level)
    error_message = "api_logging_level must be ERROR or INFO."
  }
}

variable "api_jar" {
  type        = string
  description = "The API Lambda's deployment package, built by Maven (scripts/deploy.sh builds it)."
  default     = null
}

variable "steps_jar" {
  type        = string
  description = "The step Lambdas' deployment package, built by Maven (scripts/deploy.sh builds it)."
  default     = null
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the tables from deletion and keep the definitions bucket from being destroyed while it holds objects. Switch off only for throw-away deployments."
  default     = true
}

variable "manage_api_gateway_account" {
  type        = bool
  description = "Set the region's API Gateway CloudWatch role, which stage logging needs. There is one such setting per account and region: switch this off if another stack already manages it."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}

variable "state_machine_log_level" {
  type        = string
  description = "The state machine's log level: ERROR (default), FATAL or ALL. ALL logs every state's input and output when state_machine_log_execution_data is on."
  default     = "ERROR"

  validation {
    condition     = contains(["ERROR", "FATAL", "ALL"], var.state_machine_log_level)
    error_message = "state_machine_log_level must be ERROR, FATAL or ALL (OFF is refused: failures must leave a trace)."
  }
}

variable "state_machine_log_execution_data" {
  type        = bool
  description = "Whether state machine log events carry execution data: object names, job definitions' contents, error texts. Off unless asked for, since everyone who reads the log group reads them."
  default     = false
}

variable "metrics_namespace" {
  type        = string
  description = "CloudWatch namespace of the runs' and steps' metrics; empty means FileJobs/<name_prefix>. The alarms and the dashboard read it."
  default     = ""
}
