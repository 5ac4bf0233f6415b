package io.filejobs.local.workflow;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The interpreter waits out retry delays in real time here; tests bind a sleeper that does not. */
@Factory
class RealTimeSleeper {

    @Singleton
    Interpreter.Sleeper sleeper() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
