package io.filejobs.core.step.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.JobDefinitionValidator;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.Invocation;
import io.filejobs.core.step.ObjectCounts;
import io.filejobs.core.step.ObjectJournal;
import io.filejobs.core.step.ObjectRecord;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.step.UploadJournal;
import io.filejobs.core.template.TemplateValues;
import io.filejobs.core.testing.DroppingRelay;
import io.filejobs.core.testing.FtpsTestServer;
import io.filejobs.core.testing.SftpTestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * IMPORT and EXPORT against an SFTP server and FTPS servers (explicit and implicit TLS, self-signed
 * certificates pinned in the job) running in this JVM, with the embedded S3 store: what arrives,
 * byte for byte; when remote files are deleted; what a dropped connection, a lapsed time budget and
 * every refusal leave behind; and that no secret shows in any message.
 */
class ImportExportTest {

    private static final long MIB = 1024 * 1024;
    private static ApplicationContext context;
    private static S3Client s3;
    private static Path sftpRoot;
    private static Path ftpsRoot;
    private static SftpTestServer sftp;
    private static FtpsTestServer explicitFtps;
    private static FtpsTestServer implicitFtps;
    /** What the servers saw happen, for the ordering checks. */
    private static final List<String> removals = new CopyOnWriteArrayList<>();
    private static final List<String> removedBeforeTheirObject = new CopyOnWriteArrayList<>();
    private static final List<String> writtenUnderTheirName = new CopyOnWriteArrayList<>();
    private static final List<String> renamedIncomplete = new CopyOnWriteArrayList<>();
    private static volatile Map<String, Long> exportSizes = Map.of();
    private static volatile String removalBucket = "landing";
    private static volatile String removalPrefix = "partner/";

    @BeforeAll
    static void start() throws Exception {
        sftpRoot = Files.createTempDirectory("sftp-root");
        ftpsRoot = Files.createTempDirectory("ftps-root");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair userKey = generator.generateKeyPair();
        ByteArrayOutputStream privateKey = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "filejobs-test", null, privateKey);
        sftp = new SftpTestServer(sftpRoot, userKey.getPublic(), new SftpEventListener() {
            @Override
            public void removing(ServerSession session, Path path, boolean isDirectory) {
                String name = path.getFileName().toString();
                removals.add(path.toString());
                if (!path.toString().startsWith("/out/")) {
                    return;
                }
                // The object the file goes to must be complete before the file is removed.
                try {
                    Path local = sftpRoot.resolve(path.toString().substring(1));
                    long size = Files.size(local);
                    long stored = s3.headObject(b -> b.bucket(removalBucket).key(removalPrefix + name)).contentLength();
                    if (stored != size) {
                        removedBeforeTheirObject.add(name + " (" + stored + " of " + size + ")");
                    }
                } catch (Exception e) {
                    removedBeforeTheirObject.add(name + " (" + e.getClass().getSimpleName() + ")");
                }
            }

            @Override
            public void opening(ServerSession session, String remoteHandle, Handle localHandle) {
                String name = localHandle.getFile().getFileName().toString();
                if (localHandle.getFile().toString().contains("/inbox/") && !name.endsWith(".filejobs-part")
                        && exportSizes.containsKey(name) && !Files.exists(localHandle.getFile())) {
                    writtenUnderTheirName.add(name);
                }
            }

            @Override
            public void moving(ServerSession session, Path source, Path destination, Collection<java.nio.file.CopyOption> opts) {
                try {
                    Long expected = exportSizes.get(destination.getFileName().toString());
                    if (expected == null || Files.size(source) != expected) {
                        renamedIncomplete.add(destination.getFileName() + " (" + Files.size(source) + " of " + expected + ")");
                    }
                } catch (IOException e) {
                    renamedIncomplete.add(destination.getFileName() + " (" + e + ")");
                }
            }
        });
        explicitFtps = new FtpsTestServer(ftpsRoot, false, new DefaultFtplet() {
            @Override
            public FtpletResult onUploadStart(FtpSession session, FtpRequest request) {
                String name = request.getArgument().substring(request.getArgument().lastIndexOf('/') + 1);
                if (!name.endsWith(".filejobs-part")) {
                    writtenUnderTheirName.add(name);
                }
                return FtpletResult.DEFAULT;
            }
        });
        implicitFtps = new FtpsTestServer(ftpsRoot, true, null);
        Path secrets = Files.createTempFile("secrets", ".json");
        Files.writeString(secrets, "{\"partner-sftp\":{\"username\":\"partner\",\"password\":\"" + SftpTestServer.PASSWORD + "\"},"
                + "\"partner-key\":{\"username\":\"partner\",\"privateKey\":" + quoted(privateKey.toString(StandardCharsets.UTF_8)) + "},"
                + "\"partner-ftps\":{\"username\":\"partner\",\"password\":\"" + FtpsTestServer.PASSWORD + "\"},"
                + "\"wrong\":{\"username\":\"partner\",\"password\":\"not-the-pa55\"}}");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        context = ApplicationContext.run(Map.ofEntries(
                Map.entry("filejobs.embedded.s3.enabled", true), Map.entry("filejobs.embedded.s3.port", 0),
                Map.entry("filejobs.embedded.s3.dir", Files.createTempDirectory("remote-steps").toString()),
                Map.entry("filejobs.embedded.dynamodb.enabled", true), Map.entry("filejobs.storage.create-if-missing", true),
                Map.entry("aws.region", "us-east-1"), Map.entry("filejobs.remote.allowed-hosts", "127.0.0.1, localhost"),
                Map.entry("filejobs.remote.part-size", 5 * MIB), Map.entry("filejobs.secrets.file", secrets.toString())));
        s3 = context.getBean(S3Client.class);
        for (String bucket : List.of("landing", "outbound")) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        sftp.close();
        explicitFtps.close();
        implicitFtps.close();
        context.close();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String sftpSource(String path, String credentials) {
        return "{\"url\":\"sftp://127.0.0.1:" + sftp.port() + path + "\",\"credentials\":\"" + credentials + "\",\"hostKey\":\""
                + sftp.hostKey() + "\"}";
    }

