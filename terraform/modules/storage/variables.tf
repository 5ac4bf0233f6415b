variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the tables from deletion and refuse to destroy a definitions bucket that still holds objects."
}
