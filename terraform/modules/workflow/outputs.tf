output "state_machine_arn" {
  description = "ARN of the state machine that runs jobs."
  value       = aws_sfn_state_machine.run.arn
}

output "function_names" {
  description = "The step Lambdas' names, by role."
  value       = { for k, f in module.function : k => f.function_name }
}

output "stream_failures_queue_url" {
  description = "The queue of jobs stream batches that failed after retries."
  value       = aws_sqs_queue.stream_failures.id
}

output "publisher_role_arns" {
  description = "The roles that publish to the failure topic: the state machine's and the step Lambdas'."
  value       = [aws_iam_role.state_machine.arn, aws_iam_role.steps.arn]
}
