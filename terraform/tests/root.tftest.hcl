# The root module under a mock provider: the inputs it refuses, and the settings every Lambda gets.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  region          = "eu-central-1"
  allowed_buckets = ["data-in", "data-out"]
  alert_emails    = ["ops@example.com"]
  api_jar         = "tests/fixtures/package.jar"
  steps_jar       = "tests/fixtures/package.jar"
}

run "deploys_with_minimal_inputs" {
  command = apply

  assert {
    condition     = output.state_machine_arn == "arn:aws:states:eu-central-1:123456789012:stateMachine:filejobs-run"
    error_message = "The state machine gets the ARN the settings name."
  }

  assert {
    condition = alltrue([for k, v in {
      FILEJOBS_ALLOWED_BUCKETS            = "data-in,data-out"
      FILEJOBS_WORKFLOW_STATE_MACHINE_ARN = "arn:aws:states:eu-central-1:123456789012:stateMachine:filejobs-run"
      FILEJOBS_SCHEDULING_GROUP           = "filejobs-jobs"
      FILEJOBS_JOBS_TABLE                 = "filejobs-jobs"
      FILEJOBS_RUNS_TABLE                 = "filejobs-runs"
      FILEJOBS_TRIGGERS_TABLE             = "filejobs-triggers"
      FILEJOBS_NOTIFICATIONS_TOPIC_ARN    = "arn:aws:sns:eu-central-1:123456789012:filejobs-failures"
      FILEJOBS_STEPS_SET_SHARDS           = "10"
      FILEJOBS_STEPS_SET_SHARD_SIZE       = "2000"
      FILEJOBS_HTTP_ALLOWED_HOSTS         = ""
      FILEJOBS_REMOTE_ALLOWED_HOSTS       = ""
      FILEJOBS_SECRETS_NAME_PREFIX        = "filejobs/"
    } : local.environment[k] == v])
    error_message = "Every Lambda learns the allowed buckets, the tables, the state machine, the schedule group, the topic and how sets are sharded."
  }

  assert {
    condition     = length(module.notifications) > 0 && output.failure_topic_arn != ""
    error_message = "The failure topic exists."
  }

  assert {
    condition = (jsondecode(aws_sns_topic_policy.failures.policy).Statement[0].Effect == "Allow"
      && toset(jsondecode(aws_sns_topic_policy.failures.policy).Statement[0].Principal.AWS) == toset(module.workflow.publisher_role_arns)
      && jsondecode(aws_sns_topic_policy.failures.policy).Statement[1].Effect == "Deny"
      && toset(jsondecode(aws_sns_topic_policy.failures.policy).Statement[1].Condition.ArnNotEquals["aws:PrincipalArn"]) == toset(module.workflow.publisher_role_arns)
    && jsondecode(aws_sns_topic_policy.failures.policy).Statement[2].Condition.Bool["aws:SecureTransport"] == "false")
    error_message = "Only the state machine and the step Lambdas may publish to the failure topic, and only over TLS."
  }
}

run "state_machine_logging_can_not_be_switched_off" {
  command = plan

  variables {
    state_machine_log_level = "OFF"
  }

  expect_failures = [var.state_machine_log_level]
}

run "set_shards_must_fit_the_map" {
  command = plan

  variables {
    set_shards = 41
  }

  expect_failures = [var.set_shards]
}

run "allowed_buckets_must_not_be_empty" {
  command = plan

  variables {
    allowed_buckets = []
  }

  expect_failures = [var.allowed_buckets]
}

run "logging_can_not_be_switched_off" {
  command = plan

  variables {
    api_logging_level = "OFF"
  }

  expect_failures = [var.api_logging_level]
}

run "log_retention_must_be_a_cloudwatch_period" {
  command = plan

  variables {
    log_retention_days = 42
  }

  expect_failures = [var.log_retention_days]
}

run "api_clients_need_a_valid_quota_period" {
  command = plan

  variables {
    api_clients = { etl = { rate_limit = 5, burst_limit = 10, quota_limit = 100, quota_period = "YEAR" } }
  }

  expect_failures = [var.api_clients]
}

run "http_hosts_are_names_or_addresses" {
  command = plan

  variables {
    http_allowed_hosts = ["api.example.com", "https://api.example.com/"]
  }

  expect_failures = [var.http_allowed_hosts]
}

run "secrets_prefix_has_no_wildcard" {
  command = plan

  variables {
    secrets_name_prefix = "*"
  }

  expect_failures = [var.secrets_name_prefix]
}

run "trigger_buckets_must_be_allowed" {
  command = plan

  variables {
    trigger_buckets = ["data-in", "elsewhere"]
  }

  expect_failures = [var.trigger_buckets]
}

run "no_trigger_buckets_deploy_no_router" {
  command = plan

  assert {
    condition     = length(module.object_events) == 0
    error_message = "Without trigger_buckets there is no rule, queue or router."
  }
}

run "remote_hosts_are_names_or_addresses" {
  command = plan

  variables {
    remote_allowed_hosts = ["files.partner-a.example", "sftp://files.partner-a.example:22"]
  }

  expect_failures = [var.remote_allowed_hosts]
}

run "step_subnets_come_with_security_groups" {
  command = plan

  variables {
    step_subnet_ids = ["subnet-0a1b2c3d"]
  }

  expect_failures = [var.step_security_group_ids]
}

run "remote_hosts_reach_every_lambda" {
  command = plan

  variables {
    remote_allowed_hosts = ["files.partner-a.example", "10.20.0.15"]
  }

  assert {
    condition     = local.environment["FILEJOBS_REMOTE_ALLOWED_HOSTS"] == "files.partner-a.example,10.20.0.15"
    error_message = "The servers IMPORT and EXPORT may reach are a setting of every Lambda."
  }
}
