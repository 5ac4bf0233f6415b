package io.filejobs.local.workflow;

import jakarta.inject.Singleton;
import java.util.concurrent.Semaphore;

/**
 * How many embedded executions work at once. An execution holds a slot while it runs; one that
 * waits for a callback (which may take days) lends its slot to the others until its answer comes.
 */
@Singleton
public class RunSlots {

    /** Executions that work at once. */
    static final int SLOTS = 4;

    private final Semaphore slots = new Semaphore(SLOTS, true);

    void take() throws InterruptedException {
        slots.acquire();
    }

    void give() {
        slots.release();
    }

    /** A waiting execution lets another one work. */
    void lend() {
        slots.release();
    }

    /** The wait is over: the execution works again once a slot is free. */
    void takeBack() {
        slots.acquireUninterruptibly();
    }
}
