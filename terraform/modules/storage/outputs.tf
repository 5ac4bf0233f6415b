output "definitions_bucket" {
  description = "The bucket that holds every version of every job definition."
  value       = aws_s3_bucket.definitions.id
}

output "definitions_bucket_arn" {
  description = "ARN of the definitions bucket."
  value       = aws_s3_bucket.definitions.arn
}

output "jobs_table" {
  description = "The DynamoDB table of job metadata."
  value       = aws_dynamodb_table.jobs.name
}

output "jobs_table_arn" {
  description = "ARN of the jobs table."
  value       = aws_dynamodb_table.jobs.arn
}

output "jobs_stream_arn" {
  description = "ARN of the jobs table's stream."
  value       = aws_dynamodb_table.jobs.stream_arn
}

output "runs_table" {
  description = "The DynamoDB table of run records."
  value       = aws_dynamodb_table.runs.name
}

output "runs_table_arn" {
  description = "ARN of the runs table."
  value       = aws_dynamodb_table.runs.arn
}

output "triggers_table" {
  description = "The DynamoDB table that indexes object-created triggers by bucket."
  value       = aws_dynamodb_table.triggers.name
}

output "triggers_table_arn" {
  description = "ARN of the triggers table."
  value       = aws_dynamodb_table.triggers.arn
}
