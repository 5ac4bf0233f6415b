package io.filejobs.core.bench;

import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.template.TemplateValues;
import io.filejobs.core.testing.FtpsTestServer;
import io.filejobs.core.testing.SftpTestServer;
import io.filejobs.storage.local.LocalS3Server;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The parts of {@code scripts/bench-remote.sh}. {@code servers DIR INFO}: an S3 endpoint over
 * {@code DIR/s3}, and an SFTP server and an explicit-TLS FTPS server over {@code DIR/files}, their
 * ports and pins written to {@code INFO} as JSON. {@code import INFO SECRETS URL KEY}: an IMPORT of
 * one file through the whole step machinery (the step read from its JSON, run by the step
 * executor, as a Lambda runs it) into {@code bench/KEY}; prints a JSON line with the bytes, the
 * seconds the step took, and this JVM's peak resident memory.
 */
public final class RemoteBench {

    private RemoteBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "servers" -> servers(Path.of(args[1]), Path.of(args[2]));
            case "import" -> importFile(Path.of(args[1]), Path.of(args[2]), args[3], args[4]);
            default -> throw new IllegalArgumentException("servers DIR INFO | import INFO SECRETS URL KEY");
        }
    }

    private static void servers(Path dir, Path info) throws Exception {
        Files.createDirectories(dir.resolve("files"));
        Files.createDirectories(dir.resolve("s3"));
        LocalS3Server s3 = LocalS3Server.start(dir.resolve("s3"), "127.0.0.1", 0);
        SftpTestServer sftp = new SftpTestServer(dir.resolve("files"), null, null);
        FtpsTestServer ftps = new FtpsTestServer(dir.resolve("files"), false, null);
        Path written = Files.createTempFile(info.getParent(), "info", ".json");
        Files.writeString(written, String.format(Locale.ROOT,
                "{\"s3Port\":%d,\"sftpPort\":%d,\"ftpsPort\":%d,\"hostKey\":\"%s\",\"certificate\":\"%s\",\"sftpPassword\":\"%s\","
                + "\"ftpsPassword\":\"%s\",\"user\":\"%s\"}", s3.endpoint().getPort(), sftp.port(), ftps.port(), sftp.hostKey(),
                ftps.certificate(), SftpTestServer.PASSWORD, FtpsTestServer.PASSWORD, SftpTestServer.USER));
        Files.move(written, info);
        Thread.currentThread().join();
    }

    private static void importFile(Path info, Path secrets, String url, String key) throws Exception {
        Map<String, Object> servers = io.micronaut.json.JsonMapper.createDefault().readValue(Files.readAllBytes(info),
                io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");
        String pin = url.startsWith("sftp") ? "\"hostKey\":\"" + servers.get("hostKey") + "\""
                : "\"certificate\":\"" + servers.get("certificate") + "\"";
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "aws.region", "us-east-1",
                "aws.services.s3.endpoint-override", "http://127.0.0.1:" + servers.get("s3Port"),
                "aws.s3.path-style-access-enabled", true,
                "filejobs.remote.allowed-hosts", "127.0.0.1",
                "filejobs.secrets.file", secrets.toString()))) {
            S3Client s3 = context.getBean(S3Client.class);
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals("bench"))) {
                s3.createBucket(b -> b.bucket("bench"));
            }
            Step step = context.getBean(JobDefinitionReader.class).read(("{\"name\":\"bench\",\"steps\":[{\"id\":0,\"name\":\"pull\","
                    + "\"action\":\"IMPORT\",\"source\":{\"url\":\"" + url + "\",\"credentials\":\"partner\"," + pin + "},"
                    + "\"destination\":\"bench/" + key + "\"}]}").getBytes(StandardCharsets.UTF_8)).steps().get(0);
            TemplateValues values = new TemplateValues(Instant.now(), ZoneOffset.UTC, "bench", "bench");
            long start = System.nanoTime();
            long bytes = context.getBean(StepExecutor.class).execute(step, values);
            double seconds = (System.nanoTime() - start) / 1e9;
            long stored = s3.headObject(b -> b.bucket("bench").key(key)).contentLength();
            long uploadsLeft = s3.listMultipartUploads(b -> b.bucket("bench")).uploads().size();
            System.out.printf(Locale.ROOT, "{\"tool\":\"filejobs\",\"protocol\":\"%s\",\"bytes\":%d,\"stored\":%d,\"seconds\":%.3f,"
                    + "\"mibPerSecond\":%.1f,\"peakRssMiB\":%.1f,\"heapMaxMiB\":%.0f,\"uploadsLeft\":%d}%n",
                    url.substring(0, url.indexOf(':')), bytes, stored, seconds, bytes / 1048576.0 / seconds, peakRssKib() / 1024.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0, uploadsLeft);
        }
    }

    /** The most resident memory this JVM has had, in KiB ({@code VmHWM}). */
    private static long peakRssKib() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
    }
}
