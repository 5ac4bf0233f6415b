output "alarms" {
  description = "Every alarm of the deployment by what it watches (failed-runs, a queue's role, <lambda>-errors, <lambda>-throttles, executions-*): its name and what it reads."
  value = { for k, a in aws_cloudwatch_metric_alarm.this : k => {
    name                = a.alarm_name
    namespace           = a.namespace
    metric              = a.metric_name
    dimensions          = a.dimensions
    statistic           = a.statistic
    threshold           = a.threshold
    comparison_operator = a.comparison_operator
    treat_missing_data  = a.treat_missing_data
    alarm_actions       = a.alarm_actions
  } }
}

output "dashboard_name" {
  description = "The CloudWatch dashboard of the deployment."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "dashboard_body" {
  description = "The dashboard's widgets, as JSON."
  value       = aws_cloudwatch_dashboard.this.dashboard_body
}
