package io.filejobs.steplambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.Step;
import io.filejobs.core.run.ExecutionDocument;
import io.filejobs.core.run.ExecutionStatusEvent;
import io.filejobs.core.run.FinishRequest;
import io.filejobs.core.run.FinishRun;
import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.run.RunService;
import io.filejobs.core.run.RunStatus;
import io.filejobs.core.run.StartRun;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ExecutionStatus Lambda, fed EventBridge's execution status events: a run an execution left
 * RUNNING is recorded FAILED and alerted once; a run the state machine finished is left alone.
 */
class ExecutionStatusFunctionTest {

    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:filejobs-run:abc";

    private ApplicationContext context;
    private ExecutionStatusFunction function;
    private CapturedAlerts alerts;
    private JsonMapper json;
    private String jobId;

    @BeforeEach
    void start() throws Exception {
        context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("execution-status-test").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1",
                "test.capture-alerts", true));
        function = new ExecutionStatusFunction(context);
        alerts = context.getBean(CapturedAlerts.class);
        json = context.getBean(JsonMapper.class);
        Job job = context.getBean(JobService.class).create(new JobDefinition("nightly", null, null, "UTC", JobState.ENABLED,
                List.of(new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket1/b")))));
        jobId = job.id();
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private ExecutionStatusEvent event(String status, RunRequest input) throws Exception {
        return new ExecutionStatusEvent(new ExecutionStatusEvent.Detail(EXECUTION, status, json.writeValueAsString(input), null, null));
    }

    @Test
    void aScheduledRunLeftRunningByATimedOutExecutionIsRecordedFailedAndAlertedOnce() throws Exception {
        RunRequest request = new RunRequest(jobId, Trigger.SCHEDULE, "2026-11-22T00:00:00Z", null, false);
        ExecutionDocument started = context.getBean(StartRun.class).start(request);
        assertEquals(ExecutionDocument.RUN, started.outcome());

        assertEquals("RECORDED", function.execute(event("TIMED_OUT", request)));

        Run run = context.getBean(RunService.class).get(jobId, started.runId());
        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.error().message().contains("States.TIMED_OUT"), run.error().message());
        assertEquals(1, alerts.published.size());
        assertTrue(alerts.published.get(0).subject().contains("nightly"), alerts.published.get(0).subject());
        assertTrue(alerts.published.get(0).message().contains(started.runId()));

        // EventBridge delivers at least once: a repeat changes nothing and alerts nobody.
        assertEquals("ALREADY_FINISHED", function.execute(event("TIMED_OUT", request)));
        assertEquals(1, alerts.published.size());
    }

    @Test
    void aRunTheStateMachineFinishedIsLeftAlone() throws Exception {
        RunRequest request = new RunRequest(jobId, Trigger.SCHEDULE, "2026-11-21T00:00:00Z", null, false);
        ExecutionDocument started = context.getBean(StartRun.class).start(request);
        context.getBean(FinishRun.class).finish(new FinishRequest("FAILED", started, request, new FinishRequest.Failure("States.TaskFailed", "boom"), EXECUTION));

        assertEquals("ALREADY_FINISHED", function.execute(event("FAILED", request)));

        assertEquals(0, alerts.published.size());
        assertEquals(RunStatus.FAILED, context.getBean(RunService.class).get(jobId, started.runId()).status());
    }

    @Test
    void anAbortedExecutionThatLeftNoRunIsStillAlerted() throws Exception {
        RunRequest request = new RunRequest(jobId, Trigger.MANUAL, null, null, false);

        assertEquals("RECORDED", function.execute(event("ABORTED", request)));

        assertEquals(1, alerts.published.size());
        assertTrue(alerts.published.get(0).message().contains("States.ABORTED"), alerts.published.get(0).message());
    }

    @Test
    void anEventThatIsNotARunIsPassedOver() throws Exception {
        assertEquals("IGNORED", function.execute(new ExecutionStatusEvent(new ExecutionStatusEvent.Detail(EXECUTION, "FAILED", "not json", null, null))));
        assertEquals("IGNORED", function.execute(new ExecutionStatusEvent(null)));
        assertEquals(0, alerts.published.size());
    }
}
