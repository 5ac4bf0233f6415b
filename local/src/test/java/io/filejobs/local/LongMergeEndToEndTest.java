package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.testing.Eventually;
import io.filejobs.local.workflow.RequestCounting;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A MERGE that does not fit one invocation, run through the real state machine on the embedded
 * runtime: with a time budget of zero each RunStep does one part and hands its progress back,
 * and the machine invokes the step again until the merge completes.
 */
class LongMergeEndToEndTest {

    private static final int MIB = 1024 * 1024;

    @Test
    @SuppressWarnings("unchecked")
    void aMergeContinuedOverThreeInvocationsSucceedsAsOneStepAttempt() throws Exception {
        try (LocalFixture local = LocalFixture.start("merge-key", Map.of(), Map.of("test.count-requests", "true",
                "filejobs.steps.merge-time-budget", "0s", "filejobs.steps.merge-concurrency", "1"))) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            StringBuilder sources = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                byte[] data = new byte[6 * MIB];
                new Random(i).nextBytes(data);
                expected.writeBytes(data);
                String key = "long/in-" + i + ".bin";
                local.s3.putObject(b -> b.bucket("bucket1").key(key), RequestBody.fromBytes(data));
                sources.append(i == 0 ? "" : ",").append("\"bucket1/").append(key).append('"');
            }
            String jobId = local.createCheckedJob("{\"name\":\"long-merge\",\"steps\":[{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\","
                    + "\"sources\":[" + sources + "],\"destination\":\"bucket2/long/merged.bin\"}]}");
            int listPartsBefore = RequestCounting.listParts.get();

            var started = local.call("POST", "/jobs/" + jobId + "/runs", null);
            assertEquals(202, started.status(), started::toString);
            Map<String, Object> run = Eventually.await("the merge run finishing", Duration.ofSeconds(60),
                    () -> local.call("GET", started.header("location"), null).json(),
                    r -> List.of("SUCCEEDED", "FAILED", "SKIPPED").contains(r.get("status")));

