# The scheduling module under a mock provider: schedules may start this state machine and nothing else.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "scheduler_role_starts_only_the_state_machine" {
  command = apply

  module {
    source = "./modules/scheduling"
  }

  variables {
    name_prefix       = "filejobs"
    state_machine_arn = "arn:aws:states:eu-central-1:123456789012:stateMachine:filejobs-run"
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.scheduler.policy).Statement :
      s.Resource == ["arn:aws:states:eu-central-1:123456789012:stateMachine:filejobs-run"] if contains(s.Action, "states:StartExecution")
    ])
    error_message = "states:StartExecution is granted on the one state machine only."
  }

  assert {
    condition     = jsondecode(aws_iam_role.scheduler.assume_role_policy).Statement[0].Principal.Service == "scheduler.amazonaws.com"
    error_message = "Only EventBridge Scheduler assumes the scheduler role."
  }

  assert {
    condition     = aws_sqs_queue.dead_letters.sqs_managed_sse_enabled
    error_message = "The dead-letter queue is encrypted."
  }
}
