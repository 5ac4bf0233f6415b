package io.filejobs.core.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.testing.RecordingSchedules;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of trigger registration is brought in line with the jobs table, one job or all of them. */
class TriggerReconcilerTest {

    private ApplicationContext context;
    private RecordingSchedules schedules;
    private RecordingSchedules otherKind;
    private TriggerReconciler reconciler;

    @BeforeEach
    void start() throws Exception {
        context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("reconciler").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1"));
        schedules = new RecordingSchedules();
        otherKind = new RecordingSchedules();
        reconciler = new TriggerReconciler(context.getBean(JobTable.class), context.getBean(DefinitionStore.class),
                List.of(schedules, otherKind));
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private Job job(String schedule) {
        return context.getBean(JobService.class).create(new JobDefinition("j", null, schedule, "UTC", JobState.ENABLED,
                List.of(new Step(0, "d", new DeleteSpec("bucket1/x")))));
    }

    @Test
    void aChangedJobsRegistrationsOfEveryKindFollowIt() {
        Job job = job("rate(1 hour)");
        reconciler.reconcile(List.of(job.id(), job.id()));
        assertEquals("rate(1 hour)", schedules.schedules.get(job.id()).expression());
        assertEquals(Set.of(job.id()), otherKind.registeredJobIds());
    }

    @Test
    void aDeletedJobsRegistrationsGo() {
        Job job = job("rate(1 hour)");
        reconciler.reconcile(List.of(job.id()));
        context.getBean(JobService.class).delete(job.id(), null);
        reconciler.reconcile(List.of(job.id()));
        assertEquals(Set.of(), schedules.registeredJobIds());
        assertEquals(Set.of(), otherKind.registeredJobIds());
    }

    @Test
    void aSweepAppliesEveryJobAndRemovesOrphansOfEachKind() {
        Job kept = job("rate(1 day)");
        otherKind.schedules.put("orphanjob0001", new RecordingSchedules.Entry(1, "rate(1 day)", "ENABLED"));
        assertEquals(1, reconciler.reconcileAll());
        assertEquals(Set.of(kept.id()), schedules.registeredJobIds());
        assertEquals(Set.of(kept.id()), otherKind.registeredJobIds());
    }

    @Test
    void withNoRegistrationsThereIsNothingToDo() {
        job("rate(1 day)");
        TriggerReconciler none = new TriggerReconciler(context.getBean(JobTable.class), context.getBean(DefinitionStore.class), List.of());
        assertEquals(0, none.reconcileAll());
    }
}