    private static String ftpsSource(FtpsTestServer server, String path, String credentials) {
        return "{\"url\":\"ftps://127.0.0.1:" + server.port() + path + "\",\"credentials\":\"" + credentials + "\",\"certificate\":\""
                + server.certificate() + "\"" + (server == implicitFtps ? ",\"tls\":\"IMPLICIT\"" : "") + "}";
    }

    private static Step step(String action, String fields) {
        JobDefinition definition = context.getBean(JobDefinitionReader.class).read(("{\"name\":\"remote\",\"steps\":[{\"id\":0,\"name\":\"s\","
                + "\"action\":\"" + action + "\"," + fields + "}]}").getBytes(StandardCharsets.UTF_8));
        context.getBean(JobDefinitionValidator.class).validate(definition);
        return definition.steps().get(0);
    }

    private static final TemplateValues VALUES = new TemplateValues(Instant.parse("2026-11-28T01:00:00Z"), ZoneOffset.UTC,
            "20261128T010000000Z-m", "remote");

    /** Runs a step through every invocation it needs, recording its objects; returns the last result and the invocations. */
    private static Ran run(Step step, Ledger ledger) {
        StepExecutor executor = context.getBean(StepExecutor.class);
        StepExecutor.StepResult result = executor.execute(step, null, new Invocation(UploadJournal.NONE, ledger, false), VALUES);
        int invocations = 1;
        while (result.continuation() != null) {
            result = executor.execute(step, result.continuation(), new Invocation(UploadJournal.NONE, ledger, false), VALUES);
            invocations++;
        }
        return new Ran(result.bytes(), result.objects(), invocations);
    }

    private record Ran(long bytes, ObjectCounts objects, int invocations) {
    }

