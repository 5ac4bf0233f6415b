package io.filejobs.core.aws;

import io.filejobs.core.job.ValidationRequest;
import io.filejobs.core.job.ValidationTrigger;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * On AWS, hands the check of a stored job version to the ValidateJob function, asynchronously,
 * so the API answers at once. If the hand-off fails the job stays PENDING (and runs anyway); the
 * next write of the job checks it again.
 */
@Singleton
@Requires(property = "filejobs.validation.function-name")
public class LambdaValidationTrigger implements ValidationTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaValidationTrigger.class);

    private final LambdaClient lambda;
    private final String functionName;
    private final JsonMapper json;

    public LambdaValidationTrigger(LambdaClient lambda, @Value("${filejobs.validation.function-name}") String functionName, JsonMapper json) {
        this.lambda = lambda;
        this.functionName = functionName;
        this.json = json;
    }

    @Override
    public void validateLater(String jobId, long version) {
        try {
            byte[] payload = json.writeValueAsBytes(new ValidationRequest(jobId, version));
            lambda.invoke(b -> b.functionName(functionName).invocationType(InvocationType.EVENT).payload(SdkBytes.fromByteArray(payload)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SdkException e) {
            LOG.error("could not hand version {} of job {} to {} for checking; it stays PENDING", version, jobId, functionName, e);
        }
    }
}
