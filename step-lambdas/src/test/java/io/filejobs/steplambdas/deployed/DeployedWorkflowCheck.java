package io.filejobs.steplambdas.deployed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.ValidationStatus;
import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunService;
import io.filejobs.core.run.RunStatus;
import io.filejobs.core.run.StepCallbacks;
import io.filejobs.core.run.StepRun;
import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.step.http.HttpSpec;
import io.filejobs.core.step.wait.WaitAction;
import io.filejobs.core.step.wait.WaitSpec;
import io.filejobs.core.step.CopyAction;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.step.ObjectCounts;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.step.merge.MergeSpec;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.trigger.JobTrigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The state machine Terraform deployed, run on moto's Step Functions engine with the real handlers
 * doing each task's work (see {@link TaskTokenWorker}): a run that succeeds, one that retries a
 * transient S3 error and succeeds, and one that fails and publishes its alert to the deployed topic;
 * a set larger than the deployed shard size, run as shards in the deployed Map and joined;
 * then a run whose execution ended before recording anything, whose status event is handed to the
 * execution-status function as the deployed EventBridge rule would, which records the run FAILED
 * and alerts through SNS itself; a run an object's creation starts, through the deployed rule,
 * queue and router; and steps side by side with a WAIT step answered through the callback, answered
 * FAILED, and left to time out.
 *
 * <p>Every function is built from its deployed configuration (handler, FILEJOBS_* environment), so
 * this also checks what Terraform wires into the Lambdas. Jobs are created and runs started through
 * core's services in an application context built from the API Lambda's deployed environment, and
 * the jobs stream is fed to validate-job and reconcile-schedules as its event source mappings would.
 *
 * <p>Not in the default test run (its name does not end in Test): scripts/test-terraform.sh runs it
 * after the apply, with {@code -Dfilejobs.deployed.endpoint} (moto) and {@code
 * -Dfilejobs.deployed.outputs} (terraform output -json). Without them it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployedWorkflowCheck {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);

    private static URI endpoint;
    private static JsonNode outputs;
    private static JsonMapper json;
    private static StaticCredentialsProvider credentials;
    private static SfnClient sfn;
    private static SqsClient sqs;
    private static S3Client s3;
    private static LambdaClient lambda;
    private static SchedulerClient scheduler;
    private static final Map<String, DeployedFunction> functions = new ConcurrentHashMap<>();
    private static Map<String, Object> endpoints;
    private static TaskTokenWorker worker;
    private static StreamFeeder feeder;
    private static ApplicationContext api;
    private static String dataBucket;
    private static String alertsQueue;

    @BeforeAll
    static void connect() throws Exception {
        String endpointProperty = System.getProperty("filejobs.deployed.endpoint");
        String outputsProperty = System.getProperty("filejobs.deployed.outputs");
        if (endpointProperty == null || outputsProperty == null) {
            fail("run by scripts/test-terraform.sh, with -Dfilejobs.deployed.endpoint=<moto> and -Dfilejobs.deployed.outputs=<terraform output -json>");
        }
        endpoint = URI.create(endpointProperty);
        json = JsonMapper.createDefault();
        outputs = json.readValue(Files.readString(Path.of(outputsProperty)), JsonNode.class);
        credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("moto", "moto"));
        sfn = moto(SfnClient.builder());
        sqs = moto(SqsClient.builder());
        s3 = moto(S3Client.builder().forcePathStyle(true));
        lambda = moto(LambdaClient.builder());
        scheduler = moto(SchedulerClient.builder());

        endpoints = new HashMap<>();
        endpoints.put("aws.region", "us-east-1");
        endpoints.put("aws.accessKeyId", "moto");
        endpoints.put("aws.secretKey", "moto");
        endpoints.put("aws.services.s3.endpoint-override", endpoint.toString());
        endpoints.put("aws.s3.path-style-access-enabled", true);
        endpoints.put("aws.services.dynamodb.endpoint-override", endpoint.toString());
        endpoints.put("filejobs.workflow.endpoint", endpoint.toString());
        endpoints.put("filejobs.scheduling.endpoint", endpoint.toString());
        endpoints.put("aws.services.sns.endpoint-override", endpoint.toString());
        endpoints.put("aws.services.secretsmanager.endpoint-override", endpoint.toString());

        // The data bucket is the user's, not Terraform's: the first allowed bucket the API Lambda was given.
        var apiConfig = DeployedFunction.configuration(lambda, output("api_function_name"));
        dataBucket = apiConfig.environment().variables().get("FILEJOBS_ALLOWED_BUCKETS").split(",")[0];
        s3.createBucket(b -> b.bucket(dataBucket));
        api = DeployedFunction.applicationContext(apiConfig, endpoints);

        // Alerts: an SQS queue subscribed to the deployed topic, as an operator's mailbox.
        String alertsQueueName = "filejobs-check-alerts";
        alertsQueue = sqs.createQueue(b -> b.queueName(alertsQueueName)).queueUrl();
        String alertsQueueArn = sqs.getQueueAttributes(b -> b.queueUrl(alertsQueue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        try (SnsClient sns = moto(SnsClient.builder())) {
            sns.subscribe(b -> b.topicArn(output("failure_topic_arn")).protocol("sqs").endpoint(alertsQueueArn));
        }

        // The tasks: every Lambda task of the deployed machine goes to a queue this JVM serves.
        String tasks = sqs.createQueue(b -> b.queueName("filejobs-check-tasks")).queueUrl();
        String stateMachine = output("state_machine_arn");
        String deployed = sfn.describeStateMachine(b -> b.stateMachineArn(stateMachine)).definition();
        TaskTokenWorker.Redirected redirected = TaskTokenWorker.redirect(deployed, tasks, json);
        assertEquals(List.of("StartRun", "Advance", "RunStep", "RunShard", "WaitForCallback", "RecordSuccess", "RecordSkip", "RecordStepFailure",
                "RecordStartFailure"), List.copyOf(redirected.functionsByState().keySet()));
        JsonNode stepFunctions = outputs.get("step_functions").get("value");
        for (var task : redirected.functionsByState().entrySet()) {
            String arn = task.getValue();
            assertTrue(arn.endsWith(":live"), task.getKey() + " must call the function's alias (SnapStart), not " + arn);
        }
        assertTrue(redirected.functionsByState().get("StartRun").contains(":function:" + stepFunctions.get("start-run").getStringValue() + ":"));
        assertTrue(redirected.functionsByState().get("RunStep").contains(":function:" + stepFunctions.get("run-step").getStringValue() + ":"));
        assertEquals(redirected.functionsByState().get("RunStep"), redirected.functionsByState().get("RunShard"));
        assertEquals(redirected.functionsByState().get("RunStep"), redirected.functionsByState().get("Advance"));
        assertEquals(redirected.functionsByState().get("RunStep"), redirected.functionsByState().get("WaitForCallback"));
        assertTrue(redirected.functionsByState().get("RecordSuccess").contains(":function:" + stepFunctions.get("finish-run").getStringValue() + ":"));
        sfn.updateStateMachine(b -> b.stateMachineArn(stateMachine).definition(redirected.definition()));
        worker = new TaskTokenWorker(sqs, sfn, tasks, DeployedWorkflowCheck::function, json);

        String jobsTable = output("jobs_table");
        try (DynamoDbClient dynamo = moto(DynamoDbClient.builder())) {
            String streamArn = dynamo.describeTable(b -> b.tableName(jobsTable)).table().latestStreamArn();
            assertNotNull(streamArn, "the jobs table must have a stream");
            feeder = new StreamFeeder(moto(DynamoDbStreamsClient.builder()), streamArn,
                    List.of(function(stepFunctions.get("validate-job").getStringValue()), function(stepFunctions.get("reconcile-schedules").getStringValue())),
                    json);
        }
        feeder.drain();
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (worker != null) {
            worker.close();
        }
        functions.values().forEach(DeployedFunction::close);
        if (api != null) {
            api.close();
        }
        for (AutoCloseable client : new AutoCloseable[] {sfn, sqs, s3, lambda, scheduler, feeder}) {
            if (client != null) {
                client.close();
            }
        }
    }

    /** A client of moto's endpoint. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C moto(B builder) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String output(String name) {
        JsonNode value = outputs.get(name);
        assertNotNull(value, "terraform output " + name);
        return value.get("value").getStringValue();
    }

    private static DeployedFunction function(String arnOrName) {
        return functions.computeIfAbsent(arnOrName, name -> DeployedFunction.load(lambda, name, endpoints));
    }

    // ---- the three runs --------------------------------------------------------------------

    @Test
    @Order(1)
    void aRunCopiesMergesAndDeletesAndSucceeds() throws Exception {
        put("in/a.csv", "id,value\n1,a\n");
        put("in/b.csv", "2,b\n3,c\n");
        Job job = createValidJob("nightly-merge", "cron(0 1 * * ? *)", List.of(
                new Step(0, "stage", TransferSpec.copy(dataBucket + "/in/a.csv", dataBucket + "/work/a.csv")),
                new Step(1, "merge", new MergeSpec(List.of(dataBucket + "/work/a.csv", dataBucket + "/in/b.csv"), dataBucket + "/out/merged.csv")),
                new Step(2, "clean", new DeleteSpec(dataBucket + "/work/a.csv"))));
        // reconcile-schedules, fed by the stream, put the job's schedule in the deployed group.
        var schedule = scheduler.getSchedule(b -> b.groupName(output("schedule_group")).name(job.id()));
        assertEquals("cron(0 1 * * ? *)", schedule.scheduleExpression());
        assertEquals("Europe/Berlin", schedule.scheduleExpressionTimezone());
        assertEquals(output("state_machine_arn"), schedule.target().arn());

        Run run = api.getBean(RunService.class).startManual(job.id(), null);
        DescribeExecutionResponse execution = awaitExecution(run.runId());

        assertEquals(ExecutionStatus.SUCCEEDED, execution.status(), () -> history(execution.executionArn()));
        Run recorded = api.getBean(RunService.class).get(job.id(), run.runId());
        assertEquals(RunStatus.SUCCEEDED, recorded.status());
        assertEquals("id,value\n1,a\n2,b\n3,c\n", get("out/merged.csv"));
        assertFalse(exists("work/a.csv"), "the DELETE step removed the staged copy");
        assertTrue(s3.listMultipartUploads(b -> b.bucket(dataBucket)).uploads().isEmpty(), "no multipart upload is left");
    }

    @Test
    @Order(2)
    void aTransientS3ErrorIsRetriedByTheStateMachineAndTheRunSucceeds() throws Exception {
        put("in/flaky.csv", "flaky\n");
        Job job = createValidJob("flaky-copy", null, List.of(
                new Step(0, "copy", TransferSpec.copy(dataBucket + "/in/flaky.csv", dataBucket + "/out/flaky.csv"))));
        // S3 answers 500 to every request for the object until the step has failed once.
        control("POST", "/_filejobs/faults", "{\"path_contains\":\"flaky\",\"status\":500,\"code\":\"InternalError\"}");
        worker.onNextFailure("io.filejobs.core.step.StepTransientException", () -> control("DELETE", "/_filejobs/faults", null));

        Run run = api.getBean(RunService.class).startManual(job.id(), null);
        DescribeExecutionResponse execution = awaitExecution(run.runId());
        control("DELETE", "/_filejobs/faults", null);

        assertEquals(ExecutionStatus.SUCCEEDED, execution.status(), () -> history(execution.executionArn()));
        List<HistoryEvent> events = events(execution.executionArn());
        List<HistoryEvent> failed = events.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).toList();
        assertEquals(1, failed.size(), () -> history(execution.executionArn()));
        assertEquals("io.filejobs.core.step.StepTransientException", failed.get(0).taskFailedEventDetails().error());
        assertEquals(RunStatus.SUCCEEDED, api.getBean(RunService.class).get(job.id(), run.runId()).status());
        assertEquals("flaky\n", get("out/flaky.csv"));
    }

    @Test
    @Order(3)
    void aRunWhoseSourceIsGoneFailsAndItsAlertReachesTheTopic() throws Exception {
        put("in/gone.csv", "here at validation\n");
        Job job = createValidJob("vanishing-input", null, List.of(
                new Step(0, "copy", TransferSpec.copy(dataBucket + "/in/gone.csv", dataBucket + "/out/gone.csv"))));
        s3.deleteObject(b -> b.bucket(dataBucket).key("in/gone.csv"));

        Run run = api.getBean(RunService.class).startManual(job.id(), null);
        DescribeExecutionResponse execution = awaitExecution(run.runId());

        assertEquals(ExecutionStatus.FAILED, execution.status(), () -> history(execution.executionArn()));
        assertEquals("RunFailed", execution.error());
        Run recorded = api.getBean(RunService.class).get(job.id(), run.runId());
        assertEquals(RunStatus.FAILED, recorded.status());
        assertEquals("SOURCE_NOT_FOUND", recorded.error().code());
        assertFalse(exists("out/gone.csv"));

        Map<String, Object> alert = awaitAlert(run.runId());
        assertTrue(String.valueOf(alert.get("Subject")).contains("vanishing-input"), alert.toString());
        Map<String, Object> notice = json.readValue(String.valueOf(alert.get("Message")), Argument.mapOf(String.class, Object.class));
        assertEquals(job.id(), notice.get("jobId"));
        assertEquals("SOURCE_NOT_FOUND", notice.get("code"), notice.toString());
    }

    @Test
    @Order(4)
    void aRunItsExecutionLeftUnfinishedIsRecordedFailedAndAlertedByTheExecutionStatusFunction() throws Exception {
        put("in/stuck.csv", "never copied\n");
        Job job = createValidJob("stuck-run", null, List.of(
                new Step(0, "copy", TransferSpec.copy(dataBucket + "/in/stuck.csv", dataBucket + "/out/stuck.csv"))));
        // No task is served: the execution starts and its run stays QUEUED, as when an execution is
        // aborted or times out before StartRun records anything.
        String stateMachine = output("state_machine_arn");
        worker.pause();
        Run run;
        String executionArn;
        try {
            run = api.getBean(RunService.class).startManual(job.id(), null);
            executionArn = stateMachine.replace(":stateMachine:", ":execution:") + ":" + run.runId();
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            assertEquals(RunStatus.QUEUED, api.getBean(RunService.class).get(job.id(), run.runId()).status());

            // What Step Functions puts on the default bus when an execution is aborted. The deployed rule
            // must hand it to execution-status, and pass over a succeeded execution and another machine's.
            control("DELETE", "/_filejobs/lambda-deliveries", null);
            try (EventBridgeClient events = moto(EventBridgeClient.builder())) {
                for (String[] status : new String[][] {{"ABORTED", stateMachine}, {"SUCCEEDED", stateMachine},
                        {"FAILED", stateMachine.replace(":stateMachine:", ":stateMachine:other-")}}) {
                    String detail = json.writeValueAsString(Map.of("executionArn", executionArn, "stateMachineArn", status[1],
                            "name", run.runId(), "status", status[0], "input", execution.input()));
                    PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source("aws.states")
                            .detailType("Step Functions Execution Status Change").resources(executionArn).detail(detail).build();
                    var put = events.putEvents(b -> b.entries(entry));
                    assertEquals(0, put.failedEntryCount(), put.toString());
                }
            }
            List<Map<String, Object>> deliveries = json.readValue(control("GET", "/_filejobs/lambda-deliveries", null),
                    Argument.listOf(Argument.mapOf(String.class, Object.class)));
            assertEquals(1, deliveries.size(), "the rule passes only the aborted execution of this machine: " + deliveries);
            String target = String.valueOf(deliveries.get(0).get("target"));
            assertTrue(target.contains(":function:" + outputs.get("step_functions").get("value").get("execution-status").getStringValue() + ":live"),
                    target);
            String result = function(target).invoke(json.writeValueAsString(deliveries.get(0).get("event")));
            assertEquals("\"RECORDED\"", result);
        } finally {
            worker.resume();
        }
        Run recorded = api.getBean(RunService.class).get(job.id(), run.runId());
        assertEquals(RunStatus.FAILED, recorded.status());
        Map<String, Object> alert = awaitAlert(run.runId());
        assertTrue(String.valueOf(alert.get("Subject")).contains("stuck-run"), alert.toString());

        // Had the execution gone on after all, it finds its run finished and changes nothing.
        DescribeExecutionResponse late = awaitExecution(run.runId());
        assertEquals(ExecutionStatus.SUCCEEDED, late.status(), () -> history(late.executionArn()));
        assertEquals(RunStatus.FAILED, api.getBean(RunService.class).get(job.id(), run.runId()).status());
        assertFalse(exists("out/stuck.csv"), "the late execution copied nothing");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Job createValidJob(String name, String schedule, List<Step> steps) {
        return createValidJob(new JobDefinition(name, null, schedule, schedule == null ? "UTC" : "Europe/Berlin", JobState.ENABLED, steps));
    }

    private static Job createValidJob(JobDefinition definition) {
        JobService jobs = api.getBean(JobService.class);
        Job job = jobs.create(definition);
        assertTrue(feeder.drain() > 0, "the job's write reached the stream");
        Job checked = jobs.get(job.id());
        assertEquals(ValidationStatus.VALID, checked.validation().status(), () -> "validate-job: " + checked.validation());
        return checked;
    }

    private static DescribeExecutionResponse awaitExecution(String executionName) {
        String arn = output("state_machine_arn").replace(":stateMachine:", ":execution:") + ":" + executionName;
        try {
            return Eventually.await("the end of execution " + arn, RUN_TIMEOUT, () -> sfn.describeExecution(b -> b.executionArn(arn)),
                    execution -> {
                        assertNull(worker.broken(), "the task worker stopped");
                        return execution.status() != ExecutionStatus.RUNNING;
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + history(arn), e);
        }
    }

    private static List<HistoryEvent> events(String executionArn) {
        return sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(1000)).events();
    }

    private static String history(String executionArn) {
        StringBuilder out = new StringBuilder("execution history:\n");
        for (HistoryEvent e : events(executionArn)) {
            out.append("  ").append(e.id()).append(' ').append(e.typeAsString());
            if (e.taskFailedEventDetails() != null) {
                out.append(' ').append(e.taskFailedEventDetails().error()).append(": ").append(e.taskFailedEventDetails().cause());
            }
            if (e.executionFailedEventDetails() != null) {
                out.append(' ').append(e.executionFailedEventDetails().error()).append(": ").append(e.executionFailedEventDetails().cause());
            }
            out.append('\n');
        }
        out.append("tasks served: ").append(worker.served());
        return out.toString();
    }

    /** The SNS notification of the alert about this run, as the topic's SQS subscription received it. */
    private static Map<String, Object> awaitAlert(String runId) throws IOException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (var message : sqs.receiveMessage(b -> b.queueUrl(alertsQueue).waitTimeSeconds(1).maxNumberOfMessages(10)).messages()) {
                sqs.deleteMessage(b -> b.queueUrl(alertsQueue).receiptHandle(message.receiptHandle()));
                Map<String, Object> notification = json.readValue(message.body(), Argument.mapOf(String.class, Object.class));
                if (String.valueOf(notification.get("Message")).contains(runId)) {
                    return notification;
                }
            }
        }
        throw new AssertionError("no alert about run " + runId + " reached the topic's SQS subscription");
    }

    /**
     * A set larger than the deployed shard size (test-terraform.sh sets 5, and 3 shards) is split by
     * the run-step function, run as shards in the deployed Map, and joined: every object copied, the
     * ledger's counts exact, three shards recorded.
     */
    @Test
    @Order(5)
    void aSetLargerThanTheShardSizeRunsAsShardsInTheDeployedMap() throws Exception {
        for (int i = 0; i < 12; i++) {
            put("shards/part-" + i + ".csv", "row " + i + "\n");
        }
        Job job = createValidJob("sharded-copy", null, List.of(new Step(0, "spread", new TransferSpec(CopyAction.NAME, null,
                new ObjectSelector(dataBucket + "/shards/", "*.csv", ObjectSelector.Order.KEY, ObjectSelector.IfEmpty.FAIL),
                dataBucket + "/sharded/{relativeKey}", null))));

        Run run = api.getBean(RunService.class).startManual(job.id(), null);
        DescribeExecutionResponse execution = awaitExecution(run.runId());

        assertEquals(ExecutionStatus.SUCCEEDED, execution.status(), () -> history(execution.executionArn()));
        Run recorded = api.getBean(RunService.class).get(job.id(), run.runId());
        assertEquals(RunStatus.SUCCEEDED, recorded.status());
        StepRun step = recorded.steps().get(0);
        assertEquals(new ObjectCounts(12, 12, 0, 0), step.objects(), step::toString);
        assertEquals(3, step.shards().size(), step::toString);
        assertTrue(events(execution.executionArn()).stream().anyMatch(e -> e.type() == HistoryEventType.MAP_STATE_STARTED),
                () -> history(execution.executionArn()));
        for (int i = 0; i < 12; i++) {
            assertEquals("row " + i + "\n", get("sharded/part-" + i + ".csv"));
        }
        assertEquals(12, api.getBean(RunService.class).objects(job.id(), run.runId(), "0", "SUCCEEDED", 100, null).items().size());
    }

    /**
     * An object created under a job's trigger: S3 (moto) sends the event to EventBridge, the
     * deployed rule puts it on the deployed queue, and the router function, handed the batch as
     * the queue's event source mapping would, starts the run, which copies the object. The same
     * message delivered again starts nothing, and a message that is not an S3 event is reported
     * back for another delivery (and so, in the end, the dead-letter queue).
     */
    @Test
    @Order(6)
    void anObjectCreatedUnderATriggerStartsItsRunThroughTheRuleTheQueueAndTheRouter() throws Exception {
        JobDefinition definition = new JobDefinition("deliver-builds", null, null, "UTC", JobState.ENABLED,
                List.of(new Step(0, "deliver", TransferSpec.copy(dataBucket + "/{trigger.key}", dataBucket + "/delivered/{trigger.relativeKey}"))),
                null, List.of(new JobTrigger(JobTrigger.Type.OBJECT_CREATED, dataBucket + "/drop/", "*.zip")));
        // While the bucket does not send its events to EventBridge, validate-job marks the job INVALID, saying how to switch them on.
        JobService jobs = api.getBean(JobService.class);
        Job unheard = jobs.create(definition);
        assertTrue(feeder.drain() > 0, "the job's write reached the stream");
        Job refused = jobs.get(unheard.id());
        assertEquals(ValidationStatus.INVALID, refused.validation().status(), refused.validation()::toString);
        assertEquals("triggers[0].prefix", refused.validation().errors().get(0).field());
        assertTrue(refused.validation().errors().get(0).message().contains("EventBridge"), refused.validation()::toString);

        // Switched on, the same definition written again is VALID.
        s3.putBucketNotificationConfiguration(b -> b.bucket(dataBucket)
                .notificationConfiguration(n -> n.eventBridgeConfiguration(EventBridgeConfiguration.builder().build())));
        String queue = output("object_events_queue_url");
        DeployedFunction router = function(output("object_events_function"));
        jobs.replace(unheard.id(), definition, null);
        assertTrue(feeder.drain() > 0, "the job's write reached the stream");
        Job job = jobs.get(unheard.id());
        assertEquals(ValidationStatus.VALID, job.validation().status(), job.validation()::toString);

        put("drop/app 1+2.zip", "build\n");
        List<software.amazon.awssdk.services.sqs.model.Message> messages = Eventually.await("the object's event on the queue", Duration.ofSeconds(20),
                () -> sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1).maxNumberOfMessages(10)).messages(), m -> !m.isEmpty());
        assertEquals(1, messages.size(), messages::toString);
        String batch = json.writeValueAsString(Map.of("Records", List.of(Map.of("messageId", messages.get(0).messageId(),
                "body", messages.get(0).body()))));
        assertEquals("{\"batchItemFailures\":[]}", router.invoke(batch));
        sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(messages.get(0).receiptHandle()));

        Run run = Eventually.await("the triggered run", Duration.ofSeconds(20),
                () -> api.getBean(RunService.class).list(job.id(), 10, null).items(), runs -> !runs.isEmpty()).get(0);
        DescribeExecutionResponse execution = awaitExecution(job.id() + "-" + run.runId());
        assertEquals(ExecutionStatus.SUCCEEDED, execution.status(), () -> history(execution.executionArn()));
        Run recorded = api.getBean(RunService.class).get(job.id(), run.runId());
        assertEquals(RunStatus.SUCCEEDED, recorded.status());
        assertEquals(io.filejobs.core.trigger.Trigger.OBJECT_CREATED, recorded.trigger());
        assertEquals("drop/app 1+2.zip", recorded.triggerObject().key(), "the router decodes the key S3 sends URL-encoded");
        assertEquals("build\n", get("delivered/app 1+2.zip"));

        // SQS delivers at least once: the same message again starts no second run.
        assertEquals("{\"batchItemFailures\":[]}", router.invoke(batch));
        assertEquals(1, api.getBean(RunService.class).list(job.id(), 10, null).items().size());

        // The run's own write (delivered/...) was an event too, which no trigger takes; a message that
        // is not an S3 event is handed back.
        String unreadable = json.writeValueAsString(Map.of("Records", List.of(Map.of("messageId", "m-1", "body", "{\"source\":\"aws.ec2\"}"))));
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"}]}", router.invoke(unreadable));
    }

    /** Two copies side by side (no after), a WAIT for both with {@code timeout}, then a copy of what the first wrote. */
    private static List<Step> releaseSteps(String prefix, String timeout) {
        return List.of(
                new Step(0, "copy-a", TransferSpec.copy(dataBucket + "/" + prefix + "/a.txt", dataBucket + "/" + prefix + "-staged/a.txt"), List.of()),
                new Step(1, "copy-b", TransferSpec.copy(dataBucket + "/" + prefix + "/b.txt", dataBucket + "/" + prefix + "-staged/b.txt"), List.of()),
                new Step(2, "approval", new WaitSpec(WaitAction.CALLBACK, timeout), List.of(0, 1)),
                new Step(3, "archive", TransferSpec.copy(dataBucket + "/" + prefix + "-staged/a.txt", dataBucket + "/" + prefix + "-archive/a.txt")));
    }

    private static Run awaitStatus(String jobId, String runId, RunStatus status) {
        return Eventually.await("run " + runId + " " + status, RUN_TIMEOUT, () -> {
            assertNull(worker.broken(), "the task worker stopped");
            return api.getBean(RunService.class).get(jobId, runId);
        }, r -> r.status() == status);
    }

    /**
     * The release example on the deployed state machine: three HTTP calls side by side to a server in
     * this JVM, which holds each for a while and records when it arrived (they overlap, in one Map
     * of three items); then the WAIT step's task waits for its token (run and step WAITING, the
     * notice on the topic with the callback route); the callback route hands SUCCEEDED to Step
     * Functions and the run goes on to its COPY. A second answer is refused.
     */
    @Test
    @Order(7)
    void callsRunSideBySideAndAWaitIsResumedThroughTheCallback() throws Exception {
        List<Instant> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, String> authorization = new ConcurrentHashMap<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.2", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            arrivals.add(Instant.now());
            authorization.put(exchange.getRequestURI().getPath(), String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            put("release/app.zip", "package\n");
            // The deploy call's bearer token: a secret under the deployment's prefix, read by the run-step function.
            String prefix = DeployedFunction.configuration(lambda, outputs.get("step_functions").get("value").get("run-step").getStringValue())
                    .environment().variables()
                    .get("FILEJOBS_SECRETS_NAME_PREFIX");
            try (var secrets = moto(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder())) {
                secrets.createSecret(b -> b.name(prefix + "release-api").secretString("deploy-token-7"));
            }
            String calls = "http://127.0.0.2:" + server.getAddress().getPort();
            List<Step> steps = new java.util.ArrayList<>();
            for (String call : List.of("validate", "deploy", "notify")) {
                steps.add(new Step(steps.size(), call, new HttpSpec("POST", calls + "/" + call, null, JsonNode.createObjectNode(Map.of(
                        "package", JsonNode.createStringNode("app.zip"))), "deploy".equals(call) ? "release-api" : null, null, null, null),
                        List.of()));
            }
            steps.add(new Step(3, "ticket", new WaitSpec(WaitAction.CALLBACK, "P1D"), List.of(0, 1, 2)));
            steps.add(new Step(4, "archive", TransferSpec.copy(dataBucket + "/release/app.zip", dataBucket + "/release-archive/app.zip")));
            Job job = createValidJob("release", null, steps);
            Run run = api.getBean(RunService.class).startManual(job.id(), null);

            Run waiting = awaitStatus(job.id(), run.runId(), RunStatus.WAITING);
            assertEquals(List.of(StepRun.SUCCEEDED, StepRun.SUCCEEDED, StepRun.SUCCEEDED, StepRun.WAITING, StepRun.PENDING),
                    waiting.steps().stream().map(StepRun::status).toList());
            assertEquals(3, arrivals.size(), arrivals::toString);
            Instant first = arrivals.stream().min(Instant::compareTo).orElseThrow();
            Instant last = arrivals.stream().max(Instant::compareTo).orElseThrow();
            assertTrue(Duration.between(first, last).toMillis() < 1500, "the three calls overlapped: " + arrivals);
            assertEquals("Bearer deploy-token-7", authorization.get("/deploy"));
            assertEquals("null", authorization.get("/validate"));
            Map<String, Object> notice = json.readValue(String.valueOf(awaitAlert(run.runId()).get("Message")), Argument.mapOf(String.class, Object.class));
            String route = "/jobs/" + job.id() + "/runs/" + run.runId() + "/steps/3/callback";
            assertEquals(route, notice.get("callbackPath"), notice.toString());
            String arn = output("state_machine_arn").replace(":stateMachine:", ":execution:") + ":" + run.runId();
            assertTrue(events(arn).stream().anyMatch(e -> e.type() == HistoryEventType.MAP_STATE_STARTED && e.mapStateStartedEventDetails() != null
                    && e.mapStateStartedEventDetails().length() == 3), () -> "the three calls in one Map\n" + history(arn));

            StepRun answered = api.getBean(StepCallbacks.class).answer(job.id(), run.runId(), "3",
                    "{\"outcome\":\"SUCCEEDED\",\"output\":{\"ticket\":\"REL-7\"}}".getBytes(StandardCharsets.UTF_8));
            assertEquals(StepRun.SUCCEEDED, answered.status());

            DescribeExecutionResponse execution = awaitExecution(run.runId());
            assertEquals(ExecutionStatus.SUCCEEDED, execution.status(), () -> history(execution.executionArn()));
            assertEquals("package\n", get("release-archive/app.zip"));
            Run recorded = api.getBean(RunService.class).get(job.id(), run.runId());
            assertEquals(RunStatus.SUCCEEDED, recorded.status());
            assertEquals("REL-7", recorded.steps().get(3).callback().output().get("ticket").getStringValue());
            FileJobsException again = org.junit.jupiter.api.Assertions.assertThrows(FileJobsException.class, () -> api.getBean(StepCallbacks.class)
                    .answer(job.id(), run.runId(), "3", "{\"outcome\":\"FAILED\"}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(ErrorCode.ALREADY_DONE, again.code());
        } finally {
            server.stop(0);
        }
    }

    /** A callback that answers FAILED fails the step with CALLBACK_REJECTED, and the run, whose alert names the route. */
    @Test
    @Order(8)
    void aCallbackThatAnswersFailedFailsTheRunAndAlerts() throws Exception {
        put("refused/a.txt", "a\n");
        put("refused/b.txt", "b\n");
        Job job = createValidJob("refused-release", null, releaseSteps("refused", "P1D"));
        Run run = api.getBean(RunService.class).startManual(job.id(), null);
        awaitStatus(job.id(), run.runId(), RunStatus.WAITING);
        awaitAlert(run.runId());

        api.getBean(StepCallbacks.class).answer(job.id(), run.runId(), "2",
                "{\"outcome\":\"FAILED\",\"message\":\"ticket REL-8 rejected\"}".getBytes(StandardCharsets.UTF_8));

        DescribeExecutionResponse execution = awaitExecution(run.runId());
        assertEquals(ExecutionStatus.FAILED, execution.status(), () -> history(execution.executionArn()));
        Run recorded = api.getBean(RunService.class).get(job.id(), run.runId());
        assertEquals(RunStatus.FAILED, recorded.status());
        assertEquals("CALLBACK_REJECTED", recorded.error().code());
        assertEquals(StepRun.PENDING, recorded.steps().get(3).status());
        Map<String, Object> alert = json.readValue(String.valueOf(awaitAlert(run.runId()).get("Message")), Argument.mapOf(String.class, Object.class));
        assertEquals("CALLBACK_REJECTED", alert.get("code"), alert.toString());
        assertEquals("/jobs/" + job.id() + "/runs/" + run.runId() + "/steps/2/callback", alert.get("callbackPath"));
    }

    /** No answer within the step's timeout: the deployed task times out, and the step and the run are TIMEOUT, alerted. */
    @Test
    @Order(9)
    void aWaitWithoutAnAnswerTimesOut() throws Exception {
        put("late/a.txt", "a\n");
        put("late/b.txt", "b\n");
        Job job = createValidJob("late-release", null, releaseSteps("late", "PT5S"));
        Run run = api.getBean(RunService.class).startManual(job.id(), null);

        DescribeExecutionResponse execution = awaitExecution(run.runId());

        assertEquals(ExecutionStatus.FAILED, execution.status(), () -> history(execution.executionArn()));
        Run recorded = api.getBean(RunService.class).get(job.id(), run.runId());
        assertEquals("TIMEOUT", recorded.error().code(), recorded::toString);
        assertEquals(StepRun.FAILED, recorded.steps().get(2).status());
        FileJobsException late = org.junit.jupiter.api.Assertions.assertThrows(FileJobsException.class, () -> api.getBean(StepCallbacks.class)
                .answer(job.id(), run.runId(), "2", "{\"outcome\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.NOT_WAITING, late.code());
    }

    /** Calls one of the test controls scripts/moto-server.py adds (faults, Lambda deliveries); returns the answer. */
    private static String control(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path));
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void put(String key, String content) {
        s3.putObject(b -> b.bucket(dataBucket).key(key), RequestBody.fromString(content));
    }

    private static String get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(dataBucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    private static boolean exists(String key) {
        return s3.listObjectsV2(b -> b.bucket(dataBucket).prefix(key)).contents().stream().anyMatch(o -> o.key().equals(key));
    }
}
