package io.filejobs.core.store;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunError;
import io.filejobs.core.run.RunStatus;
import io.filejobs.core.run.ShardRun;
import io.filejobs.core.run.StepRun;
import io.filejobs.core.step.ObjectCounts;
import io.filejobs.core.trigger.Trigger;
import io.filejobs.core.trigger.TriggerObject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The run records: one item per run under its job's partition, sorted newest first by run id.
 * Every write is conditional, so a run is created once and its status only moves forward. Its
 * operations are typed: no caller builds a DynamoDB item. The claims a run makes (an idempotency
 * key, its job's active-run place) are {@link RunClaims}', in the same table.
 */
@Singleton
public class RunLedger {

    static final String JOB_ID = "jobId";
    static final String RUN_ID = "runId";
    private static final String UPLOAD_PREFIX = "upload#";
    private static final String SHARD_PREFIX = "shard#";
    private static final String BOUNDS_PREFIX = "bounds#";
    /** The task token the state machine waits on for a WAIT step: kept here, never part of a {@link Run}. */
    private static final String TOKEN_PREFIX = "token#";

    private final DynamoDbClient dynamo;
    final String table;
    private final Duration retention;
    private final Clock clock;
    private final JsonMapper json;

    public RunLedger(DynamoDbClient dynamo, FileJobsConfiguration config, Clock clock) {
        this(dynamo, config, clock, JsonMapper.createDefault());
    }

    @Inject
    public RunLedger(DynamoDbClient dynamo, FileJobsConfiguration config, Clock clock, JsonMapper json) {
        this.json = json;
        this.dynamo = dynamo;
        this.table = config.getRunsTable();
        this.retention = Duration.ofDays(config.getRunRetentionDays());
        this.clock = clock;
    }

    /** Creates the table where nothing else does (the embedded runtime, tests); Terraform owns it on AWS. */
    public void createIfMissing() {
        try {
            dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(JOB_ID).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(RUN_ID).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(JOB_ID).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(RUN_ID).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            // Created by an earlier start.
        }
    }

    /** Stores a new run; when one with its id exists already, returns that one instead, unchanged. */
    public Created create(Run run) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(run))
                    .conditionExpression("attribute_not_exists(" + RUN_ID + ")")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Created(run, true);
        } catch (ConditionalCheckFailedException e) {
            return new Created(e.hasItem() ? fromItem(e.item()) : get(run.jobId(), run.runId()).orElseThrow(), false);
        }
    }

    /** The outcome of {@link #create}: the run, and whether this call created it. */
    public record Created(Run run, boolean created) {
    }

    public Optional<Run> get(String jobId, String runId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Runs of a job, newest first, after the run {@code afterRunId} (null for the first page). */
    public Page list(String jobId, int limit, @Nullable String afterRunId) {
        QueryResponse response = dynamo.query(b -> {
            b.tableName(table).consistentRead(true).scanIndexForward(false).limit(limit + 1)
                    .keyConditionExpression("#j = :j").expressionAttributeNames(Map.of("#j", JOB_ID))
                    .expressionAttributeValues(Map.of(":j", AttributeValue.fromS(jobId)));
            if (afterRunId != null) {
                b.exclusiveStartKey(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(afterRunId)));
            }
        });
        List<Run> runs = response.items().stream().map(this::fromItem).toList();
        boolean more = runs.size() > limit || response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        if (runs.size() > limit) {
            runs = runs.subList(0, limit);
        }
        return new Page(runs, more && !runs.isEmpty() ? runs.get(runs.size() - 1).runId() : null);
    }

    /** A run of the job that is QUEUED or RUNNING, newest first, or empty when none is. */
    public Optional<String> activeRun(String jobId) {
        for (var page : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).scanIndexForward(false)
                .keyConditionExpression("#j = :j").filterExpression("#s IN (:queued, :running)")
                .projectionExpression("#r").expressionAttributeNames(Map.of("#j", JOB_ID, "#s", "status", "#r", RUN_ID))
                .expressionAttributeValues(Map.of(":j", AttributeValue.fromS(jobId),
                        ":queued", AttributeValue.fromS(RunStatus.QUEUED.name()), ":running", AttributeValue.fromS(RunStatus.RUNNING.name()))))) {
            if (!page.items().isEmpty()) {
                return Optional.of(page.items().get(0).get(RUN_ID).s());
            }
        }
        return Optional.empty();
    }

    /** Every run, of any job, that is QUEUED or RUNNING. */
    public List<Run> unfinished() {
        List<Run> runs = new ArrayList<>();
        for (var page : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                .filterExpression("#s IN (:queued, :running)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":queued", AttributeValue.fromS(RunStatus.QUEUED.name()),
                        ":running", AttributeValue.fromS(RunStatus.RUNNING.name()))))) {
            page.items().forEach(item -> runs.add(fromItem(item)));
        }
        return runs;
    }

    /** A page of runs, and the run id to continue after, or null on the last page. */
    public record Page(List<Run> runs, @Nullable String lastRunId) {
    }

    /** Marks a QUEUED run RUNNING as of {@code startedAt}; false (and nothing changes) when it is not QUEUED. */
    public boolean start(String jobId, String runId, String startedAt) {
        return transition(jobId, runId, RunStatus.RUNNING, Map.of("startedAt", AttributeValue.fromS(startedAt)));
    }

    /**
     * Records how a run ended ({@code SUCCEEDED}, {@code FAILED} or {@code SKIPPED}), with its error
     * when it has one; false (and nothing changes) when the run is not in a status that may end so.
     */
    public boolean finish(String jobId, String runId, RunStatus outcome, String finishedAt, @Nullable RunError error) {
        if (!outcome.finished()) {
            throw new IllegalArgumentException(outcome + " is not how a run ends");
        }
        Map<String, AttributeValue> fields = new HashMap<>(Map.of("finishedAt", AttributeValue.fromS(finishedAt)));
        if (error != null) {
            fields.put("error", errorItem(error));
        }
        return transition(jobId, runId, outcome, fields);
    }

    /**
     * Moves a run to {@code to} from any status that may precede it, setting the given fields too;
     * returns false (and changes nothing) when the run is not in such a status.
     */
    private boolean transition(String jobId, String runId, RunStatus to, Map<String, AttributeValue> alsoSet) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>(Map.of("#s", "status"));
        StringBuilder update = new StringBuilder("SET #s = :to");
        values.put(":to", AttributeValue.fromS(to.name()));
        int i = 0;
        for (Map.Entry<String, AttributeValue> field : alsoSet.entrySet()) {
            names.put("#f" + i, field.getKey());
            values.put(":f" + i, field.getValue());
            update.append(", #f").append(i).append(" = :f").append(i);
            i++;
        }
        List<String> from = new ArrayList<>();
        int j = 0;
        for (RunStatus status : to.reachableFrom()) {
            values.put(":from" + j, AttributeValue.fromS(status.name()));
            from.add(":from" + j++);
        }
        if (from.isEmpty()) {
            return false;
        }
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                    .updateExpression(update.toString())
                    .conditionExpression("#s IN (" + String.join(", ", from) + ")")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Records one step's state while the run is RUNNING; false when it is not. */
    public boolean recordStep(String jobId, String runId, StepRun step) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                    .updateExpression("SET steps[" + step.id() + "] = :step")
                    .conditionExpression("#s = :running")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":step", stepItem(step), ":running", AttributeValue.fromS(RunStatus.RUNNING.name()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Records a WAIT step WAITING, with the task token the state machine waits on for it (replacing
     * the token of an earlier wait of the same step, after a restart); false when the run is not
     * RUNNING or the step was answered meanwhile.
     */
    public boolean recordWaiting(String jobId, String runId, StepRun step, String token) {
        return setWait(jobId, runId, step, token, "#s = :running AND steps[" + step.id() + "].#st IN (:pending, :waiting, :running)",
                Map.of("#st", "status"), Map.of(":pending", AttributeValue.fromS(StepRun.PENDING), ":waiting", AttributeValue.fromS(StepRun.WAITING)));
    }

    /** The task token a WAITING step's state machine task waits on, if the step waits. */
    public Optional<String> waitToken(String jobId, String runId, int stepId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                .projectionExpression("#t").expressionAttributeNames(Map.of("#t", TOKEN_PREFIX + stepId))).item();
        return item == null || !item.containsKey(TOKEN_PREFIX + stepId) ? Optional.empty() : Optional.of(item.get(TOKEN_PREFIX + stepId).s());
    }

    /**
     * Ends a WAITING step as its callback (or its timeout) says, if it still waits on {@code token}:
     * one answer wins. The token is forgotten. False when the step no longer waits on that token.
     */
    public boolean answerWait(String jobId, String runId, StepRun ended, String token) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                    .updateExpression("SET steps[" + ended.id() + "] = :step REMOVE #t")
                    .conditionExpression("#t = :t AND steps[" + ended.id() + "].#st = :waiting")
                    .expressionAttributeNames(Map.of("#t", TOKEN_PREFIX + ended.id(), "#st", "status"))
                    .expressionAttributeValues(Map.of(":step", stepItem(ended), ":t", AttributeValue.fromS(token),
                            ":waiting", AttributeValue.fromS(StepRun.WAITING))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Puts back a step's wait that {@link #answerWait} ended, when its answer could not be handed to the state machine. */
    public boolean reopenWait(String jobId, String runId, StepRun waiting, String token) {
        return setWait(jobId, runId, waiting, token, "#s = :running AND attribute_not_exists(#t)", Map.of(), Map.of());
    }

    /** Sets a step's record and its task token while the run is RUNNING and {@code condition} holds; false when it does not. */
    private boolean setWait(String jobId, String runId, StepRun step, String token, String condition, Map<String, String> moreNames,
            Map<String, AttributeValue> moreValues) {
        Map<String, String> names = new HashMap<>(Map.of("#s", "status", "#t", TOKEN_PREFIX + step.id()));
        names.putAll(moreNames);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":step", stepItem(step), ":t", AttributeValue.fromS(token),
                ":running", AttributeValue.fromS(RunStatus.RUNNING.name())));
        values.putAll(moreValues);
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                    .updateExpression("SET steps[" + step.id() + "] = :step, #t = :t")
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Forgets the task token of a step whose wait ended without an answer (the run failed, or the wait timed out). */
    public void forgetWait(String jobId, String runId, int stepId) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                .updateExpression("REMOVE #t").conditionExpression("attribute_exists(#r)")
                .expressionAttributeNames(Map.of("#t", TOKEN_PREFIX + stepId, "#r", RUN_ID)));
    }

    /**
     * Records, before its first part is sent, a multipart upload a step has begun, so that a run
     * whose worker died mid-step (a killed process, a Lambda that timed out) can abort it when the
     * step is tried again or the run finishes. One upload per step; false when the run is not RUNNING.
     */
    public boolean recordUpload(String jobId, String runId, int stepId, String destination, String uploadId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                    .updateExpression("SET #u = :u").conditionExpression("#s = :running")
                    .expressionAttributeNames(Map.of("#u", UPLOAD_PREFIX + stepId, "#s", "status"))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromM(Map.of(
                                    "destination", AttributeValue.fromS(destination), "uploadId", AttributeValue.fromS(uploadId))),
                            ":running", AttributeValue.fromS(RunStatus.RUNNING.name()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Forgets the upload of a step that completed or aborted it. */
    public void clearUpload(String jobId, String runId, int stepId) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                .updateExpression("REMOVE #u").conditionExpression("attribute_exists(#r)")
                .expressionAttributeNames(Map.of("#u", UPLOAD_PREFIX + stepId, "#r", RUN_ID)));
    }

    /** The uploads recorded for the run's steps and not yet cleared, by step id. */
    public Map<Integer, RecordedUpload> uploads(String jobId, String runId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))).item();
        Map<Integer, RecordedUpload> uploads = new java.util.TreeMap<>();
        if (item != null) {
            item.forEach((name, value) -> {
                if (name.startsWith(UPLOAD_PREFIX)) {
                    uploads.put(Integer.parseInt(name.substring(UPLOAD_PREFIX.length())),
                            new RecordedUpload(value.m().get("destination").s(), value.m().get("uploadId").s()));
                }
            });
        }
        return uploads;
    }

    /** Records one shard of a set step while the run is RUNNING; false when it is not. */
    public boolean recordShard(String jobId, String runId, int stepId, ShardRun shard) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                    .updateExpression("SET #h = :h").conditionExpression("#s = :running")
                    .expressionAttributeNames(Map.of("#h", SHARD_PREFIX + stepId + "#" + shard.shard(), "#s", "status"))
                    .expressionAttributeValues(Map.of(":h", shardItem(shard), ":running", AttributeValue.fromS(RunStatus.RUNNING.name()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Records where a step split into shards is cut: the last key of each shard but the last (at
     * most set-shards - 1 keys). False when the run is not RUNNING.
     */
    public boolean recordShardBounds(String jobId, String runId, int stepId, List<String> bounds) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                    .updateExpression("SET #b = :b").conditionExpression("#s = :running")
                    .expressionAttributeNames(Map.of("#b", BOUNDS_PREFIX + stepId, "#s", "status"))
                    .expressionAttributeValues(Map.of(":b", AttributeValue.fromL(bounds.stream().map(AttributeValue::fromS).toList()),
                            ":running", AttributeValue.fromS(RunStatus.RUNNING.name()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Where a step split into shards is cut, as {@link #recordShardBounds} recorded it; empty when it was not split. */
    public List<String> shardBounds(String jobId, String runId, int stepId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))).item();
        AttributeValue bounds = item == null ? null : item.get(BOUNDS_PREFIX + stepId);
        return bounds == null ? List.of() : bounds.l().stream().map(AttributeValue::s).toList();
    }

    /** The shards recorded for a step, by shard number. */
    public Map<Integer, ShardRun> shards(String jobId, String runId, int stepId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))).item();
        Map<Integer, ShardRun> shards = new java.util.TreeMap<>();
        String prefix = SHARD_PREFIX + stepId + "#";
        if (item != null) {
            item.forEach((name, value) -> {
                if (name.startsWith(prefix)) {
                    ShardRun shard = shardFrom(value.m());
                    shards.put(shard.shard(), shard);
                }
            });
        }
        return shards;
    }

    /** Forgets a step's shards and its cuts once the step's record holds them. */
    public void clearShards(String jobId, String runId, int stepId, int count) {
        Map<String, String> names = new HashMap<>(Map.of("#b", BOUNDS_PREFIX + stepId));
        List<String> removes = new ArrayList<>(List.of("#b"));
        for (int i = 0; i < count; i++) {
            names.put("#h" + i, SHARD_PREFIX + stepId + "#" + i);
            removes.add("#h" + i);
        }
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(JOB_ID, AttributeValue.fromS(jobId), RUN_ID, AttributeValue.fromS(runId)))
                .updateExpression("REMOVE " + String.join(", ", removes)).expressionAttributeNames(names));
    }

    private static AttributeValue shardItem(ShardRun shard) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("shard", number(shard.shard()));
        m.put("status", AttributeValue.fromS(shard.status()));
        m.put("attempts", number(shard.attempts()));
        m.put("startedAt", AttributeValue.fromS(shard.startedAt()));
        putIfPresent(m, "finishedAt", shard.finishedAt());
        m.put("bytes", number(shard.bytes()));
        if (shard.objects() != null) {
            m.put("objects", countsItem(shard.objects()));
        }
        if (shard.error() != null) {
            m.put("error", errorItem(shard.error()));
        }
        return AttributeValue.fromM(m);
    }

    private static ShardRun shardFrom(Map<String, AttributeValue> m) {
        return new ShardRun(Integer.parseInt(m.get("shard").n()), m.get("status").s(), Integer.parseInt(m.get("attempts").n()),
                m.get("startedAt").s(), string(m, "finishedAt"), Long.parseLong(m.get("bytes").n()),
                m.containsKey("objects") ? countsFrom(m.get("objects").m()) : null,
                m.containsKey("error") ? errorFrom(m.get("error").m()) : null);
    }

    private static AttributeValue countsItem(ObjectCounts c) {
        return AttributeValue.fromM(Map.of("total", number(c.total()), "succeeded", number(c.succeeded()),
                "failed", number(c.failed()), "skipped", number(c.skipped())));
    }

    /** A multipart upload a step began: where to ({@code bucket/key}) and its id. */
    public record RecordedUpload(String destination, String uploadId) {
    }

    private static AttributeValue errorItem(RunError error) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("code", AttributeValue.fromS(error.code()));
        m.put("message", AttributeValue.fromS(error.message()));
        if (error.stepId() != null) {
            m.put("stepId", AttributeValue.fromN(error.stepId().toString()));
        }
        return AttributeValue.fromM(m);
    }

    /** The ledger's clock's time, for the claims kept beside the runs. */
    java.time.Instant now() {
        return clock.instant();
    }

    AttributeValue expiresAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
    }

    private Map<String, AttributeValue> toItem(Run run) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(JOB_ID, AttributeValue.fromS(run.jobId()));
        item.put(RUN_ID, AttributeValue.fromS(run.runId()));
        item.put("jobVersion", AttributeValue.fromN(Long.toString(run.jobVersion())));
        item.put("definitionKey", AttributeValue.fromS(run.definitionKey()));
        item.put("trigger", AttributeValue.fromS(run.trigger().name()));
        item.put("status", AttributeValue.fromS(run.status().name()));
        item.put("queuedAt", AttributeValue.fromS(run.queuedAt()));
        putIfPresent(item, "scheduledTime", run.scheduledTime());
        if (run.triggerObject() != null) {
            item.put("triggerObject", triggerObjectItem(run.triggerObject()));
        }
        putIfPresent(item, "startedAt", run.startedAt());
        putIfPresent(item, "finishedAt", run.finishedAt());
        item.put("steps", AttributeValue.fromL(run.steps().stream().map(this::stepItem).toList()));
        if (run.error() != null) {
            item.put("error", errorItem(run.error()));
        }
        item.put("expiresAt", expiresAt());
        return item;
    }

    private AttributeValue stepItem(StepRun step) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("id", AttributeValue.fromN(Integer.toString(step.id())));
        m.put("name", AttributeValue.fromS(step.name()));
        m.put("action", AttributeValue.fromS(step.action()));
        m.put("status", AttributeValue.fromS(step.status()));
        m.put("attempts", AttributeValue.fromN(Integer.toString(step.attempts())));
        putIfPresent(m, "startedAt", step.startedAt());
        putIfPresent(m, "finishedAt", step.finishedAt());
        if (step.bytes() != null) {
            m.put("bytes", AttributeValue.fromN(step.bytes().toString()));
        }
        if (step.error() != null) {
            m.put("error", errorItem(step.error()));
        }
        if (step.objects() != null) {
            m.put("objects", countsItem(step.objects()));
        }
        if (step.shards() != null) {
            m.put("shards", AttributeValue.fromL(step.shards().stream().map(RunLedger::shardItem).toList()));
        }
        putIfPresent(m, "waitingUntil", step.waitingUntil());
        if (step.callback() != null) {
            StepRun.Callback callback = step.callback();
            Map<String, AttributeValue> c = new HashMap<>();
            c.put("outcome", AttributeValue.fromS(callback.outcome()));
            c.put("receivedAt", AttributeValue.fromS(callback.receivedAt()));
            putIfPresent(c, "message", callback.message());
            if (callback.output() != null) {
                try {
                    // As JSON text: whatever the caller's numbers and nesting, the record keeps them as they came.
                    c.put("output", AttributeValue.fromS(json.writeValueAsString(callback.output())));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            m.put("callback", AttributeValue.fromM(c));
        }
        return AttributeValue.fromM(m);
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, @Nullable String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private Run fromItem(Map<String, AttributeValue> item) {
        return new Run(
                item.get(RUN_ID).s(),
                item.get(JOB_ID).s(),
                Long.parseLong(item.get("jobVersion").n()),
                Trigger.valueOf(item.get("trigger").s()),
                string(item, "scheduledTime"),
                item.containsKey("triggerObject") ? triggerObjectFrom(item.get("triggerObject").m()) : null,
                RunStatus.valueOf(item.get("status").s()),
                item.get("queuedAt").s(),
                string(item, "startedAt"),
                string(item, "finishedAt"),
                item.get("steps").l().stream().map(v -> stepFrom(v.m())).toList(),
                item.containsKey("error") ? errorFrom(item.get("error").m()) : null,
                item.get("definitionKey").s());
    }

    private static AttributeValue triggerObjectItem(TriggerObject object) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("bucket", AttributeValue.fromS(object.bucket()));
        m.put("key", AttributeValue.fromS(object.key()));
        m.put("size", AttributeValue.fromN(Long.toString(object.size())));
        m.put("eventTime", AttributeValue.fromS(object.eventTime()));
        putIfPresent(m, "etag", object.etag());
        putIfPresent(m, "versionId", object.versionId());
        putIfPresent(m, "sequencer", object.sequencer());
        return AttributeValue.fromM(m);
    }

    private static TriggerObject triggerObjectFrom(Map<String, AttributeValue> m) {
        return new TriggerObject(m.get("bucket").s(), m.get("key").s(), Long.parseLong(m.get("size").n()), string(m, "etag"),
                string(m, "versionId"), m.get("eventTime").s(), string(m, "sequencer"));
    }

    private StepRun stepFrom(Map<String, AttributeValue> m) {
        return new StepRun(
                Integer.parseInt(m.get("id").n()),
                m.get("name").s(),
                m.get("action").s(),
                m.get("status").s(),
                string(m, "startedAt"),
                string(m, "finishedAt"),
                m.containsKey("bytes") ? Long.parseLong(m.get("bytes").n()) : null,
                m.containsKey("error") ? errorFrom(m.get("error").m()) : null,
                Integer.parseInt(m.get("attempts").n()),
                m.containsKey("objects") ? countsFrom(m.get("objects").m()) : null,
                m.containsKey("shards") ? m.get("shards").l().stream().map(v -> shardFrom(v.m())).toList() : null,
                string(m, "waitingUntil"),
                m.containsKey("callback") ? callbackFrom(m.get("callback").m()) : null);
    }

    private StepRun.Callback callbackFrom(Map<String, AttributeValue> m) {
        JsonNode output = null;
        if (m.containsKey("output")) {
            try {
                output = json.readValue(m.get("output").s(), JsonNode.class);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new StepRun.Callback(m.get("outcome").s(), string(m, "message"), output, m.get("receivedAt").s());
    }

    private static ObjectCounts countsFrom(Map<String, AttributeValue> m) {
        return new ObjectCounts(Long.parseLong(m.get("total").n()), Long.parseLong(m.get("succeeded").n()),
                Long.parseLong(m.get("failed").n()), Long.parseLong(m.get("skipped").n()));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static RunError errorFrom(Map<String, AttributeValue> m) {
        return new RunError(m.get("code").s(), m.get("message").s(), m.containsKey("stepId") ? Integer.parseInt(m.get("stepId").n()) : null);
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }
}
