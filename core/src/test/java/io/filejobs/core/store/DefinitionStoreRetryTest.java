package io.filejobs.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.testing.LostResponseProxy;
import io.filejobs.storage.local.LocalS3Server;
import io.micronaut.json.JsonMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A definition write whose answer is lost on the way back is retried by the SDK, and must succeed. */
class DefinitionStoreRetryTest {

    private static S3Client client(java.net.URI endpoint) {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
    }

    @Test
    void aRetriedWriteOfALostAnswerSucceeds(@TempDir Path dir) throws Exception {
        FileJobsConfiguration config = new FileJobsConfiguration();
        try (LocalS3Server server = LocalS3Server.start(dir, "127.0.0.1", 0);
                LostResponseProxy proxy = new LostResponseProxy(server.endpoint(), 1);
                S3Client direct = client(server.endpoint());
                S3Client throughProxy = client(proxy.endpoint())) {
            new DefinitionStore(direct, JsonMapper.createDefault(), io.filejobs.core.testing.TestActions.reader(), config).createBucketIfMissing();
            DefinitionStore store = new DefinitionStore(throughProxy, JsonMapper.createDefault(), io.filejobs.core.testing.TestActions.reader(), config);
            JobDefinition definition = JobStorageContract.definition("retried");

            String key = store.put("0123456789abc", 1, definition);

            assertEquals(1, proxy.answersLost(), "the first attempt's answer was lost");
            assertEquals(definition, new DefinitionStore(direct, JsonMapper.createDefault(), io.filejobs.core.testing.TestActions.reader(), config).get(key));
        }
    }
}
