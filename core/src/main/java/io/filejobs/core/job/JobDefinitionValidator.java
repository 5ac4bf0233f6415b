package io.filejobs.core.job;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.s3.StoreKeyRules;
import io.filejobs.core.schedule.InvalidScheduleException;
import io.filejobs.core.schedule.ScheduleExpression;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.ObjectAccess;
import io.filejobs.core.step.StepAction;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.template.TemplateValues;
import io.filejobs.core.step.StepActions;
import io.filejobs.core.trigger.JobTrigger;
import io.filejobs.core.trigger.SelfTrigger;
import jakarta.inject.Singleton;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The synchronous rules a definition must meet before anything is stored: names, step ids, each
 * step's own values (its action checks them: object names, keys the configured store can hold, the
 * bucket policy), schedule and time zone, object-created triggers (allowed buckets, and no step
 * writing where the job's own trigger would see it), size limits.
 * Every broken rule is reported, each naming its field.
 */
@Singleton
public class JobDefinitionValidator {

    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_DESCRIPTION_LENGTH = 1024;
    public static final int MAX_TRIGGERS = 10;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private final FileJobsConfiguration config;
    private final StoreKeyRules keys;
    private final BucketPolicy buckets;
    private final StepActions actions;

    public JobDefinitionValidator(FileJobsConfiguration config, StoreKeyRules keys, BucketPolicy buckets, StepActions actions) {
        this.config = config;
        this.keys = keys;
        this.buckets = buckets;
        this.actions = actions;
    }

    /** Throws a VALIDATION_FAILED error listing every broken rule, or returns quietly. */
    public void validate(JobDefinition definition) {
        List<FieldError> errors = new ArrayList<>();
        checkName(definition.name(), "name", errors);
        if (definition.description() != null
                && definition.description().codePointCount(0, definition.description().length()) > MAX_DESCRIPTION_LENGTH) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        if (definition.schedule() != null) {
            try {
                ScheduleExpression.parse(definition.schedule());
            } catch (InvalidScheduleException e) {
                errors.add(new FieldError("schedule", e.getMessage()));
            }
        }
        if (!ZONES.contains(definition.timezone())) {
            errors.add(new FieldError("timezone", "'" + definition.timezone() + "' is not an IANA time zone such as Europe/Berlin or UTC"));
        }
        checkSteps(definition.steps(), !definition.triggers().isEmpty(), errors);
        if (errors.isEmpty()) {
            StepGraph.check(definition.steps(), errors);
        }
        if (errors.isEmpty()) {
            checkSideBySide(definition, errors);
        }
        checkTriggers(definition, errors);
        if (!errors.isEmpty()) {
            throw FileJobsException.validation(errors);
        }
    }

    /**
     * Whether the job's steps name the object that started the run ({@code {trigger.key}}, ...), so
     * that only an object-created trigger can start it: a run asked for by hand would have no object.
     */
    public boolean needsTriggerObject(JobDefinition definition) {
        List<FieldError> ignored = new ArrayList<>();
        for (Step step : definition.steps()) {
            StepRules rules = new StepRules(step.action(), "steps[" + step.id() + "]", ignored, keys, buckets, config.getLimits(), true);
            actions.validate(step, rules);
            if (rules.usesTrigger()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Steps that may run at the same time must not touch each other's objects: two that write (or
     * delete) one object, or one that reads an object, or lists a set, that the other writes or
     * deletes, are refused, naming the later step's {@code after}. Names are compared as a run fills
     * them; set steps that name their destinations per object are compared by their templates.
     */
    private void checkSideBySide(JobDefinition definition, List<FieldError> errors) {
        List<Step> steps = definition.steps();
        StepGraph graph = StepGraph.of(steps);
        JobTrigger first = definition.triggers().isEmpty() ? null : definition.triggers().get(0);
        TemplateValues values = new TemplateValues(java.time.Instant.EPOCH, ZoneId.of("UTC"), "validation", definition.name())
                .withNamedSourceTemplates(first != null)
                .withTrigger(first == null ? null : new TemplateValues.Triggering(first.bucket(), first.keyPrefix() + "{object}", "{object}"));
        List<List<ObjectAccess>> accesses = new ArrayList<>();
        List<List<StepAction.NamedTarget>> targets = new ArrayList<>();
        for (Step step : steps) {
            try {
                accesses.add(actions.accesses(actions.resolve(step, values)));
            } catch (IllegalArgumentException unfilled) {
                accesses.add(List.of());
            }
            targets.add(actions.writes(step));
        }
        for (int b = 0; b < steps.size(); b++) {
            for (int a = 0; a < b; a++) {
                if (!graph.mayRunTogether(a, b)) {
                    continue;
                }
                String clash = clash(a, accesses.get(a), b, accesses.get(b));
                if (clash == null) {
                    clash = clash(b, accesses.get(b), a, accesses.get(a));
                }
                if (clash == null) {
                    for (StepAction.NamedTarget ta : targets.get(a)) {
                        for (StepAction.NamedTarget tb : targets.get(b)) {
                            if (clash == null && ta.template().equals(tb.template())) {
                                clash = "both write '" + ta.template() + "'";
                            }
                        }
                    }
                }
                if (clash != null) {
                    errors.add(new FieldError("steps[" + b + "].after", "lets step " + b + " run at the same time as step " + a + ", and " + clash
                            + "; make one wait for the other (add " + a + " to steps[" + b + "].after)"));
                }
            }
        }
    }

    /** How step {@code w}'s writes and deletions clash with step {@code r}'s objects, or null when they do not. */
    private static String clash(int w, List<ObjectAccess> writer, int r, List<ObjectAccess> other) {
        for (ObjectAccess write : writer) {
            if (write.kind() != ObjectAccess.Kind.WRITE && write.kind() != ObjectAccess.Kind.REMOVE) {
                continue;
            }
            String verb = write.kind() == ObjectAccess.Kind.WRITE ? "writes" : "deletes";
            for (ObjectAccess access : other) {
                switch (access.kind()) {
                    case WRITE, REMOVE -> {
                        if (access.ref().equals(write.ref()) && w < r) {
                            return "both write or delete " + write.ref();
                        }
                    }
                    case READ -> {
                        if (access.ref().equals(write.ref())) {
                            return "step " + r + " reads " + write.ref() + ", which step " + w + " " + verb;
                        }
                    }
                    case LIST -> {
                        ObjectSelector set = access.set();
                        if (set != null && set.bucket().equals(write.ref().bucket()) && write.ref().key().startsWith(set.keyPrefix())
                                && set.glob().matches(write.ref().key().substring(set.keyPrefix().length()))) {
                            return "step " + r + "'s set " + set.prefix() + " takes " + write.ref() + ", which step " + w + " " + verb;
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return null;
    }

    private void checkTriggers(JobDefinition definition, List<FieldError> errors) {
        List<JobTrigger> triggers = definition.triggers();
        if (triggers.size() > MAX_TRIGGERS) {
            errors.add(new FieldError("triggers", "has " + triggers.size() + " triggers; at most " + MAX_TRIGGERS + " are allowed"));
            return;
        }
        for (int i = 0; i < triggers.size(); i++) {
            JobTrigger trigger = triggers.get(i);
            String path = "triggers[" + i + "]";
            if (trigger.prefix().indexOf('/') < 0) {
                errors.add(new FieldError(path + ".prefix", "must be 'bucket/key-prefix' (the key prefix may be empty: 'bucket/')"));
                continue;
            }
            if (trigger.prefix().indexOf('{') >= 0 || trigger.prefix().indexOf('}') >= 0) {
                errors.add(new FieldError(path + ".prefix", "is matched against each new object's key as it is written, so it cannot hold"
                        + " placeholders; narrow it down with match instead"));
                continue;
            }
            Optional<String> problem = ObjectRef.bucketProblem(trigger.bucket()).or(() -> buckets.problem(trigger.bucket()))
                    .or(() -> trigger.keyPrefix().isEmpty() ? Optional.empty()
                            : ObjectRef.keyProblem(trigger.keyPrefix()).map(p -> "the key prefix: " + p));
            if (problem.isPresent()) {
                errors.add(new FieldError(path + ".prefix", problem.get()));
                continue;
            }
            if (trigger.match() != null && trigger.match().isEmpty()) {
                errors.add(new FieldError(path + ".match", "is empty; leave it out to take every object under the prefix"));
                continue;
            }
            for (Step step : definition.steps()) {
                for (StepAction.NamedTarget target : actions.writes(step)) {
                    if (SelfTrigger.mayMatch(trigger, target.template())) {
                        errors.add(new FieldError("steps[" + step.id() + "]." + target.field(), "may write '" + target.template() + "', which "
                                + path + " ('" + trigger.prefix() + "'" + (trigger.match() == null ? "" : ", match '" + trigger.match() + "'")
                                + ") would take: the job would start itself. Write outside the trigger's prefix, or to names its match does"
                                + " not take"));
                    }
                }
            }
        }
    }

    private void checkSteps(List<Step> steps, boolean triggered, List<FieldError> errors) {
        int maxSteps = config.getLimits().getMaxSteps();
        if (steps.isEmpty()) {
            errors.add(new FieldError("steps", "must hold at least one step"));
        }
        if (steps.size() > maxSteps) {
            errors.add(new FieldError("steps", "has " + steps.size() + " steps; at most " + maxSteps + " are allowed"));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String path = "steps[" + i + "]";
            if (step.id() != i) {
                errors.add(new FieldError(path + ".id", "must be " + i + ": step ids run 0..n-1 in the order of the steps"));
            }
            if (checkName(step.name(), path + ".name", errors) && !names.add(step.name())) {
                errors.add(new FieldError(path + ".name", "'" + step.name() + "' is already the name of an earlier step"));
            }
            actions.validate(step, new StepRules(step.action(), path, errors, keys, buckets, config.getLimits(), triggered));
        }
    }

    private static boolean checkName(String name, String path, List<FieldError> errors) {
        if (name == null) {
            return false;
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError(path, "must be 1 to " + MAX_NAME_LENGTH + " characters"));
            return false;
        }
        if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError(path, "may hold only ASCII letters, digits, '.', '_' and '-', and must begin with a letter or digit"));
            return false;
        }
        return true;
    }
}
