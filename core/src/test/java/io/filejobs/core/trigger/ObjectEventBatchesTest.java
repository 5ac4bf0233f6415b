package io.filejobs.core.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading S3's EventBridge events, a batch of them, and the answer the queue's event source mapping reads back. */
class ObjectEventBatchesTest {

    private final JsonMapper json = JsonMapper.createDefault();
    private final S3EventBridgeEvents events = new S3EventBridgeEvents(json);

    @Test
    void anObjectCreatedEventIsReadWithItsKeyDecoded() {
        TriggerObject object = events.read("{\"version\":\"0\",\"source\":\"aws.s3\",\"detail-type\":\"Object Created\","
                + "\"time\":\"2026-11-27T23:00:00Z\",\"detail\":{\"bucket\":{\"name\":\"landing\"},\"object\":{\"key\":\"builds/app+1%2B2%25.zip\","
                + "\"size\":42,\"etag\":\"abc\",\"version-id\":\"v1\",\"sequencer\":\"00ABC\"},\"reason\":\"PutObject\"}}");
        assertEquals(new TriggerObject("landing", "builds/app 1+2%.zip", 42, "abc", "v1", "2026-11-27T23:00:00Z", "00ABC"), object);
    }

    @Test
    void anotherEventOrOneWithoutWhatARunNeedsIsRefusedSayingWhy() {
        assertThrows(IllegalArgumentException.class, () -> events.read("not json"));
        assertThrows(IllegalArgumentException.class, () -> events.read("{\"source\":\"aws.ec2\",\"detail-type\":\"Object Created\"}"));
        assertThrows(IllegalArgumentException.class, () -> events.read("{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\","
                + "\"time\":\"2026-11-27T23:00:00Z\",\"detail\":{\"bucket\":{\"name\":\"landing\"}}}"));
        assertThrows(IllegalArgumentException.class, () -> events.read("{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\","
                + "\"time\":\"yesterday\",\"detail\":{\"bucket\":{\"name\":\"landing\"},\"object\":{\"key\":\"k\"}}}"));
    }

    @Test
    void theAnswerAlwaysListsTheFailures() throws Exception {
        assertEquals("{\"batchItemFailures\":[]}", json.writeValueAsString(new ObjectEventQueueBatch.Response(List.of())));
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"}]}",
                json.writeValueAsString(new ObjectEventQueueBatch.Response(List.of(new ObjectEventQueueBatch.Failure("m-1")))));
    }

    /** Of a batch, only the messages that failed are reported: one the router could not take now, one that is no S3 event. */
    @Test
    void aBatchReportsOnlyTheMessagesThatFailed() {
        java.util.List<String> routed = new java.util.ArrayList<>();
        ObjectEventBatches batches = new ObjectEventBatches(new ObjectCreatedRouter(null, null, null, null) {
            @Override
            public List<String> route(TriggerObject object) {
                if (object.key().startsWith("throttled/")) {
                    throw new IllegalStateException("DynamoDB throttled the query");
                }
                routed.add(object.key());
                return List.of("job");
            }
        }, events);
        ObjectEventQueueBatch batch = new ObjectEventQueueBatch(List.of(
                new ObjectEventQueueBatch.Message("m-1", event("in/a.zip")),
                new ObjectEventQueueBatch.Message("m-2", event("throttled/b.zip")),
                new ObjectEventQueueBatch.Message("m-3", "{\"source\":\"aws.ec2\"}"),
                new ObjectEventQueueBatch.Message("m-4", event("in/c.zip"))));

        ObjectEventQueueBatch.Response response = batches.take(batch);

        assertEquals(List.of("m-2", "m-3"), response.batchItemFailures().stream().map(ObjectEventQueueBatch.Failure::itemIdentifier).toList());
        assertEquals(List.of("in/a.zip", "in/c.zip"), routed);
        assertEquals(List.of(), batches.take(new ObjectEventQueueBatch(null)).batchItemFailures());
    }

    private static String event(String key) {
        return "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"time\":\"2026-11-27T23:00:00Z\","
                + "\"detail\":{\"bucket\":{\"name\":\"landing\"},\"object\":{\"key\":\"" + key + "\",\"size\":1}}}";
    }
}
