package io.filejobs.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.filejobs.core.run.RunLauncher;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.testing.MotoServer;
import io.filejobs.core.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/** Runs start on Step Functions through the SFN API, here moto's. */
class StepFunctionsRunLauncherTest {

    @Test
    void aRunStartsAsAnExecutionNamedAfterItWithTheWorkflowInput(@TempDir Path dir) throws Exception {
        try (MotoServer moto = MotoServer.start(dir.resolve("moto.log").toFile());
                SfnClient admin = SfnClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            String arn = admin.createStateMachine(b -> b.name("filejobs-test")
                    .roleArn("arn:aws:iam::123456789012:role/filejobs-test")
                    .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}")).stateMachineArn();
            try (ApplicationContext context = ApplicationContext.run(Map.of(
                    "filejobs.workflow.state-machine-arn", arn,
                    "filejobs.workflow.endpoint", moto.endpoint().toString(),
                    "aws.region", "us-east-1", "aws.accessKeyId", "test", "aws.secretKey", "test"))) {
                RunLauncher launcher = context.getBean(RunLauncher.class);
                assertInstanceOf(StepFunctionsRunLauncher.class, launcher);

                launcher.launch(new RunRequest("abcdefghijklm", Trigger.MANUAL, null, "20261122T010203004Z-mabc123", false));

                var execution = admin.describeExecution(b -> b.executionArn(
                        admin.listExecutions(l -> l.stateMachineArn(arn)).executions().get(0).executionArn()));
                assertEquals("20261122T010203004Z-mabc123", execution.name());
                Map<String, Object> input = JsonMapper.createDefault().readValue(execution.input(), Argument.mapOf(String.class, Object.class));
                assertEquals("abcdefghijklm", input.get("jobId"));
                assertEquals("MANUAL", input.get("trigger"));
                assertEquals("20261122T010203004Z-mabc123", input.get("runId"));
            }
        }
    }

    @Test
    void startingTheSameRunTwiceIsNotAnError() {
        SfnClient alreadyStarted = (SfnClient) Proxy.newProxyInstance(SfnClient.class.getClassLoader(), new Class<?>[] {SfnClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("startExecution")) {
                        throw ExecutionAlreadyExistsException.builder().message("Execution Already Exists").build();
                    }
                    throw new AssertionError("unexpected call " + method.getName());
                });
        WorkflowConfiguration config = new WorkflowConfiguration();
        config.setStateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:x");
        new StepFunctionsRunLauncher(() -> alreadyStarted, config, JsonMapper.createDefault())
                .launch(new RunRequest("abcdefghijklm", Trigger.MANUAL, null, "20261122T010203004Z-mabc123", false));
    }
}
