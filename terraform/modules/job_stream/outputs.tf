output "function_names" {
  description = "The stream-fed Lambdas' names, by role."
  value       = { for k, f in module.function : k => f.function_name }
}

output "stream_failures_queue_url" {
  description = "The queue of jobs stream batches that failed after retries."
  value       = aws_sqs_queue.stream_failures.id
}

output "stream_failures_queue_name" {
  description = "Name of the queue that keeps the job stream's batches that failed every try."
  value       = aws_sqs_queue.stream_failures.name
}
