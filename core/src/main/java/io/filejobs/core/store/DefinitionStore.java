package io.filejobs.core.store;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionReader;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every version of every job definition, one immutable S3 object each under
 * {@code jobs/<jobId>/}. Because an object never changes once written, reads are cached by key.
 */
@Singleton
public class DefinitionStore {

    private static final Logger LOG = LoggerFactory.getLogger(DefinitionStore.class);
    private static final int CACHE_SIZE = 2048;

    private final S3Client s3;
    private final JsonMapper json;
    private final JobDefinitionReader reader;
    private final String bucket;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, JobDefinition> cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobDefinition> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    public DefinitionStore(S3Client s3, JsonMapper json, JobDefinitionReader reader, FileJobsConfiguration config) {
        this.s3 = s3;
        this.json = json;
        this.reader = reader;
        this.bucket = config.getDefinitionsBucket();
    }

    /** Creates the bucket where nothing else does (the embedded runtime, tests); Terraform owns it on AWS. */
    public void createBucketIfMissing() {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // Created by an earlier start.
        }
    }

    /**
     * Writes a new definition object and returns its key. The key carries a random suffix, so two
     * writers racing for the same version never touch each other's object. The write is
     * deliberately unconditional: the SDK retries a PutObject whose answer was lost, and a retry of
     * the same bytes to the same fresh key must succeed, not fail on its own first attempt.
     */
    public String put(String jobId, long version, JobDefinition definition) {
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        String key = "jobs/" + jobId + "/v" + version + "-" + HexFormat.of().formatHex(suffix) + ".json";
        byte[] body;
        try {
            body = json.writeValueAsBytes(definition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(body));
        cache.put(key, definition);
        return key;
    }

    public JobDefinition get(String key) {
        JobDefinition cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] body = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        try {
            // Read as a request body is: each step by its action.
            JobDefinition definition = reader.read(body);
            cache.put(key, definition);
            return definition;
        } catch (FileJobsException e) {
            throw new IllegalStateException("definition object " + key + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** The definition at {@code key}, or empty when it is gone (its job was deleted). */
    public java.util.Optional<JobDefinition> find(String key) {
        try {
            return java.util.Optional.of(get(key));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return java.util.Optional.empty();
        }
    }

    /** Removes an object no job points at (a write that lost its race); failures are only logged. */
    public void deleteQuietly(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            cache.remove(key);
        } catch (RuntimeException e) {
            LOG.warn("could not remove unreferenced definition object {}: {}", key, e.toString());
        }
    }

    /** Removes every version of a deleted job's definition; failures are only logged. */
    public void deleteAllQuietly(String jobId) {
        try {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("jobs/" + jobId + "/"))) {
                if (!page.contents().isEmpty()) {
                    s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(page.contents().stream()
                            .map(S3Object::key).map(k -> ObjectIdentifier.builder().key(k).build()).toList())));
                    page.contents().forEach(o -> cache.remove(o.key()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove the definitions of deleted job {}: {}", jobId, e.toString());
        }
    }
}
