package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.testing.Eventually;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Plans through the embedded runtime's API: the design's "day's extracts" job (a MERGE of a set
 * with one source large enough to be copied inside S3, a fan-out COPY and a DELETE of the same
 * set) planned, then run, with the plan's numbers equal to what the run did; a plan of an unsaved
 * definition; earlier steps' writes and removals seen by later steps; the refusals. Every bucket,
 * every multipart upload and both tables are read before and after the plans: a plan writes
 * nothing.
 */
class PlanEndToEndTest {

    private static final String KEY = "plan-key";
    private static final int MIB = 1024 * 1024;
    private static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of("filejobs.steps.set-page-size", 2));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    /** Every object of every bucket with its ETag, every multipart upload, and every item of both tables. */
    private static Map<String, Object> everything() {
        Map<String, Object> all = new TreeMap<>();
        for (Bucket bucket : local.s3.listBuckets().buckets()) {
            local.s3.listObjectsV2Paginator(b -> b.bucket(bucket.name())).contents()
                    .forEach(o -> all.put("s3:" + bucket.name() + "/" + o.key(), o.eTag() + " " + o.size()));
            local.s3.listMultipartUploads(b -> b.bucket(bucket.name())).uploads()
                    .forEach(u -> all.put("upload:" + bucket.name() + "/" + u.key(), u.uploadId()));
        }
        DynamoDbClient dynamo = local.runtime.context().getBean(DynamoDbClient.class);
        FileJobsConfiguration config = local.runtime.context().getBean(FileJobsConfiguration.class);
        for (String table : List.of(config.getJobsTable(), config.getRunsTable())) {
            dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                    .forEach(item -> all.put("dynamodb:" + table + ":" + new TreeMap<>(item).toString().hashCode(), new TreeMap<>(item).toString()));
        }
        return all;
    }

    private static ApiClient.Response plan(String path, String body) {
        ApiClient.Response response = local.call("POST", path, body);
        assertEquals(200, response.status(), response::toString);
        return response;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> planOrRun) {
        return (List<Map<String, Object>>) planOrRun.get("steps");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> objects(Map<String, Object> step) {
        return (Map<String, Object>) step.get("objects");
    }

    private static long number(Object n) {
        return ((Number) n).longValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDaysExtractsArePlannedAsTheRunThenDoesThem() {
        // The run is manual, so {date-P1D} is the day before today in Berlin, as it will be for the plan.
        String day = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(1).toString();
        String in = "landing-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        local.s3.putObject(b -> b.bucket("bucket1").key(in + day + "/a.csv"), RequestBody.fromString("a;".repeat(100)));
        local.s3.putObject(b -> b.bucket("bucket1").key(in + day + "/b.csv"), RequestBody.fromBytes(new byte[12 * MIB]));
        local.s3.putObject(b -> b.bucket("bucket1").key(in + day + "/c.csv"), RequestBody.fromString("c;".repeat(50)));
        local.s3.putObject(b -> b.bucket("bucket1").key(in + day + "/notes.txt"), RequestBody.fromString("not an extract"));
        String definition = "{\"name\":\"days-extracts\",\"timezone\":\"Europe/Berlin\",\"schedule\":\"cron(0 1 * * ? *)\",\"steps\":["
                + "{\"id\":0,\"name\":\"collect\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/" + in + "{date-P1D}/\",\"match\":\"*.csv\"},"
                + "\"destination\":\"bucket2/curated/daily/{date-P1D:yyyy/MM/dd}/" + in + "extracts.csv\"},"
                + "{\"id\":1,\"name\":\"spread\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/" + in + "{date-P1D}/\",\"match\":\"*.csv\"},"
                + "\"destinations\":[\"bucket2/eu/" + in + "{date-P1D}/{relativeKey}\",\"bucket3/us/" + in + "{date-P1D}/{relativeKey}\"]},"
                + "{\"id\":2,\"name\":\"clean\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket1/" + in + "{date-P1D}/\",\"match\":\"*.csv\"}}]}";
        String id = local.createCheckedJob(definition);
        long total = 200 + 12 * MIB + 100;

        Map<String, Object> before = everything();
        Map<String, Object> plan = plan("/jobs/" + id + "/plan", null).json();
        Map<String, Object> unsaved = plan("/plan", definition).json();
        Map<String, Object> at = plan("/jobs/" + id + "/plan?at=2026-03-29T01:00:00%2B01:00", null).json();
        assertEquals(before, everything(), "a plan writes nothing");

        assertEquals(id, plan.get("jobId"));
        assertEquals(steps(plan), steps(unsaved), "a stored job and the same definition sent along plan alike");
        List<Map<String, Object>> planned = steps(plan);
        assertEquals(List.of("WOULD_SUCCEED", "WOULD_SUCCEED", "WOULD_SUCCEED"), planned.stream().map(s -> s.get("status")).toList());
        Map<String, Object> merge = planned.get(0);
        assertEquals("bucket1/" + in + day + "/", ((Map<String, Object>) ((Map<String, Object>) merge.get("resolved")).get("sources")).get("prefix"));
        assertEquals("bucket2/curated/daily/" + day.replace('-', '/') + "/" + in + "extracts.csv", ((Map<String, Object>) merge.get("resolved")).get("destination"));
        assertEquals(3L, number(objects(merge).get("count")));
        assertEquals(total, number(objects(merge).get("bytes")));
        assertEquals(Map.of("copiedInS3", 12L * MIB - (5 * MIB - 200), "throughWorker", 5L * MIB + 100),
                normalised((Map<String, Object>) merge.get("merge")),
                "a's 200 bytes and the head of b make the first part, the rest of b is copied in S3, c is the last part");
        Map<String, Object> spread = planned.get(1);
        assertEquals(3L, number(objects(spread).get("count")));
        assertEquals(2 * total, number(objects(spread).get("bytes")));
        assertEquals(List.of("bucket2/eu/" + in + day + "/{relativeKey}", "bucket3/us/" + in + day + "/{relativeKey}"),
                ((Map<String, Object>) spread.get("resolved")).get("destinations"), "the run's day is filled in, each object's name is not");
        List<Map<String, Object>> first = (List<Map<String, Object>>) objects(spread).get("first");
        assertEquals(Map.of("source", "bucket1/" + in + day + "/a.csv", "destination", "bucket2/eu/" + in + day + "/a.csv"), first.get(0));
        assertEquals(Map.of("source", "bucket1/" + in + day + "/a.csv", "destination", "bucket3/us/" + in + day + "/a.csv"), first.get(1));
        assertEquals(Map.of("ListObjectsV2", 2L, "HeadObject", 6L, "CopyObject", 6L), normalised((Map<String, Object>) spread.get("requests")),
                "a set's objects are copied as listed; each copy is read back");
        Map<String, Object> clean = planned.get(2);
        assertEquals(3L, number(objects(clean).get("count")));
        assertEquals(Map.of("ListObjectsV2", 2L, "HeadObject", 3L, "DeleteObject", 3L), normalised((Map<String, Object>) clean.get("requests")));
        assertEquals("2026-03-29T00:00:00Z", at.get("logicalTime"), "?at= sets the logical time");
        assertEquals("bucket1/" + in + "2026-03-28/",
                ((Map<String, Object>) ((Map<String, Object>) steps(at).get(0).get("resolved")).get("sources")).get("prefix"));
        assertEquals("WOULD_FAIL", steps(at).get(0).get("status"), "nothing arrived for that day");
        assertEquals("NO_OBJECTS", ((Map<String, Object>) steps(at).get(0).get("error")).get("code"));
        assertEquals("NOT_REACHED", steps(at).get(1).get("status"));

        String runId = (String) local.call("POST", "/jobs/" + id + "/runs", null).json().get("runId");
        Map<String, Object> run = Eventually.await("the run", Duration.ofSeconds(60), () -> local.call("GET", "/jobs/" + id + "/runs/" + runId, null).json(),
                r -> !List.of("QUEUED", "RUNNING").contains(r.get("status")));
        assertEquals("SUCCEEDED", run.get("status"), run::toString);
        List<Map<String, Object>> ran = steps(run);
        for (int i = 0; i < 3; i++) {
            assertEquals(number(objects(planned.get(i)).get("bytes")), number(ran.get(i).get("bytes")), "bytes of step " + i);
        }
        for (int i = 1; i < 3; i++) {
            assertEquals(number(objects(planned.get(i)).get("count")), number(((Map<String, Object>) ran.get(i).get("objects")).get("total")),
                    "objects of step " + i);
        }
        assertEquals(total, local.s3.headObject(b -> b.bucket("bucket2").key("curated/daily/" + day.replace('-', '/') + "/" + in + "extracts.csv"))
                .contentLength());
        assertEquals(3, local.s3.listObjectsV2(b -> b.bucket("bucket3").prefix("us/" + in + day + "/")).keyCount(), "where the plan said");
    }

    @Test
    @SuppressWarnings("unchecked")
    void laterStepsArePlannedFromWhatEarlierStepsWouldWriteAndRemove() {
        String in = "flow-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        local.s3.putObject(b -> b.bucket("bucket1").key(in + "x.bin"), RequestBody.fromString("0123456789"));
        local.s3.putObject(b -> b.bucket("bucket1").key(in + "set/one.dat"), RequestBody.fromString("1"));
        local.s3.putObject(b -> b.bucket("bucket1").key(in + "set/two.dat"), RequestBody.fromString("22"));
        String definition = "{\"name\":\"flow\",\"steps\":["
                + "{\"id\":0,\"name\":\"stage\",\"action\":\"COPY\",\"source\":\"bucket1/" + in + "x.bin\",\"destination\":\"bucket2/" + in + "staged.bin\"},"
                + "{\"id\":1,\"name\":\"publish\",\"action\":\"MOVE\",\"source\":\"bucket2/" + in + "staged.bin\",\"destination\":\"bucket1/" + in + "set/x.dat\"},"
                + "{\"id\":2,\"name\":\"archive\",\"action\":\"MOVE\",\"source\":{\"prefix\":\"bucket1/" + in + "set/\"},"
                + "\"destination\":\"bucket3/" + in + "archive/{relativeKey}\"},"
                + "{\"id\":3,\"name\":\"tidy\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket1/" + in + "set/\",\"ifEmpty\":\"CONTINUE\"}},"
                + "{\"id\":4,\"name\":\"gone\",\"action\":\"COPY\",\"source\":\"bucket2/" + in + "staged.bin\",\"destination\":\"bucket3/" + in + "again.bin\"}]}";
        Map<String, Object> before = everything();
        Map<String, Object> plan = plan("/plan", definition).json();
        assertEquals(before, everything(), "a plan writes nothing");
        List<Map<String, Object>> steps = steps(plan);
        assertEquals(List.of("WOULD_SUCCEED", "WOULD_SUCCEED", "WOULD_SUCCEED", "WOULD_SUCCEED", "WOULD_FAIL"),
                steps.stream().map(s -> s.get("status")).toList(), steps::toString);
        assertEquals(10L, number(objects(steps.get(1)).get("bytes")), "the object step 0 would write, though it is not there yet");
        assertEquals(3L, number(objects(steps.get(2)).get("count")), "the set holds step 1's object too");
        List<Map<String, Object>> first = (List<Map<String, Object>>) objects(steps.get(2)).get("first");
        assertEquals(List.of(in + "set/one.dat", in + "set/two.dat", in + "set/x.dat"),
                first.stream().map(p -> ((String) p.get("source")).substring("bucket1/".length())).toList());
        assertEquals(0L, number(objects(steps.get(3)).get("count")), "step 2 would have moved the whole set away");
        assertEquals("SOURCE_NOT_FOUND", ((Map<String, Object>) steps.get(4).get("error")).get("code"), "step 1 would have moved it");
        assertTrue(plan.get("jobId") == null);
    }

    @Test
    void aPlanRefusesWhatItCannotPlan() {
        ApiClient.Response badAt = local.call("POST", "/plan?at=tomorrow", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":\"bucket1/a\"}]}");
        assertEquals(400, badAt.status());
        assertTrue(badAt.body().contains("\"at\""), badAt.body());
        ApiClient.Response invalid = local.call("POST", "/plan", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"d\",\"action\":\"COPY\",\"source\":\"bucket1/a\"}]}");
        assertEquals(400, invalid.status());
        assertEquals("VALIDATION_FAILED", invalid.json().get("code"));
        ApiClient.Response unknownField = local.call("POST", "/plan", "{\"name\":\"x\",\"bogus\":1,\"steps\":[]}");
        assertEquals(400, unknownField.status());
        assertEquals("JOB_NOT_FOUND", local.call("POST", "/jobs/0000000000000/plan", null).json().get("code"));
        assertEquals(404, local.call("POST", "/jobs/../plan", null).status());
        assertEquals(415, new HttpApiClient(local.runtime.apiUrl()).send("POST", "/plan", Map.of("x-api-key", KEY), "{}").status());
        assertEquals(401, new HttpApiClient(local.runtime.apiUrl()).send("POST", "/plan", Map.of("Content-Type", "application/json"), "{}").status());
    }

    private static Map<String, Long> normalised(Map<String, Object> numbers) {
        Map<String, Long> out = new TreeMap<>();
        numbers.forEach((k, v) -> out.put(k, number(v)));
        return out;
    }

}
