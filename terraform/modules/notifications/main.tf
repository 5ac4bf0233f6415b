# The failure topic: the state machine publishes a run's failure here, and the execution status
# function publishes failures the state machine could not report itself.

resource "aws_sns_topic" "failures" {
  name              = "${var.name_prefix}-failures"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "email" {
  for_each  = toset(var.alert_emails)
  topic_arn = aws_sns_topic.failures.arn
  protocol  = "email"
  endpoint  = each.value
}
