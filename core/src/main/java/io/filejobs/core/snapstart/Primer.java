package io.filejobs.core.snapstart;

/**
 * One hot path to run once before a SnapStart snapshot is taken, so that the classes it loads, the
 * code it runs and the clients it builds are in the snapshot instead of being paid for by the
 * first request after every restore.
 */
public interface Primer {

    /** What is primed, for the log and the report. */
    String name();

    /** Runs the path once. A failure is reported and does not stop the snapshot. */
    void prime() throws Exception;
}
