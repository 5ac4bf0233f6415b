package io.filejobs.steplambdas.deployed;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Does what the jobs stream's event source mappings do on AWS: reads the stream and hands each
 * batch, as the Lambda event JSON of DynamoDB Streams, to the functions the stream feeds.
 * {@link #drain} feeds until the stream has nothing new, so a handler's own writes are fed too.
 * Closing it closes the streams client it was given.
 */
final class StreamFeeder implements AutoCloseable {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final List<DeployedFunction> consumers;
    private final JsonMapper json;
    private final Map<String, String> iterators = new HashMap<>();

    StreamFeeder(DynamoDbStreamsClient streams, String streamArn, List<DeployedFunction> consumers, JsonMapper json) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.consumers = consumers;
        this.json = json;
    }

    /** Feeds every record not fed yet, until a pass finds none; returns how many were fed. */
    int drain() {
        int fed = 0;
        while (true) {
            int pass = 0;
            for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
                String iterator = iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(
                        b -> b.streamArn(streamArn).shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
                if (iterator == null) {
                    continue;
                }
                GetRecordsResponse batch = streams.getRecords(b -> b.shardIterator(iterator));
                iterators.put(shard.shardId(), batch.nextShardIterator());
                if (!batch.records().isEmpty()) {
                    String event = event(batch.records());
                    for (DeployedFunction consumer : consumers) {
                        consumer.invoke(event);
                    }
                    pass += batch.records().size();
                }
            }
            if (pass == 0) {
                return fed;
            }
            fed += pass;
        }
    }

    @Override
    public void close() {
        streams.close();
    }

    private String event(List<Record> records) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Record r : records) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("Keys", image(r.dynamodb().keys()));
            if (r.dynamodb().hasNewImage()) {
                change.put("NewImage", image(r.dynamodb().newImage()));
            }
            if (r.dynamodb().hasOldImage()) {
                change.put("OldImage", image(r.dynamodb().oldImage()));
            }
            change.put("SequenceNumber", r.dynamodb().sequenceNumber());
            change.put("StreamViewType", r.dynamodb().streamViewTypeAsString());
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("eventID", r.eventID());
            record.put("eventName", r.eventNameAsString());
            record.put("eventSource", "aws:dynamodb");
            record.put("awsRegion", r.awsRegion());
            record.put("dynamodb", change);
            record.put("eventSourceARN", streamArn);
            out.add(record);
        }
        try {
            return json.writeValueAsString(Map.of("Records", out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> image(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, value(value)));
        return out;
    }

    /** An attribute value in DynamoDB's JSON form, as the stream event carries it. */
    private static Map<String, Object> value(AttributeValue v) {
        return switch (v.type()) {
            case S -> Map.of("S", v.s());
            case N -> Map.of("N", v.n());
            case BOOL -> Map.of("BOOL", v.bool());
            case NUL -> Map.of("NULL", true);
            case SS -> Map.of("SS", v.ss());
            case NS -> Map.of("NS", v.ns());
            case L -> Map.of("L", v.l().stream().map(StreamFeeder::value).toList());
            case M -> Map.of("M", image(v.m()));
            case B, BS -> throw new IllegalArgumentException("binary attributes are not used by FileJobs");
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("unknown attribute type");
        };
    }
}
