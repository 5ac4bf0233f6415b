package io.filejobs.steplambdas;

import io.filejobs.core.run.FailureAlerts;
import io.filejobs.core.run.FinishResult;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the alerts the application publishes itself, in place of the SNS topic. */
@Singleton
@Requires(property = "test.capture-alerts", value = "true")
class CapturedAlerts implements FailureAlerts {

    final List<FinishResult.Alert> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(FinishResult.Alert alert) {
        published.add(alert);
    }
}
