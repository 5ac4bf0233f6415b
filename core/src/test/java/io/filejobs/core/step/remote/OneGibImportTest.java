package io.filejobs.core.step.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.testing.SftpTestServer;
import io.filejobs.storage.local.LocalS3Server;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB file imported over SFTP by a JVM of its own with {@code -Xmx128m} and the JVM options of
 * run-step, the Lambda that runs steps ({@code data_moving_jvm_options} in
 * terraform/modules/function/main.tf, read from there), through the whole step
 * machinery ({@code RemoteBench import}): the object must equal the file byte for byte, no upload
 * may be left, and the worker's peak resident memory is printed. A worker that held the file, or
 * a growing share of it, in memory would fail with OutOfMemoryError long before 1 GiB.
 */
class OneGibImportTest {

    private static final long SIZE = 1L << 30;
    private static final java.util.regex.Pattern JVM_OPTIONS = java.util.regex.Pattern.compile("(?m)^\\s*data_moving_jvm_options\\s*=\\s*\"([^\"]*)\"");

    @Test
    void aOneGibFileIsImportedByA128MibHeapByteForByte() throws Exception {
        java.util.regex.Matcher options = JVM_OPTIONS.matcher(Files.readString(Path.of("..", "terraform", "modules", "function", "main.tf")));
        assertTrue(options.find(), "data_moving_jvm_options in terraform/modules/function/main.tf");
        String lambdaJvm = options.group(1);
        Path dir = Files.createTempDirectory("one-gib");
        Path files = Files.createDirectories(dir.resolve("files"));
        Path source = files.resolve("large.bin");
        SplittableRandom random = new SplittableRandom(17);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(source)) {
            for (long written = 0; written < SIZE; written += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        block[i + j] = (byte) (r >>> (8 * j));
                    }
                }
                out.write(block);
            }
        }
        LocalS3Server s3 = LocalS3Server.start(Files.createDirectories(dir.resolve("s3")), "127.0.0.1", 0);
        try (SftpTestServer sftp = new SftpTestServer(files, null, null)) {
            Path info = dir.resolve("servers.json");
            Files.writeString(info, "{\"s3Port\":" + s3.endpoint().getPort() + ",\"hostKey\":\"" + sftp.hostKey() + "\"}");
            Path secrets = dir.resolve("secrets.json");
            Files.writeString(secrets, "{\"partner\":{\"username\":\"" + SftpTestServer.USER + "\",\"password\":\"" + SftpTestServer.PASSWORD
                    + "\"}}");
            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m"));
            command.addAll(List.of(lambdaJvm.split(" ")));
            command.addAll(List.of("-Dlogback.configurationFile=" + Path.of("..", "scripts", "bench", "logback-quiet.xml").toAbsolutePath(),
                    "-cp", classpath, "io.filejobs.core.bench.RemoteBench", "import", info.toString(), secrets.toString(),
                    "sftp://127.0.0.1:" + sftp.port() + "/large.bin", "large.bin"));
            Process worker = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(worker.waitFor(10, TimeUnit.MINUTES), "the worker finished");
            assertEquals(0, worker.exitValue(), output);
            String result = output.lines().filter(l -> l.startsWith("{\"tool\"")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(output));
            System.out.println("1 GiB SFTP import with -Xmx128m " + lambdaJvm + ": " + result);
            Map<String, Object> figures = io.micronaut.json.JsonMapper.createDefault().readValue(result,
                    io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
            assertEquals(SIZE, ((Number) figures.get("stored")).longValue());
            assertEquals(0, ((Number) figures.get("uploadsLeft")).intValue());
            assertEquals(-1L, Files.mismatch(source, dir.resolve("s3").resolve("bench").resolve("large.bin")), "the object is the file");
        } finally {
            s3.close();
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
