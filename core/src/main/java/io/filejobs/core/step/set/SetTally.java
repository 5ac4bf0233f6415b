package io.filejobs.core.step.set;

import io.filejobs.core.step.FailedObjects;
import io.filejobs.core.step.ObjectCounts;
import io.filejobs.core.step.ObjectRecord;
import io.filejobs.core.step.StepErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The running count of a set step's attempt: every object once, as it was recorded (by this attempt
 * or an earlier one), its bytes, and the first few failures, which the step's error names. The
 * threads of a page count into it side by side.
 */
final class SetTally {

    static final int FAILURES_NAMED = 3;
    private static final int MESSAGE_CHARS = 200;

    private final int invocations;
    private long bytes;
    private ObjectCounts counts;
    private final List<String> firstFailed;
    private String failureCode;

    SetTally(SetProgress progress) {
        this.invocations = progress.invocations();
        this.bytes = progress.bytes();
        this.counts = progress.objects();
        this.firstFailed = new ArrayList<>(progress.firstFailed());
        this.failureCode = progress.failureCode();
    }

    synchronized void count(ObjectRecord record) {
        counts = counts.plus(record.status());
        bytes += record.bytes();
        if (record.error() != null) {
            if (firstFailed.size() < FAILURES_NAMED) {
                String message = record.error().message();
                firstFailed.add(record.source() + " (" + record.error().code() + ": "
                        + (message.length() > MESSAGE_CHARS ? message.substring(0, MESSAGE_CHARS) + "…" : message) + ")");
            }
            failureCode = codeAfter(failureCode, record.error().code());
        }
    }

    /** A failure that may pass on a later try decides the step's code, so the step is tried again; else the first failure's. */
    private static String codeAfter(String code, String next) {
        if (code == null) {
            return next;
        }
        return retryable(code) || !retryable(next) ? code : next;
    }

    private static boolean retryable(String code) {
        try {
            return StepErrorCode.valueOf(code).retryable();
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized ObjectCounts counts() {
        return counts;
    }

    synchronized SetProgress progress(String afterKey) {
        return new SetProgress(afterKey, bytes, invocations + 1, counts, List.copyOf(firstFailed), failureCode);
    }

    /** The step's failure once the set is through with failed objects: how many, and the first few named. */
    synchronized FailedObjects failure() {
        String message = counts.failed() + " of " + counts.total() + " objects failed"
                + (counts.failed() > firstFailed.size() ? "; the first " + firstFailed.size() + ": " : ": ") + String.join("; ", firstFailed)
                + "; the step's objects route (status=FAILED) lists them all"
                + (retryable(failureCode) ? ", and another try redoes only those" : "");
        return new FailedObjects(StepErrorCode.valueOf(failureCode), message, counts, bytes);
    }
}
