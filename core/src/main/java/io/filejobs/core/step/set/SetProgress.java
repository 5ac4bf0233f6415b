package io.filejobs.core.step.set;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Where a step over an object set stands between two invocations: the last key it listed (every
 * matching object up to it is done), how many objects matched and the bytes handled so far. Small
 * whatever the set's size, so it travels in the execution document.
 */
@Serdeable
public record SetProgress(String afterKey, long objects, long bytes, int invocations) {
}
