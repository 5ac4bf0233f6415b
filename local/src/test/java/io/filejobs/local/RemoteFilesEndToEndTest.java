package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.core.testing.DroppingRelay;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.testing.SftpTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * IMPORT and EXPORT as a user meets them on the embedded runtime: jobs written over the REST API,
 * credentials from the secrets file, the servers allowed by FILEJOBS_REMOTE_ALLOWED_HOSTS, a dropped
 * connection retried by the run, the per-object ledger served by the objects route, and a failure's
 * code in the run without the secret.
 */
class RemoteFilesEndToEndTest {

    private static final String KEY = "remote-key";
    private static final long MIB = 1024 * 1024;

    @Test
    @SuppressWarnings("unchecked")
    void aPartnersFilesArePulledOverADroppedConnectionVerifiedDeletedThereAndDeliveredOnward() throws Exception {
        Path root = Files.createTempDirectory("partner-sftp");
        Files.createDirectories(root.resolve("out"));
        Files.createDirectories(root.resolve("inbox"));
        Random random = new Random(11);
        Map<String, byte[]> sent = new TreeMap<>();
        for (int i = 0; i < 5; i++) {
            byte[] bytes = new byte[i == 2 ? (int) (12 * MIB) : random.nextInt(100_000)];
            random.nextBytes(bytes);
            Files.write(root.resolve("out/day-" + i + ".dat"), bytes);
            sent.put("day-" + i + ".dat", bytes);
        }
        Path secrets = Files.createTempFile("secrets", ".json");
        Files.writeString(secrets, "{\"partner-a\":{\"username\":\"partner\",\"password\":\"" + SftpTestServer.PASSWORD + "\"},"
                + "\"stale\":{\"username\":\"partner\",\"password\":\"an-old-pa55\"}}");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        try (SftpTestServer sftp = new SftpTestServer(root, null, null);
                DroppingRelay relay = new DroppingRelay(sftp.port(), 6 * MIB, 1);
                LocalFixture local = LocalFixture.start(KEY, Map.of("FILEJOBS_REMOTE_ALLOWED_HOSTS", "127.0.0.1",
                        "FILEJOBS_SECRETS_FILE", secrets.toString()), Map.of("filejobs.local.scheduler.enabled", "false",
                        "filejobs.remote.part-size", 5 * MIB))) {
            String pinned = "\"credentials\":\"partner-a\",\"hostKey\":\"" + sftp.hostKey() + "\"";
            String jobId = local.createCheckedJob("{\"name\":\"partner-a\",\"steps\":["
                    + "{\"id\":0,\"name\":\"pull\",\"action\":\"IMPORT\",\"source\":{\"url\":\"sftp://127.0.0.1:" + relay.port()
                    + "/out/*.dat\"," + pinned + "},\"destination\":\"bucket1/landing/{basename}\",\"deleteRemote\":true},"
                    + "{\"id\":1,\"name\":\"deliver\",\"action\":\"EXPORT\",\"source\":{\"prefix\":\"bucket1/landing/\",\"match\":\"*.dat\"},"
                    + "\"destination\":{\"url\":\"sftp://127.0.0.1:" + sftp.port() + "/inbox/\"," + pinned + "}}]}");
            assertEquals("VALID", ((Map<String, Object>) local.call("GET", "/jobs/" + jobId, null).json().get("validation")).get("status"));

            Map<String, Object> run = runToEnd(local, jobId);

            assertEquals("SUCCEEDED", run.get("status"), run::toString);
            Map<String, Object> pull = ((List<Map<String, Object>>) run.get("steps")).get(0);
            assertEquals(2, ((Number) pull.get("attempts")).intValue(), "the dropped connection was retried: " + pull);
            assertEquals(1, relay.dropped());
            assertEquals(Map.of("total", 5, "succeeded", 5, "failed", 0, "skipped", 0), pull.get("objects"));
            for (Map.Entry<String, byte[]> file : sent.entrySet()) {
                assertArrayEquals(file.getValue(), local.s3.getObjectAsBytes(b -> b.bucket("bucket1").key("landing/" + file.getKey()))
                        .asByteArray(), file.getKey());
                assertArrayEquals(file.getValue(), Files.readAllBytes(root.resolve("inbox/" + file.getKey())), file.getKey());
            }
            try (Stream<Path> left = Files.list(root.resolve("out"))) {
                assertEquals(0, left.count(), "each file was deleted once imported");
            }
            assertEquals(0, local.s3.listMultipartUploads(b -> b.bucket("bucket1")).uploads().size());
            ApiClient.Response objects = local.call("GET", "/jobs/" + jobId + "/runs/" + run.get("runId") + "/steps/0/objects", null);
            List<Map<String, Object>> items = (List<Map<String, Object>>) objects.json().get("items");
            assertEquals(5, items.size(), objects::toString);
            assertEquals("sftp://127.0.0.1:" + relay.port() + "/out/day-0.dat", items.get(0).get("source"));
            assertEquals(List.of("bucket1/landing/day-0.dat"), items.get(0).get("destinations"));

            // A secret the server no longer takes fails the run with its code, and shows no password.
            String stale = local.createCheckedJob("{\"name\":\"stale\",\"steps\":[{\"id\":0,\"name\":\"pull\",\"action\":\"IMPORT\","
                    + "\"source\":{\"url\":\"sftp://127.0.0.1:" + sftp.port() + "/inbox/*.dat\",\"credentials\":\"stale\",\"hostKey\":\""
                    + sftp.hostKey() + "\"},\"destination\":\"bucket2/{basename}\",\"deleteRemote\":true}]}");
            Map<String, Object> failed = runToEnd(local, stale);
            assertEquals("FAILED", failed.get("status"));
            assertEquals("REMOTE_AUTH_FAILED", ((Map<String, Object>) failed.get("error")).get("code"), failed::toString);
            assertFalse(failed.toString().contains("an-old-pa55") || failed.toString().contains(SftpTestServer.PASSWORD));
            try (Stream<Path> inbox = Files.list(root.resolve("inbox"))) {
                assertEquals(5, inbox.count(), "nothing was deleted");
            }

            // A server not on the list is refused when the job is written.
            ApiClient.Response refused = local.call("POST", "/jobs", "{\"name\":\"elsewhere\",\"steps\":[{\"id\":0,\"name\":\"pull\","
                    + "\"action\":\"IMPORT\",\"source\":{\"url\":\"sftp://files.example.com/out/*.dat\"," + pinned + "},"
                    + "\"destination\":\"bucket2/{basename}\"}]}");
            assertEquals(400, refused.status());
            assertTrue(refused.toString().contains("steps[0].source.url") && refused.toString().contains("allowed-hosts"), refused::toString);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runToEnd(LocalFixture local, String jobId) {
        ApiClient.Response started = local.call("POST", "/jobs/" + jobId + "/runs", null);
        assertEquals(202, started.status(), started::toString);
        String runId = (String) started.json().get("runId");
        return Eventually.await("run " + runId + " finishing", Duration.ofSeconds(60),
                () -> local.call("GET", "/jobs/" + jobId + "/runs/" + runId, null).json(),
                r -> List.of("SUCCEEDED", "FAILED").contains(r.get("status")));
    }
}
