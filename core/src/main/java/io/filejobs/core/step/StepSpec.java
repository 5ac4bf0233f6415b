package io.filejobs.core.step;

import java.util.Map;

/**
 * What one step of one action does, in the action's own fields: a record of each action's, read by
 * its {@link StepAction} from the step's JSON and written back with {@link #fields()}.
 */
public interface StepSpec {

    /** The name of the action that reads and runs this spec, such as COPY. */
    String action();

    /** The action's fields as a job's JSON holds them, in order; a null value is left out. */
    Map<String, Object> fields();
}
