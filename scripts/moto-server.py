#!/usr/bin/env python3
"""moto's server with the two mends FileJobs' Terraform test needs from moto 5.2.1.

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

Usage: moto-server.py HOST PORT
"""
import copy
import sys

from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.core.responses import ActionResult
from moto.stepfunctions.models import StateMachineInstance
from moto.stepfunctions.responses import StepFunctionResponse


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


LambdaFunction.__init__ = _function_init_keeping
LambdaFunction.get_configuration = _function_configuration_as_given
LambdaFunction.update_configuration = _function_update_keeping
LambdaBackend.create_event_source_mapping = _create_mapping_for_the_name_given
StateMachineInstance.__deepcopy__ = _copy_without_executions
StepFunctionResponse.validate_state_machine_definition = _validate_state_machine_definition
StepFunctionResponse.list_state_machine_versions = _list_state_machine_versions

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: moto-server.py HOST PORT")
    from moto.server import main

    main(["-H", sys.argv[1], "-p", sys.argv[2]])
