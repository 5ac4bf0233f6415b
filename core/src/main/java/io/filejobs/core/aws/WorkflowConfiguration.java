package io.filejobs.core.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;

/** Settings under {@code filejobs.workflow.*}: the Step Functions state machine runs are started on. */
@ConfigurationProperties("filejobs.workflow")
public class WorkflowConfiguration {

    private String stateMachineArn;
    private URI endpoint;

    /** The state machine's ARN ({@code FILEJOBS_WORKFLOW_STATE_MACHINE_ARN}); runs start there when set. */
    @Nullable
    public String getStateMachineArn() {
        return stateMachineArn;
    }

    public void setStateMachineArn(@Nullable String stateMachineArn) {
        this.stateMachineArn = stateMachineArn;
    }

    /** Another Step Functions endpoint than AWS's, such as an emulator's. */
    @Nullable
    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(@Nullable URI endpoint) {
        this.endpoint = endpoint;
    }
}
