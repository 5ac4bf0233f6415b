# Where FileJobs keeps its own state: every version of every job definition in S3, job metadata and
# run history in DynamoDB. All of it encrypted at rest, recoverable, and private.

data "aws_caller_identity" "current" {}

locals {
  # Bucket names are global; the account id keeps two accounts' deployments apart.
  definitions_bucket = "${var.name_prefix}-definitions-${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket" "definitions" {
  bucket        = local.definitions_bucket
  force_destroy = !var.deletion_protection
}

resource "aws_s3_bucket_ownership_controls" "definitions" {
  bucket = aws_s3_bucket.definitions.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "definitions" {
  bucket                  = aws_s3_bucket.definitions.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "definitions" {
  bucket = aws_s3_bucket.definitions.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "definitions" {
  bucket = aws_s3_bucket.definitions.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "definitions" {
  bucket = aws_s3_bucket.definitions.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.definitions]
}

resource "aws_s3_bucket_policy" "definitions" {
  bucket = aws_s3_bucket.definitions.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TlsOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.definitions.arn, "${aws_s3_bucket.definitions.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.definitions]
}

resource "aws_dynamodb_table" "jobs" {
  name                        = "${var.name_prefix}-jobs"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "jobId"
  deletion_protection_enabled = var.deletion_protection

  # Fed to the validation and schedule reconciliation functions.
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "jobId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

resource "aws_dynamodb_table" "runs" {
  name                        = "${var.name_prefix}-runs"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "jobId"
  range_key                   = "runId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "jobId"
    type = "S"
  }

  attribute {
    name = "runId"
    type = "S"
  }

  # Run records carry expiresAt (run_retention_days after they were written).
  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Jobs' object-created triggers, indexed by bucket: an event finds the jobs it may start with one
# query. Written by the API and the reconciliation, read by the router.
resource "aws_dynamodb_table" "triggers" {
  name                        = "${var.name_prefix}-triggers"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "bucket"
  range_key                   = "jobId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "bucket"
    type = "S"
  }

  attribute {
    name = "jobId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}
