package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.set.ObjectSelector;
import io.micronaut.core.annotation.Nullable;

/**
 * An object a step touches, and how: what the dataflow check of a job follows from step to step,
 * and what execution checks against the bucket policy and the store's key rules before the first
 * request.
 *
 * @param kind READ: the step needs the object to exist (it exists, or an earlier step writes it);
 *     REMOVE: the step deletes it (later steps cannot read it); WRITE: the step creates or replaces it;
 *     LIST: the step works on the objects under {@code ref}'s key as a prefix (an object set);
 *     WRITE_EACH: the step writes objects in {@code ref}'s bucket named per object (checked one by one as it runs)
 * @param field the step's field that names the object, such as {@code sources[1]}
 * @param ref the object
 * @param set for LIST, the selector of the set
 */
public record ObjectAccess(Kind kind, String field, ObjectRef ref, @Nullable ObjectSelector set) {

    public enum Kind {
        READ,
        REMOVE,
        WRITE,
        LIST,
        WRITE_EACH
    }

    public static ObjectAccess read(String field, ObjectRef ref) {
        return new ObjectAccess(Kind.READ, field, ref, null);
    }

    public static ObjectAccess remove(String field, ObjectRef ref) {
        return new ObjectAccess(Kind.REMOVE, field, ref, null);
    }

    public static ObjectAccess write(String field, ObjectRef ref) {
        return new ObjectAccess(Kind.WRITE, field, ref, null);
    }

    /** The objects of a set (a resolved selector), listed. */
    public static ObjectAccess list(String field, ObjectSelector set) {
        return new ObjectAccess(Kind.LIST, field, new ObjectRef(set.bucket(), set.keyPrefix()), set);
    }

    /** Objects written in {@code bucket}, each named as the step runs. */
    public static ObjectAccess writeEach(String field, String bucket) {
        return new ObjectAccess(Kind.WRITE_EACH, field, new ObjectRef(bucket, ""), null);
    }
}
