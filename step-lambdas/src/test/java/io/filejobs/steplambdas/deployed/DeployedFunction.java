package io.filejobs.steplambdas.deployed;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.PropertySource;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * One deployed Lambda, run in this JVM as the Lambda Java runtime would run it: its handler class
 * and environment are read from the function's configuration (what Terraform deployed), the
 * application context is built the way MicronautRequestHandler builds it, from those environment
 * variables, and the task's JSON is turned into the handler's input and its result back into JSON
 * by the CustomPojoSerializer the jar registers. Only the AWS endpoints are pointed at moto.
 */
final class DeployedFunction implements AutoCloseable {

    private final String name;
    private final Supplier<InProcessLambdaContext> contexts;
    private final ApplicationContext context;
    private final RequestHandler<Object, Object> handler;
    private final Type inputType;
    private final Type outputType;
    private final CustomPojoSerializer serializer;

    private DeployedFunction(String name, Supplier<InProcessLambdaContext> contexts, ApplicationContext context, RequestHandler<Object, Object> handler,
            Type inputType, Type outputType, CustomPojoSerializer serializer) {
        this.name = name;
        this.contexts = contexts;
        this.context = context;
        this.handler = handler;
        this.inputType = inputType;
        this.outputType = outputType;
        this.serializer = serializer;
    }

    /** The settings the function is deployed with. */
    static GetFunctionConfigurationResponse configuration(LambdaClient lambda, String functionArnOrName) {
        String[] parts = functionArnOrName.split(":");
        if (parts.length == 8) {
            return lambda.getFunctionConfiguration(b -> b.functionName(parts[6]).qualifier(parts[7]));
        }
        return lambda.getFunctionConfiguration(b -> b.functionName(functionArnOrName));
    }

    /** The application context of a function deployed with these settings, its AWS clients pointed at {@code endpoints}. */
    static ApplicationContext applicationContext(GetFunctionConfigurationResponse config, Map<String, Object> endpoints) {
        Map<String, Object> environment = new HashMap<>(config.environment() == null ? Map.of() : config.environment().variables());
        ApplicationContextBuilder builder = new LambdaApplicationContextBuilder()
                .propertySources(PropertySource.of("lambda-environment", environment, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE,
                        PropertySource.Origin.of("the deployed function's environment")))
                .properties(endpoints);
        return builder.start();
    }

    @SuppressWarnings("unchecked")
    static DeployedFunction load(LambdaClient lambda, String functionArnOrName, Map<String, Object> endpoints) {
        GetFunctionConfigurationResponse config = configuration(lambda, functionArnOrName);
        String handlerName = config.handler().contains("::") ? config.handler().substring(0, config.handler().indexOf("::")) : config.handler();
        List<CustomPojoSerializer> serializers = ServiceLoader.load(CustomPojoSerializer.class).stream().map(ServiceLoader.Provider::get).toList();
        if (serializers.size() != 1) {
            throw new IllegalStateException("the Lambda runtime needs exactly one CustomPojoSerializer, found " + serializers);
        }
        ApplicationContext context = applicationContext(config, endpoints);
        try {
            Class<?> handlerClass = Class.forName(handlerName);
            if (!MicronautRequestHandler.class.isAssignableFrom(handlerClass)) {
                throw new IllegalStateException(config.functionName() + ": handler " + handlerName + " is not a MicronautRequestHandler");
            }
            ParameterizedType types = (ParameterizedType) handlerClass.getGenericSuperclass();
            RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) handlerClass.getConstructor(ApplicationContext.class)
                    .newInstance(context);
            String qualifier = config.version();
            int memory = config.memorySize() == null ? 512 : config.memorySize();
            int timeout = config.timeout() == null ? 3 : config.timeout();
            return new DeployedFunction(config.functionName(), () -> InProcessLambdaContext.of(config.functionName(), qualifier, memory, timeout),
                    context, handler, types.getActualTypeArguments()[0], types.getActualTypeArguments()[1], serializers.get(0));
        } catch (ReflectiveOperationException e) {
            context.close();
            throw new IllegalStateException(config.functionName() + ": cannot load handler " + handlerName, e);
        }
    }

    String name() {
        return name;
    }

    ApplicationContext applicationContext() {
        return context;
    }

    /** Runs the handler on the JSON a task hands over; returns its result as JSON, or throws what the handler threw. */
    String invoke(String inputJson) {
        Object input = serializer.fromJson(inputJson, inputType);
        Object output = handler.handleRequest(input, contexts.get());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(output, out, outputType);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        context.close();
    }
}
