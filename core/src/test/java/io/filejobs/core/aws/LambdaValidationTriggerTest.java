package io.filejobs.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.job.ValidationTrigger;
import io.filejobs.core.testing.MotoServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a job write on AWS, the check is handed to the ValidateJob function as an asynchronous invocation. */
class LambdaValidationTriggerTest {

    @Test
    void theHandOffIsAnEventInvocationOfTheConfiguredFunction(@TempDir Path dir) throws Exception {
        try (MotoServer moto = MotoServer.start(dir.resolve("moto.log").toFile());
                ApplicationContext context = ApplicationContext.run(Map.of(
                        "filejobs.validation.function-name", "filejobs-validate-job",
                        "aws.services.lambda.endpoint-override", moto.endpoint().toString(),
                        "aws.region", "us-east-1", "aws.accessKeyId", "test", "aws.secretKey", "test"))) {
            ValidationTrigger trigger = context.getBean(ValidationTrigger.class);
            assertEquals(LambdaValidationTrigger.class, trigger.getClass());
            // No such function on moto: the hand-off fails, is logged, and never fails the job write.
            trigger.validateLater("abcdefghijklm", 3);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theInvocationCarriesTheJobAndVersion() throws Exception {
        AtomicReference<InvokeRequest> sent = new AtomicReference<>();
        LambdaClient lambda = (LambdaClient) Proxy.newProxyInstance(LambdaClient.class.getClassLoader(), new Class<?>[] {LambdaClient.class},
                (proxy, method, args) -> {
                    InvokeRequest.Builder builder = InvokeRequest.builder();
                    ((Consumer<InvokeRequest.Builder>) args[0]).accept(builder);
                    sent.set(builder.build());
                    return InvokeResponse.builder().statusCode(202).build();
                });
        new LambdaValidationTrigger(lambda, "filejobs-validate-job", JsonMapper.createDefault()).validateLater("abcdefghijklm", 3);
        assertEquals("filejobs-validate-job", sent.get().functionName());
        assertEquals(InvocationType.EVENT, sent.get().invocationType());
        Map<String, Object> payload = JsonMapper.createDefault().readValue(sent.get().payload().asUtf8String(), Argument.mapOf(String.class, Object.class));
        assertEquals("abcdefghijklm", payload.get("jobId"));
        assertEquals(3, ((Number) payload.get("version")).intValue());
    }
}
