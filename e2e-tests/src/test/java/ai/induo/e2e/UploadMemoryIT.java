package ai.induo.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import ai.induo.common.json.Json;
import ai.induo.stack.KafkaBrokerProcess;
import ai.induo.stack.Ports;
import ai.induo.testing.SampleImages;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.http.HttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.mime.MultipartEntityBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Benchmark of the gateway's heap under upload load. The packaged gateway runs as its own process
 * with a 512 MB heap that ends the process on {@link OutOfMemoryError}, next to a real Kafka broker
 * and a MongoDB-wire server (no worker: the jobs stay queued). Clients upload a PNG of noise, which
 * does not compress, of 9.8 MiB, near the largest the gateway takes: once alone, then 100 at once,
 * as multipart and as JSON with base64 images, while {@link HeapMonitor} follows the gateway's heap.
 * It prints the figures against the idle heap and the single upload measured in the same run; the
 * only hard assertions are functional: every multipart upload of the burst is accepted and the
 * gateway is still alive.
 */
class UploadMemoryIT {

    static final String MAX_HEAP = "-Xmx512m";
    static final long MAX_HEAP_BYTES = 512 * HeapMonitor.MIB;
    static final int CONCURRENT_UPLOADS = 100;
    /**
     * JSON uploads sent at once before the full JSON burst. Jackson holds each base64 image whole,
     * and decoding copies it, so this many show the cost per upload while the gateway still has heap
     * to spare; the full burst takes it past its heap (see docs/benchmarks.md).
     */
    static final int FEW_JSON_UPLOADS = 4;
    /** The gateway's default image limit ({@code induo.gateway.uploads.max-image-bytes}). */
    static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;
    /** Noise of this size compresses to just under {@link #MAX_IMAGE_BYTES} as PNG. */
    static final int IMAGE_WIDTH = 1900;
    static final int IMAGE_HEIGHT = 1800;
    static final long NOISE_SEED = 20_240_601L;
    /** Metric samples that make up the idle baseline. */
    static final int IDLE_SAMPLES = 20;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(3);
    /** Plan limits far above the burst, so rate limits and quotas do not shape it. */
    static final String GENEROUS_LIMIT = "100000";
    /** The answer recorded for an upload whose connection failed. */
    static final int NO_ANSWER = -1;

    private static final Path WORK = Path.of("target", "upload-memory-" + UUID.randomUUID());
    private static final Path LOGS = WORK.resolve("logs");
    private static final String GATEWAY_UP = "up";
    private static KafkaBrokerProcess kafka;
    private static MongoServer mongo;
    private static ServiceProcess gateway;
    private static HeapMonitor heap;

    /** One request body to send many times. */
    record Upload(String contentType, byte[] body) {
    }

    /** The status and body of one answer, or {@link #NO_ANSWER} and why. */
    record Answer(int status, String body) {
    }

    /** What one phase of the run did and what it cost in heap. */
    record Phase(String name, int uploads, SortedMap<Integer, Long> answers, long bytesSent, Duration firstAnswer,
            Duration wall, HeapMonitor.Figures heap, String firstRefusal, String gateway) {

        long accepted() {
            return answers.getOrDefault(202, 0L);
        }
    }

    @BeforeAll
    static void startPlatform() throws Exception {
        Files.createDirectories(WORK);
        kafka = KafkaBrokerProcess.start(WORK.resolve("kafka"));
        mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress mongoAddress = mongo.bind();

        int gatewayPort = Ports.freePort();
        Map<String, String> env = ServiceEnvironment.of(WORK, kafka.bootstrapServers(),
                "mongodb://127.0.0.1:" + mongoAddress.getPort());
        env.put("INDUO_GATEWAY_PORT", Integer.toString(gatewayPort));
        int gatewayManagementPort = Ports.freePort();
        env.put("INDUO_GATEWAY_MANAGEMENT_PORT", Integer.toString(gatewayManagementPort));
        env.put("INDUO_GATEWAY_PLANS__DEFAULT__REQUESTS_PER_SECOND", GENEROUS_LIMIT);
        env.put("INDUO_GATEWAY_PLANS__DEFAULT__BURST", GENEROUS_LIMIT);
        env.put("INDUO_GATEWAY_PLANS__DEFAULT__ACCOUNT_REQUESTS_PER_SECOND", GENEROUS_LIMIT);
        env.put("INDUO_GATEWAY_PLANS__DEFAULT__ACCOUNT_BURST", GENEROUS_LIMIT);
        env.put("INDUO_GATEWAY_PLANS__DEFAULT__MAX_ACTIVE_JOBS", GENEROUS_LIMIT);

        Path gcLog = LOGS.resolve("gateway-gc.log");
        gateway = ServiceProcess.start("gateway", "induo.gateway.app", gatewayPort, gatewayManagementPort, env,
                List.of(MAX_HEAP, "-XX:+ExitOnOutOfMemoryError", HeapMonitor.gcLogOption(gcLog)), LOGS);
        heap = HeapMonitor.start(gateway.managementUri().resolve("metrics"), gcLog);
    }

