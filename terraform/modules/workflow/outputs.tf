output "state_machine_arn" {
  description = "ARN of the state machine that runs jobs."
  value       = aws_sfn_state_machine.run.arn
}

output "function_names" {
  description = "The workflow's Lambdas' names, by role."
  value       = { for k, f in module.function : k => f.function_name }
}

output "publisher_role_arns" {
  description = "The roles that publish to the failure topic: the state machine's and the execution-status function's."
  value       = [aws_iam_role.state_machine.arn, module.function["execution-status"].role_arn]
}
