#!/usr/bin/env python3
"""moto's server with the mends FileJobs' Terraform test needs from moto 5.2.1.

1. Every StartExecution after a state machine's first answered 500: moto deep-copies the state
   machine for each execution, and that copy reached the running executions (their threads cannot
   be copied). Here a state machine's copy starts with no executions; the rest is copied as before.
2. ValidateStateMachineDefinition is not implemented, and the Terraform AWS provider calls it before
   it creates a state machine (and retries while it fails). Here it answers OK; the definition is
   checked by asl-validator in scripts/test.sh instead.
3. ListStateMachineVersions is not implemented either; the provider reads it after every create.
   Here it lists the versions moto keeps.
4. A Lambda function's SnapStart and LoggingConfig are dropped (SnapStart always reads back as
   off), and an event source mapping created for an alias reads back as the unqualified function.
   Either makes every plan after an apply show changes. Here both are kept and read back as given.

5. A bucket policy's conditions are ignored, so the definitions bucket's "deny unless
   aws:SecureTransport" statement denied every object request. Here a statement whose only
   condition is aws:SecureTransport = false is evaluated as AWS would for a client that uses TLS
   (every AWS SDK does), that is, it does not apply; other statements are evaluated as before.
6. A table stream hands its records to the Lambdas mapped to it (which, without Docker, only echo)
   and then drops them, so GetRecords finds nothing. Here records stay in the stream, where a
   reader (the DeployedWorkflowCheck's feeder, standing in for the event source mappings) reads them.
7. A task that waits for a task token keeps the same token across its Retry attempts, and the
   first attempt's answer stays on it, so a retried attempt fails at once with the previous error
   (one retry is used up for nothing). Here each attempt gets a new token, as on AWS.
8. A rule whose target is a Lambda function fails PutEvents (NotImplementedError), and could not run
   the function anyway. Here the events a rule sends to a Lambda target are kept instead, in the
   EventBridge shape (time in ISO 8601); `GET /_filejobs/lambda-deliveries` lists them (rule,
   target ARN, event) and `DELETE` clears them. Other targets are sent as before. And a scheduled
   rule (no event pattern) matched every event put on the bus; here it matches none, as on AWS.
9. A REST API's resource policy reads back as the plain JSON document, where API Gateway sends it
   with its quotes escaped; the Terraform provider unescapes what it reads and fails on the plain
   document. Here it reads back escaped, as from API Gateway.
10. The "Object Created" events S3 sends to EventBridge name the ETag `eTag` (S3 sends `etag`),
   carry one constant `sequencer` and `reason` for every event, and hold the key as it is, where S3
   URL-encodes it. Here the ETag is `etag`, the sequencer grows with every event, the reason names
   the request (PutObject, CopyObject, CompleteMultipartUpload) and the key is URL-encoded.
11. GetBucketNotificationConfiguration never answers the EventBridgeConfiguration a bucket was
   given, so a bucket that sends its events to EventBridge looks as if it did not. Here it does.
12. A queue that is an event source of a Lambda hands each message to the function (which, without
   Docker, only echoes) and deletes it. Here such a queue keeps its messages, where a reader (the
   DeployedWorkflowCheck, standing in for the event source mapping) receives them.
13. A queue's RedrivePolicy reads back with spaces after its colons and commas, where SQS answers
   it compact, as written; every plan after an apply showed the queue as changed. Here it is compact.
14. A Map iteration that failed with one of Step Functions' own errors (States.Timeout: a task that
   waited for its token too long) fails the Map with States.Runtime ("Custom Error Names MUST NOT
   begin with the prefix 'States.'"), so a Catch sees the wrong error. Here the Map fails with the
   iteration's error, as on AWS.

It also starts with Step Functions executing state machines (moto's ASL engine) and tells that
engine which port to call back on (MOTO_PORT), so the state machine Terraform deploys can be run.
And, for tests only, it can inject faults: after `POST /_filejobs/faults {"path_contains": "x",
"status": 500, "code": "InternalError"}` every request whose path contains "x" is answered with
that S3-style error, until `DELETE /_filejobs/faults`. `GET /_filejobs/faults` says how many were
injected.

Usage: moto-server.py HOST PORT
"""
import copy
import json
import os
import sys
import threading