    @AfterAll
    static void stopPlatform() throws IOException {
        ServiceProcess.stopAll(Arrays.asList(heap, gateway, kafka), null);
        if (mongo != null) {
            mongo.shutdown();
        }
        deleteTree(WORK.resolve("objects"));
    }

    @Test
    void aHundredConcurrentTenMegabyteUploadsAreAllAcceptedByAGatewayWithHalfAGigabyteOfHeap() throws Exception {
        String apiKey = signUp();
        byte[] person = noisyPng(IMAGE_WIDTH, IMAGE_HEIGHT);
        assertThat(person.length).as("the upload is close to, and within, the gateway's image limit")
                .isBetween(MAX_IMAGE_BYTES * 9 / 10, MAX_IMAGE_BYTES);
        byte[] product = SampleImages.productPng(80, 90);
        Upload multipart = multipart(person, product);
        Upload json = json(person, product);

        Phase idle = idle();
        List<Phase> multipartPhases = List.of(
                burst("multipart", apiKey, multipart, 1),
                burst("multipart", apiKey, multipart, CONCURRENT_UPLOADS));
        List<Phase> jsonPhases = List.of(
                burst("json base64", apiKey, json, 1),
                burst("json base64", apiKey, json, FEW_JSON_UPLOADS),
                burst("json base64", apiKey, json, CONCURRENT_UPLOADS));

        System.out.println(table(person.length, idle, List.of(multipartPhases, jsonPhases)));

        Phase multipartBurst = multipartPhases.get(1);
        assertThat(multipartBurst.answers()).as(multipartBurst.firstRefusal())
                .containsExactly(entry(202, (long) CONCURRENT_UPLOADS));
        assertThat(multipartBurst.gateway()).as("the gateway after the multipart burst").isEqualTo(GATEWAY_UP);
        Phase jsonBurst = jsonPhases.get(2);
        assertThat(jsonBurst.answers().keySet()).as("JSON uploads are accepted, or refused with 503 while the JSON "
                + "memory budget is full; none goes unanswered").isSubsetOf(202, 503);
        assertThat(jsonBurst.gateway()).as("the gateway after the JSON burst").isEqualTo(GATEWAY_UP);
    }

    /** The idle heap: metric samples with no request running. */
    private static Phase idle() throws IOException {
        HeapMonitor.Window window = heap.begin();
        await("idle heap samples").atMost(IDLE_TIMEOUT).until(() -> heap.samples() >= IDLE_SAMPLES);
        return new Phase("idle", 0, new TreeMap<>(), 0, Duration.ZERO, Duration.ZERO, window.end(), null,
                gatewayState());
    }

    /** Sends {@code upload} {@code count} times at once and waits for every answer. */
    private static Phase burst(String path, String apiKey, Upload upload, int count) throws IOException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/v1/jobs"))
                .timeout(UPLOAD_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", upload.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.body()))
                .build();
        HeapMonitor.Window window = heap.begin();
        long start = System.nanoTime();
        AtomicLong firstAnswerAt = new AtomicLong(Long.MAX_VALUE);
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                firstAnswerAt.accumulateAndGet(System.nanoTime(), Math::min);
                return response == null ? new Answer(NO_ANSWER, "no answer: " + failure)
                        : new Answer(response.statusCode(), response.body());
            }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Duration firstAnswer = Duration.ofNanos(firstAnswerAt.get() - start);
        HeapMonitor.Figures figures = window.end();

