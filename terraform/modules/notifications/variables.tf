variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "alert_emails" {
  type        = list(string)
  description = "Addresses subscribed to the failure topic."
}
