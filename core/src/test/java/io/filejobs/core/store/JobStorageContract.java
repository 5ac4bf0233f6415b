package io.filejobs.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionValidator;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.ValidationTrigger;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.step.merge.MergeSpec;
import io.filejobs.core.testing.RecordingSchedules;
import io.filejobs.core.trigger.TriggerReconciler;
import io.micronaut.context.BeanProvider;
import io.micronaut.json.JsonMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Job storage against real stores: each subclass supplies an S3 client and a DynamoDB client for
 * some S3 protocol endpoint and DynamoDB implementation.
 */
public abstract class JobStorageContract {

    protected abstract S3Client s3();

    protected abstract DynamoDbClient dynamo();

    /** These tests leave jobs PENDING: the asynchronous check has tests of its own. */
    private static final BeanProvider<ValidationTrigger> NO_VALIDATION = provider(null);

    /** A provider of {@code bean}, or of nothing when it is null. */
    static <T> BeanProvider<T> provider(T bean) {
        return new BeanProvider<>() {
            @Override
            public T get() {
                if (bean == null) {
                    throw new IllegalStateException("no such bean in storage tests");
                }
                return bean;
            }

            @Override
            public boolean isPresent() {
                return bean != null;
            }
        };
    }

    private final RecordingSchedules schedules = new RecordingSchedules();

    private FileJobsConfiguration config;
    private final AtomicReference<RuntimeException> failNextPut = new AtomicReference<>();

    @BeforeEach
    void freshTableAndBucket() {
        config = new FileJobsConfiguration();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        config.setJobsTable("jobs-" + suffix);
        config.setDefinitionsBucket("definitions-" + suffix);
        new JobTable(dynamo(), config).createIfMissing();
        config.setRunsTable("runs-" + suffix);
        new io.filejobs.core.store.RunLedger(dynamo(), config, Clock.systemUTC()).createIfMissing();
        definitionStore().createBucketIfMissing();
    }

    private DefinitionStore definitionStore() {
        return new DefinitionStore(s3(), JsonMapper.createDefault(), io.filejobs.core.testing.TestActions.reader(), config);
    }

    private JobService service(DynamoDbClient dynamoClient) {
        return service(new JobTable(dynamoClient, config));
    }

    private JobService service(JobTable table) {
        return new JobService(io.filejobs.core.testing.TestActions.validator(config), table, definitionStore(), Clock.systemUTC(), NO_VALIDATION,
                java.util.List.of(schedules), JsonMapper.createDefault(), config,
                new io.filejobs.core.store.RunLedger(dynamo(), config, Clock.systemUTC()));
    }

    private JobService serviceWithoutSchedules() {
        return new JobService(io.filejobs.core.testing.TestActions.validator(config), new JobTable(dynamo(), config), definitionStore(), Clock.systemUTC(),
                NO_VALIDATION, java.util.List.of(), JsonMapper.createDefault(), config,
                new io.filejobs.core.store.RunLedger(dynamo(), config, Clock.systemUTC()));
    }

    private TriggerReconciler reconciler() {
        return new TriggerReconciler(new JobTable(dynamo(), config), definitionStore(), java.util.List.of(schedules));
    }

