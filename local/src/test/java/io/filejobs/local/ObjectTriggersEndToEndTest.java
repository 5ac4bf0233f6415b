package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.trigger.ObjectCreatedRouter;
import io.filejobs.core.trigger.TriggerObject;
import io.filejobs.local.workflow.EmbeddedRunLauncher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Object-created triggers on the embedded runtime: objects written to its S3 endpoint, by a user or
 * by a FileJobs step, start the runs of the jobs whose triggers take them, through the HTTP API.
 */
class ObjectTriggersEndToEndTest {

    private static final String KEY = "triggers-key";
    private static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUploadTheTriggerTakesStartsARunThatCopiesItToEveryRegion() {
        String id = local.createCheckedJob("{\"name\":\"fan-out-builds\",\"timezone\":\"Europe/Berlin\","
                + "\"triggers\":[{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/builds/\",\"match\":\"*.zip\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"spread\",\"action\":\"COPY\",\"source\":\"bucket1/{trigger.key}\","
                + "\"destinations\":[\"bucket2/eu/{date}/{trigger.basename}\",\"bucket3/us/{trigger.relativeKey}\"]}]}");
        Map<String, Object> job = local.call("GET", "/jobs/" + id, null).json();
        assertEquals("VALID", ((Map<String, Object>) job.get("validation")).get("status"), job::toString);
        assertEquals(List.of(Map.of("type", "OBJECT_CREATED", "prefix", "bucket1/builds/", "match", "*.zip")), job.get("triggers"));

        local.put("bucket1", "builds/app 1+2.zip", "the build");
        Map<String, Object> run = finishedRun(id);

        assertEquals("SUCCEEDED", run.get("status"), run::toString);
        assertEquals("OBJECT_CREATED", run.get("trigger"));
        Map<String, Object> object = (Map<String, Object>) run.get("triggerObject");
        assertEquals("bucket1", object.get("bucket"));
        assertEquals("builds/app 1+2.zip", object.get("key"));
        assertEquals(9, ((Number) object.get("size")).intValue());
        assertEquals("the build", read("bucket2", "eu/" + berlinDate((String) object.get("eventTime")) + "/app 1+2.zip"));
        assertEquals("the build", read("bucket3", "us/app 1+2.zip"));
        assertTrue(((String) run.get("runId")).contains("-o"), run::toString);

        // A key the match does not take, another bucket, a DISABLED job: nothing starts.
        EmbeddedObjectEvents events = local.runtime.context().getBean(EmbeddedObjectEvents.class);
        long started = events.runsStarted();
        local.put("bucket1", "builds/notes.txt", "no");
        local.put("bucket2", "builds/other.zip", "no");
        ApiClient.Response disabled = local.call("PUT", "/jobs/" + id, ((String) local.call("GET", "/jobs/" + id, null).body())
                .replace("\"state\":\"ENABLED\"", "\"state\":\"DISABLED\""));
        assertEquals(200, disabled.status(), disabled::toString);
        local.put("bucket1", "builds/while-disabled.zip", "no");
        Eventually.await("the events routed", Duration.ofSeconds(20), events::idle, idle -> idle);
        assertEquals(started, events.runsStarted(), "no run started");
        assertEquals(1, runs(id).size(), () -> runs(id).toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStepsOwnWriteStartsTheNextJobAndADuplicateDeliveryStartsNothing() {
        String first = local.createCheckedJob("{\"name\":\"land\",\"triggers\":[{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/inbox/\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"forward\",\"action\":\"MOVE\",\"source\":\"bucket1/{trigger.key}\","
                + "\"destination\":\"bucket2/staged/{trigger.relativeKey}\"}]}");
        String second = local.createCheckedJob("{\"name\":\"archive\",\"triggers\":[{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket2/staged/\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"keep\",\"action\":\"COPY\",\"source\":\"bucket2/{trigger.key}\","
                + "\"destination\":\"bucket3/archive/{trigger.key}\"}]}");

        local.put("bucket1", "inbox/day/report.csv", "a,b");
        assertEquals("SUCCEEDED", finishedRun(first).get("status"));
        Map<String, Object> chained = finishedRun(second);
        assertEquals("SUCCEEDED", chained.get("status"), chained::toString);
        assertEquals("a,b", read("bucket3", "archive/staged/day/report.csv"));

        // The same event delivered again (as SQS may) finds its run and starts no other.
        Map<String, Object> object = (Map<String, Object>) chained.get("triggerObject");
        TriggerObject again = new TriggerObject((String) object.get("bucket"), (String) object.get("key"), ((Number) object.get("size")).longValue(),
                (String) object.get("etag"), null, (String) object.get("eventTime"), (String) object.get("sequencer"));
        assertEquals(List.of(second), local.runtime.context().getBean(ObjectCreatedRouter.class).route(again));
        EmbeddedRunLauncher executions = local.runtime.context().getBean(EmbeddedRunLauncher.class);
        Eventually.await("the second delivery's execution ended", Duration.ofSeconds(20), executions::pending, n -> n == 0);
        assertEquals(1, runs(second).size(), () -> runs(second).toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJobThatWouldStartItselfOrNamesATriggerItLacksIsRefused() {
        ApiClient.Response loop = local.call("POST", "/jobs", "{\"name\":\"loop\","
                + "\"triggers\":[{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/drop/\",\"match\":\"*.csv\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"again\",\"action\":\"COPY\",\"source\":\"bucket1/{trigger.key}\","
                + "\"destination\":\"bucket1/drop/copies/{trigger.basename}\"}]}");
        assertEquals(400, loop.status(), loop::toString);
        assertTrue(fields(loop).contains("steps[0].destination"), loop::toString);

        ApiClient.Response elsewhere = local.call("POST", "/jobs", "{\"name\":\"not-a-loop\","
                + "\"triggers\":[{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/drop/\",\"match\":\"*.csv\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"mark\",\"action\":\"COPY\",\"source\":\"bucket1/{trigger.key}\","
                + "\"destination\":\"bucket1/drop/{trigger.basename}.done\"}]}");
        assertEquals(201, elsewhere.status(), elsewhere::toString);

        ApiClient.Response noTrigger = local.call("POST", "/jobs", "{\"name\":\"no-trigger\",\"steps\":[{\"id\":0,\"name\":\"c\","
                + "\"action\":\"COPY\",\"source\":\"bucket1/a.csv\",\"destination\":\"bucket2/{trigger.key}\"}]}");
        assertEquals(400, noTrigger.status(), noTrigger::toString);
        assertEquals(List.of("steps[0].destination"), fields(noTrigger));

        ApiClient.Response unreadable = local.call("POST", "/jobs", "{\"name\":\"bad\",\"triggers\":[{\"type\":\"CREATED\","
                + "\"prefix\":\"bucket1/\"},{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/\",\"extra\":1},{\"type\":\"OBJECT_CREATED\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":\"bucket2/x\"}]}");
        assertEquals(400, unreadable.status(), unreadable::toString);
        assertEquals(List.of("triggers[0].type", "triggers[1].extra", "triggers[2].prefix"), fields(unreadable).stream().sorted().toList(),
                unreadable::toString);
        ApiClient.Response badTrigger = local.call("POST", "/jobs", "{\"name\":\"bad\",\"triggers\":[{\"type\":\"OBJECT_CREATED\","
                + "\"prefix\":\"Bad_Bucket/x/\"},{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/{date}/\"},"
                + "{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1\"},{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/\",\"match\":\"\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":\"bucket2/x\"}]}");
        assertEquals(400, badTrigger.status(), badTrigger::toString);
        assertEquals(List.of("triggers[0].prefix", "triggers[1].prefix", "triggers[2].prefix", "triggers[3].match"),
                fields(badTrigger).stream().sorted().toList(), badTrigger::toString);

        String id = (String) elsewhere.json().get("id");
        Eventually.await("job checked", Duration.ofSeconds(20),
                () -> ((Map<String, Object>) local.call("GET", "/jobs/" + id, null).json().get("validation")).get("status"),
                status -> !"PENDING".equals(status));
        ApiClient.Response manual = local.call("POST", "/jobs/" + id + "/runs", null);
        assertEquals(409, manual.status(), manual::toString);
        ApiClient.Response plan = local.call("POST", "/jobs/" + id + "/plan", null);
        assertEquals(400, plan.status(), plan::toString);
        assertEquals(List.of("object"), fields(plan));
        local.put("bucket1", "drop/x.csv", "x");
        ApiClient.Response planned = local.call("POST", "/jobs/" + id + "/plan?object=bucket1/drop/x.csv", null);
        assertEquals(200, planned.status(), planned::toString);
        assertTrue(planned.body().contains("bucket1/drop/x.csv.done"), planned::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTriggeredRunThatFailsIsAlertedNamingTheObject() throws Exception {
        String id = local.createCheckedJob("{\"name\":\"needs-a-manifest\","
                + "\"triggers\":[{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/parcels/\",\"match\":\"*.tar\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"manifest\",\"action\":\"COPY\",\"source\":\"bucket1/{trigger.key}.manifest\","
                + "\"destination\":\"bucket2/manifests/{trigger.basename}.manifest\"}]}");
        local.put("bucket1", "parcels/p1.tar", "no manifest beside it");
        Map<String, Object> run = finishedRun(id);
        assertEquals("FAILED", run.get("status"), run::toString);
        assertEquals("SOURCE_NOT_FOUND", ((Map<String, Object>) run.get("error")).get("code"));
        java.nio.file.Path notifications = local.dataDir.resolve("notifications.jsonl");
        String alert = Eventually.await("the alert", Duration.ofSeconds(10), () -> alertOf(notifications, (String) run.get("runId")),
                line -> !line.isEmpty());
        assertTrue(alert.contains("OBJECT_CREATED"), alert);
        assertTrue(alert.contains("bucket1/parcels/p1.tar"), alert);
    }

    private static String alertOf(java.nio.file.Path notifications, String runId) {
        try {
            return java.nio.file.Files.exists(notifications)
                    ? java.nio.file.Files.readAllLines(notifications).stream().filter(l -> l.contains(runId)).findFirst().orElse("") : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String berlinDate(String eventTime) {
        return java.time.Instant.parse(eventTime).atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalDate().toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(ApiClient.Response response) {
        return ((List<Map<String, Object>>) response.json().get("errors")).stream().map(e -> (String) e.get("field")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runs(String jobId) {
        return (List<Map<String, Object>>) local.call("GET", "/jobs/" + jobId + "/runs", null).json().get("items");
    }

    private static Map<String, Object> finishedRun(String jobId) {
        return Eventually.await("a finished run of job " + jobId, Duration.ofSeconds(60), () -> runs(jobId),
                r -> !r.isEmpty() && !List.of("QUEUED", "RUNNING").contains(r.get(0).get("status"))).get(0);
    }

    private static String read(String bucket, String key) {
        return local.s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }
}