            assertEquals("SUCCEEDED", run.get("status"), run::toString);
            Map<String, Object> step = ((List<Map<String, Object>>) run.get("steps")).get(0);
            assertEquals(18 * MIB, ((Number) step.get("bytes")).intValue());
            assertEquals(1, ((Number) step.get("attempts")).intValue(), "continuing is not retrying");
            assertEquals(2, RequestCounting.listParts.get() - listPartsBefore, "invocations 2 and 3 read the uploaded parts back");
            assertArrayEquals(expected.toByteArray(), local.s3.getObjectAsBytes(b -> b.bucket("bucket2").key("long/merged.bin")).asByteArray());
            assertEquals(0, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size());
        }
    }

    @Test
    void aRunThatFailsBetweenInvocationsHasItsUploadAbortedWhenItIsRecorded() throws Exception {
        try (LocalFixture local = LocalFixture.start("merge-key", Map.of(), Map.of("filejobs.steps.merge-time-budget", "0s",
                "filejobs.steps.merge-concurrency", "1", "filejobs.local.scheduler.enabled", "false"))) {
            for (int i = 0; i < 2; i++) {
                byte[] data = new byte[6 * MIB];
                new Random(i).nextBytes(data);
                String key = "cut/in-" + i + ".bin";
                local.s3.putObject(b -> b.bucket("bucket1").key(key), RequestBody.fromBytes(data));
            }
            var created = local.call("POST", "/jobs", "{\"name\":\"cut-short\",\"steps\":[{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\","
                    + "\"sources\":[\"bucket1/cut/in-0.bin\",\"bucket1/cut/in-1.bin\"],\"destination\":\"bucket2/cut/merged.bin\"}]}");
            String jobId = (String) created.json().get("id");
            var startRun = local.runtime.context().getBean(io.filejobs.core.run.StartRun.class);
            var runStep = local.runtime.context().getBean(io.filejobs.core.run.RunStep.class);
            var finishRun = local.runtime.context().getBean(io.filejobs.core.run.FinishRun.class);
            // The tasks as the state machine calls them, up to a first invocation that leaves the merge unfinished.
            var request = new io.filejobs.core.run.RunRequest(jobId, io.filejobs.core.trigger.Trigger.SCHEDULE, "2099-01-01T00:00:00Z", null, false);
            var document = startRun.start(request);
            var unfinished = runStep.run(document.forStep(0));
            assertEquals(0, unfinished.current());
            assertEquals(1, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size());

            // The next invocation timed out: the Map's Catch hands FinishRun the run's document, and the upload the step recorded goes.
            var result = finishRun.finish(new io.filejobs.core.run.FinishRequest("FAILED", document, request,
                    new io.filejobs.core.run.FinishRequest.Failure("States.Timeout", "Task timed out"), null));

            assertEquals("FAILED", result.status());
            assertEquals(0, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size(), "no upload left behind");
        }
    }

    /**
     * A worker killed after it began the merge's multipart upload (a SIGKILL of the embedded
     * runtime, a Lambda that timed out) cleans nothing up; the upload was recorded before its first
     * part, so the step tried again aborts it before starting afresh, and a run that fails instead
     * aborts it as it is recorded FAILED. Nothing is left behind either way.
     */
    @Test
    void aMergeWhoseWorkerWasKilledLeavesNoUploadBehind() throws Exception {
        try (LocalFixture local = LocalFixture.start("merge-key", Map.of(), Map.of("test.count-requests", "true",
                "filejobs.steps.merge-concurrency", "1", "filejobs.local.scheduler.enabled", "false"))) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < 2; i++) {
                byte[] data = new byte[6 * MIB];
                new Random(10 + i).nextBytes(data);
                expected.writeBytes(data);
                String key = "killed/in " + i + ".bin";
                local.s3.putObject(b -> b.bucket("bucket1").key(key), RequestBody.fromBytes(data));
            }
            String jobId = local.createCheckedJob("{\"name\":\"killed\",\"steps\":[{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\","
                    + "\"sources\":[\"bucket1/killed/in 0.bin\",\"bucket1/killed/in 1.bin\"],\"destination\":\"bucket2/killed/merged.bin\"}]}");
            var startRun = local.runtime.context().getBean(io.filejobs.core.run.StartRun.class);
            var runStep = local.runtime.context().getBean(io.filejobs.core.run.RunStep.class);
            var finishRun = local.runtime.context().getBean(io.filejobs.core.run.FinishRun.class);

            // The retried step aborts what the killed attempt left, and merges afresh.
            var run = startRun.start(new io.filejobs.core.run.RunRequest(jobId, io.filejobs.core.trigger.Trigger.SCHEDULE,
                    "2099-01-01T00:00:00Z", null, false));
            var first = run.forStep(0);
            RequestCounting.dieAtNextPart.set(true);
            org.junit.jupiter.api.Assertions.assertThrows(RequestCounting.WorkerKilled.class, () -> runStep.run(first));
            assertEquals(1, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size(), "the killed worker left its upload");
            org.junit.jupiter.api.Assertions.assertNull(runStep.run(first).continuation(), "the merge ended");
            assertEquals(0, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size(), "no upload left behind");
            assertArrayEquals(expected.toByteArray(), local.s3.getObjectAsBytes(b -> b.bucket("bucket2").key("killed/merged.bin")).asByteArray());
            finishRun.finish(new io.filejobs.core.run.FinishRequest("SUCCEEDED", run, null, null, null));

            // A run that fails after the kill aborts the upload as it is recorded.
            var request = new io.filejobs.core.run.RunRequest(jobId, io.filejobs.core.trigger.Trigger.SCHEDULE, "2099-01-02T00:00:00Z", null, false);
            var second = startRun.start(request).forStep(0);
            RequestCounting.dieAtNextPart.set(true);
            org.junit.jupiter.api.Assertions.assertThrows(RequestCounting.WorkerKilled.class, () -> runStep.run(second));
            assertEquals(1, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size());
            var result = finishRun.finish(new io.filejobs.core.run.FinishRequest("FAILED", second, request,
                    new io.filejobs.core.run.FinishRequest.Failure("States.Timeout", "Task timed out"), null));
            assertEquals("FAILED", result.status());
            assertEquals(0, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size(), "no upload left behind");
            var ledger = local.runtime.context().getBean(io.filejobs.core.store.RunLedger.class);
            var failed = ledger.get(jobId, second.runId()).orElseThrow();
            assertEquals("FAILED", failed.steps().get(0).status(), "no step of a FAILED run stays RUNNING");

            // A task that died on an error of its own: the run says so in words, without the class or its trace.
            var third = new io.filejobs.core.run.RunRequest(jobId, io.filejobs.core.trigger.Trigger.SCHEDULE, "2099-01-03T00:00:00Z", null, false);
            var thirdDoc = startRun.start(third);
            RequestCounting.dieAtNextPart.set(true);
            org.junit.jupiter.api.Assertions.assertThrows(RequestCounting.WorkerKilled.class, () -> runStep.run(thirdDoc.forStep(0)));
            var crashed = finishRun.finish(new io.filejobs.core.run.FinishRequest("FAILED", thirdDoc, third,
                    new io.filejobs.core.run.FinishRequest.Failure("java.lang.OutOfMemoryError",
                            "{\"errorMessage\":\"Java heap space\",\"stackTrace\":[\"io.filejobs.core.step.MergeAction.read(MergeAction.java:1)\"]}"), null));
            assertEquals("FAILED", crashed.status());
            var recorded = ledger.get(jobId, thirdDoc.runId()).orElseThrow();
            for (String text : List.of(recorded.error().message(), recorded.steps().get(0).error().message(), crashed.alert().message())) {
                org.junit.jupiter.api.Assertions.assertFalse(text.contains("java.") || text.contains("MergeAction"), text);
            }
            assertEquals("FAILED", recorded.steps().get(0).status());

            // A fault of FileJobs' own making inside a step fails the step at once, typed INTERNAL, in words.
            var fourth = new io.filejobs.core.run.RunRequest(jobId, io.filejobs.core.trigger.Trigger.SCHEDULE, "2099-01-04T00:00:00Z", null, false);
            var fourthDoc = startRun.start(fourth);
            RequestCounting.bugAtNextPart.set(true);
            var bug = org.junit.jupiter.api.Assertions.assertThrows(io.filejobs.core.step.StepFailedException.class,
                    () -> runStep.run(fourthDoc.forStep(0)));
            org.junit.jupiter.api.Assertions.assertTrue(bug.getMessage().startsWith("INTERNAL: "), bug.getMessage());
            var step = ledger.get(jobId, fourthDoc.runId()).orElseThrow().steps().get(0);
            assertEquals("FAILED", step.status());
            org.junit.jupiter.api.Assertions.assertFalse(step.error().message().contains("NullPointer"), step.error().message());
            assertEquals(0, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size(), "the failed merge aborted its upload");
        }
    }

    /**
     * The embedded runtime notices an execution that stops on an error of its own (here the worker
     * is killed mid-merge inside a run started by the API), as AWS's execution-status function
     * does: the run is recorded FAILED and alerted at once, and its upload is aborted.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aRunWhoseExecutionCrashesIsRecordedFailedAndAlerted() throws Exception {
        try (LocalFixture local = LocalFixture.start("merge-key", Map.of(), Map.of("test.count-requests", "true",
                "filejobs.steps.merge-concurrency", "1", "filejobs.local.scheduler.enabled", "false"))) {
            for (int i = 0; i < 2; i++) {
                byte[] data = new byte[6 * MIB];
                new Random(20 + i).nextBytes(data);
                String key = "crash/in-" + i + ".bin";
                local.s3.putObject(b -> b.bucket("bucket1").key(key), RequestBody.fromBytes(data));
            }
            String jobId = local.createCheckedJob("{\"name\":\"crashing\",\"steps\":[{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\","
                    + "\"sources\":[\"bucket1/crash/in-0.bin\",\"bucket1/crash/in-1.bin\"],\"destination\":\"bucket2/crash/merged.bin\"}]}");
            RequestCounting.dieAtNextPart.set(true);

            var started = local.call("POST", "/jobs/" + jobId + "/runs", null);
            Map<String, Object> run = Eventually.await("the crashed run recorded", Duration.ofSeconds(60),
                    () -> local.call("GET", started.header("location"), null).json(), r -> "FAILED".equals(r.get("status")));

            assertEquals("INTERNAL", ((Map<String, Object>) run.get("error")).get("code"), run::toString);
            assertEquals("FAILED", ((List<Map<String, Object>>) run.get("steps")).get(0).get("status"));
            assertEquals(0, local.s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().size(), "no upload left behind");
            // The alert is published right after the run is recorded.
            var file = local.dataDir.resolve("notifications.jsonl");
            List<String> alerts = Eventually.await("the alert", Duration.ofSeconds(10),
                    () -> java.nio.file.Files.exists(file) ? readLines(file) : List.<String>of(), lines -> !lines.isEmpty());
            assertEquals(1, alerts.size(), alerts::toString);
            org.junit.jupiter.api.Assertions.assertTrue(alerts.get(0).contains((String) run.get("runId")), alerts.get(0));
        }
    }

    private static List<String> readLines(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
