package io.filejobs.core.store;

import io.filejobs.core.step.ObjectJournal;
import io.filejobs.core.step.ObjectRecord;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The per-object ledger: what each step over an object set did to each of its objects. It lives in
 * the runs table, one partition per step of a run ({@code objects#<job>#<run>#<step>}, which no job
 * id can take), sorted by the object's key, so it reads in the order S3 lists; each item expires
 * with the run records. Writes go in batches of 25, the most one BatchWriteItem takes.
 */
@Singleton
public class ObjectLedger {

    private static final String JOB_ID = RunLedger.JOB_ID;
    private static final String RUN_ID = RunLedger.RUN_ID;
    private static final String PREFIX = "objects#";
    private static final int UNPROCESSED_TRIES = 8;

    private final DynamoDbClient dynamo;
    private final RunLedger runs;
    private final String table;

    public ObjectLedger(DynamoDbClient dynamo, RunLedger runs) {
        this.dynamo = dynamo;
        this.runs = runs;
        this.table = runs.table;
    }

    /** The journal a step's attempt records its objects in. */
    public ObjectJournal journal(String jobId, String runId, int stepId) {
        String partition = partition(jobId, runId, stepId);
        return new ObjectJournal() {
            @Override
            public void recorded(String afterKey, @Nullable String upToKey, Consumer<ObjectRecord> each) {
                ObjectLedger.this.recorded(partition, afterKey, upToKey, each);
            }

            @Override
            public void record(List<ObjectRecord> records) {
                write(partition, records);
            }
        };
    }

    /**
     * A page of a step's records in key order, after {@code afterKey} (null for the first page),
     * only those in {@code status} when it is given.
     */
    public Page page(String jobId, String runId, int stepId, @Nullable String status, int limit, @Nullable String afterKey) {
        String partition = partition(jobId, runId, stepId);
        List<ObjectRecord> items = new ArrayList<>();
        Map<String, AttributeValue> start = afterKey == null ? null : key(partition, afterKey);
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(b -> {
                b.tableName(table).consistentRead(true).keyConditionExpression("#p = :p")
                        .limit(Math.max(limit + 1, 100));
                Map<String, String> names = new HashMap<>(Map.of("#p", JOB_ID));
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", AttributeValue.fromS(partition)));
                if (status != null) {
                    b.filterExpression("#s = :s");
                    names.put("#s", "status");
                    values.put(":s", AttributeValue.fromS(status));
                }
                b.expressionAttributeNames(names).expressionAttributeValues(values);
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            });
            for (Map<String, AttributeValue> item : response.items()) {
                if (items.size() == limit) {
                    return new Page(items, ObjectRecord.keyOf(items.get(limit - 1).source()));
                }
                items.add(fromItem(item));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return new Page(items, null);
    }

    /** A page of records, and the key to continue after, or null on the last page. */
    public record Page(List<ObjectRecord> items, @Nullable String lastKey) {
    }

    private void recorded(String partition, String afterKey, @Nullable String upToKey, Consumer<ObjectRecord> each) {
        Map<String, String> names = new HashMap<>(Map.of("#p", JOB_ID));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", AttributeValue.fromS(partition)));
        String condition = "#p = :p";
        if (!afterKey.isEmpty()) {
            values.put(":after", AttributeValue.fromS(afterKey));
        }
        if (upToKey != null) {
            values.put(":to", AttributeValue.fromS(upToKey));
        }
        if (!afterKey.isEmpty() && upToKey != null) {
            // BETWEEN takes both ends; the key listed before this page is dropped below.
            condition += " AND #k BETWEEN :after AND :to";
        } else if (!afterKey.isEmpty()) {
            condition += " AND #k > :after";
        } else if (upToKey != null) {
            condition += " AND #k <= :to";
        }
        if (!condition.equals("#p = :p")) {
            names.put("#k", RUN_ID);
        }
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true).keyConditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
        for (QueryResponse response : dynamo.queryPaginator(request)) {
            for (Map<String, AttributeValue> item : response.items()) {
                if (!item.get(RUN_ID).s().equals(afterKey)) {
                    each.accept(fromItem(item));
                }
            }
        }
    }

    private void write(String partition, List<ObjectRecord> records) {
        for (int from = 0; from < records.size(); from += ObjectJournal.BATCH) {
            List<WriteRequest> batch = new ArrayList<>();
            for (ObjectRecord record : records.subList(from, Math.min(from + ObjectJournal.BATCH, records.size()))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(partition, record)).build()).build());
            }
            writeAll(batch);
        }
    }

    /** Writes a batch, sending again what DynamoDB left unprocessed (it does under load), with a growing pause. */
    private void writeAll(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 0; attempt < UNPROCESSED_TRIES; attempt++) {
            Map<String, List<WriteRequest>> sending = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(sending));
            if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
                return;
            }
            pending = response.unprocessedItems();
            pause(attempt);
        }
        throw new IllegalStateException("DynamoDB left " + pending.getOrDefault(table, List.of()).size()
                + " object records unprocessed after " + UNPROCESSED_TRIES + " tries");
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1000L, 25L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing object records", e);
        }
    }

    private static String partition(String jobId, String runId, int stepId) {
        return PREFIX + jobId + "#" + runId + "#" + stepId;
    }

    private static Map<String, AttributeValue> key(String partition, String objectKey) {
        return Map.of(JOB_ID, AttributeValue.fromS(partition), RUN_ID, AttributeValue.fromS(objectKey));
    }

    private Map<String, AttributeValue> toItem(String partition, ObjectRecord record) {
        String key = ObjectRecord.keyOf(record.source());
        Map<String, AttributeValue> item = new HashMap<>(key(partition, key));
        item.put("bucket", AttributeValue.fromS(record.source().substring(0, record.source().length() - key.length() - 1)));
        item.put("status", AttributeValue.fromS(record.status()));
        item.put("bytes", AttributeValue.fromN(Long.toString(record.bytes())));
        item.put("attempts", AttributeValue.fromN(Integer.toString(record.attempts())));
        item.put("at", AttributeValue.fromS(record.at()));
        if (!record.destinations().isEmpty()) {
            item.put("destinations", AttributeValue.fromL(record.destinations().stream().map(AttributeValue::fromS).toList()));
        }
        if (record.error() != null) {
            item.put("error", AttributeValue.fromM(Map.of("code", AttributeValue.fromS(record.error().code()),
                    "message", AttributeValue.fromS(record.error().message()))));
        }
        item.put("expiresAt", runs.expiresAt());
        return item;
    }

    private static ObjectRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> error = item.containsKey("error") ? item.get("error").m() : null;
        return new ObjectRecord(
                item.get("bucket").s() + "/" + item.get(RUN_ID).s(),
                item.get("status").s(),
                Long.parseLong(item.get("bytes").n()),
                item.containsKey("destinations") ? item.get("destinations").l().stream().map(AttributeValue::s).toList() : List.of(),
                Integer.parseInt(item.get("attempts").n()),
                item.get("at").s(),
                error == null ? null : new ObjectRecord.Error(error.get("code").s(), error.get("message").s()));
    }
}
