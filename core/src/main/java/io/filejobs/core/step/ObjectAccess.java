package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;

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
 */
public record ObjectAccess(Kind kind, String field, ObjectRef ref) {

    public enum Kind {
        READ,
        REMOVE,
        WRITE,
        LIST,
        WRITE_EACH
    }

    public static ObjectAccess read(String field, ObjectRef ref) {
        return new ObjectAccess(Kind.READ, field, ref);
    }

    public static ObjectAccess remove(String field, ObjectRef ref) {
        return new ObjectAccess(Kind.REMOVE, field, ref);
    }

    public static ObjectAccess write(String field, ObjectRef ref) {
        return new ObjectAccess(Kind.WRITE, field, ref);
    }

    /** The objects under {@code bucket/keyPrefix}, listed. */
    public static ObjectAccess list(String field, String bucket, String keyPrefix) {
        return new ObjectAccess(Kind.LIST, field, new ObjectRef(bucket, keyPrefix));
    }

    /** Objects written in {@code bucket}, each named as the step runs. */
    public static ObjectAccess writeEach(String field, String bucket) {
        return new ObjectAccess(Kind.WRITE_EACH, field, new ObjectRef(bucket, ""));
    }
}
