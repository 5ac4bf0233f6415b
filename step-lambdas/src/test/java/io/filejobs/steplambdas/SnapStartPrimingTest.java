package io.filejobs.steplambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.Step;
import io.filejobs.core.run.ExecutionDocument;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.snapstart.PrimingReport;
import io.filejobs.core.snapstart.SnapStartPriming;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.test.CheckpointSimulator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming in the step Lambdas: what micronaut-crac registers with CRaC at start-up runs
 * every primer when the checkpoint comes (as the Lambda runtime calls it before the snapshot); a
 * primer that fails does not fail the checkpoint; the handler serves its first request after the
 * restore.
 */
class SnapStartPrimingTest {

    private static Map<String, Object> embedded() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("filejobs.embedded.s3.enabled", true);
        p.put("filejobs.embedded.s3.port", 0);
        p.put("filejobs.embedded.s3.dir", Files.createTempDirectory("priming-test").toString());
        p.put("filejobs.embedded.dynamodb.enabled", true);
        p.put("filejobs.storage.create-if-missing", true);
        p.put("aws.region", "us-east-1");
        return p;
    }

    @Test
    void theCheckpointPrimesSerdeAndStorageAndTheHandlerServesAfterTheRestore() throws Exception {
        Map<String, Object> properties = embedded();
        properties.put("test.recording-crac", true);
        try (ApplicationContext context = ApplicationContext.builder().environments("test").properties(properties).start()) {
            StartRunFunction function = new StartRunFunction(context);
            SnapStartPriming priming = context.getBean(SnapStartPriming.class);
            assertNull(priming.lastReport(), "nothing primes before the checkpoint");
            RecordingCracContext crac = context.getBean(RecordingCracContext.class);
            assertFalse(crac.registered.isEmpty(), "micronaut-crac registered the resources at start-up");

            crac.checkpoint();

            PrimingReport report = priming.lastReport();
            assertNotNull(report, "the checkpoint ran the priming");
            assertEquals(List.of("serde", "storage"), report.entries().stream().map(PrimingReport.Entry::name).sorted().toList());
            assertTrue(report.allCompleted(), report.toString());

            crac.restore();
            // The first request after the restore is served as usual.
            Job job = context.getBean(JobService.class).create(new JobDefinition("nightly", null, null, "UTC", JobState.ENABLED,
                    List.of(new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket1/b")))));
            var document = function.execute(new RunRequest(job.id(), Trigger.SCHEDULE, "2026-11-22T00:00:00Z", null, false));
            assertEquals(ExecutionDocument.RUN, document.outcome());
        }
    }

    @Test
    void aPrimerThatFailsIsReportedAndTheCheckpointGoesOn() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> properties = embedded();
        properties.put("aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + closedPort);
        properties.put("filejobs.embedded.dynamodb.enabled", false);
        properties.put("filejobs.storage.create-if-missing", false);
        properties.put("aws.accessKeyId", "test");
        properties.put("aws.secretKey", "test");
        try (ApplicationContext context = ApplicationContext.builder().environments("test").properties(properties).start()) {
            context.getBean(CheckpointSimulator.class).runBeforeCheckpoint();

            PrimingReport report = context.getBean(SnapStartPriming.class).lastReport();
            assertFalse(report.allCompleted());
            var byName = new HashMap<String, PrimingReport.Entry>();
            report.entries().forEach(e -> byName.put(e.name(), e));
            assertTrue(byName.get("serde").completed());
            assertFalse(byName.get("storage").completed());
            assertNotNull(byName.get("storage").failure());
        }
    }
}
