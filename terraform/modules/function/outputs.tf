output "function_name" {
  description = "The function's name."
  value       = aws_lambda_function.this.function_name
}

output "alias_arn" {
  description = "ARN of the live alias, which callers invoke."
  value       = aws_lambda_alias.live.arn
}

output "alias_name" {
  description = "Name of the live alias."
  value       = aws_lambda_alias.live.name
}

output "alias_invoke_arn" {
  description = "Invoke ARN of the live alias, for API Gateway."
  value       = aws_lambda_alias.live.invoke_arn
}

output "log_group_arn" {
  description = "ARN of the function's log group."
  value       = aws_cloudwatch_log_group.this.arn
}

output "environment" {
  description = "The function's environment variables."
  value       = var.environment
}

output "role_arn" {
  description = "ARN of the function's own role."
  value       = aws_iam_role.this.arn
}

output "policy" {
  description = "The policy of the function's role, as JSON."
  value       = local.policy
}

output "subnet_ids" {
  description = "The subnets the function is placed in; empty outside any VPC."
  value       = length(aws_lambda_function.this.vpc_config) == 0 ? [] : tolist(aws_lambda_function.this.vpc_config[0].subnet_ids)
}

output "java_options" {
  description = "The JVM options the function runs with (JAVA_TOOL_OPTIONS)."
  value       = aws_lambda_function.this.environment[0].variables["JAVA_TOOL_OPTIONS"]
}
