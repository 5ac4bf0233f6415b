output "group_name" {
  description = "The schedule group FileJobs writes job schedules into."
  value       = aws_scheduler_schedule_group.jobs.name
}

output "group_arn" {
  description = "ARN of the schedule group."
  value       = aws_scheduler_schedule_group.jobs.arn
}

output "role_arn" {
  description = "The role schedules start runs as."
  value       = aws_iam_role.scheduler.arn
}

output "dead_letter_arn" {
  description = "The queue of schedule deliveries that failed after retries."
  value       = aws_sqs_queue.dead_letters.arn
}

output "dead_letter_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dead_letters.id
}

output "dead_letter_name" {
  description = "Name of the queue that keeps schedule invocations that could not start a run."
  value       = aws_sqs_queue.dead_letters.name
}