from moto.apigateway.models import RestAPI
from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.core.responses import ActionResult
from datetime import datetime, timezone

from moto.dynamodb.models.table import StreamRecord, StreamShard
from moto.events.models import Rule
from moto.s3 import notifications as s3_notifications
from moto.s3.models import FakeBucket
from moto.s3.responses import S3Response
from moto.sqs.models import Queue
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.resource import ResourceCondition
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_callback import (
    StateTaskServiceCallback,
)
from moto.stepfunctions.models import StateMachineInstance
from moto.stepfunctions.parser.asl.component.common.error_name.custom_error_name import CustomErrorName
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import StatesErrorName
from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import iteration_worker
from moto.stepfunctions.responses import StepFunctionResponse


def _iteration_error_name(error_name):
    if isinstance(error_name, str) and error_name.startswith("States."):
        try:
            return StatesErrorName.from_name(error_name)
        except ValueError:
            pass
    return CustomErrorName(error_name=error_name)


def _copy_without_executions(self, memo):
    clone = self.__class__.__new__(self.__class__)
    memo[id(self)] = clone
    for name, value in self.__dict__.items():
        setattr(clone, name, [] if name == "executions" else copy.deepcopy(value, memo))
    return clone


def _validate_state_machine_definition(self):
    return ActionResult({"result": "OK", "diagnostics": [], "truncated": False})


def _list_state_machine_versions(self):
    machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
    versions = [{"stateMachineVersionArn": v.arn, "creationDate": v.creation_date}
                for _, v in sorted(getattr(machine, "versions", {}).items(), reverse=True)]
    return ActionResult({"stateMachineVersions": versions})


_function_init = LambdaFunction.__init__
_function_configuration = LambdaFunction.get_configuration
_function_update = LambdaFunction.update_configuration
_create_mapping = LambdaBackend.create_event_source_mapping


def _function_init_keeping(self, account_id, spec, region, *args, **kwargs):
    _function_init(self, account_id, spec, region, *args, **kwargs)
    self.kept_snap_start = spec.get("SnapStart")
    self.kept_logging_config = spec.get("LoggingConfig")


def _function_configuration_as_given(self, *args, **kwargs):
    config = _function_configuration(self, *args, **kwargs)
    snap_start = getattr(self, "kept_snap_start", None)
    if snap_start:
        config["SnapStart"] = {"ApplyOn": snap_start.get("ApplyOn", "None"),
                               "OptimizationStatus": "On" if snap_start.get("ApplyOn") == "PublishedVersions" else "Off"}
    logging_config = getattr(self, "kept_logging_config", None)
    if logging_config:
        config["LoggingConfig"] = logging_config
    return config


def _function_update_keeping(self, config_updates):
    if "SnapStart" in config_updates:
        self.kept_snap_start = config_updates["SnapStart"]
    if "LoggingConfig" in config_updates:
        self.kept_logging_config = config_updates["LoggingConfig"]
    return _function_update(self, config_updates)


def _create_mapping_for_the_name_given(self, spec):
    mapping = _create_mapping(self, spec)
    requested = spec.get("FunctionName", "")
    if requested.startswith("arn:"):
        mapping.function_arn = requested
    return mapping


_bucket_permission = FakeBucket.get_permission


def _bucket_permission_over_tls(self, action, resource):
    if self.policy is None:
        return _bucket_permission(self, action, resource)
    policy = json.loads(self.policy.decode())
    statements = policy.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    kept = [s for s in statements if s.get("Condition") != {"Bool": {"aws:SecureTransport": "false"}}]
    if len(kept) == len(statements):
        return _bucket_permission(self, action, resource)
    from moto.iam.access_control import IAMPolicy, PermissionResult
    if not kept:
        return PermissionResult.NEUTRAL
    return IAMPolicy(json.dumps({**policy, "Statement": kept})).is_action_permitted(action, resource)


def _stream_shard_add_keeping(self, old, new):
    view = self.table.stream_specification["StreamViewType"]
    event = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    self.items.append(StreamRecord(self.table, view, event, old, new, len(self.items) + self.starting_sequence_number))