    /** A DynamoDB client whose next PutItem fails with the exception set in {@link #failNextPut}. */
    private DynamoDbClient flakyDynamo() {
        DynamoDbClient real = dynamo();
        return (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
            RuntimeException failure = method.getName().equals("putItem") ? failNextPut.getAndSet(null) : null;
            if (failure != null) {
                throw failure;
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    static JobDefinition definition(String name) {
        return new JobDefinition(name, null, "cron(0 1 * * ? *)", "Europe/Berlin", JobState.ENABLED,
                List.of(new Step(0, "copy", TransferSpec.copy("bucket1/in.txt", "bucket2/out.txt"))));
    }

    private List<String> definitionKeys() {
        return s3().listObjectsV2Paginator(b -> b.bucket(config.getDefinitionsBucket())).contents().stream().map(S3Object::key).toList();
    }

    /** What the check found is kept with the version it checked: errors and warnings, each with its count when cut. */
    @Test
    void aChecksOutcomeIsStoredWithTheVersionItChecked() {
        Job job = service(dynamo()).create(definition("checked"));
        JobTable table = new JobTable(dynamo(), config);
        List<io.filejobs.core.error.FieldError> many = java.util.stream.IntStream.range(0, 150)
                .mapToObj(i -> new io.filejobs.core.error.FieldError("steps[0].sources[" + i + "]", "not there yet")).toList();
        io.filejobs.core.job.JobValidation outcome = io.filejobs.core.job.JobValidation.checked(
                List.of(new io.filejobs.core.error.FieldError("steps[0].destination", "bucket 'x' does not exist")), many);
        assertTrue(table.updateValidation(job.id(), job.version(), outcome));
        assertEquals(outcome, table.get(job.id()).orElseThrow().validation());
        assertEquals(io.filejobs.core.job.ValidationStatus.INVALID, outcome.status());
        assertEquals(100, outcome.warnings().size());
        assertEquals(150, outcome.warningCount());
        assertEquals(false, table.updateValidation(job.id(), job.version() + 1, io.filejobs.core.job.JobValidation.valid()),
                "another version's outcome is not stored");
        io.filejobs.core.job.JobValidation onlyWarnings = io.filejobs.core.job.JobValidation.checked(List.of(), many.subList(0, 2));
        assertTrue(table.updateValidation(job.id(), job.version(), onlyWarnings));
        assertEquals(onlyWarnings, table.get(job.id()).orElseThrow().validation());
        assertEquals(io.filejobs.core.job.ValidationStatus.VALID, onlyWarnings.status());
        io.filejobs.core.job.JobValidation manyErrors = io.filejobs.core.job.JobValidation.invalid(many);
        assertTrue(table.updateValidation(job.id(), job.version(), manyErrors));
        assertEquals(List.of(100, 150), List.of(manyErrors.errors().size(), manyErrors.errorCount()));
        assertEquals(manyErrors, table.get(job.id()).orElseThrow().validation());
    }

    @Test
    void everyVersionIsKeptAsItsOwnImmutableObject() {
        JobService jobs = service(dynamo());
        Job v1 = jobs.create(definition("first"));
        String v1Key = new JobTable(dynamo(), config).get(v1.id()).orElseThrow().definitionKey();
        Job v2 = jobs.replace(v1.id(), definition("second"), "\"1\"");
        assertEquals(2, v2.version());
        assertEquals("second", jobs.get(v1.id()).name());
        assertEquals(2, definitionKeys().size());
        // A fresh store (no cache) still reads the old version: runs can be pinned to it.
        assertEquals("first", definitionStore().get(v1Key).name());
    }

    @Test
    void aFailedTableWriteLeavesNoJobAndNoDefinitionObject() {
        JobService jobs = service(flakyDynamo());
        failNextPut.set(DynamoDbException.builder().message("injected").statusCode(500).build());
        assertThrows(DynamoDbException.class, () -> jobs.create(definition("doomed")));
        assertEquals(0, new JobTable(dynamo(), config).scan(100, null).jobs().size());
        assertEquals(List.of(), definitionKeys());
    }

    @Test
    void aFailedTableWriteOnReplaceKeepsTheOldVersionIntact() {
        JobService jobs = service(flakyDynamo());
        Job created = jobs.create(definition("stable"));
        failNextPut.set(DynamoDbException.builder().message("injected").statusCode(500).build());
        assertThrows(DynamoDbException.class, () -> jobs.replace(created.id(), definition("lost"), null));
        Job read = jobs.get(created.id());
        assertEquals("stable", read.name());
        assertEquals(1, read.version());
        assertEquals(1, definitionKeys().size());
    }

    @Test
    void aFailedDefinitionWriteStoresNoJob() {
        config.setDefinitionsBucket("missing-" + UUID.randomUUID().toString().substring(0, 8));
        JobService jobs = service(dynamo());
        assertThrows(RuntimeException.class, () -> jobs.create(definition("nowhere")));
        assertEquals(0, new JobTable(dynamo(), config).scan(100, null).jobs().size());
    }

    @Test
    void aWriterThatLostTheRaceGetsConflictOrPreconditionFailedAndLeavesNothing() {
        JobService honest = service(dynamo());
        Job created = honest.create(definition("raced"));
        // A table that hands out the job as it was before someone else's update.
        JobTable stale = new JobTable(dynamo(), config) {
            @Override
            public Optional<JobRecord> get(String jobId) {
                return super.get(jobId).map(r -> new JobRecord(r.id(), r.version() - 1, r.name(), r.state(), r.definitionKey(),
                        r.createdAt(), r.updatedAt(), r.validation()));
            }
        };
        honest.replace(created.id(), definition("winner"), null);
        FileJobsException unconditional = assertThrows(FileJobsException.class, () -> service(stale).replace(created.id(), definition("loser"), null));
        assertEquals(ErrorCode.CONFLICT, unconditional.code());
        FileJobsException conditional = assertThrows(FileJobsException.class, () -> service(stale).replace(created.id(), definition("loser"), "\"1\""));
        assertEquals(ErrorCode.PRECONDITION_FAILED, conditional.code());
        FileJobsException delete = assertThrows(FileJobsException.class, () -> service(stale).delete(created.id(), null));
        assertEquals(ErrorCode.CONFLICT, delete.code());
        assertEquals("winner", honest.get(created.id()).name());
        assertEquals(2, definitionKeys().size(), "the losers' definition objects are removed");
    }

    @Test
    void deleteRemovesTheItemAndEveryDefinitionVersion() {
        JobService jobs = service(dynamo());
        Job created = jobs.create(definition("short-lived"));
        jobs.replace(created.id(), definition("short-lived-2"), null);
        Job other = jobs.create(definition("survivor"));
        jobs.delete(created.id(), "\"2\"");
        FileJobsException gone = assertThrows(FileJobsException.class, () -> jobs.get(created.id()));
        assertEquals(ErrorCode.JOB_NOT_FOUND, gone.code());
        List<String> keys = definitionKeys();
        assertEquals(1, keys.size());
        assertTrue(keys.get(0).startsWith("jobs/" + other.id() + "/"));
    }

    @Test
    void pagesCoverEveryJobOnceAndTheLastPageHasNoCursor() {
        JobService jobs = service(dynamo());
        for (int i = 0; i < 5; i++) {
            jobs.create(definition("paged-" + i));
        }
        var first = jobs.list(2, null);
        var second = jobs.list(2, first.nextCursor());
        var third = jobs.list(2, second.nextCursor());
        assertEquals(List.of(2, 2, 1), List.of(first.items().size(), second.items().size(), third.items().size()));
        assertEquals(null, third.nextCursor());
        var all = jobs.list(5, null);
        assertEquals(5, all.items().size());
        assertEquals(null, all.nextCursor());
        assertNotEquals(first.items().get(0).id(), second.items().get(0).id());
    }

    /** Large jobs end a page early, under the byte budget, and the walk still sees every job once. */
    @Test
    void pagesOfLargeJobsStayUnderTheByteBudget() throws Exception {
        JobService jobs = service(dynamo());
        List<String> sources = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sources.add("bucket1/landing/extracts/2026/11/27/partner-file-" + i + ".csv");
        }
        java.util.Set<String> created = new java.util.HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(jobs.create(new JobDefinition("large-" + i, null, null, "UTC", JobState.ENABLED,
                    List.of(new Step(0, "m", new MergeSpec(sources, "bucket2/merged.csv"))))).id());
        }
        int jobBytes = JsonMapper.createDefault().writeValueAsBytes(jobs.get(created.iterator().next())).length;
        config.getLimits().setMaxPageBytes(jobBytes * 3 + jobBytes / 2);
        JobService budgeted = service(dynamo());

        java.util.List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var page = budgeted.list(100, cursor);
            assertTrue(page.items().size() <= 3, "a page of " + page.items().size() + " jobs of " + jobBytes + " bytes");
            assertTrue(!page.items().isEmpty());
            page.items().forEach(j -> seen.add(j.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(created, new java.util.HashSet<>(seen));
        assertEquals(seen.size(), created.size(), "each job once");

        config.getLimits().setMaxPageBytes(10);
        assertEquals(1, service(dynamo()).list(100, null).items().size(), "a job larger than the budget is still listed, alone");
    }

    @Test
    void theScheduleFollowsTheJobThroughCreateReplaceDisableUnscheduleAndDelete() {
        JobService jobs = service(dynamo());
        Job created = jobs.create(definition("scheduled"));
        assertEquals(new RecordingSchedules.Entry(1, "cron(0 1 * * ? *)", "ENABLED"), schedules.schedules.get(created.id()));
        JobDefinition disabled = new JobDefinition("scheduled", null, "rate(5 minutes)", "UTC", JobState.DISABLED,
                definition("x").steps());
        jobs.replace(created.id(), disabled, "\"1\"");
        assertEquals(new RecordingSchedules.Entry(2, "rate(5 minutes)", "DISABLED"), schedules.schedules.get(created.id()));
        JobDefinition manualOnly = new JobDefinition("scheduled", null, null, "UTC", JobState.ENABLED, definition("x").steps());
        jobs.replace(created.id(), manualOnly, "\"2\"");
        assertEquals(null, schedules.schedules.get(created.id()), "a job without a schedule expression has no schedule");
        jobs.replace(created.id(), definition("scheduled"), "\"3\"");
        assertEquals(4, schedules.schedules.get(created.id()).version());
        jobs.delete(created.id(), null);
        assertEquals(Map.of(), schedules.schedules);
    }

    @Test
    void aScheduleThatCannotBeWrittenLeavesNoJob() {
        JobService jobs = service(dynamo());
        schedules.failNext.set(true);
        FileJobsException failure = assertThrows(FileJobsException.class, () -> jobs.create(definition("unschedulable")));
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, failure.code());
        assertEquals(0, new JobTable(dynamo(), config).scan(100, null).jobs().size());
        assertEquals(List.of(), definitionKeys());
        assertEquals(Map.of(), schedules.schedules);
    }

    @Test
    void aScheduleThatCannotBeUpdatedLeavesTheJobAsItWas() {
        JobService jobs = service(dynamo());
        Job created = jobs.create(definition("before"));
        schedules.failNext.set(true);
        JobDefinition changed = new JobDefinition("after", null, "rate(1 hour)", "UTC", JobState.DISABLED, definition("x").steps());
        assertThrows(FileJobsException.class, () -> jobs.replace(created.id(), changed, "\"1\""));
        Job read = jobs.get(created.id());
        assertEquals("before", read.name());
        assertEquals(1, read.version());
        assertEquals(created.etag(), read.etag(), "the same ETag: a retry with If-Match: \"1\" applies");
        assertEquals(new RecordingSchedules.Entry(1, "cron(0 1 * * ? *)", "ENABLED"), schedules.schedules.get(created.id()));
        assertEquals(2, jobs.replace(created.id(), changed, "\"1\"").version());
        assertEquals(new RecordingSchedules.Entry(2, "rate(1 hour)", "DISABLED"), schedules.schedules.get(created.id()));
    }

    @Test
    void aScheduleLeftBehindByADeleteIsRemovedByTheReconciliation() {
        JobService jobs = service(dynamo());
        Job doomed = jobs.create(definition("doomed"));
        Job kept = jobs.create(definition("kept"));
        schedules.failNext.set(true);
        jobs.delete(doomed.id(), null);
        assertThrows(FileJobsException.class, () -> jobs.get(doomed.id()));
        assertTrue(schedules.schedules.containsKey(doomed.id()), "the schedule could not be deleted yet");

        reconciler().reconcile(List.of(doomed.id()));
        assertEquals(Set.of(kept.id()), schedules.schedules.keySet());
    }

    @Test
    void theSweepRecreatesMissingSchedulesAndDeletesOrphans() {
        Job unscheduled = serviceWithoutSchedules().create(definition("written-before-a-crash"));
        schedules.schedules.put("zzzzzzzzzzzzz", new RecordingSchedules.Entry(1, "rate(1 minute)", "ENABLED"));
        assertEquals(1, reconciler().reconcileAll(), "one orphan deleted");
        assertEquals(Map.of(unscheduled.id(), new RecordingSchedules.Entry(1, "cron(0 1 * * ? *)", "ENABLED")), schedules.schedules);
    }
}
