package io.filejobs.core.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.time.Duration;

/**
 * Settings under {@code filejobs.scheduling.*}: where the jobs' EventBridge Scheduler schedules
 * live and how they start runs. Without {@code group} the service keeps no schedules (the embedded
 * runtime fires jobs itself).
 */
@ConfigurationProperties("filejobs.scheduling")
public class SchedulingConfiguration {

    private String group;
    private String roleArn;
    private String deadLetterArn;
    private URI endpoint;
    private int maxRetryAttempts = 20;
    private Duration maxEventAge = Duration.ofHours(1);

    /** The schedule group that holds one schedule per job, named by the job's id. */
    @Nullable
    public String getGroup() {
        return group;
    }

    public void setGroup(@Nullable String group) {
        this.group = group;
    }

    /** The role EventBridge Scheduler assumes to start executions of the state machine. */
    @Nullable
    public String getRoleArn() {
        return roleArn;
    }

    public void setRoleArn(@Nullable String roleArn) {
        this.roleArn = roleArn;
    }

    /** The SQS queue that receives a trigger Scheduler could not deliver after its retries. */
    @Nullable
    public String getDeadLetterArn() {
        return deadLetterArn;
    }

    public void setDeadLetterArn(@Nullable String deadLetterArn) {
        this.deadLetterArn = deadLetterArn;
    }

    /** Another EventBridge Scheduler endpoint than AWS's, such as an emulator's. */
    @Nullable
    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(@Nullable URI endpoint) {
        this.endpoint = endpoint;
    }

    /** How often Scheduler retries starting an execution before the trigger goes to the dead-letter queue (0 to 185). */
    public int getMaxRetryAttempts() {
        return maxRetryAttempts;
    }

    public void setMaxRetryAttempts(int maxRetryAttempts) {
        if (maxRetryAttempts < 0 || maxRetryAttempts > 185) {
            throw new IllegalArgumentException("filejobs.scheduling.max-retry-attempts must be 0 to 185");
        }
        this.maxRetryAttempts = maxRetryAttempts;
    }

    /** How long after its time a trigger may still start a run (1 minute to 24 hours). */
    public Duration getMaxEventAge() {
        return maxEventAge;
    }

    public void setMaxEventAge(Duration maxEventAge) {
        if (maxEventAge.compareTo(Duration.ofMinutes(1)) < 0 || maxEventAge.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("filejobs.scheduling.max-event-age must be 1 minute to 24 hours");
        }
        this.maxEventAge = maxEventAge;
    }
}
