package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.JobImages;
import ai.induo.gateway.Api;
import ai.induo.testing.SampleImages;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Input images given by URL in a JSON submission are fetched through the SSRF guard and streamed into storage. */
@QuarkusTest
class ImageUrlSubmissionTest {

    private static final byte[] PERSON = SampleImages.personPng(80, 100);
    private static final byte[] PRODUCT = SampleImages.productPng(40, 40);
    private static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;

    @Inject
    EncryptedObjectStore objects;

    private Api.Account account;
    private HttpServer images;

    @BeforeEach
    void start() throws IOException {
        account = Api.signUp();
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/person.png", PERSON);
        serve("/product.png", PRODUCT);
        serve("/not-an-image.txt", "just text".getBytes());
        serve("/huge.png", Arrays.copyOf(PRODUCT, MAX_IMAGE_BYTES + 1));
        images.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/product.png");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        images.createContext("/to-metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        images.start();
    }

    @AfterEach
    void stop() {
        images.stop(0);
    }

    @Test
    void imagesByUrlAreAcceptedAndStoredAsServed() throws IOException {
        String id = submit(Map.of("url", url("/person.png")), List.of(Map.of("url", url("/moved")), Map.of("url", url("/product.png"))))
                .then().statusCode(202).body("status", equalTo("queued")).extract().path("id");

        String inputs = JobImages.prefix(account.id(), id) + "inputs/";
        assertThat(stored(inputs + "person")).isEqualTo(PERSON);
        assertThat(stored(inputs + "product-0")).isEqualTo(PRODUCT);
        assertThat(stored(inputs + "product-1")).isEqualTo(PRODUCT);
    }

    @Test
    void urlsToPrivateOrMetadataAddressesAreRefusedNamingTheField() throws IOException {
        for (String blocked : List.of("http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/p.png", url("/to-metadata"))) {
            submit(Map.of("url", url("/person.png")), List.of(Map.of("data", base64(PRODUCT)), Map.of("url", blocked)))
                    .then().statusCode(422)
                    .body("code", equalTo("input_fetch_failed"))
                    .body("detail", containsString("product_images[1]"));
        }
        assertNothingStored();
    }

    @Test
    void aUrlNotUsableAsWrittenIsAnInvalidRequestNamingTheField() throws IOException {
        for (String malformed : List.of("file:///etc/passwd", "not a url", "http://0177.0.0.1:" + images.getAddress().getPort()
                + "/product.png")) {
            submit(Map.of("url", url("/person.png")), List.of(Map.of("data", base64(PRODUCT)), Map.of("url", malformed)))
                    .then().statusCode(422)
                    .body("code", equalTo("invalid_request"))
                    .body("detail", containsString("product_images[1]: the URL "));
        }
        assertNothingStored();
    }

    @Test
    void aServerErrorOrMissingImageIsAFailedFetch() throws IOException {
        submit(Map.of("url", url("/missing.png")), List.of(Map.of("url", url("/product.png"))))
                .then().statusCode(422)
                .body("code", equalTo("input_fetch_failed"))
                .body("detail", containsString("person_image"))
                .body("detail", containsString("404"));
        assertNothingStored();
    }

    @Test
    void aServedImageOverTheByteLimitIsTooLargeAndNothingIsKept() throws IOException {
        submit(Map.of("url", url("/person.png")), List.of(Map.of("url", url("/huge.png"))))
                .then().statusCode(413)
                .body("code", equalTo("payload_too_large"))
                .body("detail", containsString("product_images[0]"));
        assertNothingStored();
    }

    @Test
    void aServedFileThatIsNotAnImageIsUnsupported() throws IOException {
        submit(Map.of("url", url("/not-an-image.txt")), List.of(Map.of("url", url("/product.png"))))
                .then().statusCode(415)
                .body("code", equalTo("unsupported_media_type"))
                .body("detail", containsString("person_image"));
        assertNothingStored();
    }

    @Test
    void aUrlThatIsNotAStringOrComesWithDataIsABadRequest() {
        submit(Map.of("url", 42), List.of(Map.of("url", url("/product.png"))))
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        submit(Map.of("url", url("/person.png"), "data", base64(PERSON)), List.of(Map.of("url", url("/product.png"))))
                .then().statusCode(400).body("code", equalTo("invalid_request"));
    }

    private Response submit(Object person, List<?> products) {
        return account.auth().contentType("application/json")
                .body(Map.of("person_image", person, "product_images", products))
                .post("/v1/jobs");
    }

    private void serve(String path, byte[] body) {
        images.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // The gateway hung up once the image passed the byte limit.
                exchange.close();
            }
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + images.getAddress().getPort() + path;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private byte[] stored(String key) throws IOException {
        try (InputStream in = objects.open(account.id(), key)) {
            return in.readAllBytes();
        }
    }

    private void assertNothingStored() throws IOException {
        assertThat(objects.list(JobImages.jobsPrefix(account.id()))).isEmpty();
    }
}
