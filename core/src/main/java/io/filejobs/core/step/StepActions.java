package io.filejobs.core.step;

import io.filejobs.core.job.Step;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.template.TemplateValues;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every step action the container holds, by name. Callers hand it a {@link Step} and it calls the
 * step's action with the step's spec, typed.
 */
@Singleton
public class StepActions {

    private final Map<String, StepAction<?>> byName = new LinkedHashMap<>();

    public StepActions(List<StepAction<?>> actions) {
        actions.stream().sorted(java.util.Comparator.comparing(StepAction::name)).forEach(action -> {
            if (byName.putIfAbsent(action.name(), action) != null) {
                throw new IllegalStateException("two step actions are named " + action.name());
            }
        });
    }

    /** The names a job may use, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<StepAction<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public StepAction<?> get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no step action is named " + name));
    }

    public void validate(Step step, StepRules rules) {
        call(step, new Call<Void>() {
            @Override
            public <S extends StepSpec> Void on(StepAction<S> action, S spec) {
                action.validate(spec, rules);
                return null;
            }
        });
    }

    /** The step with its action's templates filled for one run. */
    public Step resolve(Step step, TemplateValues values) {
        return call(step, new Call<>() {
            @Override
            public <S extends StepSpec> Step on(StepAction<S> action, S spec) {
                return step.withSpec(action.resolve(spec, values));
            }
        });
    }

    /** The names the step may write, as the job gives them ({@link StepAction#writes}). */
    public List<StepAction.NamedTarget> writes(Step step) {
        return call(step, new Call<>() {
            @Override
            public <S extends StepSpec> List<StepAction.NamedTarget> on(StepAction<S> action, S spec) {
                return action.writes(spec);
            }
        });
    }

    /** How long the step may wait for its callback, when it is one the state machine holds for one (WAIT). */
    public Optional<java.time.Duration> waitsForCallback(Step step) {
        return call(step, new Call<>() {
            @Override
            public <S extends StepSpec> Optional<java.time.Duration> on(StepAction<S> action, S spec) {
                return action.waitsForCallback(spec);
            }
        });
    }

    public List<ObjectAccess> accesses(Step step) {
        return call(step, new Call<>() {
            @Override
            public <S extends StepSpec> List<ObjectAccess> on(StepAction<S> action, S spec) {
                return action.accesses(spec);
            }
        });
    }

    /** Plans a resolved step with its action; what it would do is reported to {@code plan}. */
    public void plan(Step step, PlanContext plan) {
        call(step, new Call<Void>() {
            @Override
            public <S extends StepSpec> Void on(StepAction<S> action, S spec) {
                action.plan(spec, plan);
                return null;
            }
        });
    }

    public StepOutcome execute(Step step, StepContext context) {
        return call(step, new Call<>() {
            @Override
            public <S extends StepSpec> StepOutcome on(StepAction<S> action, S spec) {
                return action.execute(spec, context);
            }
        });
    }

    public void abandon(Step step, StepContext context) {
        call(step, new Call<Void>() {
            @Override
            public <S extends StepSpec> Void on(StepAction<S> action, S spec) {
                action.abandon(spec, context);
                return null;
            }
        });
    }

    private <R> R call(Step step, Call<R> call) {
        return typed(get(step.action()), step.spec(), call);
    }

    private static <S extends StepSpec, R> R typed(StepAction<S> action, StepSpec spec, Call<R> call) {
        return call.on(action, action.specType().cast(spec));
    }

    /** One operation on an action with its own spec type. */
    private interface Call<R> {
        <S extends StepSpec> R on(StepAction<S> action, S spec);
    }
}
