package io.filejobs.core.trigger;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.JobState;
import io.filejobs.core.run.RunLauncher;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.store.ObjectTriggerIndex;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an object-created event goes, on AWS (the router Lambda, fed by EventBridge through SQS)
 * and on the embedded runtime (the embedded S3 endpoint) alike: it finds the jobs whose triggers
 * take the object through {@link ObjectTriggerIndex}, reads each job as it is now (ENABLED, with a
 * trigger that still takes the object) and starts one run per job. The run is claimed under an id
 * the event derives, so a duplicate delivery starts nothing new.
 */
@Singleton
public class ObjectCreatedRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectCreatedRouter.class);

    private final ObjectTriggerIndex index;
    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final BeanProvider<RunLauncher> launcher;

    public ObjectCreatedRouter(ObjectTriggerIndex index, JobTable jobs, DefinitionStore definitions, BeanProvider<RunLauncher> launcher) {
        this.index = index;
        this.jobs = jobs;
        this.definitions = definitions;
        this.launcher = launcher;
    }

    /** Starts a run of every job a trigger of which takes the object; returns those jobs' ids. A failure to start one is thrown, to be delivered again. */
    public List<String> route(TriggerObject object) {
        List<String> started = new ArrayList<>();
        for (ObjectTriggerIndex.Entry entry : index.entries(object.bucket())) {
            if (!entry.takes(object.bucket(), object.key())) {
                continue;
            }
            Optional<JobRecord> job = jobs.get(entry.jobId());
            if (job.isEmpty()) {
                LOG.info("the trigger index names job {}, which is gone; {} starts nothing", entry.jobId(), object.key());
                continue;
            }
            JobDefinition definition = definitions.get(job.get().definitionKey());
            if (definition.state() != JobState.ENABLED || definition.triggers().stream().noneMatch(t -> t.matches(object.bucket(), object.key()))) {
                continue;
            }
            ObjectCreatedTrigger trigger = new ObjectCreatedTrigger(object);
            launcher.get().launch(trigger.request(entry.jobId()), definition.overlap());
            LOG.info("{}/{} starts run {} of job {}", object.bucket(), object.key(), trigger.runId(), entry.jobId());
            started.add(entry.jobId());
        }
        return started;
    }
}
