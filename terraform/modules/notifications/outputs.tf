output "topic_arn" {
  description = "ARN of the failure topic."
  value       = aws_sns_topic.failures.arn
}
