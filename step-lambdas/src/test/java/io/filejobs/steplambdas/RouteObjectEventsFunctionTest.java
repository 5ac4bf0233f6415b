package io.filejobs.steplambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.filejobs.core.trigger.ObjectEventQueueBatch;
import io.filejobs.core.trigger.S3EventBridgeEvents;
import io.filejobs.core.trigger.TriggerObject;
import io.micronaut.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading S3's EventBridge events, and the answer the queue's event source mapping reads back. */
class RouteObjectEventsFunctionTest {

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
}