    /** A per-object ledger kept in memory. */
    static final class Ledger implements ObjectJournal {
        final Map<String, ObjectRecord> records = new TreeMap<>();

        @Override
        public synchronized void recorded(String afterKey, @Nullable String upToKey, Consumer<ObjectRecord> each) {
            List.copyOf(records.values()).forEach(each);
        }

        @Override
        public synchronized void record(List<ObjectRecord> list) {
            list.forEach(r -> records.put(r.source(), r));
        }
    }

    private static Map<String, byte[]> files(Path dir, int count, long seed, long... large) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        Map<String, byte[]> written = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int size = i == 0 ? 0 : i == 1 ? 1 : i < large.length + 2 ? (int) large[i - 2] : random.nextInt(300 * 1024);
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            String name = String.format("extract-%02d.dat", i);
            Files.write(dir.resolve(name), bytes);
            written.put(name, bytes);
        }
        Files.writeString(dir.resolve("readme.txt"), "not selected");
        return written;
    }

    private static byte[] object(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private static List<String> keys(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static int openUploads(String bucket) {
        return s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
    }

    @Test
    void aGlobOfFiftyFilesComesOverSftpByteForByteAndEachFileIsDeletedOnlyOnceItsObjectIsComplete() throws IOException {
        Map<String, byte[]> sent = files(sftpRoot.resolve("out"), 50, 1, 6 * MIB, 12 * MIB + 7, 5 * MIB + 1);
        removalBucket = "landing";
        removalPrefix = "partner/";
        Ledger ledger = new Ledger();
        Ran ran = run(step("IMPORT", "\"source\":" + sftpSource("/out/*.dat", "partner-sftp")
                + ",\"destination\":\"landing/partner/{basename}\",\"deleteRemote\":true"), ledger);

        long total = sent.values().stream().mapToLong(b -> b.length).sum();
        assertEquals(total, ran.bytes());
        assertEquals(new ObjectCounts(50, 50, 0, 0), ran.objects());
        for (Map.Entry<String, byte[]> file : sent.entrySet()) {
            assertArrayEquals(file.getValue(), object("landing", "partner/" + file.getKey()), file.getKey());
        }
        assertEquals(50, keys("landing", "partner/").size());
        assertEquals(50, removals.stream().filter(n -> n.startsWith("/out/extract-")).count());
        assertEquals(List.of(), removedBeforeTheirObject);
        try (Stream<Path> left = Files.list(sftpRoot.resolve("out"))) {
            assertEquals(List.of("readme.txt"), left.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(0, openUploads("landing"));
        ObjectRecord first = ledger.records.get("sftp://127.0.0.1:" + sftp.port() + "/out/extract-00.dat");
        assertNotNull(first, ledger.records.keySet().toString());
        assertEquals(ObjectRecord.SUCCEEDED, first.status());
        assertEquals(List.of("landing/partner/extract-00.dat"), first.destinations());
        assertFalse(ledger.records.toString().contains(SftpTestServer.PASSWORD));
    }

    @Test
    void sftpAgreesOnAesGcmWhereTheServerOffersItAndOnWhatElseItOffersOtherwise() throws IOException {
        files(sftpRoot.resolve("ciphers"), 1, 9, 6 * MIB + 3);
        int before = sftp.negotiatedCiphers().size();
        run(step("IMPORT", "\"source\":" + sftpSource("/ciphers/*.dat", "partner-sftp") + ",\"destination\":\"landing/ciphers/{basename}\""),
                new Ledger());
        List<String> agreed = sftp.negotiatedCiphers().subList(before, sftp.negotiatedCiphers().size());
        assertFalse(agreed.isEmpty());
        assertEquals(List.of("aes128-gcm@openssh.com"), agreed.stream().distinct().toList(), "sshd's server offers every cipher FileJobs does");

        for (BuiltinCiphers only : List.of(BuiltinCiphers.aes256ctr, BuiltinCiphers.cc20p1305_openssh)) {
            Path root = Files.createTempDirectory("sftp-" + only.getName());
            Map<String, byte[]> sent = files(root.resolve("out"), 2, 10, 6 * MIB + 5);
            try (SftpTestServer server = new SftpTestServer(root, null, null, List.of(only))) {
                String source = "{\"url\":\"sftp://127.0.0.1:" + server.port() + "/out/*.dat\",\"credentials\":\"partner-sftp\",\"hostKey\":\""
                        + server.hostKey() + "\"}";
                Ran ran = run(step("IMPORT", "\"source\":" + source + ",\"destination\":\"landing/" + only.getName() + "/{basename}\""), new Ledger());
                assertEquals(new ObjectCounts(2, 2, 0, 0), ran.objects(), only.getName());
                assertEquals(List.of(only.getName()), server.negotiatedCiphers().stream().distinct().toList());
            }
            for (Map.Entry<String, byte[]> file : sent.entrySet()) {
                assertArrayEquals(file.getValue(), object("landing", only.getName() + "/" + file.getKey()), only.getName());
            }
        }
        Path root = Files.createTempDirectory("sftp-cbc");
        files(root.resolve("out"), 1, 11, 1024);
        try (SftpTestServer cbcOnly = new SftpTestServer(root, null, null, List.of(BuiltinCiphers.aes128cbc))) {
            String source = "{\"url\":\"sftp://127.0.0.1:" + cbcOnly.port() + "/out/*.dat\",\"credentials\":\"partner-sftp\",\"hostKey\":\""
                    + cbcOnly.hostKey() + "\"}";
            StepFailure refused = assertThrows(StepFailure.class,
                    () -> run(step("IMPORT", "\"source\":" + source + ",\"destination\":\"landing/cbc/{basename}\""), new Ledger()));
            assertEquals(StepErrorCode.REMOTE_AUTH_FAILED, refused.code(), refused.getMessage());
            assertTrue(refused.getMessage().contains("share no algorithm") && refused.getMessage().contains("aes128-cbc"), refused.getMessage());
        }
    }

    @Test
    void aReRunImportsNothingItAlreadyHasButAFileThatChangedComesAgain() throws IOException {
        Map<String, byte[]> sent = files(sftpRoot.resolve("keep"), 12, 2, 6 * MIB);
        String fields = "\"source\":" + sftpSource("/keep/*.dat", "partner-key") + ",\"destination\":\"landing/kept/{date-P1D}/{stem}.{ext}\"";
        Ran first = run(step("IMPORT", fields), new Ledger());
        assertEquals(new ObjectCounts(12, 12, 0, 0), first.objects());

        Ran again = run(step("IMPORT", fields), new Ledger());
        assertEquals(new ObjectCounts(12, 0, 0, 12), again.objects());
        assertEquals(0, again.bytes());

        byte[] changed = "a new day's extract".getBytes(StandardCharsets.UTF_8);
        Files.write(sftpRoot.resolve("keep/extract-05.dat"), changed);
        Ran third = run(step("IMPORT", fields), new Ledger());
        assertEquals(new ObjectCounts(12, 1, 0, 11), third.objects());
        assertArrayEquals(changed, object("landing", "kept/2026-11-27/extract-05.dat"));
        assertEquals(12, Files.list(sftpRoot.resolve("keep")).filter(p -> p.toString().endsWith(".dat")).count(), "nothing was deleted");
        assertArrayEquals(sent.get("extract-03.dat"), object("landing", "kept/2026-11-27/extract-03.dat"));
    }

    @Test
    void ftpsWithExplicitAndWithImplicitTlsImportsAPinnedServersFilesByteForByte() throws IOException {
        Map<String, byte[]> sent = files(ftpsRoot.resolve("drop"), 10, 3, 7 * MIB);
        for (FtpsTestServer server : List.of(explicitFtps, implicitFtps)) {
            String prefix = server == explicitFtps ? "explicit/" : "implicit/";
            Ran ran = run(step("IMPORT", "\"source\":" + ftpsSource(server, "/drop/extract-0?.dat", "partner-ftps")
                    + ",\"destination\":\"landing/" + prefix + "{basename}\""), new Ledger());
            assertEquals(new ObjectCounts(10, 10, 0, 0), ran.objects(), prefix);
            for (Map.Entry<String, byte[]> file : sent.entrySet()) {
                assertArrayEquals(file.getValue(), object("landing", prefix + file.getKey()), prefix + file.getKey());
            }
        }
        assertEquals(0, openUploads("landing"));
    }

    @Test
    void aConnectionDroppedMidFileFailsTheStepAsRemoteUnavailableLeavesNoUploadAndTheRetryCompletesTheObject() throws IOException {
        Map<String, byte[]> sent = files(sftpRoot.resolve("flaky"), 3, 4, 20 * MIB);
        Files.delete(sftpRoot.resolve("flaky/extract-00.dat"));
        Files.delete(sftpRoot.resolve("flaky/extract-01.dat"));
        try (DroppingRelay relay = new DroppingRelay(sftp.port(), 11 * MIB, 1)) {
            Step step = step("IMPORT", "\"source\":{\"url\":\"sftp://127.0.0.1:" + relay.port() + "/flaky/*.dat\",\"credentials\":\"partner-sftp\","
                    + "\"hostKey\":\"" + sftp.hostKey() + "\"},\"destination\":\"landing/flaky/{basename}\",\"deleteRemote\":true");
            Ledger ledger = new Ledger();
            StepFailure dropped = assertThrows(StepFailure.class, () -> run(step, ledger));
            assertEquals(StepErrorCode.REMOTE_UNAVAILABLE, dropped.code(), dropped.getMessage());
            assertTrue(dropped.code().retryable());
            assertEquals(1, relay.dropped());
            assertEquals(0, openUploads("landing"), "the upload of the broken file was aborted");
            assertEquals(List.of(), keys("landing", "flaky/"));
            assertTrue(Files.exists(sftpRoot.resolve("flaky/extract-02.dat")), "nothing was deleted");
            assertEquals(ObjectRecord.FAILED, ledger.records.values().iterator().next().status());

            StepExecutor.StepResult retried = context.getBean(StepExecutor.class).execute(step, null,
                    new Invocation(UploadJournal.NONE, ledger, true), VALUES);
            assertNull(retried.continuation());
            assertArrayEquals(sent.get("extract-02.dat"), object("landing", "flaky/extract-02.dat"));
            assertEquals(2, ledger.records.values().iterator().next().attempts());
            assertFalse(Files.exists(sftpRoot.resolve("flaky/extract-02.dat")));
        }
    }

    @Test
    void aFileLargerThanOneInvocationsTimeGoesOnFromTheByteWhereTheLastInvocationStopped() throws IOException {
        StepsConfiguration steps = context.getBean(StepsConfiguration.class);
        Duration budget = steps.getSetTimeBudget();
        steps.setSetTimeBudget(Duration.ZERO);
        try {
            Map<String, byte[]> sent = files(sftpRoot.resolve("big"), 3, 5, 16 * MIB);
            Files.write(ftpsRoot.resolve("big.bin"), sent.get("extract-02.dat"));
            Ran overSftp = run(step("IMPORT", "\"source\":" + sftpSource("/big/*.dat", "partner-sftp")
                    + ",\"destination\":\"landing/big/{basename}\""), new Ledger());
            Ran overFtps = run(step("IMPORT", "\"source\":" + ftpsSource(explicitFtps, "/big.bin", "partner-ftps")
                    + ",\"destination\":\"landing/big/over-ftps.bin\""), new Ledger());
            for (Ran ran : List.of(overSftp, overFtps)) {
                // 16 MiB in 5 MiB parts: each invocation sends a part and stops.
                assertTrue(ran.invocations() >= 4, "invocations: " + ran.invocations());
            }
            assertEquals(new ObjectCounts(3, 3, 0, 0), overSftp.objects());
            assertArrayEquals(sent.get("extract-02.dat"), object("landing", "big/extract-02.dat"));
            assertArrayEquals(sent.get("extract-02.dat"), object("landing", "big/over-ftps.bin"));
            assertEquals(0, openUploads("landing"));
        } finally {
            steps.setSetTimeBudget(budget);
        }
    }

    @Test
    void wrongCredentialsAWrongPinAHostNotAllowedAndAMissingPathFailWithTheirCodesDeleteNothingAndShowNoSecret() throws IOException {
        files(sftpRoot.resolve("guarded"), 3, 6);
        List<StepFailure> failures = new ArrayList<>();
        String destination = ",\"destination\":\"landing/guarded/{basename}\",\"deleteRemote\":true";
        Map<String, StepErrorCode> cases = Map.of(
                "\"source\":" + sftpSource("/guarded/*.dat", "wrong") + destination, StepErrorCode.REMOTE_AUTH_FAILED,
                "\"source\":" + sftpSource("/guarded/*.dat", "partner-sftp").replace(sftp.hostKey(), "SHA256:"
                        + "A".repeat(42) + "E") + destination, StepErrorCode.REMOTE_AUTH_FAILED,
                "\"source\":" + sftpSource("/nowhere/*.dat", "partner-sftp") + destination, StepErrorCode.REMOTE_NOT_FOUND,
                "\"source\":" + sftpSource("/guarded/absent.dat", "partner-sftp") + destination, StepErrorCode.REMOTE_NOT_FOUND,
                "\"source\":" + sftpSource("/guarded/*.csv", "partner-sftp") + destination, StepErrorCode.NO_OBJECTS,
                "\"source\":" + sftpSource("/guarded/*.dat", "nobody") + destination, StepErrorCode.SECRET_NOT_FOUND,
                "\"source\":" + ftpsSource(explicitFtps, "/guarded/*.dat", "wrong") + destination, StepErrorCode.REMOTE_AUTH_FAILED,
                "\"source\":" + ftpsSource(implicitFtps, "/drop/*.dat", "partner-ftps").replace(implicitFtps.certificate(),
                        "ab".repeat(32)) + destination, StepErrorCode.REMOTE_AUTH_FAILED,
                "\"source\":" + ftpsSource(explicitFtps, "/drop/*.dat", "partner-ftps").replace(",\"certificate\":\""
                        + explicitFtps.certificate() + "\"", "") + destination, StepErrorCode.REMOTE_AUTH_FAILED,
                "\"source\":" + ftpsSource(explicitFtps, "/missing/*.dat", "partner-ftps") + destination, StepErrorCode.REMOTE_NOT_FOUND);
        cases.forEach((fields, code) -> {
            StepFailure failure = assertThrows(StepFailure.class, () -> run(step("IMPORT", fields), new Ledger()), fields);
            assertEquals(code, failure.code(), fields + ": " + failure.getMessage());
            failures.add(failure);
        });
        // A host taken off the list after the job was written is refused when it runs.
        Step written = step("IMPORT", "\"source\":" + sftpSource("/guarded/*.dat", "partner-sftp").replace("127.0.0.1", "localhost")
                + destination);
        RemoteConfiguration remote = context.getBean(RemoteConfiguration.class);
        remote.setAllowedHosts(List.of("127.0.0.1"));
        try {
            StepFailure refused = assertThrows(StepFailure.class, () -> run(written, new Ledger()));
            assertEquals(StepErrorCode.HOST_NOT_ALLOWED, refused.code());
            failures.add(refused);
        } finally {
            remote.setAllowedHosts(List.of("127.0.0.1", "localhost"));
        }
        for (StepFailure failure : failures) {
            for (String secret : List.of(SftpTestServer.PASSWORD, FtpsTestServer.PASSWORD, "not-the-pa55", "PRIVATE KEY")) {
                assertFalse(failure.getMessage().contains(secret), failure.getMessage());
            }
        }
        assertTrue(failures.get(0).getMessage().length() > 0);
        try (Stream<Path> left = Files.list(sftpRoot.resolve("guarded"))) {
            assertEquals(4, left.count(), "nothing was deleted");
        }
        assertEquals(List.of(), keys("landing", "guarded/"));
    }

    @Test
    void aWrongHostKeyIsNamedAndNothingIsSentToThatServer() {
        String other = "SHA256:" + "B".repeat(42) + "E";
        StepFailure failure = assertThrows(StepFailure.class, () -> run(step("IMPORT", "\"source\":"
                + sftpSource("/out/*.dat", "partner-sftp").replace(sftp.hostKey(), other)
                + ",\"destination\":\"landing/x/{basename}\""), new Ledger()));
        assertEquals(StepErrorCode.REMOTE_AUTH_FAILED, failure.code());
        assertTrue(failure.getMessage().contains(sftp.hostKey()) && failure.getMessage().contains("pins"), failure.getMessage());
    }

    @Test
    void fieldsAUserCouldGetWrongAreRefusedNamingThem() {
        String dest = ",\"destination\":\"landing/in/{basename}\"";
        String good = sftpSource("/out/*.dat", "partner-sftp");
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("\"source\":" + good.replace("sftp://", "ftp://") + dest, "steps[0].source.url");
        refusals.put("\"source\":" + good.replace("sftp://", "sftp://partner:pw@") + dest, "steps[0].source.url");
        refusals.put("\"source\":" + good.replace("127.0.0.1", "files.example.com") + dest, "steps[0].source.url");
        refusals.put("\"source\":" + good.replace("/out/*.dat", "/o*/x.dat") + dest, "steps[0].source.url");
        refusals.put("\"source\":" + good.replace("/out/*.dat", "/out/") + dest, "steps[0].source.url");
        refusals.put("\"source\":" + good.replace(sftp.hostKey(), "AAAA") + dest, "steps[0].source.hostKey");
        refusals.put("\"source\":" + good.replace(",\"hostKey\":\"" + sftp.hostKey() + "\"", "") + dest, "steps[0].source.hostKey");
        refusals.put("\"source\":" + good.replace("partner-sftp", "no spaces") + dest, "steps[0].source.credentials");
        refusals.put("\"source\":" + good + ",\"destination\":\"landing/in/all.dat\"", "steps[0].destination");
        refusals.put("\"source\":" + good + dest + ",\"deleteRemote\":\"yes\"", "steps[0].deleteRemote");
        refusals.put("\"source\":\"sftp://127.0.0.1/out/*.dat\"" + dest, "steps[0].source");
        refusals.put("\"source\":" + ftpsSource(explicitFtps, "/drop/*.dat", "partner-ftps").replace(explicitFtps.certificate(), "12:34") + dest,
                "steps[0].source.certificate");
        refusals.put("\"source\":" + good.replace("}", ",\"password\":\"x\"}") + dest, "steps[0].source.password");
        refusals.forEach((fields, field) -> {
            FileJobsException refused = assertThrows(FileJobsException.class, () -> step("IMPORT", fields), fields);
            assertTrue(refused.errors().stream().anyMatch(e -> e.field().equals(field)), field + " in " + refused.errors());
        });
        String target = ",\"destination\":" + sftpSource("/inbox/", "partner-sftp");
        FileJobsException set = assertThrows(FileJobsException.class, () -> step("EXPORT",
                "\"source\":{\"prefix\":\"outbound/daily/\",\"match\":\"**\"}" + target));
        assertEquals("steps[0].source.match", set.errors().get(0).field(), set.errors().toString());
        FileJobsException file = assertThrows(FileJobsException.class, () -> step("EXPORT",
                "\"source\":{\"prefix\":\"outbound/daily/\"}" + target.replace("/inbox/", "/inbox/one.csv")));
        assertTrue(file.errors().stream().anyMatch(e -> e.field().equals("steps[0].destination.url")), file.errors().toString());
    }

    @Test
    void exportWritesEachObjectUnderAHiddenNameAndRenamesItOnlyWhenComplete() throws IOException {
        Files.createDirectories(sftpRoot.resolve("inbox"));
        Files.createDirectories(ftpsRoot.resolve("inbox"));
        Random random = new Random(7);
        Map<String, byte[]> objects = new TreeMap<>();
        Map<String, Long> sizes = new TreeMap<>();
        for (int i = 0; i < 8; i++) {
            byte[] bytes = new byte[i == 3 ? (int) (9 * MIB) : random.nextInt(200_000)];
            random.nextBytes(bytes);
            String name = "report-" + i + ".csv";
            s3.putObject(b -> b.bucket("outbound").key("daily/" + name), software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
            objects.put(name, bytes);
            sizes.put(name, (long) bytes.length);
        }
        // An older delivery of one report is replaced.
        Files.writeString(sftpRoot.resolve("inbox/report-2.csv"), "yesterday's");
        exportSizes = sizes;
        Ledger ledger = new Ledger();
        Ran ran = run(step("EXPORT", "\"source\":{\"prefix\":\"outbound/daily/\",\"match\":\"*.csv\"},\"destination\":"
                + sftpSource("/inbox/", "partner-sftp")), ledger);
        assertEquals(new ObjectCounts(8, 8, 0, 0), ran.objects());
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            assertArrayEquals(object.getValue(), Files.readAllBytes(sftpRoot.resolve("inbox/" + object.getKey())), object.getKey());
        }
        try (Stream<Path> inbox = Files.list(sftpRoot.resolve("inbox"))) {
            assertEquals(8, inbox.count(), "no hidden partial file is left");
        }
        assertEquals(List.of(), writtenUnderTheirName);
        assertEquals(List.of(), renamedIncomplete);
        assertEquals(List.of("sftp://127.0.0.1:" + sftp.port() + "/inbox/report-0.csv"),
                ledger.records.get("outbound/daily/report-0.csv").destinations());

        run(step("EXPORT", "\"source\":\"outbound/daily/report-3.csv\",\"destination\":"
                + ftpsSource(explicitFtps, "/inbox/weekly-{date}.csv", "partner-ftps")), new Ledger());
        assertArrayEquals(objects.get("report-3.csv"), Files.readAllBytes(ftpsRoot.resolve("inbox/weekly-2026-11-28.csv")));
        try (Stream<Path> inbox = Files.list(ftpsRoot.resolve("inbox"))) {
            assertEquals(List.of("weekly-2026-11-28.csv"), inbox.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(List.of(), writtenUnderTheirName);
    }

    @Test
    void theServersChecksumsAreReadAndAgreeWithTheBytes() throws Exception {
        byte[] bytes = "checksummed".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(sftpRoot.resolve("sums"));
        Files.write(sftpRoot.resolve("sums/a.bin"), bytes);
        Files.createDirectories(ftpsRoot.resolve("sums"));
        Files.write(ftpsRoot.resolve("sums/a.bin"), bytes);
        RemoteConnector connector = context.getBean(RemoteConnector.class);
        try (RemoteFiles files = connector.open(new RemoteServer("sftp://127.0.0.1:" + sftp.port() + "/", "partner-sftp", sftp.hostKey(), null,
                null))) {
            String sum = files.checksum("/sums/a.bin").orElseThrow();
            String algorithm = sum.substring(0, sum.indexOf(':'));
            assertEquals(algorithm + ":" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(bytes)), sum);
            assertTrue(files.checksum("/sums/absent.bin").isEmpty());
        }
        try (RemoteFiles files = connector.open(new RemoteServer("ftps://127.0.0.1:" + explicitFtps.port() + "/", "partner-ftps", null,
                explicitFtps.certificate(), null))) {
            assertEquals("MD5:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes)),
                    files.checksum("/sums/a.bin").orElseThrow());
        }
    }
}
