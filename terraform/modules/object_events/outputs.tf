output "queue_url" {
  description = "URL of the queue of object-created events."
  value       = aws_sqs_queue.events.url
}

output "queue_arn" {
  description = "ARN of the queue of object-created events."
  value       = aws_sqs_queue.events.arn
}

output "dead_letter_queue_url" {
  description = "URL of the queue that keeps events the router could not take."
  value       = aws_sqs_queue.dead_letters.url
}

output "dead_letter_queue_name" {
  description = "Name of the queue that keeps events the router could not take."
  value       = aws_sqs_queue.dead_letters.name
}

output "rule_name" {
  description = "The EventBridge rule that takes the trigger buckets' events."
  value       = aws_cloudwatch_event_rule.object_created.name
}

output "function_name" {
  description = "The router function."
  value       = module.function.function_name
}

output "policy" {
  description = "The policy of the router's role, as JSON."
  value       = module.function.policy
}
