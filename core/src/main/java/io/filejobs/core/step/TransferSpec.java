package io.filejobs.core.step;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A COPY or a MOVE. The {@code source} is one named object, or a selector of a set of objects
 * ({@link ObjectSelector}, held in {@code sourceSet}). It goes to a {@code destination}, a
 * {@link Template}; in a step over a set the template names each object's destination. A COPY may
 * name {@code destinations} instead, one to ten templates, to put each object in several places.
 */
public record TransferSpec(String action, @Nullable String source, @Nullable ObjectSelector sourceSet, @Nullable String destination,
        @Nullable List<String> destinations) implements StepSpec {

    static final List<String> FIELDS = List.of("source", "destination");
    static final List<String> COPY_FIELDS = List.of("source", "destination", "destinations");
    static final int MAX_DESTINATIONS = 10;

    public TransferSpec {
        destinations = destinations == null ? null : List.copyOf(destinations);
    }

    public static TransferSpec copy(String source, String destination) {
        return new TransferSpec(CopyAction.NAME, source, null, destination, null);
    }

    public static TransferSpec move(String source, String destination) {
        return new TransferSpec(MoveAction.NAME, source, null, destination, null);
    }

    static TransferSpec read(String action, StepFields fields) {
        ObjectSelector set = fields.isObject("source") ? ObjectSelector.read(fields, "source") : null;
        String source = set == null && !fields.isObject("source") ? fields.string("source") : null;
        List<String> destinations = CopyAction.NAME.equals(action) ? fields.strings("destinations") : null;
        return new TransferSpec(action, source, set, fields.string("destination"), destinations);
    }

    /** The destination templates, one or several. */
    public List<String> targets() {
        return destinations != null ? destinations : destination == null ? List.of() : List.of(destination);
    }

    /** The field that names the {@code i}th destination template. */
    public String targetField(int i) {
        return destinations != null ? "destinations[" + i + "]" : "destination";
    }

    void validate(StepRules rules) {
        ObjectRef from = sourceSet == null ? rules.source("source", source) : null;
        if (sourceSet != null) {
            sourceSet.validate("source", rules);
            if (sourceSet.order() != ObjectSelector.Order.KEY) {
                rules.error("source.order", "must be KEY: a " + action + " handles each object on its own (order matters to a MERGE)");
            }
        }
        if (destination != null && destinations != null) {
            rules.error("destinations", "is not allowed with destination; name one or the other");
            return;
        }
        if (destinations != null && (destinations.isEmpty() || destinations.size() > MAX_DESTINATIONS)) {
            rules.error("destinations", "must name 1 to " + MAX_DESTINATIONS + " destinations, got " + destinations.size());
            return;
        }
        List<String> targets = targets();
        if (targets.isEmpty()) {
            rules.object("destination", null);
            return;
        }
        if (new HashSet<>(targets).size() < targets.size()) {
            rules.error("destinations", "names the same destination twice");
        }
        for (int i = 0; i < targets.size(); i++) {
            String field = targetField(i);
            if (sourceSet == null) {
                ObjectRef to = rules.objectTemplate(field, targets.get(i));
                if (from != null && from.equals(to) && Template.parse(targets.get(i)).isLiteral()) {
                    rules.error(field, "is the same object as the source; a " + action + " onto itself does nothing or loses data");
                }
            } else {
                Template template = rules.objectSetTemplate(field, targets.get(i));
                if (template != null) {
                    checkOnePerObject(field, template, rules);
                    checkOutsideTheSet(field, targets.get(i), rules);
                }
            }
        }
    }

    /** Two objects of the set must never be sent to one key: the template names each by its key, or by a basename the set keeps unique. */
    private void checkOnePerObject(String field, Template template, StepRules rules) {
        boolean byKey = template.uses("key") || template.uses("relativeKey");
        boolean byName = (template.uses("basename") || template.uses("stem") && template.uses("ext")) && sourceSet.basenamesAreUnique();
        if (!byKey && !byName) {
            rules.error(field, "would send two objects of the set to one key; name each with {relativeKey} or {key} (or {basename}"
                    + " when the source's match stays in one folder)");
        }
    }

    /**
     * What a step writes must not become part of its own set: it would be selected and handled
     * again. A destination whose written-out start already lies under the set's prefix is refused,
     * unless the set's match stays in one folder (then nothing written in a subfolder is selected).
     */
    private void checkOutsideTheSet(String field, String target, StepRules rules) {
        if (Template.literalHead(target).startsWith(Template.literalHead(sourceSet.prefix())) && !sourceSet.basenamesAreUnique()) {
            rules.error(field, "may write under the source's prefix " + sourceSet.prefix() + ", where the step would select what it wrote;"
                    + " write elsewhere, or give the source a match that stays in one folder");
        }
    }

    /**
     * The spec with its templates filled for one run. A set's destinations stay templates of the
     * object ({@code {relativeKey}}, ...), filled per object; what the run decides is filled in.
     */
    TransferSpec resolve(TemplateValues values) {
        if (sourceSet != null) {
            ObjectSelector set = sourceSet.resolve(values);
            List<String> perObject = targets().stream().map(t -> Template.parseForObjects(t).fillRun(values)).toList();
            return destinations != null ? new TransferSpec(action, null, set, null, perObject)
                    : new TransferSpec(action, null, set, destination == null ? null : perObject.get(0), null);
        }
        List<String> filled = new ArrayList<>();
        targets().forEach(t -> filled.add(Template.parse(t).render(values)));
        String name = source == null ? null : values.sourceName(source);
        return destinations == null ? new TransferSpec(action, name, null, filled.get(0), null)
                : new TransferSpec(action, name, null, null, filled);
    }

    /** The objects a resolved spec touches: a named source, or the set, and its destinations. */
    List<ObjectAccess> accesses(boolean removesSource) {
        List<ObjectAccess> accesses = new ArrayList<>();
        if (sourceSet != null) {
            accesses.add(ObjectAccess.list("source", sourceSet));
            for (int i = 0; i < targets().size(); i++) {
                accesses.add(ObjectAccess.writeEach(targetField(i), targets().get(i).substring(0, targets().get(i).indexOf('/'))));
            }
            return accesses;
        }
        accesses.add(ObjectAccess.read("source", sourceRef()));
        if (removesSource) {
            accesses.add(ObjectAccess.remove("source", sourceRef()));
        }
        for (int i = 0; i < targets().size(); i++) {
            accesses.add(ObjectAccess.write(targetField(i), ObjectRef.parse(targets().get(i))));
        }
        return accesses;
    }

    /** Where a set's object goes, by the {@code i}th template. */
    ObjectRef targetOf(int i, ObjectRef object, String relativeKey, TemplateValues values) {
        String name = Template.parseForObjects(targets().get(i)).render(values.withObject(object.key(), relativeKey));
        try {
            return ObjectRef.parse(name);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(StepErrorCode.KEY_NOT_SUPPORTED, "object " + object + " would go to '" + name + "', which " + e.getMessage());
        }
    }

    public ObjectRef sourceRef() {
        return ObjectRef.parse(source);
    }

    public ObjectRef destinationRef() {
        return ObjectRef.parse(destination);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", sourceSet != null ? sourceSet.fields() : source);
        fields.put("destination", destination);
        fields.put("destinations", destinations);
        return fields;
    }
}
