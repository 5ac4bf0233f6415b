package io.filejobs.core.store;

import io.filejobs.core.run.Run;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * What a run claims besides its own record, each an item of the runs table in a partition no job
 * id can take ({@code idem#...}, {@code active#...}, {@code queue#...}): the idempotency key of a
 * manual request, bound to the run it started; the job's one active-run place, for the overlap
 * policies SKIP and QUEUE; and, for QUEUE, the runs waiting for that place, in run id order (which
 * is the order of their logical times). Each claim is one conditional write, so two racing
 * claimants never both win.
 */
@Singleton
public class RunClaims {

    private static final String JOB_ID = RunLedger.JOB_ID;
    private static final String RUN_ID = RunLedger.RUN_ID;
    private static final String IDEMPOTENCY_PREFIX = "idem#";
    private static final String ACTIVE_PREFIX = "active#";
    private static final String QUEUE_PREFIX = "queue#";
    private static final String HOLDER = "holder";
    private static final String CLAIMED_AT = "claimedAt";

    private final DynamoDbClient dynamo;
    private final RunLedger ledger;
    private final String table;

    public RunClaims(DynamoDbClient dynamo, RunLedger ledger) {
        this.dynamo = dynamo;
        this.ledger = ledger;
        this.table = ledger.table;
    }

    /**
     * Binds an idempotency key to a run id for the retention period; returns the run id the key
     * was already bound to, or empty when this call bound it.
     */
    public Optional<String> claimIdempotencyKey(String jobId, String key, String runId) {
        String id = IDEMPOTENCY_PREFIX + jobId + "#" + sha256(key);
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(
                            JOB_ID, AttributeValue.fromS(id), RUN_ID, AttributeValue.fromS("-"),
                            "boundRunId", AttributeValue.fromS(runId), "expiresAt", ledger.expiresAt()))
                    .conditionExpression("attribute_not_exists(" + JOB_ID + ")")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(e.item().get("boundRunId").s());
        }
    }

    /**
     * Makes {@code runId} the job's one active run, for the overlap policies SKIP and QUEUE; returns the run
     * that holds the place instead when another run of the job is still QUEUED or RUNNING. A place
     * held by a run that has finished (or expired) is taken over, so a release that never happened
     * blocks nothing.
     */
    public Optional<String> claimActive(String jobId, String runId) {
        Map<String, AttributeValue> key = Map.of(JOB_ID, AttributeValue.fromS(ACTIVE_PREFIX + jobId), RUN_ID, AttributeValue.fromS("-"));
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put(HOLDER, AttributeValue.fromS(runId));
        item.put(CLAIMED_AT, AttributeValue.fromS(ledger.now().toString()));
        String expected = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            // First claim a free place (or one this run holds); then take over from a finished holder.
            boolean takeOver = expected != null;
            String condition = takeOver ? "#h = :old" : "attribute_not_exists(#h) OR #h = :me";
            AttributeValue value = AttributeValue.fromS(takeOver ? expected : runId);
            try {
                dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression(condition)
                        .expressionAttributeNames(Map.of("#h", HOLDER))
                        .expressionAttributeValues(Map.of(takeOver ? ":old" : ":me", value))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return Optional.empty();
            } catch (ConditionalCheckFailedException e) {
                if (!e.hasItem() || e.item().isEmpty()) {
                    expected = null;
                    continue;
                }
                String holder = e.item().get(HOLDER).s();
                Optional<Run> held = ledger.get(jobId, holder);
                if (held.isPresent() && !held.get().status().finished()) {
                    return Optional.of(holder);
                }
                expected = holder;
            }
        }
        throw new IllegalStateException("the active run of job " + jobId + " kept changing while run " + runId + " claimed it");
    }

    /** Which run holds the job's active-run place, and since when; empty when nobody does. */
    public Optional<Holder> holder(String jobId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(JOB_ID, AttributeValue.fromS(ACTIVE_PREFIX + jobId), RUN_ID, AttributeValue.fromS("-")))).item();
        if (item == null || !item.containsKey(HOLDER)) {
            return Optional.empty();
        }
        return Optional.of(new Holder(item.get(HOLDER).s(), item.containsKey(CLAIMED_AT) ? java.time.Instant.parse(item.get(CLAIMED_AT).s())
                : java.time.Instant.EPOCH));
    }

    /** The run holding a job's active-run place, and when it claimed it. */
    public record Holder(String runId, java.time.Instant claimedAt) {
    }

    /** Whether the run waits in its job's queue. */
    public boolean isQueued(String jobId, String runId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(JOB_ID, AttributeValue.fromS(QUEUE_PREFIX + jobId), RUN_ID, AttributeValue.fromS(runId)))).item();
        return item != null && !item.isEmpty();
    }

    /** Puts a run in its job's queue of runs waiting for the active-run place (overlap QUEUE); doing it twice changes nothing. */
    public void enqueue(String jobId, String runId) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(JOB_ID, AttributeValue.fromS(QUEUE_PREFIX + jobId), RUN_ID,
                AttributeValue.fromS(runId), "expiresAt", ledger.expiresAt())));
    }

    /** The run that has waited longest in the job's queue, if any. */
    public Optional<String> oldestQueued(String jobId) {
        var items = dynamo.query(b -> b.tableName(table).consistentRead(true).limit(1).scanIndexForward(true)
                .keyConditionExpression("#j = :j").expressionAttributeNames(Map.of("#j", JOB_ID))
                .expressionAttributeValues(Map.of(":j", AttributeValue.fromS(QUEUE_PREFIX + jobId)))).items();
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0).get(RUN_ID).s());
    }

    /** Takes a run out of its job's queue; true for the one caller that took it, false when it was not (or no longer) there. */
    public boolean dequeue(String jobId, String runId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(QUEUE_PREFIX + jobId), RUN_ID, AttributeValue.fromS(runId)))
                    .conditionExpression("attribute_exists(" + RUN_ID + ")"));
            return true;
        } catch (ConditionalCheckFailedException notThere) {
            return false;
        }
    }

    /** Gives up the job's active-run place if {@code runId} holds it. */
    public void releaseActive(String jobId, String runId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(ACTIVE_PREFIX + jobId), RUN_ID, AttributeValue.fromS("-")))
                    .conditionExpression("#h = :me").expressionAttributeNames(Map.of("#h", HOLDER))
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(runId))));
        } catch (ConditionalCheckFailedException notHeld) {
            // Another run holds it, or nobody does.
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
