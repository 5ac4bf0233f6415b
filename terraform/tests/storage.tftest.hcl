# The storage module under a mock provider: what protects job definitions and run history.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "storage_is_private_encrypted_and_recoverable" {
  command = apply

  module {
    source = "./modules/storage"
  }

  variables {
    name_prefix         = "filejobs"
    deletion_protection = true
  }

  assert {
    condition     = aws_s3_bucket.definitions.bucket == "filejobs-definitions-123456789012" && !aws_s3_bucket.definitions.force_destroy
    error_message = "The definitions bucket is named by prefix and account, and is not force-destroyed while protected."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.definitions.block_public_acls,
      aws_s3_bucket_public_access_block.definitions.block_public_policy,
      aws_s3_bucket_public_access_block.definitions.ignore_public_acls,
      aws_s3_bucket_public_access_block.definitions.restrict_public_buckets,
    ])
    error_message = "Every public access block setting must be on."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.definitions.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled on the definitions bucket."
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.definitions.versioning_configuration).status == "Enabled"
    error_message = "The definitions bucket must be versioned."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.definitions.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The definitions bucket must be encrypted at rest."
  }

  assert {
    condition = anytrue([for r in aws_s3_bucket_lifecycle_configuration.definitions.rule :
    r.status == "Enabled" && one(r.abort_incomplete_multipart_upload).days_after_initiation == 1])
    error_message = "A lifecycle rule must abort incomplete multipart uploads after a day."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.definitions.policy).Statement :
    s.Effect == "Deny" && s.Condition.Bool["aws:SecureTransport"] == "false"])
    error_message = "The bucket policy must refuse requests without TLS."
  }

  assert {
    condition = alltrue([for t in [aws_dynamodb_table.jobs, aws_dynamodb_table.runs] :
      one(t.point_in_time_recovery).enabled && one(t.server_side_encryption).enabled && t.deletion_protection_enabled
    ])
    error_message = "Both tables need point-in-time recovery, encryption at rest and deletion protection."
  }

  assert {
    condition     = one(aws_dynamodb_table.runs.ttl).enabled && one(aws_dynamodb_table.runs.ttl).attribute_name == "expiresAt"
    error_message = "Run records expire through the runs table's TTL on expiresAt."
  }

  assert {
    condition     = aws_dynamodb_table.jobs.stream_enabled && aws_dynamodb_table.jobs.stream_view_type == "NEW_AND_OLD_IMAGES"
    error_message = "The jobs table's stream feeds validation and schedule reconciliation."
  }
}

run "throw_away_deployments_can_be_destroyed" {
  command = plan

  module {
    source = "./modules/storage"
  }

  variables {
    name_prefix         = "filejobs"
    deletion_protection = false
  }

  assert {
    condition     = aws_s3_bucket.definitions.force_destroy && !aws_dynamodb_table.jobs.deletion_protection_enabled
    error_message = "Without deletion protection, destroy removes the bucket and the tables."
  }
}
