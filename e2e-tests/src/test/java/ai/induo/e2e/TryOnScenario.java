package ai.induo.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.image.ImageCodec;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.model.BundledDemoModel;
import ai.induo.model.DemoModelSession;
import ai.induo.model.TorsoBox;
import ai.induo.model.TryOnPreprocessing;
import ai.induo.stack.Ports;
import ai.induo.testing.SampleImages;
import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole platform as separate processes, as on one machine: the job queue's and the object
 * store's backends ({@link #startBackends}), a MongoDB-wire server, the packaged gateway and worker.
 * A customer signs up, submits a try-on job with a webhook, waits, downloads the result and checks
 * it against the model run directly. {@link TryOnEndToEndIT} runs it on Kafka and the local store,
 * {@link TryOnGoogleCloudIT} on Pub/Sub and GCS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TryOnScenario {

    /** This run's directory: the services' home, logs and the backends' data. */
    protected final Path work = Path.of("target", "e2e-" + UUID.randomUUID());
    private final List<AutoCloseable> backends = new ArrayList<>();
    private MongoServer mongo;
    private ServiceProcess gateway;
    private ServiceProcess worker;
    private HttpServer receiver;
    private final List<Received> webhooks = Collections.synchronizedList(new ArrayList<>());

    record Received(Map<String, List<String>> headers, String body) {
    }

    /**
     * Starts the queue and object store backends (registering each with {@code stopLater}) and
     * returns the services' environment on them and the database at {@code mongoUri}.
     */
    protected abstract Map<String, String> startBackends(String mongoUri, Consumer<AutoCloseable> stopLater)
            throws Exception;

    /** The bytes of every object the services stored. */
    protected abstract List<byte[]> storedObjects() throws Exception;

    /** The region a job's objects are stored in, as the job shows it. */
    protected abstract String region();

    @BeforeAll
    void startPlatform() throws Exception {
        Files.createDirectories(work);
        mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress mongoAddress = mongo.bind();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            webhooks.add(new Received(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();

        int gatewayPort = Ports.freePort();
        Map<String, String> env = startBackends("mongodb://127.0.0.1:" + mongoAddress.getPort(), backends::add);
        env.put("INDUO_GATEWAY_PORT", Integer.toString(gatewayPort));
        int gatewayManagementPort = Ports.freePort();
        env.put("INDUO_GATEWAY_MANAGEMENT_PORT", Integer.toString(gatewayManagementPort));
        env.put("INDUO_GATEWAY_WEBHOOKS_ALLOWED_DESTINATIONS", "127.0.0.0/8");
        int workerPort = Ports.freePort();
        env.put("INDUO_WORKER_MANAGEMENT_PORT", Integer.toString(workerPort));

        gateway = ServiceProcess.start("gateway", "induo.gateway.app", gatewayPort, gatewayManagementPort, env,
                work.resolve("logs"));
        worker = ServiceProcess.start("worker", "induo.worker.app", workerPort, workerPort, env, work.resolve("logs"));
    }

    @AfterAll
    void stopPlatform() {
        List<AutoCloseable> parts = new ArrayList<>(Arrays.asList(worker, gateway));
        parts.addAll(backends);
        ServiceProcess.stopAll(parts, null);
        if (mongo != null) {
            mongo.shutdown();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aCustomerGetsTheModelsTryOnResultAndASignedWebhook() throws Exception {
        String base = "http://127.0.0.1:" + gateway.port();
        Response signUp = given().baseUri(base).contentType("application/json")
                .body(Map.of("name", "Acme", "email", "e2e-" + UUID.randomUUID() + "@example.com", "password", "a good long password"))
                .post("/v1/accounts");
        signUp.then().statusCode(201);
        String apiKey = signUp.path("api_key");
        String webhookSecret = signUp.path("webhook_secret");

        byte[] person = SampleImages.personPng(120, 160);
        byte[] product = SampleImages.productPng(80, 90);
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        Response submitted = given().baseUri(base).header("Authorization", "Bearer " + apiKey)
                .multiPart("person_image", "person.png", person, "image/png")
                .multiPart("product_images", "shirt.png", product, "image/png")
                .multiPart("metadata", "{\"campaign_id\":\"e2e\"}")
                .multiPart("webhook_url", hook)
                .post("/v1/jobs");
        submitted.then().statusCode(202);
        String jobId = submitted.path("id");

        Response done = given().baseUri(base).header("Authorization", "Bearer " + apiKey).get("/v1/jobs/" + jobId + "?wait=60");
        done.then().statusCode(200);
        assertThat(done.<String>path("status")).as(done.asString()).isEqualTo("succeeded");
        assertThat(done.<Integer>path("attempts")).isEqualTo(1);
        assertThat(done.<String>path("region")).isEqualTo(region());

        String url = done.path("outputs[0].url");
        byte[] result = given().urlEncodingEnabled(false).get(URI.create(url)).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        BufferedImage actual = ImageCodec.decode(new ByteArrayInputStream(result));
        BufferedImage expected = runModelDirectly(person, product);
        assertThat(actual.getWidth()).isEqualTo(120);
        assertThat(actual.getHeight()).isEqualTo(160);
        assertThat(rgb(actual)).isEqualTo(rgb(expected));

        assertNoStoredObjectContains(person, product, result);

        await().atMost(Duration.ofSeconds(30)).until(() -> !webhooks.isEmpty());
        Received webhook = webhooks.get(0);
        WebhookSigner.verify(webhookSecret, webhook.headers(), webhook.body());
        assertThat(webhook.headers().get("webhook-id")).containsExactly("msg_" + jobId + "_succeeded");
        assertThat(webhook.body()).contains("\"type\":\"job.succeeded\"").contains(jobId).contains("\"campaign_id\":\"e2e\"");
    }

    /** The expected output: the bundled model run with ONNX Runtime on the same inputs, same pre- and post-processing. */
    private static BufferedImage runModelDirectly(byte[] personPng, byte[] productPng) throws Exception {
        BufferedImage person = ImageCodec.decode(new ByteArrayInputStream(personPng));
        BufferedImage product = ImageCodec.decode(new ByteArrayInputStream(productPng));
        int width = person.getWidth();
        int height = person.getHeight();
        TorsoBox box = TryOnPreprocessing.torsoBox(width, height);
        BufferedImage garment = TryOnPreprocessing.fitIntoBox(product, box);
        byte[] model;
        try (InputStream in = BundledDemoModel.open()) {
            model = in.readAllBytes();
        }
        try (DemoModelSession session = new DemoModelSession(model)) {
            DemoModelSession.Output output = session.run(TryOnPreprocessing.toChw(person), width, height,
                    TryOnPreprocessing.toChw(garment), box);
            return TryOnPreprocessing.fromChw(output.values(), width, height);
        }
    }

    /** Every stored object is ciphertext: no 32-byte run of an input or of the output appears in it. */
    private void assertNoStoredObjectContains(byte[]... images) throws Exception {
        List<byte[]> objects = storedObjects();
        assertThat(objects).hasSize(3);
        for (byte[] object : objects) {
            String stored = new String(object, StandardCharsets.ISO_8859_1);
            for (byte[] image : images) {
                String probe = new String(image, 40, 32, StandardCharsets.ISO_8859_1);
                assertThat(stored).as("plaintext image bytes in a stored object").doesNotContain(probe);
            }
            assertThat(stored).doesNotContain("IHDR").doesNotContain("IDAT");
        }
    }

    private static int[] rgb(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
