package io.filejobs.local;

import io.filejobs.storage.local.LocalS3Server;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * FileJobs on one JVM: the REST API, an S3-compatible endpoint over plain files, and DynamoDB
 * Local, all kept under the data directory so a restart loses nothing.
 */
public final class LocalRuntime implements AutoCloseable {

    private final ApplicationContext context;
    private final LocalSettings settings;

    private LocalRuntime(ApplicationContext context, LocalSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    public static void main(String[] args) {
        LocalSettings settings;
        try {
            settings = LocalSettings.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("filejobs: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalRuntime runtime = start(settings);
        System.out.println(runtime.banner());
    }

    /** Starts everything and returns once the API answers; Micronaut stops it all on JVM shutdown. */
    public static LocalRuntime start(LocalSettings settings) {
        return start(settings, Map.of());
    }

    /** As {@link #start(LocalSettings)}, with further application properties (tests use these). */
    public static LocalRuntime start(LocalSettings settings, Map<String, Object> moreProperties) {
        Map<String, Object> properties = new HashMap<>(settings.properties());
        properties.putAll(moreProperties);
        ApplicationContext context = Micronaut.build(new String[0])
                .mainClass(LocalRuntime.class)
                .properties(properties)
                .banner(false)
                .start();
        return new LocalRuntime(context, settings);
    }

    public URI apiUrl() {
        return context.getBean(EmbeddedServer.class).getURI();
    }

    /** The S3 endpoint jobs read and write: the embedded one, or the one configured instead. */
    public URI s3Url() {
        return settings.s3Endpoint() != null ? settings.s3Endpoint() : context.getBean(LocalS3Server.class).endpoint();
    }

    public String banner() {
        StringBuilder b = new StringBuilder();
        b.append("FileJobs is ready.\n");
        b.append("  API       ").append(apiUrl()).append("   (send the header x-api-key)\n");
        b.append("  console   ").append(apiUrl().resolve("/console")).append("   (API docs: ").append(apiUrl().resolve("/docs")).append(")\n");
        b.append("  S3        ").append(s3Url()).append(settings.s3Endpoint() == null ? "   (any credentials, path-style)\n" : "   (external)\n");
        b.append("  data      ").append(settings.dataDir()).append('\n');
        if (settings.apiKeyGenerated()) {
            b.append("  API key   ").append(settings.apiKey()).append("   (generated; set FILEJOBS_API_KEY to choose one)\n");
        }
        b.append("Stop with Ctrl-C.");
        return b.toString();
    }

    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