_callback_eval_execution = StateTaskServiceCallback._eval_execution


def _callback_eval_execution_with_new_token(self, env):
    if self._is_integration_pattern() and self.resource.condition == ResourceCondition.WaitForTaskToken:
        env.callback_pool_manager.add(env.states.context_object.update_task_token())
    return _callback_eval_execution(self, env)


_rule_send_to_targets = Rule.send_to_targets
_lambda_deliveries = []
_lambda_deliveries_lock = threading.Lock()


def _rule_send_keeping_lambda_events(self, original_event, transform_input=True):
    if not self.event_pattern.get_pattern() and self.scheduled_expression:
        return
    if not self.event_pattern.matches_event(original_event):
        return
    to_lambda = [t for t in self.targets if t["Arn"].startswith("arn:aws:lambda:")]
    if to_lambda:
        event = copy.deepcopy(original_event)
        if isinstance(event.get("time"), (int, float)):
            event["time"] = datetime.fromtimestamp(event["time"], tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        event.pop("ingestion-time", None)
        with _lambda_deliveries_lock:
            _lambda_deliveries.extend({"rule": self.name, "target": t["Arn"], "event": event} for t in to_lambda)
    others = [t for t in self.targets if t not in to_lambda]
    if others:
        targets, self.targets = self.targets, others
        try:
            _rule_send_to_targets(self, original_event, transform_input)
        finally:
            self.targets = targets


def _lambda_deliveries_control(environ, start_response):
    with _lambda_deliveries_lock:
        if environ["REQUEST_METHOD"] == "DELETE":
            _lambda_deliveries.clear()
        data = json.dumps(_lambda_deliveries).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


_rest_api_to_dict = RestAPI.to_dict


def _rest_api_with_escaped_policy(self):
    described = _rest_api_to_dict(self)
    if described.get(RestAPI.PROP_POLICY):
        described[RestAPI.PROP_POLICY] = json.dumps(described[RestAPI.PROP_POLICY])[1:-1]
    return described


_sequencer = [0]
_sequencer_lock = threading.Lock()
_REASONS = {"Put": "PutObject", "Post": "PostObject", "Copy": "CopyObject", "CompleteMultipartUpload": "CompleteMultipartUpload"}


def _send_event_bridge_message_as_s3(account_id, bucket, event_name, key):
    from urllib.parse import quote_plus
    from moto.events.models import events_backends
    from moto.events.utils import _BASE_EVENT_MESSAGE
    from moto.core.utils import unix_time

    with _sequencer_lock:
        _sequencer[0] += 1
        sequencer = "%016X" % _sequencer[0]
    event = copy.deepcopy(_BASE_EVENT_MESSAGE)
    event["detail-type"] = s3_notifications._detail_type(event_name)
    event["source"] = "aws.s3"
    event["account"] = account_id
    event["time"] = unix_time()
    event["region"] = bucket.region_name
    event["resources"] = [bucket.arn]
    event["detail"] = {
        "version": "0",
        "bucket": {"name": bucket.name},
        "object": {"key": quote_plus(key.name, safe="/"), "size": key.size, "etag": key.etag.replace('"', ""),
                   "version-id": key.version_id, "sequencer": sequencer},
        "request-id": "N4N7GDK58NMKJ12R",
        "requester": account_id,
        "source-ip-address": "127.0.0.1",
        "reason": _REASONS.get(event_name.split(":")[-1], event_name.split(":")[-1]),
    }
    try:
        backend = events_backends[account_id][bucket.region_name]
        for event_bus in backend.event_buses.values():
            for rule in event_bus.rules.values():
                rule.send_to_targets(event, transform_input=False)
    except Exception:  # noqa: BLE001 - S3 sends its events asynchronously: a failure here never fails the write
        pass


_get_bucket_notification = S3Response.get_bucket_notification


def _get_bucket_notification_with_event_bridge(self):
    answer = _get_bucket_notification(self)
    config = self.backend.get_bucket_notification_configuration(self.bucket_name)
    if config is None or config.event_bridge is None:
        return answer
    status, headers, body = answer
    text = body.decode() if isinstance(body, bytes) else body
    if "<EventBridgeConfiguration" not in text:
        if text.rstrip().endswith("/>"):
            end = text.rstrip()
            text = end[:-2] + "><EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>"
        else:
            text = text.replace("</NotificationConfiguration>", "<EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>")
    headers = dict(headers)
    headers.pop("Content-Length", None)
    headers.pop("content-length", None)
    return status, headers, text


_queue_add_message = Queue.add_message
_queue_add_lock = threading.Lock()


def _queue_add_message_keeping(self, message):
    with _queue_add_lock:
        mappings, self.lambda_event_source_mappings = self.lambda_event_source_mappings, {}
        try:
            _queue_add_message(self, message)
        finally:
            self.lambda_event_source_mappings = mappings


_queue_attributes = Queue.attributes


def _queue_attributes_compact(self):
    result = _queue_attributes.fget(self)
    if self.redrive_policy:
        result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return result


iteration_worker.CustomErrorName = _iteration_error_name
RestAPI.to_dict = _rest_api_with_escaped_policy
Queue.attributes = property(_queue_attributes_compact)
s3_notifications._send_event_bridge_message = _send_event_bridge_message_as_s3
S3Response.get_bucket_notification = _get_bucket_notification_with_event_bridge
Queue.add_message = _queue_add_message_keeping
Rule.send_to_targets = _rule_send_keeping_lambda_events
FakeBucket.get_permission = _bucket_permission_over_tls
StateTaskServiceCallback._eval_execution = _callback_eval_execution_with_new_token
StreamShard.add = _stream_shard_add_keeping
LambdaFunction.__init__ = _function_init_keeping
LambdaFunction.get_configuration = _function_configuration_as_given
LambdaFunction.update_configuration = _function_update_keeping
LambdaBackend.create_event_source_mapping = _create_mapping_for_the_name_given
StateMachineInstance.__deepcopy__ = _copy_without_executions
StepFunctionResponse.validate_state_machine_definition = _validate_state_machine_definition
StepFunctionResponse.list_state_machine_versions = _list_state_machine_versions


class _Faults:
    """The armed fault, if any, and how many requests it failed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rule = None
        self.injected = 0

    def control(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        with self.lock:
            if method == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                rule = json.loads(environ["wsgi.input"].read(length) or b"{}")
                if not rule.get("path_contains"):
                    return self._answer(start_response, 400, {"error": "path_contains is required"})
                self.rule = {"path_contains": rule["path_contains"], "status": int(rule.get("status", 500)),
                             "code": rule.get("code", "InternalError")}
                self.injected = 0
            elif method == "DELETE":
                self.rule = None
            return self._answer(start_response, 200, {"armed": self.rule, "injected": self.injected})

    def fault_for(self, environ):
        with self.lock:
            if self.rule and self.rule["path_contains"] in environ.get("PATH_INFO", ""):
                self.injected += 1
                return self.rule
        return None

    @staticmethod
    def _answer(start_response, status, body):
        data = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Bad Request'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]


def _with_faults(app, faults):
    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == "/_filejobs/faults":
            return faults.control(environ, start_response)
        if environ.get("PATH_INFO") == "/_filejobs/lambda-deliveries":
            return _lambda_deliveries_control(environ, start_response)
        rule = faults.fault_for(environ)
        if rule is None:
            return app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length:
            environ["wsgi.input"].read(length)
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{rule['code']}</Code>"
                f"<Message>injected by the test</Message><RequestId>fault</RequestId></Error>").encode()
        start_response(f"{rule['status']} Injected", [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))])
        return [body]
    return wsgi


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: moto-server.py HOST PORT")
    os.environ["MOTO_PORT"] = sys.argv[2]
    from moto.core.config import default_user_config
    from moto.moto_server import werkzeug_app
    from moto.server import main

    default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
    _dispatch = werkzeug_app.DomainDispatcherApplication.__call__
    _faults = _Faults()
    werkzeug_app.DomainDispatcherApplication.__call__ = (
        lambda self, environ, start_response: _with_faults(lambda e, s: _dispatch(self, e, s), _faults)(environ, start_response))
    main(["-H", sys.argv[1], "-p", sys.argv[2]])
