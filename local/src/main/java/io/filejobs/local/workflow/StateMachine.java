package io.filejobs.local.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state machine definition (or a Map state's ItemProcessor) as the embedded interpreter runs it. Loading checks that the
 * definition uses only the Amazon States Language constructs the interpreter implements (those
 * state-machine.json uses), and refuses anything else by name rather than run it wrongly.
 */
public final class StateMachine {

    static final Set<String> TOP_FIELDS = Set.of("Comment", "StartAt", "States");
    static final Map<String, Set<String>> STATE_FIELDS = Map.of(
            "Pass", Set.of("Type", "Comment", "Parameters", "Next"),
            "Task", Set.of("Type", "Comment", "Resource", "InputPath", "Parameters", "ResultPath", "Retry", "Catch", "Next",
                    "TimeoutSecondsPath"),
            "Choice", Set.of("Type", "Comment", "Choices", "Default"),
            "Map", Set.of("Type", "Comment", "ItemsPath", "ItemSelector", "ItemProcessor", "MaxConcurrency", "ResultPath", "Catch", "Next"),
            "Fail", Set.of("Type", "Comment", "Error", "Cause"),
            "Succeed", Set.of("Type", "Comment"));
    static final Set<String> RETRY_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy");
    static final Set<String> CATCH_FIELDS = Set.of("ErrorEquals", "ResultPath", "Next");
    static final Set<String> CHOICE_RULE_FIELDS = Set.of("Variable", "StringEquals", "BooleanEquals", "NumericLessThanPath", "IsPresent",
            "Next");
    static final Set<String> PROCESSOR_FIELDS = Set.of("ProcessorConfig", "StartAt", "States");

    private final String startAt;
    private final Map<String, Map<String, Object>> states;
    private final Map<String, StateMachine> processors;

    private StateMachine(String startAt, Map<String, Map<String, Object>> states, Map<String, StateMachine> processors) {
        this.startAt = startAt;
        this.states = states;
        this.processors = processors;
    }

    /** Checks and wraps a parsed definition. */
    public static StateMachine of(Map<String, Object> definition) {
        requireOnly(definition.keySet(), TOP_FIELDS, "the definition");
        return states(definition);
    }

    /** Checks and wraps the states of a definition or of a Map's ItemProcessor. */
    @SuppressWarnings("unchecked")
    private static StateMachine states(Map<String, Object> definition) {
        Map<String, StateMachine> processors = new LinkedHashMap<>();
        Map<String, Map<String, Object>> states = new LinkedHashMap<>();
        ((Map<String, Object>) definition.get("States")).forEach((name, body) -> states.put(name, (Map<String, Object>) body));
        for (Map.Entry<String, Map<String, Object>> e : states.entrySet()) {
            String name = e.getKey();
            Map<String, Object> state = e.getValue();
            String type = (String) state.get("Type");
            Set<String> allowed = STATE_FIELDS.get(type);
            if (allowed == null) {
                throw new IllegalArgumentException("state " + name + " has Type " + type + ", which the embedded interpreter does not run");
            }
            requireOnly(state.keySet(), allowed, "state " + name);
            for (Object retrier : (List<Object>) state.getOrDefault("Retry", List.of())) {
                requireOnly(((Map<String, Object>) retrier).keySet(), RETRY_FIELDS, "a Retry of state " + name);
            }
            for (Object catcher : (List<Object>) state.getOrDefault("Catch", List.of())) {
                requireOnly(((Map<String, Object>) catcher).keySet(), CATCH_FIELDS, "a Catch of state " + name);
            }
            for (Object rule : (List<Object>) state.getOrDefault("Choices", List.of())) {
                requireOnly(((Map<String, Object>) rule).keySet(), CHOICE_RULE_FIELDS, "a choice rule of state " + name);
            }
            if ("Task".equals(type) && state.containsKey("Resource") && ((String) state.get("Resource")).contains("${")) {
                throw new IllegalArgumentException("state " + name + " still has a template placeholder in Resource: " + state.get("Resource"));
            }
            if ("Map".equals(type)) {
                Map<String, Object> processor = (Map<String, Object>) state.get("ItemProcessor");
                if (processor == null) {
                    throw new IllegalArgumentException("Map state " + name + " has no ItemProcessor");
                }
                requireOnly(processor.keySet(), PROCESSOR_FIELDS, "the ItemProcessor of state " + name);
                Object config = processor.get("ProcessorConfig");
                if (config != null && !Map.of("Mode", "INLINE").equals(config)) {
                    throw new IllegalArgumentException("the embedded interpreter runs only INLINE Map states; state " + name + " has " + config);
                }
                processors.put(name, states(processor));
            }
        }
        String startAt = (String) definition.get("StartAt");
        if (!states.containsKey(startAt)) {
            throw new IllegalArgumentException("StartAt names no state: " + startAt);
        }
        return new StateMachine(startAt, states, processors);
    }

    /** The states a Map state runs for each item. */
    StateMachine processor(String mapState) {
        StateMachine processor = processors.get(mapState);
        if (processor == null) {
            throw new IllegalStateException("no Map state named " + mapState);
        }
        return processor;
    }

    private static void requireOnly(Set<String> present, Set<String> allowed, String where) {
        for (String field : present) {
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException(where + " uses " + field + ", which the embedded interpreter does not implement");
            }
        }
    }

    String startAt() {
        return startAt;
    }

    Map<String, Object> state(String name) {
        Map<String, Object> state = states.get(name);
        if (state == null) {
            throw new IllegalStateException("no state named " + name);
        }
        return state;
    }
}
