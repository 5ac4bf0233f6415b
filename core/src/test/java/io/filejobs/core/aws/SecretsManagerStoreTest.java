package io.filejobs.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.secret.Secret;
import io.filejobs.core.secret.SecretStore;
import io.filejobs.core.testing.MotoServer;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * With a name prefix configured, the context holds one Secrets Manager client and one secret store,
 * which reads a job's secret under the prefix: a bearer token, or a user name with a password.
 */
class SecretsManagerStoreTest {

    @Test
    void aSecretIsReadUnderTheDeploymentsPrefix(@TempDir Path dir) throws Exception {
        try (MotoServer moto = MotoServer.start(dir.resolve("moto.log").toFile());
                SecretsManagerClient admin = SecretsManagerClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            admin.createSecret(b -> b.name("filejobs/release-api").secretString("tok-123"));
            admin.createSecret(b -> b.name("filejobs/partner-a").secretString("{\"username\":\"u\",\"password\":\"p\"}"));
            admin.createSecret(b -> b.name("release-api").secretString("outside the prefix"));
            try (ApplicationContext context = ApplicationContext.run(Map.of(
                    "filejobs.secrets.name-prefix", "filejobs/",
                    "aws.services.secretsmanager.endpoint-override", moto.endpoint().toString(),
                    "aws.region", "us-east-1", "aws.accessKeyId", "test", "aws.secretKey", "test"))) {
                SecretStore store = context.getBean(SecretStore.class);
                assertInstanceOf(SecretsManagerStore.class, store);
                assertEquals(Secret.bearer("tok-123"), store.find("release-api").orElseThrow());
                Secret partner = store.find("partner-a").orElseThrow();
                assertEquals("u", partner.username());
                assertEquals("p", partner.password());
                assertTrue(store.find("missing").isEmpty());
                assertTrue(!partner.toString().contains("p]") && !partner.toString().contains("\"p\""), partner.toString());
            }
        }
    }
}
