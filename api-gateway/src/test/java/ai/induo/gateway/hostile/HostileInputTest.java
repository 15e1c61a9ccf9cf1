package ai.induo.gateway.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.json.Json;
import ai.induo.gateway.Api;
import ai.induo.gateway.FillerInputStream;
import ai.induo.gateway.HostileFiles;
import ai.induo.gateway.MultipartForm;
import ai.induo.gateway.RawHttpExchange;
import ai.induo.gateway.StoredFiles;
import ai.induo.testing.SampleImages;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus: files that only pretend to be images, decompression bombs, oversized
 * and malformed bodies, metadata and JSON built to hurt, and image and webhook URLs aimed at the
 * gateway's own network. Each case is refused with its own status and stable {@code code} in an
 * RFC 9457 problem, none with a {@code 5xx}, and a refused submission leaves nothing stored. The
 * destination rules are production's (no private address allowed), except for one image host name
 * that lets a redirect to a private address be tried. All the while another tenant polls its job and
 * its account, and every one of its requests must succeed.
 *
 * <p>Host names resolve from {@code src/test/hosts} ({@code -Djdk.net.hosts.file}, set for the test
 * JVM in pom.xml), so the cases need no DNS.
 */
@QuarkusTest
@TestProfile(HostileInputTest.ProductionDestinations.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    /** The one host name image URLs may use although it resolves to loopback (src/test/hosts). */
    static final String ALLOWED_IMAGE_HOST = "images.allowed.test";
    /** A public-looking name that resolves to loopback (src/test/hosts). */
    static final String LOOKALIKE_HOST = "cdn.fashion-images.com";
    /** A name that resolves to nothing (not in src/test/hosts). */
    static final String UNRESOLVABLE_HOST = "cdn.fashion-images.invalid";

    /** Production's destination rules, plus {@link #ALLOWED_IMAGE_HOST} for image URLs. */
    public static class ProductionDestinations implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("induo.gateway.webhooks.allowed-destinations", "",
                    "induo.gateway.inputs.allowed-destinations", ALLOWED_IMAGE_HOST);
        }
    }

    private static final String JOBS = "/v1/jobs";
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;
    /** In base64 more than the 20 million characters Jackson takes in one string. */
    private static final int SIXTEEN_MEGABYTES = 16 * 1024 * 1024;
    private static final long SIXTY_MEGABYTES = 60L * 1024 * 1024;
    /** More than the body limit (72 MiB) and the HTTP layer's backstop above it (73 MiB). */
    private static final long EIGHTY_MEGABYTES = 80L * 1024 * 1024;
    /** Far past the 10 MiB image limit and the HTTP layer's buffers, far short of the 60 MB sent. */
    private static final long REFUSED_BEFORE = 24L * 1024 * 1024;
    private static final long ONE_MEGABYTE = 1024 * 1024;
    private static final int JPEG_HEADER_CUT = 100;
    private static final int PNG_HEADER_CUT = 20;
    private static final int WEBP_HEADER_CUT = 20;
    private static final int TEN_THOUSAND = 10_000;
    private static final int HUNDRED_THOUSAND = 100_000;
    private static final int METADATA_NESTING = 500;
    /** Larger than the multipart parser's buffer (4 KiB). */
    private static final int LONG_BOUNDARY_CHARS = 5_000;
    /** Larger than the 8 KiB allowed for the headers of one part. */
    private static final int LONG_PART_HEADER_CHARS = 9 * 1024;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(30);
    private static final Duration NEIGHBOUR_POLLS_EVERY = Duration.ofMillis(100);
    private static final byte[] PERSON = SampleImages.personPng(64, 80);
    private static final byte[] PRODUCT = SampleImages.productPng(32, 32);

    @TestHTTPResource(JOBS)
    URI jobsUri;

    @TestHTTPResource(value = "health", management = true)
    URI health;

    private final Map<String, AtomicInteger> imageRequests = new ConcurrentHashMap<>();
    private Api.Account attacker;
    private Api.Account customer;
    private Neighbour neighbour;
    private HttpServer images;

    /**
     * Sets the scene once, before the first case: in a {@code @BeforeAll} RestAssured does not yet
     * point at the application.
     */
    @BeforeEach
    void start() throws IOException {
        if (images != null) {
            return;
        }
        assertThat(InetAddress.getByName(LOOKALIKE_HOST).isLoopbackAddress())
                .as("the test JVM resolves names from src/test/hosts (-Djdk.net.hosts.file, see pom.xml)")
                .isTrue();
        attacker = Api.signUp();
        customer = Api.signUp();
        neighbour = Neighbour.start(Api.signUp(), jobsUri, NEIGHBOUR_POLLS_EVERY);
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/product.png", PRODUCT);
        serve("/bomb.png", HostileFiles.pngDeclaring(50_000, 50_000));
        serve("/page.jpg", HostileFiles.HTML);
        redirect("/redirect-to-loopback", "http://127.0.0.1:" + imagePort() + "/product.png");
        redirect("/redirect-to-metadata", "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        images.start();
    }

    @AfterAll
    void stop() {
        if (images != null) {
            neighbour.close();
            images.stop(0);
        }
    }

    // ------------------------------------------------------------------ files that pretend to be images

    Stream<HostileCase> images() {
        byte[] jpeg = SampleImages.personJpeg(64, 80);
        return Stream.of(
                refused("a JPEG cut off inside its header (multipart)",
                        () -> multipart(Arrays.copyOf(jpeg, JPEG_HEADER_CUT), "person.jpg", "image/jpeg"),
                        422, "invalid_image", "person_image"),
                refused("a PNG cut off inside its header (JSON)",
                        () -> jsonImages(base64(Arrays.copyOf(PERSON, PNG_HEADER_CUT)), base64(PRODUCT)),
                        422, "invalid_image", "person_image"),
                refused("a WebP cut off inside its header (multipart)",
                        () -> multipart(Arrays.copyOf(HostileFiles.webpDeclaring(64, 80), WEBP_HEADER_CUT), "person.webp", "image/webp"),
                        422, "invalid_image", "person_image"),
                refused("a PNG declaring 50 000 × 50 000 pixels (multipart)",
                        () -> multipart(HostileFiles.pngDeclaring(50_000, 50_000), "person.png", "image/png"),
                        422, "image_too_large", "person_image"),
                refused("a PNG declaring 50 000 × 50 000 pixels (JSON)",
                        () -> jsonImages(base64(PERSON), base64(HostileFiles.pngDeclaring(50_000, 50_000))),
                        422, "image_too_large", "product_images[0]"),
                refused("a PNG declaring 50 000 × 50 000 pixels (fetched from its URL)",
                        () -> jsonImages(base64(PERSON), Map.of("url", allowedImageUrl("/bomb.png"))),
                        422, "image_too_large", "product_images[0]"),
                refused("a WebP declaring 16 384 × 16 384 pixels (multipart)",
                        () -> multipart(HostileFiles.webpDeclaring(HostileFiles.WEBP_MAX_DIMENSION, HostileFiles.WEBP_MAX_DIMENSION),
                                "person.webp", "image/webp"),
                        422, "image_too_large", "person_image"),
                refused("zero bytes (multipart)",
                        () -> multipart(new byte[0], "person.jpg", "image/jpeg"),
                        415, "unsupported_media_type", "person_image"),
                refused("zero bytes (JSON)",
                        () -> jsonImages("", base64(PRODUCT)),
                        415, "unsupported_media_type", "person_image"),
                refused("an HTML page named .jpg (multipart)",
                        () -> multipart(HostileFiles.HTML, "person.jpg", "image/jpeg"),
                        415, "unsupported_media_type", "person_image"),
                refused("an HTML page in a data: URL claiming image/jpeg (JSON)",
                        () -> jsonImages("data:image/jpeg;base64," + base64(HostileFiles.HTML), base64(PRODUCT)),
                        415, "unsupported_media_type", "person_image"),
                refused("an HTML page served as .jpg (fetched from its URL)",
                        () -> jsonImages(base64(PERSON), Map.of("url", allowedImageUrl("/page.jpg"))),
                        415, "unsupported_media_type", "product_images[0]"),
                refused("a PDF named .jpg (multipart)",
                        () -> multipart(HostileFiles.PDF, "person.jpg", "image/jpeg"),
                        415, "unsupported_media_type", "person_image"),
                refused("an SVG with a script named .png (multipart)",
                        () -> multipart(HostileFiles.SVG, "person.png", "image/png"),
                        415, "unsupported_media_type", "person_image"),
                refused("a GIF/JavaScript polyglot named .png (multipart)",
                        () -> multipart(HostileFiles.GIF_JAVASCRIPT, "person.png", "image/png"),
                        415, "unsupported_media_type", "person_image"),
                refused("a JPEG marker followed by an HTML page (multipart)",
                        () -> multipart(HostileFiles.JPEG_HTML, "person.jpg", "image/jpeg"),
                        422, "invalid_image", "person_image"),
                refused("a PNG signature followed by a PHP script (JSON)",
                        () -> jsonImages(base64(HostileFiles.PNG_PHP), base64(PRODUCT)),
                        422, "invalid_image", "person_image"),
                refused("a script instead of base64 (JSON)",
                        () -> jsonImages("<script>alert(1)</script>", base64(PRODUCT)),
                        400, "invalid_request", "person_image"),
                refused("a base64 image over 10 MiB (JSON)",
                        () -> jsonImages(base64(PERSON), base64(Arrays.copyOf(PRODUCT, MAX_IMAGE_BYTES + 1))),
                        413, "payload_too_large", "product_images[0]"),
                refused("a base64 image of 16 MiB, a string longer than the JSON parser takes (JSON)",
                        () -> jsonImages(base64(PERSON), base64(Arrays.copyOf(PRODUCT, SIXTEEN_MEGABYTES))),
                        413, "payload_too_large", "characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void filesThatPretendToBeImagesAreRefused(HostileCase hostile) {
        assertRefused(hostile);
    }

    // ------------------------------------------------------------------ metadata

    Stream<HostileCase> metadata() {
        Map<String, String> tenThousandKeys = new LinkedHashMap<>();
        for (int i = 0; i < TEN_THOUSAND; i++) {
            tenThousandKeys.put("k" + i, "v");
        }
        String nested = "{\"a\":".repeat(METADATA_NESTING) + "\"deep\"" + "}".repeat(METADATA_NESTING);
        return Stream.of(
                refused("10 000 metadata keys (JSON)",
                        () -> jsonJob(Map.of("metadata", tenThousandKeys)),
                        422, "invalid_metadata", "more than 20 keys"),
                refused("10 000 metadata keys (multipart)",
                        () -> Api.sampleJob(attacker).multiPart("metadata", json(tenThousandKeys)).post(JOBS),
                        413, "payload_too_large", "metadata"),
                refused("metadata nested 500 objects deep (multipart)",
                        () -> Api.sampleJob(attacker).multiPart("metadata", nested).post(JOBS),
                        400, "invalid_metadata", "must be strings"),
                refused("metadata that is an array (JSON)",
                        () -> jsonJob(Map.of("metadata", List.of("a", "b"))),
                        400, "invalid_metadata", "JSON object"),
                refused("metadata that is not JSON (multipart)",
                        () -> Api.sampleJob(attacker).multiPart("metadata", "<xml>not json</xml>").post(JOBS),
                        400, "invalid_metadata", "JSON object"),
                refused("metadata in invalid UTF-8 (multipart)",
                        () -> Api.sampleJob(attacker).multiPart("metadata", "metadata.json",
                                HostileFiles.concat("{\"city\":\"".getBytes(StandardCharsets.US_ASCII),
                                        new byte[] {(byte) 0xC3, (byte) 0x28, '"', '}'}), "application/json").post(JOBS),
                        400, "invalid_request", "metadata"),
                refused("a metadata key with a NUL character (JSON)",
                        () -> jsonJob(Map.of("metadata", Map.of("user\u0000id", "42"))),
                        422, "invalid_metadata", "metadata keys"),
                refused("a metadata key with CR LF and a header (JSON)",
                        () -> jsonJob(Map.of("metadata", Map.of("a\r\nSet-Cookie: x=1", "v"))),
                        422, "invalid_metadata", "metadata keys"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metadata")
    void hostileMetadataIsRefused(HostileCase hostile) {
        assertRefused(hostile);
    }

    /** A value may hold any text: it only ever travels inside JSON, never into a header. */
    @Test
    void headerInjectionInAMetadataValueStaysInsideTheJob() {
        String injection = "summer\r\nSet-Cookie: session=stolen\r\nX-Injected: yes";
        Response answer = Api.sampleJob(customer).multiPart("metadata", json(Map.of("campaign", injection))).post(JOBS);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().hasHeaderWithName("Set-Cookie")).isFalse();
        assertThat(answer.headers().hasHeaderWithName("X-Injected")).isFalse();
        Response job = customer.auth().get(answer.header("Location"));
        assertThat(job.statusCode()).isEqualTo(200);
        assertThat(job.headers().hasHeaderWithName("Set-Cookie")).isFalse();
        assertThat(job.jsonPath().getString("metadata.campaign")).isEqualTo(injection);
    }

    /** Keys that would mean something to MongoDB in a query are only ever stored and shown as text. */
    @Test
    void metadataKeysThatLookLikeQueryOperatorsAreKeptAsPlainText() {
        Map<String, String> metadata = Map.of("$where", "sleep(10000)", "$gt", "", "a.b", "v");
        Response answer = customer.auth().contentType(JSON)
                .body(Map.of("person_image", base64(PERSON), "product_images", List.of(base64(PRODUCT)), "metadata", metadata))
                .post(JOBS);

        assertThat(answer.statusCode()).isEqualTo(202);
        Map<String, String> shown = customer.auth().get(answer.header("Location")).jsonPath().getMap("metadata");
        assertThat(shown).isEqualTo(metadata);
    }

    // ------------------------------------------------------------------ JSON bodies and content types

    Stream<HostileCase> bodies() {
        String deepArrays = "[".repeat(HUNDRED_THOUSAND);
        String deepObjects = "{\"a\":".repeat(HUNDRED_THOUSAND);
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        byte[] invalidUtf8Key = {'{', '"', 'e', 'm', (byte) 0xFF, 'a', 'i', 'l', '"', ':', '"', 'a', '@', 'b', '.', 'c', '"', '}'};
        return Stream.of(
                refused("JSON nested 100 000 arrays deep (jobs)",
                        () -> raw(attacker.auth(), JSON, deepArrays).post(JOBS), 413, "payload_too_large", "nesting"),
                refused("JSON nested 100 000 objects deep (sign-up)",
                        () -> raw(given(), JSON, deepObjects).post("/v1/accounts"), 413, "payload_too_large", "nesting"),
                refused("JSON nested 100 000 objects deep (webhook endpoints)",
                        () -> raw(attacker.auth(), JSON, deepObjects).post("/v1/webhook-endpoints"), 413, "payload_too_large", "nesting"),
                refused("invalid JSON (jobs)",
                        () -> raw(attacker.auth(), JSON, "{\"person_image\": ").post(JOBS), 400, "malformed_json", "JSON"),
                refused("invalid JSON (sign-up)",
                        () -> raw(given(), JSON, "{\"name\": \"Acme\",}").post("/v1/accounts"), 400, "malformed_json", "JSON"),
                refused("invalid JSON (sign-in)",
                        () -> raw(given(), JSON, "{\"email\" \"a@b.c\"}").post("/v1/sessions"), 400, "malformed_json", "JSON"),
                refused("invalid JSON (API keys)",
                        () -> raw(attacker.auth(), JSON, "{'name': 'ci'}").post("/v1/api-keys"), 400, "malformed_json", "JSON"),
                refused("invalid JSON (webhook endpoints)",
                        () -> raw(attacker.auth(), JSON, "{\"url\": https://example.com}").post("/v1/webhook-endpoints"),
                        400, "malformed_json", "JSON"),
                refused("invalid JSON (account)",
                        () -> raw(attacker.auth(), JSON, "{\"name\": nul}").patch("/v1/account"), 400, "malformed_json", "JSON"),
                refused("invalid UTF-8 in a JSON string (jobs)",
                        () -> raw(attacker.auth(), JSON, invalidUtf8).post(JOBS), 400, "malformed_json", "JSON"),
                refused("invalid UTF-8 in a JSON string (sign-up)",
                        () -> raw(given(), JSON, invalidUtf8).post("/v1/accounts"), 400, "malformed_json", "JSON"),
                refused("invalid UTF-8 in a JSON key (sign-in)",
                        () -> raw(given(), JSON, invalidUtf8Key).post("/v1/sessions"), 400, "malformed_json", "JSON"),
                refused("a JSON array instead of an object (sign-up)",
                        () -> raw(given(), JSON, "[\"Acme\", \"a@b.c\", \"password\"]").post("/v1/accounts"), 400, "malformed_json", "JSON"),
                refused("a JSON object where sign-up expects a string",
                        () -> raw(given(), JSON, "{\"name\": {\"$ne\": null}, \"email\": \"a@b.c\", \"password\": \"x\"}")
                                .post("/v1/accounts"), 400, "malformed_json", "JSON"),
                refused("JSON null (jobs)",
                        () -> raw(attacker.auth(), JSON, "null").post(JOBS), 400, "malformed_json", "JSON"),
                refused("a number of 100 000 digits (jobs)",
                        () -> raw(attacker.auth(), JSON, "{\"expires_in\": " + "9".repeat(HUNDRED_THOUSAND) + "}").post(JOBS),
                        413, "payload_too_large", "digits"),
                refused("a plain-text body (jobs)",
                        () -> raw(attacker.auth(), "text/plain", "person_image=../../etc/passwd").post(JOBS),
                        415, "unsupported_media_type", "multipart/form-data or application/json"),
                refused("a multipart body labelled JSON (jobs)",
                        () -> raw(attacker.auth(), JSON, new MultipartForm().file("person_image", PERSON).end().toBytes()).post(JOBS),
                        400, "malformed_json", "JSON"),
                refused("a JSON body labelled multipart (jobs)",
                        () -> raw(attacker.auth(), MultipartForm.CONTENT_TYPE, json(Map.of("person_image", base64(PERSON)))).post(JOBS),
                        400, "invalid_request", "boundary"),
                refused("a multipart boundary longer than the parser's buffer (jobs)",
                        () -> raw(attacker.auth(), "multipart/form-data; boundary=" + "b".repeat(LONG_BOUNDARY_CHARS),
                                new MultipartForm().file("person_image", PERSON).end().toBytes()).post(JOBS),
                        400, "invalid_request", "boundary"),
                refused("a part header section over 8 KiB (jobs)",
                        () -> raw(attacker.auth(), MultipartForm.CONTENT_TYPE, new MultipartForm()
                                .bytes("--" + MultipartForm.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"person_image\"; filename=\""
                                        + "a".repeat(LONG_PART_HEADER_CHARS) + ".png\"\r\n\r\n")
                                .bytes(PERSON).bytes("\r\n").end().toBytes()).post(JOBS),
                        400, "invalid_request", "multipart"),
                refused("an Idempotency-Key that is not ASCII (jobs)",
                        () -> Api.sampleJob(attacker).header("Idempotency-Key", "clé-\u00e9\u00e8").post(JOBS),
                        400, "invalid_request", "Idempotency-Key"),
                refused("an API key of 10 000 characters (jobs)",
                        () -> Api.sampleJob(Api.bearer("sk_" + "x".repeat(TEN_THOUSAND))).post(JOBS),
                        401, "unauthorized", "API key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void malformedBodiesAreRefused(HostileCase hostile) {
        assertRefused(hostile);
    }

    // ------------------------------------------------------------------ image and webhook URLs

    /** Why a URL is refused: its host is or resolves to a blocked address, or it is not an http(s) URL with a host. */
    enum Refusal { BLOCKED, MALFORMED }

    /** A destination a customer-supplied URL must not reach; {@code %d} is the image server's port. */
    record Destination(String label, String url, Refusal refusal) {
        String at(int port) {
            return url.contains("%d") ? url.formatted(port) : url;
        }
    }

    static final List<Destination> DESTINATIONS = List.of(
            new Destination("loopback 127.0.0.1", "http://127.0.0.1:%d/product.png", Refusal.BLOCKED),
            new Destination("IPv6 loopback [::1]", "http://[::1]:%d/product.png", Refusal.BLOCKED),
            new Destination("loopback mapped into IPv6", "http://[::ffff:127.0.0.1]:%d/product.png", Refusal.BLOCKED),
            new Destination("loopback embedded in NAT64", "http://[64:ff9b::7f00:1]:%d/product.png", Refusal.BLOCKED),
            new Destination("the unspecified address 0.0.0.0", "http://0.0.0.0:%d/product.png", Refusal.BLOCKED),
            new Destination("cloud metadata 169.254.169.254", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                    Refusal.BLOCKED),
            new Destination("cloud metadata metadata.google.internal", "http://metadata.google.internal/computeMetadata/v1/",
                    Refusal.BLOCKED),
            new Destination("cloud metadata in capitals with a final dot", "http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/",
                    Refusal.BLOCKED),
            new Destination("private 10.0.0.0/8", "http://10.0.0.1/hook", Refusal.BLOCKED),
            new Destination("private 172.16.0.0/12", "http://172.16.0.1/hook", Refusal.BLOCKED),
            new Destination("private 192.168.0.0/16", "http://192.168.1.1/hook", Refusal.BLOCKED),
            new Destination("shared 100.64.0.0/10", "http://100.64.0.1/hook", Refusal.BLOCKED),
            new Destination("IPv6 unique local fd00::/8", "http://[fd00::1]/hook", Refusal.BLOCKED),
            new Destination("IPv6 link-local fe80::/10", "http://[fe80::1]/hook", Refusal.BLOCKED),
            new Destination("a public-looking name that resolves to loopback", "http://" + LOOKALIKE_HOST + ":%d/product.png",
                    Refusal.BLOCKED),
            new Destination("a name that does not resolve", "https://" + UNRESOLVABLE_HOST + "/hook", Refusal.BLOCKED),
            new Destination("an allowed name as user info before a loopback host",
                    "http://" + ALLOWED_IMAGE_HOST + "@127.0.0.1:%d/product.png", Refusal.BLOCKED),
            new Destination("a file: URL", "file:///etc/passwd", Refusal.MALFORMED),
            new Destination("a gopher: URL", "gopher://127.0.0.1:6379/_FLUSHALL", Refusal.MALFORMED));

    /**
     * IPv4 literals that resolvers read in different ways (glibc takes each for 127.0.0.1; Java reads
     * {@code 0177} as 177 and the hexadecimal ones as host names): refused for their form, before
     * any lookup.
     */
    static final List<String> AMBIGUOUS_IPV4 = List.of("0177.0.0.1", "0x7f.0.0.1", "127.1", "2130706433", "0x7f000001",
            "017700000001");

    Stream<HostileCase> imageUrls() {
        Stream<HostileCase> direct = DESTINATIONS.stream().map(destination -> refused(
                "an image URL aimed at " + destination.label(),
                () -> jsonImages(base64(PERSON), Map.of("url", destination.at(imagePort()))),
                422, destination.refusal() == Refusal.MALFORMED ? "invalid_request" : "input_fetch_failed",
                imageReason(destination.refusal())));
        Stream<HostileCase> redirected = Stream.of(
                refused("an image URL on an allowed host that redirects to loopback",
                        () -> jsonImages(base64(PERSON), Map.of("url", allowedImageUrl("/redirect-to-loopback"))),
                        422, "input_fetch_failed", imageReason(Refusal.BLOCKED)),
                refused("an image URL on an allowed host that redirects to cloud metadata",
                        () -> jsonImages(base64(PERSON), Map.of("url", allowedImageUrl("/redirect-to-metadata"))),
                        422, "input_fetch_failed", imageReason(Refusal.BLOCKED)));
        return Stream.concat(direct, redirected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageUrls")
    void imageUrlsAimedAtPrivateDestinationsAreRefused(HostileCase hostile) {
        assertRefused(hostile);
    }

    Stream<HostileCase> ambiguousIpv4Urls() {
        return AMBIGUOUS_IPV4.stream().flatMap(host -> {
            String url = "http://" + host + ":" + imagePort() + "/product.png";
            String reason = "has the host " + host + ", an IPv4 address not written as four decimal numbers";
            return Stream.of(
                    refused("an image URL with the host " + host,
                            () -> jsonImages(base64(PERSON), Map.of("url", url)),
                            422, "invalid_request", "product_images[0]: the URL " + reason),
                    refused("a job's webhook_url with the host " + host + " (multipart)",
                            () -> Api.sampleJob(attacker).multiPart("webhook_url", url).post(JOBS),
                            422, "invalid_webhook_url", "webhook_url " + reason),
                    refused("a job's webhook_url with the host " + host + " (JSON)",
                            () -> jsonJob(Map.of("webhook_url", url)),
                            422, "invalid_webhook_url", "webhook_url " + reason),
                    refused("a webhook endpoint with the host " + host,
                            () -> attacker.auth().contentType(JSON).body(Map.of("url", url)).post("/v1/webhook-endpoints"),
                            422, "invalid_webhook_url", "url " + reason));
        });
    }

    /** Refused although each names loopback, which the image server listens on, and nothing is fetched. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousIpv4Urls")
    void urlsWithIpv4AddressesInAmbiguousFormsAreRefused(HostileCase hostile) {
        int fetches = imageRequests("/product.png");

        assertRefused(hostile);

        assertThat(imageRequests("/product.png")).isEqualTo(fetches);
    }

    /**
     * The control of the redirect cases: the allowed host itself is fetched, so what refuses the
     * redirect is the check of its target, and that target is never asked.
     */
    @Test
    void anAllowedImageHostIsFetchedButItsRedirectToLoopbackIsNotFollowed() {
        jsonImages(customer, base64(PERSON), Map.of("url", allowedImageUrl("/product.png"))).then().statusCode(202);
        int productFetches = imageRequests("/product.png");

        jsonImages(customer, base64(PERSON), Map.of("url", allowedImageUrl("/redirect-to-loopback"))).then().statusCode(422);

        assertThat(imageRequests("/redirect-to-loopback")).isPositive();
        assertThat(imageRequests("/product.png")).isEqualTo(productFetches);
    }

    Stream<HostileCase> webhookUrls() {
        return DESTINATIONS.stream().flatMap(destination -> {
            String url = destination.at(imagePort());
            String reason = webhookReason(destination.refusal());
            return Stream.of(
                    refused("a job's webhook_url aimed at " + destination.label() + " (multipart)",
                            () -> Api.sampleJob(attacker).multiPart("webhook_url", url).post(JOBS),
                            422, "invalid_webhook_url", reason),
                    refused("a job's webhook_url aimed at " + destination.label() + " (JSON)",
                            () -> jsonJob(Map.of("webhook_url", url)),
                            422, "invalid_webhook_url", reason),
                    refused("a webhook endpoint aimed at " + destination.label(),
                            () -> attacker.auth().contentType(JSON).body(Map.of("url", url)).post("/v1/webhook-endpoints"),
                            422, "invalid_webhook_url", reason));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhookUrls")
    void webhookUrlsAimedAtPrivateDestinationsAreRefused(HostileCase hostile) {
        assertRefused(hostile);
    }

    /**
     * Whether a name resolves to a private address or to nothing at all cannot be told from the
     * answer: same status, same code, same detail, for every field that takes a URL.
     */
    @Test
    void aNameThatDoesNotResolveGetsTheAnswerOfANameWithAPrivateAddress() {
        Map<String, Function<String, Response>> fields = Map.of(
                "an image URL", url -> jsonImages(base64(PERSON), Map.of("url", url)),
                "a job's webhook_url (multipart)", url -> Api.sampleJob(attacker).multiPart("webhook_url", url).post(JOBS),
                "a job's webhook_url (JSON)", url -> jsonJob(Map.of("webhook_url", url)),
                "a webhook endpoint's url",
                url -> attacker.auth().contentType(JSON).body(Map.of("url", url)).post("/v1/webhook-endpoints"));
        fields.forEach((field, send) -> {
            Response toPrivate = send.apply("https://" + LOOKALIKE_HOST + "/shirt.png");
            Response toNothing = send.apply("https://" + UNRESOLVABLE_HOST + "/shirt.png");

            assertThat(toPrivate.statusCode()).as(field).isEqualTo(422);
            assertThat(toNothing.statusCode()).as(field).isEqualTo(toPrivate.statusCode());
            assertThat(toNothing.contentType()).as(field).isEqualTo(toPrivate.contentType());
            assertThat(toNothing.asString()).as(field).isEqualTo(toPrivate.asString())
                    .contains("does not resolve to a public address");
        });
    }

    // ------------------------------------------------------------------ bodies over the limits

    /**
     * A 60 MB image is refused as it passes the 10 MiB limit, not after the whole body arrived: the
     * client holds back the last 36 MB until the gateway has refused the upload and deleted what it
     * had stored of it.
     */
    @Test
    void aSixtyMegabyteUploadIsRefusedWhileItIsStillArriving() throws IOException {
        Api.Account uploader = Api.signUp();
        byte[] head = new MultipartForm().file("person_image", SampleImages.personPng(800, 1000))
                .partHeader("product_images").bytes(PRODUCT).toBytes();
        byte[] tail = new MultipartForm().bytes("\r\n").end().toBytes();
        long zeros = SIXTY_MEGABYTES - head.length - tail.length;

        try (RawHttpExchange upload = RawHttpExchange.start(jobsUri, "POST", Map.of(
                "Authorization", "Bearer " + uploader.apiKey(),
                "Content-Type", MultipartForm.CONTENT_TYPE,
                "Content-Length", Long.toString(SIXTY_MEGABYTES)), REQUEST_TIMEOUT)) {
            upload.write(head).write(FillerInputStream.zeros(ONE_MEGABYTE));
            await().atMost(REFUSED_WITHIN).until(() -> !StoredFiles.ofJobs(uploader.id()).isEmpty());

            upload.write(FillerInputStream.zeros(REFUSED_BEFORE - ONE_MEGABYTE));
            await().atMost(REFUSED_WITHIN).until(() -> StoredFiles.ofJobs(uploader.id()).isEmpty());

            RawHttpExchange.Answer answer = upload.write(FillerInputStream.zeros(zeros - REFUSED_BEFORE)).write(tail).answer();
            assertProblem(answer, 413, "payload_too_large", "product_images[0]");
        }
        assertThat(StoredFiles.ofJobs(uploader.id())).isEmpty();
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsSent() throws IOException {
        try (RawHttpExchange upload = RawHttpExchange.start(jobsUri, "POST", Map.of(
                "Authorization", "Bearer " + attacker.apiKey(),
                "Content-Type", MultipartForm.CONTENT_TYPE,
                "Content-Length", Long.toString(EIGHTY_MEGABYTES)), REQUEST_TIMEOUT)) {
            RawHttpExchange.Answer answer = upload.answer();

            assertProblem(answer, 413, "payload_too_large", "request body");
            assertThat(answer.header("Connection")).isEqualTo("close");
        }
    }

    @Test
    void aChunkedJsonBodyIsRefusedAsItPassesTheLimit() throws IOException {
        try (RawHttpExchange upload = RawHttpExchange.start(jobsUri, "POST", Map.of(
                "Authorization", "Bearer " + attacker.apiKey(),
                "Content-Type", JSON,
                "Transfer-Encoding", "chunked"), REQUEST_TIMEOUT)) {
            upload.writeChunked(new SequenceInputStream(
                    new ByteArrayInputStream("{\"person_image\": ".getBytes(StandardCharsets.US_ASCII)),
                    new FillerInputStream(' ', EIGHTY_MEGABYTES)));
            RawHttpExchange.Answer answer = upload.answer();

            assertProblem(answer, 413, "payload_too_large", "request body");
            assertThat(answer.header("Connection")).isEqualTo("close");
        }
    }

    /** The refusal of the part at fault is the answer, also when the body goes on past the limit after it. */
    @Test
    void aChunkedMultipartBodyThatGoesOnPastTheLimitGetsTheRefusalOfItsFirstFault() throws IOException {
        try (RawHttpExchange upload = RawHttpExchange.start(jobsUri, "POST", Map.of(
                "Authorization", "Bearer " + attacker.apiKey(),
                "Content-Type", MultipartForm.CONTENT_TYPE,
                "Transfer-Encoding", "chunked"), REQUEST_TIMEOUT)) {
            upload.writeChunked(new SequenceInputStream(
                    new ByteArrayInputStream(new MultipartForm().partHeader("unknown_field").toBytes()),
                    FillerInputStream.zeros(EIGHTY_MEGABYTES)));
            RawHttpExchange.Answer answer = upload.answer();

            assertProblem(answer, 400, "invalid_request", "unknown_field");
            assertThat(answer.header("Connection")).isEqualTo("close");
        }
    }

    // ------------------------------------------------------------------ the other tenant

    @Test
    @Order(Integer.MAX_VALUE)
    void theGatewayStayedHealthyAndKeptServingAnotherTenantThroughout() {
        Neighbour.Record record = neighbour.stop();

        assertThat(record.failures()).as("answers to the other tenant that were not 200").isEmpty();
        assertThat(record.served()).as("requests the other tenant made during the corpus").isGreaterThan(10);
        Api.sampleJob(neighbour.account()).post(JOBS).then().statusCode(202);
        given().get(health).then().statusCode(200);
        assertThat(given().get(health).jsonPath().getString("status")).isEqualTo("UP");
    }

    // ------------------------------------------------------------------ helpers

    /** One hostile request and the refusal it must get. */
    record HostileCase(String name, Supplier<Response> send, int status, String code, String detail) {
        @Override
        public String toString() {
            return name + " → " + status + " " + code;
        }
    }

    private static HostileCase refused(String name, Supplier<Response> send, int status, String code, String detail) {
        return new HostileCase(name, send, status, code, detail);
    }

    private void assertRefused(HostileCase hostile) {
        List<Path> storedBefore = StoredFiles.ofJobs(attacker.id());
        Response answer = hostile.send().get();
        String name = hostile.name();
        assertThat(answer.statusCode()).as("%s: status, answer %s", name, answer.asString()).isEqualTo(hostile.status());
        assertThat(answer.contentType()).as("%s: content type", name).startsWith(PROBLEM_JSON);
        assertThat(answer.jsonPath().getInt("status")).as("%s: problem status", name).isEqualTo(hostile.status());
        assertThat(answer.jsonPath().getString("code")).as("%s: problem code", name).isEqualTo(hostile.code());
        assertThat(answer.jsonPath().getString("detail")).as("%s: problem detail", name).contains(hostile.detail());
        assertThat(StoredFiles.ofJobs(attacker.id())).as("%s: objects kept", name).isEqualTo(storedBefore);
    }

    private static void assertProblem(RawHttpExchange.Answer answer, int status, String code, String detail) throws IOException {
        assertThat(answer.status()).as("status, answer %s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith(PROBLEM_JSON);
        JsonNode problem = Json.mapper().readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("detail").asText()).contains(detail);
    }

    private static String imageReason(Refusal refusal) {
        return switch (refusal) {
            case BLOCKED -> "the URL is not an allowed destination";
            case MALFORMED -> "must be an absolute http or https URL";
        };
    }

    private static String webhookReason(Refusal refusal) {
        return switch (refusal) {
            case BLOCKED -> "is not an allowed destination";
            case MALFORMED -> "must be an absolute http or https URL";
        };
    }

    private Response multipart(byte[] person, String fileName, String mediaType) {
        return attacker.auth()
                .multiPart("person_image", fileName, person, mediaType)
                .multiPart("product_images", "shirt.png", PRODUCT, "image/png")
                .post(JOBS);
    }

    private Response jsonImages(Object person, Object product) {
        return jsonImages(attacker, person, product);
    }

    private static Response jsonImages(Api.Account account, Object person, Object product) {
        return account.auth().contentType(JSON)
                .body(Map.of("person_image", person, "product_images", List.of(product)))
                .post(JOBS);
    }

    /** A JSON submission of valid images with {@code fields} added. */
    private Response jsonJob(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("person_image", base64(PERSON));
        body.put("product_images", List.of(base64(PRODUCT)));
        return attacker.auth().contentType(JSON).body(body).post(JOBS);
    }

    private static RequestSpecification raw(RequestSpecification request, String contentType, String body) {
        return raw(request, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static RequestSpecification raw(RequestSpecification request, String contentType, byte[] body) {
        return request.contentType(contentType).body(body);
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private int imagePort() {
        return images.getAddress().getPort();
    }

    private String allowedImageUrl(String path) {
        return "http://" + ALLOWED_IMAGE_HOST + ":" + imagePort() + path;
    }

    private int imageRequests(String path) {
        return imageRequests.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    private void serve(String path, byte[] body) {
        images.createContext(path, exchange -> {
            imageRequests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private void redirect(String path, String location) {
        images.createContext(path, exchange -> {
            imageRequests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }
}
