package io.filejobs.core.store;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.JobValidation;
import io.filejobs.core.job.ValidationStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
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
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The jobs table: one item per job, keyed by {@code jobId}. Every write is conditional on the
 * version the writer read, so concurrent writers cannot overwrite each other unseen.
 */
@Singleton
public class JobTable {

    static final String JOB_ID = "jobId";
    private static final String VERSION = "version";
    private static final String AT_VERSION = "#v = :expected";
    private static final Map<String, String> VERSION_NAME = Map.of("#v", VERSION);

    private final DynamoDbClient dynamo;
    private final String table;

    public JobTable(DynamoDbClient dynamo, FileJobsConfiguration config) {
        this.dynamo = dynamo;
        this.table = config.getJobsTable();
    }

    /** Creates the table where nothing else does (the embedded runtime, tests); Terraform owns it on AWS. */
    public void createIfMissing() {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(JOB_ID).attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(JOB_ID).keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException alreadyThere) {
            // Created by an earlier start.
        }
    }

    public Optional<JobRecord> get(String jobId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(jobId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Stores a new job; false when a job with that id exists already. */
    public boolean insert(JobRecord job) {
        return conditionHeld(() -> dynamo.putItem(b -> b.tableName(table).item(toItem(job))
                .conditionExpression("attribute_not_exists(" + JOB_ID + ")")));
    }

    /** Replaces a job; false when its stored version is no longer {@code expectedVersion}. */
    public boolean replace(JobRecord job, long expectedVersion) {
        return conditionHeld(() -> dynamo.putItem(b -> b.tableName(table).item(toItem(job))
                .conditionExpression(AT_VERSION).expressionAttributeNames(VERSION_NAME).expressionAttributeValues(versionValue(expectedVersion))));
    }

    /** Deletes a job; false when its stored version is no longer {@code expectedVersion} or it is gone. */
    public boolean delete(String jobId, long expectedVersion) {
        return conditionHeld(() -> dynamo.deleteItem(b -> b.tableName(table).key(key(jobId))
                .conditionExpression(AT_VERSION).expressionAttributeNames(VERSION_NAME).expressionAttributeValues(versionValue(expectedVersion))));
    }

    /** Stores the outcome of checking version {@code version}; false when the job has moved on (or is gone). */
    public boolean updateValidation(String jobId, long version, JobValidation validation) {
        return conditionHeld(() -> dynamo.updateItem(b -> b.tableName(table).key(key(jobId))
                .updateExpression("SET validationStatus = :s, validationErrors = :e, validationErrorCount = :n, validationCode = :c,"
                        + " validationWarnings = :w, validationWarningCount = :wn")
                .conditionExpression(AT_VERSION).expressionAttributeNames(VERSION_NAME)
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(validation.status().name()),
                        ":e", errorsItem(validation.errors()), ":expected", number(version),
                        ":n", validation.errorCount() == null ? AttributeValue.fromNul(true) : number(validation.errorCount()),
                        ":c", validation.code() == null ? AttributeValue.fromNul(true) : AttributeValue.fromS(validation.code()),
                        ":w", errorsItem(validation.warnings()),
                        ":wn", validation.warningCount() == null ? AttributeValue.fromNul(true) : number(validation.warningCount())))));
    }

    /** Runs a conditional write; false when its condition did not hold. */
    private static boolean conditionHeld(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> versionValue(long expectedVersion) {
        return Map.of(":expected", number(expectedVersion));
    }

    /**
     * One page of jobs in the table's own stable order, after the job {@code afterJobId} (null for the
     * first page). A job that exists for the whole walk is seen exactly once.
     */
    public ScanPage scan(int limit, String afterJobId) {
        ScanResponse response = dynamo.scan(b -> {
            b.tableName(table).consistentRead(true).limit(limit + 1);
            if (afterJobId != null) {
                b.exclusiveStartKey(key(afterJobId));
            }
        });
        List<JobRecord> jobs = response.items().stream().map(JobTable::fromItem).toList();
        // More remain when the scan found the extra item, or stopped early at DynamoDB's 1 MB page size.
        boolean more = jobs.size() > limit || response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        if (jobs.size() > limit) {
            jobs = jobs.subList(0, limit);
        }
        return new ScanPage(jobs, more && !jobs.isEmpty() ? jobs.get(jobs.size() - 1).id() : null);
    }

    /** Jobs of one page, and the id to continue after, or null on the last page. */
    public record ScanPage(List<JobRecord> jobs, String lastJobId) {
    }

    private static Map<String, AttributeValue> key(String jobId) {
        return Map.of(JOB_ID, AttributeValue.fromS(jobId));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Map<String, AttributeValue> toItem(JobRecord job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(JOB_ID, AttributeValue.fromS(job.id()));
        item.put(VERSION, number(job.version()));
        item.put("name", AttributeValue.fromS(job.name()));
        item.put("state", AttributeValue.fromS(job.state().name()));
        item.put("definitionKey", AttributeValue.fromS(job.definitionKey()));
        item.put("createdAt", AttributeValue.fromS(job.createdAt().toString()));
        item.put("updatedAt", AttributeValue.fromS(job.updatedAt().toString()));
        item.put("validationStatus", AttributeValue.fromS(job.validation().status().name()));
        item.put("validationErrors", errorsItem(job.validation().errors()));
        return item;
    }

    private static AttributeValue errorsItem(List<FieldError> errors) {
        return AttributeValue.fromL(errors.stream()
                .map(e -> AttributeValue.fromM(Map.of("field", AttributeValue.fromS(e.field()), "message", AttributeValue.fromS(e.message()))))
                .toList());
    }

    private static List<FieldError> fieldErrors(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name)
                ? item.get(name).l().stream().map(v -> new FieldError(v.m().get("field").s(), v.m().get("message").s())).toList()
                : List.of();
    }

    private static Integer count(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) && item.get(name).n() != null ? Integer.valueOf(item.get(name).n()) : null;
    }

    private static JobRecord fromItem(Map<String, AttributeValue> item) {
        return new JobRecord(
                item.get(JOB_ID).s(),
                Long.parseLong(item.get(VERSION).n()),
                item.get("name").s(),
                JobState.valueOf(item.get("state").s()),
                item.get("definitionKey").s(),
                Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s()),
                new JobValidation(ValidationStatus.valueOf(item.get("validationStatus").s()), fieldErrors(item, "validationErrors"),
                        count(item, "validationErrorCount"), item.containsKey("validationCode") ? item.get("validationCode").s() : null,
                        fieldErrors(item, "validationWarnings"), count(item, "validationWarningCount")));
    }
}
