package io.filejobs.core.step.merge;

import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.StepSpec;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A MERGE: the {@code sources}, concatenated in order, into the {@code destination}, a {@link
 * Template}. The sources are named objects, or a selector ({@code sourcesSet}) whose order is
 * the selector's.
 */
public record MergeSpec(@Nullable List<String> sources, @Nullable ObjectSelector sourcesSet, @Nullable String destination)
        implements StepSpec {

    public MergeSpec {
        sources = sources == null ? null : List.copyOf(sources);
    }

    public MergeSpec(List<String> sources, String destination) {
        this(sources, null, destination);
    }

    @Override
    public String action() {
        return MergeAction.NAME;
    }

    void validate(StepRules rules) {
        int maxSources = rules.limits().getMaxSources();
        if (sourcesSet != null) {
            sourcesSet.validate("sources", rules);
        } else if (sources == null) {
            rules.error("sources", "is required for MERGE: the objects to concatenate, in order");
        } else if (sources.size() > maxSources) {
            rules.error("sources", "names " + sources.size() + " objects; at most " + maxSources + " are allowed");
        } else {
            if (sources.size() < 2) {
                rules.error("sources", "must name at least two objects to merge");
            }
            for (int i = 0; i < sources.size(); i++) {
                rules.source("sources[" + i + "]", sources.get(i));
            }
        }
        if (rules.objectTemplate("destination", destination) != null && sourcesSet != null) {
            checkOutsideTheSet(rules);
        }
    }

    /**
     * A merge's result must not be one of its own sources on a later run: a destination whose
     * written-out start lies under the set's prefix is refused, unless the set's match cannot select
     * it (a literal name the match does not cover, or a subfolder when the match stays in one folder).
     */
    private void checkOutsideTheSet(StepRules rules) {
        String head = Template.literalHead(destination);
        String setHead = Template.literalHead(sourcesSet.prefix());
        if (!head.startsWith(setHead)) {
            return;
        }
        String rest = destination.substring(setHead.length());
        boolean inASubfolder = rest.contains("/");
        boolean literalTheMatchSkips = Template.parse(destination).isLiteral() && sourcesSet.match() != null && !sourcesSet.glob().matches(rest);
        if (!(sourcesSet.basenamesAreUnique() && inASubfolder) && !literalTheMatchSkips) {
            rules.error("destination", "lies under the sources' prefix " + sourcesSet.prefix() + ", where a later run would merge it"
                    + " into itself; write it elsewhere, or give the sources a match that cannot select it");
        }
    }


    /** The spec with its destination template (and a selector's prefix) filled for one run. */
    MergeSpec resolve(TemplateValues values) {
        return new MergeSpec(sources == null ? null : sources.stream().map(values::sourceName).toList(), sourcesSet == null ? null : sourcesSet.resolve(values), Template.parse(destination).render(values));
    }

    public List<ObjectRef> sourceRefs() {
        return sources.stream().map(ObjectRef::parse).toList();
    }

    public ObjectRef destinationRef() {
        return ObjectRef.parse(destination);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sources", sourcesSet != null ? sourcesSet.fields() : sources);
        fields.put("destination", destination);
        return fields;
    }
}
