output "url" {
  description = "The API's base URL."
  value       = aws_api_gateway_stage.v1.invoke_url
}

output "api_key_ids" {
  description = "Each client's API key id."
  value       = { for k, v in aws_api_gateway_api_key.client : k => v.id }
}

output "api_keys" {
  description = "Each client's API key."
  value       = { for k, v in aws_api_gateway_api_key.client : k => v.value }
  sensitive   = true
}

output "rest_api_id" {
  description = "The REST API's id."
  value       = aws_api_gateway_rest_api.this.id
}

output "function_name" {
  description = "The API Lambda's name."
  value       = module.function.function_name
}

output "name" {
  description = "The REST API's name (its metrics' ApiName)."
  value       = aws_api_gateway_rest_api.this.name
}

output "stage_name" {
  description = "The REST API's stage."
  value       = aws_api_gateway_stage.v1.stage_name
}