        SortedMap<Integer, Long> statuses = new TreeMap<>();
        String firstRefusal = null;
        for (CompletableFuture<Answer> future : answers) {
            Answer answer = future.join();
            statuses.merge(answer.status(), 1L, Long::sum);
            if (answer.status() != 202 && firstRefusal == null) {
                firstRefusal = answer.status() + " " + answer.body();
            }
        }
        String name = path + ", " + (count == 1 ? "1 upload" : count + " at once");
        return new Phase(name, count, statuses, (long) count * upload.body().length, firstAnswer, wall, figures,
                firstRefusal, gatewayState());
    }

    /** {@link #GATEWAY_UP}, or how the gateway process ended. */
    private static String gatewayState() throws IOException {
        String log = Files.readString(gateway.log(), StandardCharsets.ISO_8859_1);
        if (log.contains(OutOfMemoryError.class.getName())) {
            return "died: OOM";
        }
        return gateway.isRunning() ? GATEWAY_UP : "died";
    }

    private static String table(int imageBytes, Phase idle, List<List<Phase>> paths) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nGateway heap under concurrent uploads (%s, image %.1f MiB PNG, "
                + "%d CPUs on the test machine)%n", MAX_HEAP, imageBytes / (double) HeapMonitor.MIB,
                Runtime.getRuntime().availableProcessors()));
        String format = "%-27s %7s %8s %-14s %8s %10s %6s %9s %6s %9s %4s %-12s %6s %10s %11s %11s %-9s%n";
        out.append(String.format(Locale.ROOT, format, "phase", "uploads", "accepted", "answers", "MiB sent",
                "1st answer", "wall", "peak heap", "of max", "after GC", "GCs", "samples", "x idle", "x 1 upload",
                "peak/upload", "live/upload", "gateway"));
        out.append(row(format, idle, idle, idle));
        for (List<Phase> path : paths) {
            for (Phase phase : path) {
                out.append(row(format, phase, idle, path.get(0)));
            }
        }
        out.append(String.format(Locale.ROOT, String.join("%n",
                "answers: HTTP status=count, %d for no answer. 1st answer, wall: seconds until the first and the last "
                        + "answer; a first answer near the last means the uploads ran side by side.",
                "peak heap: MiB in use at most (samples of the metrics every %d ms, a scrape that failed or timed "
                        + "out is missed, and the GC log before each collection), "
                        + "of a max of %d MiB. after GC: MiB in use at most right after a collection, an upper bound "
                        + "of what the requests in flight held (young collections leave old garbage in place); "
                        + "idle: after the latest collection before the uploads.",
                "x idle, x 1 upload: peak heap against the idle peak and the single upload's peak. peak/upload, "
                        + "live/upload: MiB of peak heap and of after-GC heap above idle, per upload.%n"),
                NO_ANSWER, HeapMonitor.SAMPLE_EVERY.toMillis(), MAX_HEAP_BYTES / HeapMonitor.MIB));
        return out.toString();
    }

    private static String row(String format, Phase phase, Phase idle, Phase alone) {
        HeapMonitor.Figures figures = phase.heap();
        long peak = figures.peakUsedBytes();
        long idleLive = idle.heap().latestAfterGcBytes();
        long live = phase == idle ? idleLive : figures.maxAfterGcBytes();
        boolean uploads = phase.uploads() > 0;
        return String.format(Locale.ROOT, format,
                phase.name(),
                phase.uploads(),
                phase.accepted(),
                phase.answers().isEmpty() ? "-" : phase.answers().toString(),
                mib(phase.bytesSent()),
                seconds(phase.firstAnswer()),
                seconds(phase.wall()),
                mib(peak),
                String.format(Locale.ROOT, "%.0f%%", 100.0 * peak / MAX_HEAP_BYTES),
                live < 0 ? "-" : mib(live),
                figures.collections(),
                figures.missedSamples() == 0 ? Integer.toString(figures.samples())
                        : figures.samples() + "+" + figures.missedSamples() + " missed",
                ratio(peak, idle.heap().peakUsedBytes()),
                uploads ? ratio(peak, alone.heap().peakUsedBytes()) : "-",
                uploads ? mib((peak - idle.heap().peakUsedBytes()) / phase.uploads()) : "-",
                uploads && live >= 0 && idleLive >= 0 ? mib((live - idleLive) / phase.uploads()) : "-",
                phase.gateway());
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (double) HeapMonitor.MIB);
    }

    private static String ratio(long value, long baseline) {
        return baseline <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", value / (double) baseline);
    }

    private static String signUp() {
        Response signUp = given().baseUri(base()).contentType("application/json")
                .body(Map.of("name", "Memory", "email", "memory-" + UUID.randomUUID() + "@example.com",
                        "password", "a good long password"))
                .post("/v1/accounts");
        signUp.then().statusCode(201);
        return signUp.path("api_key");
    }

    /** A PNG of random pixels: deflate cannot shrink it, so its size follows its pixel count. */
    private static byte[] noisyPng(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Random random = new Random(NOISE_SEED);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    private static Upload multipart(byte[] person, byte[] product) throws IOException {
        HttpEntity entity = MultipartEntityBuilder.create()
                .addBinaryBody("person_image", person, ContentType.IMAGE_PNG, "person.png")
                .addBinaryBody("product_images", product, ContentType.IMAGE_PNG, "product.png")
                .build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        entity.writeTo(body);
        return new Upload(entity.getContentType().getValue(), body.toByteArray());
    }

    /** Jackson writes a {@code byte[]} as a base64 string, the JSON submission's image form. */
    private static Upload json(byte[] person, byte[] product) throws IOException {
        byte[] body = Json.mapper().writeValueAsBytes(
                Map.of("person_image", person, "product_images", List.of(product)));
        return new Upload("application/json", body);
    }

    private static String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** The uploads' ciphertext runs to gigabytes; the logs are kept. */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
