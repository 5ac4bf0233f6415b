package io.filejobs.core.store;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.JobState;
import io.filejobs.core.trigger.JobTrigger;
import io.filejobs.core.trigger.TriggerRegistrations;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The index of object-created triggers by bucket, so that an event finds the jobs it may start with
 * one query instead of a scan of every job. One item per (bucket, job) holds that job's triggers on
 * the bucket; one item per job, under a partition no bucket can be named ({@value #JOBS}), lists the
 * buckets it has items in, so a changed or deleted job's items are found again. Only ENABLED jobs are
 * indexed: a DISABLED job ignores events. The router reads the job itself before it starts a run, so an
 * item a crash left behind starts nothing; {@link io.filejobs.core.trigger.TriggerReconciler} removes it.
 */
@Singleton
public class ObjectTriggerIndex implements TriggerRegistrations {

    static final String BUCKET = "bucket";
    static final String JOB_ID = "jobId";
    /** The partition of the per-job items: '#' is not allowed in a bucket name. */
    static final String JOBS = "#jobs";

    private final DynamoDbClient dynamo;
    private final String table;
    private final AtomicLong changes = new AtomicLong();

    public ObjectTriggerIndex(DynamoDbClient dynamo, FileJobsConfiguration config) {
        this.dynamo = dynamo;
        this.table = config.getTriggersTable();
    }

    /** A job's triggers on one bucket, as the index holds them. */
    public record Entry(String jobId, long jobVersion, List<JobTrigger> triggers) {

        /** Whether one of the triggers takes the object. */
        public boolean takes(String bucket, String key) {
            return triggers.stream().anyMatch(t -> t.matches(bucket, key));
        }
    }

    /** Creates the table where nothing else does (the embedded runtime, tests); Terraform owns it on AWS. */
    public void createIfMissing() {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(BUCKET).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(JOB_ID).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(BUCKET).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(JOB_ID).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            // Created by an earlier start.
        }
    }

    @Override
    public void apply(JobRecord job, JobDefinition definition) {
        Map<String, List<JobTrigger>> wanted = new LinkedHashMap<>();
        if (definition.state() == JobState.ENABLED) {
            definition.triggers().forEach(t -> wanted.computeIfAbsent(t.bucket(), b -> new ArrayList<>()).add(t));
        }
        Set<String> before = bucketsOf(job.id());
        if (wanted.isEmpty() && before.isEmpty()) {
            return;
        }
        // The job's item names every bucket it may have items in before they are written, so a crash
        // part way leaves nothing the next apply or remove cannot find.
        Set<String> both = new HashSet<>(before);
        both.addAll(wanted.keySet());
        putBuckets(job.id(), both);
        wanted.forEach((bucket, triggers) -> dynamo.putItem(b -> b.tableName(table).item(entryItem(bucket, job, triggers))));
        before.stream().filter(bucket -> !wanted.containsKey(bucket))
                .forEach(bucket -> dynamo.deleteItem(b -> b.tableName(table).key(key(bucket, job.id()))));
        if (wanted.isEmpty()) {
            dynamo.deleteItem(b -> b.tableName(table).key(key(JOBS, job.id())));
        } else {
            putBuckets(job.id(), wanted.keySet());
        }
        changes.incrementAndGet();
    }

    @Override
    public void remove(String jobId) {
        Set<String> buckets = bucketsOf(jobId);
        buckets.forEach(bucket -> dynamo.deleteItem(b -> b.tableName(table).key(key(bucket, jobId))));
        dynamo.deleteItem(b -> b.tableName(table).key(key(JOBS, jobId)));
        if (!buckets.isEmpty()) {
            changes.incrementAndGet();
        }
    }

    @Override
    public Set<String> registeredJobIds() {
        Set<String> ids = new HashSet<>();
        query(JOBS).forEach(item -> ids.add(item.get(JOB_ID).s()));
        return ids;
    }

    /** The triggers of every indexed job on {@code bucket}. */
    public List<Entry> entries(String bucket) {
        return query(bucket).stream().map(ObjectTriggerIndex::entryFrom).toList();
    }

    /** Every bucket some indexed job has a trigger on. */
    public Set<String> buckets() {
        Set<String> buckets = new HashSet<>();
        query(JOBS).forEach(item -> buckets.addAll(item.get("buckets").ss()));
        return buckets;
    }

    /** How many times this process changed the index: a cache of {@link #buckets()} is stale when it moved. */
    public long changes() {
        return changes.get();
    }

    private Set<String> bucketsOf(String jobId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(JOBS, jobId)).consistentRead(true)).item();
        return item == null || !item.containsKey("buckets") ? new HashSet<>() : new HashSet<>(item.get("buckets").ss());
    }

    private void putBuckets(String jobId, Set<String> buckets) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(BUCKET, AttributeValue.fromS(JOBS), JOB_ID, AttributeValue.fromS(jobId),
                "buckets", AttributeValue.fromSs(List.copyOf(buckets)))));
    }

    private List<Map<String, AttributeValue>> query(String partition) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true).keyConditionExpression("#b = :b")
                .expressionAttributeNames(Map.of("#b", BUCKET)).expressionAttributeValues(Map.of(":b", AttributeValue.fromS(partition))).build();
        dynamo.queryPaginator(request).items().forEach(items::add);
        return items;
    }

    private static Map<String, AttributeValue> key(String bucket, String jobId) {
        return Map.of(BUCKET, AttributeValue.fromS(bucket), JOB_ID, AttributeValue.fromS(jobId));
    }

    private static Map<String, AttributeValue> entryItem(String bucket, JobRecord job, List<JobTrigger> triggers) {
        Map<String, AttributeValue> item = new HashMap<>(key(bucket, job.id()));
        item.put("jobVersion", AttributeValue.fromN(Long.toString(job.version())));
        item.put("triggers", AttributeValue.fromL(triggers.stream().map(ObjectTriggerIndex::triggerItem).toList()));
        return item;
    }

    private static AttributeValue triggerItem(JobTrigger trigger) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("type", AttributeValue.fromS(trigger.type().name()));
        m.put("prefix", AttributeValue.fromS(trigger.prefix()));
        if (trigger.match() != null) {
            m.put("match", AttributeValue.fromS(trigger.match()));
        }
        return AttributeValue.fromM(m);
    }

    private static Entry entryFrom(Map<String, AttributeValue> item) {
        List<JobTrigger> triggers = item.get("triggers").l().stream().map(v -> v.m())
                .map(m -> new JobTrigger(JobTrigger.Type.valueOf(m.get("type").s()), m.get("prefix").s(), string(m, "match"))).toList();
        return new Entry(item.get(JOB_ID).s(), Long.parseLong(item.get("jobVersion").n()), triggers);
    }

    private static @Nullable String string(Map<String, AttributeValue> m, String name) {
        return m.containsKey(name) ? m.get(name).s() : null;
    }
}
