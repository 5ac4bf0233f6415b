package io.filejobs.storage.local;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Path;

/** Settings under {@code filejobs.embedded.*}: which stores run inside this JVM, and where they keep data. */
@ConfigurationProperties("filejobs.embedded")
public class EmbeddedStorageConfiguration {

    private S3 s3 = new S3();
    private DynamoDb dynamodb = new DynamoDb();

    public S3 getS3() {
        return s3;
    }

    public void setS3(S3 s3) {
        this.s3 = s3;
    }

    public DynamoDb getDynamodb() {
        return dynamodb;
    }

    public void setDynamodb(DynamoDb dynamodb) {
        this.dynamodb = dynamodb;
    }

    /** The S3-compatible endpoint: buckets as directories, objects as files under {@code dir}. */
    @ConfigurationProperties("s3")
    public static class S3 {
        private boolean enabled;
        private Path dir;
        private String host = "127.0.0.1";
        private int port = 9090;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getDir() {
            return dir;
        }

        public void setDir(Path dir) {
            this.dir = dir;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /** DynamoDB Local inside this JVM: persisted under {@code dir}, or in memory when it is unset. */
    @ConfigurationProperties("dynamodb")
    public static class DynamoDb {
        private boolean enabled;
        private Path dir;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @Nullable
        public Path getDir() {
            return dir;
        }

        public void setDir(@Nullable Path dir) {
            this.dir = dir;
        }
    }
}
