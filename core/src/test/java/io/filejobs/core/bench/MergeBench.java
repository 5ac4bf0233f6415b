package io.filejobs.core.bench;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.step.merge.MergeAction;
import io.filejobs.core.step.merge.MergePlanner;
import io.filejobs.storage.local.LocalS3Server;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The MERGE benchmark's processes, chosen by the first argument:
 * <ul>
 * <li>{@code endpoint DIR PORT_FILE}: an S3 endpoint (S3Proxy over files in DIR) in its own JVM;
 * <li>{@code generate PORT DATASET...}: puts the datasets' sources into the bucket {@code bench};
 * <li>{@code merge PORT DATASET STRATEGY CAP_MB_PER_S}: the worker. It merges one dataset with
 *     the planner or the naive strategy through a relay that counts (and caps) the bytes between
 *     worker and endpoint, checks the result's SHA-256, and prints one JSON line of figures.
 * </ul>
 */
public final class MergeBench {

    private static final String BUCKET = "bench";

    private MergeBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "endpoint" -> endpoint(Path.of(args[1]), Path.of(args[2]));
            case "generate" -> generate(Integer.parseInt(args[1]), List.of(args).subList(2, args.length));
            case "merge" -> merge(Integer.parseInt(args[1]), args[2], args[3], Long.parseLong(args[4]));
            default -> throw new IllegalArgumentException("endpoint | generate | merge");
        }
    }

    private static void endpoint(Path dir, Path portFile) throws Exception {
        LocalS3Server server = LocalS3Server.start(dir, "127.0.0.1", 0);
        Files.writeString(portFile, Integer.toString(server.endpoint().getPort()));
        Thread.currentThread().join();
    }

    private static S3Client client(int port, ExecutionInterceptor... interceptors) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .overrideConfiguration(o -> List.of(interceptors).forEach(o::addExecutionInterceptor))
                .build();
    }

    private static void generate(int port, List<String> datasets) {
        try (S3Client s3 = client(port)) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
                s3.createBucket(b -> b.bucket(BUCKET));
            }
            for (String dataset : datasets) {
                List<Long> sizes = Datasets.sizes(dataset);
                for (int i = 0; i < sizes.size(); i++) {
                    String key = Datasets.key(dataset, i);
                    long size = sizes.get(i);
                    int index = i;
                    // The endpoint now and then drops a kept-alive connection as an upload starts.
                    for (int attempt = 1; ; attempt++) {
                        try {
                            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromContentProvider(() -> new Content(dataset, index, size), size,
                                    "application/octet-stream"));
                            break;
                        } catch (java.io.UncheckedIOException | software.amazon.awssdk.core.exception.SdkClientException e) {
                            if (attempt == 3) {
                                throw e;
                            }
                        }
                    }
                }
                System.out.println("generated " + dataset + ": " + sizes.size() + " objects, "
                        + sizes.stream().mapToLong(Long::longValue).sum() + " bytes");
            }
        }
    }

    private static void merge(int port, String dataset, String strategy, long capMegabytesPerSecond) throws Exception {
        List<Long> sizes = Datasets.sizes(dataset);
        AtomicLong requests = new AtomicLong();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                requests.incrementAndGet();
            }
        };
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        ObjectRef destination = new ObjectRef(BUCKET, "merged/" + dataset + "-" + strategy + ".bin");
        List<ObjectRef> sources = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            sources.add(new ObjectRef(BUCKET, Datasets.key(dataset, i)));
        }
        MergeAction.Merged merged;
        long nanos;
        long through;
        try (ThrottlingProxy proxy = new ThrottlingProxy(port, capMegabytesPerSecond * 1_000_000);
                S3Client s3 = client(proxy.port(), counting)) {
            StepsConfiguration config = new StepsConfiguration();
            MergeAction action = switch (strategy) {
                case "planner" -> new MergeAction(s3, new S3Objects(s3), config, Clock.systemUTC());
                case "naive" -> new MergeAction(s3, new S3Objects(s3), config, Clock.systemUTC(),
                        MergePlanner.streamingOnly(StepsConfiguration.MIN_PART, StepsConfiguration.MAX_SINGLE_COPY, StepsConfiguration.MAX_PARTS));
                default -> throw new IllegalArgumentException("strategy planner | naive");
            };
            long start = System.nanoTime();
            merged = action.merge(sources, destination);
            nanos = System.nanoTime() - start;
            through = proxy.toEndpoint.get() + proxy.fromEndpoint.get();
        }
        // The merge's own peak, read before the check below streams the result through this JVM.
        long peakRssKib = peakRssKib();
        long heapCommittedNow = Runtime.getRuntime().totalMemory();
        String nmt = System.getProperty("bench.nmt");
        if (nmt != null) {
            // With -XX:NativeMemoryTracking=summary: the worker's memory by JVM area, appended to that file.
            new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "VM.native_memory", "summary")
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File(nmt))).redirectErrorStream(true).start().waitFor();
        }
        String expected;
        String actual;
        int uploadsLeft;
        try (S3Client direct = client(port)) {
            expected = sha256(new SequenceInputStream(contents(dataset, sizes)));
            actual = sha256(direct.getObject(b -> b.bucket(BUCKET).key(destination.key())));
            uploadsLeft = direct.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size();
            direct.deleteObject(b -> b.bucket(BUCKET).key(destination.key()));
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"dataset\":\"%s\",\"strategy\":\"%s\",\"sources\":%d,\"bytes\":%d,\"parts\":%d,\"verified\":%s,\"sha256\":\"%s\","
                        + "\"bytesThroughWorker\":%d,\"plannedBytesThroughWorker\":%d,\"s3Requests\":%d,\"wallSeconds\":%.2f,"
                        + "\"peakRssMiB\":%.1f,\"heapCommittedMiB\":%.1f,"
                        + "\"uploadsLeft\":%d,\"capMBps\":%d,\"maxHeapMiB\":%d}",
                dataset, strategy, sizes.size(), total, merged.parts(), expected.equals(actual), actual, through, merged.bytesThroughWorker(),
                requests.get(), nanos / 1e9, peakRssKib / 1024.0, heapCommittedNow / 1048576.0, uploadsLeft, capMegabytesPerSecond,
                Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        if (!expected.equals(actual)) {
            System.exit(2);
        }
    }

    /** The most resident memory this JVM has had, in KiB ({@code VmHWM}). */
    private static long peakRssKib() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
    }

    /** The sources' contents one after another, each generated only when its turn comes. */
    private static java.util.Enumeration<InputStream> contents(String dataset, List<Long> sizes) {
        java.util.Iterator<Integer> indexes = java.util.stream.IntStream.range(0, sizes.size()).iterator();
        return new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return indexes.hasNext();
            }

            @Override
            public InputStream nextElement() {
                int i = indexes.next();
                return new Content(dataset, i, sizes.get(i));
            }
        };
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
