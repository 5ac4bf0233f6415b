package io.filejobs.core.step;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.template.TemplateValues;
import java.util.List;

/** What COPY and MOVE share: their fields ({@link TransferSpec}) and the rules on them. */
abstract class TransferAction implements StepAction<TransferSpec> {

    @Override
    public Class<TransferSpec> specType() {
        return TransferSpec.class;
    }

    @Override
    public List<String> fields() {
        return TransferSpec.FIELDS;
    }

    @Override
    public List<ObjectAccess> accesses(TransferSpec spec) {
        return spec.accesses(removesSource());
    }

    @Override
    public List<NamedTarget> writes(TransferSpec spec) {
        List<String> targets = spec.targets();
        return java.util.stream.IntStream.range(0, targets.size()).mapToObj(i -> new NamedTarget(spec.targetField(i), targets.get(i))).toList();
    }

    /** Whether the action deletes its source once it is copied (MOVE). */
    abstract boolean removesSource();

    @Override
    public TransferSpec read(StepFields fields) {
        return TransferSpec.read(name(), fields);
    }

    @Override
    public void validate(TransferSpec spec, StepRules rules) {
        spec.validate(rules);
    }

    @Override
    public TransferSpec resolve(TransferSpec spec, TemplateValues values) {
        return spec.resolve(values);
    }
}
