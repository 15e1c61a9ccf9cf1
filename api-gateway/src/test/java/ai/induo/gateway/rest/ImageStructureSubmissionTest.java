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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every image's structure is walked at submission, not only its header: a file cut off or damaged
 * after its header is {@code 422 invalid_image} naming the input, whether uploaded, sent in JSON or
 * fetched from a URL, and nothing of the submission is kept.
 */
@QuarkusTest
class ImageStructureSubmissionTest {

    /** A 1x1 lossy WebP. */
    private static final byte[] WEBP = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    private static final byte[] PERSON = SampleImages.personPng(64, 80);
    private static final byte[] PRODUCT = SampleImages.productPng(32, 32);
    private static final int RIFF_SIZE_OFFSET = 4;
    private static final int JPEG_EOI_BYTES = 2;

    @Inject
    EncryptedObjectStore objects;

    private Api.Account account;
    private HttpServer images;

    @BeforeEach
    void start() throws IOException {
        account = Api.signUp();
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/cut.png", truncated(PRODUCT));
        serve("/flipped.png", flippedLastByte(PRODUCT));
        serve("/product.webp", WEBP);
        images.start();
    }

    @AfterEach
    void stop() {
        images.stop(0);
    }

    @Test
    void wellFormedJpegPngAndWebpImagesAreAccepted() {
        multipart(SampleImages.personJpeg(64, 80), "person.jpg", PRODUCT).then().statusCode(202);
        multipart(PERSON, "person.png", WEBP).then().statusCode(202);
        json(base64(SampleImages.personJpeg(64, 80)), Map.of("url", url("/product.webp"))).then().statusCode(202);
    }

    @Test
    void aTruncatedPngIsRefusedNamingItsInput() throws IOException {
        assertInvalid(multipart(truncated(PERSON), "person.png", PRODUCT), "person_image", "truncated");
        assertInvalid(json(base64(PERSON), base64(truncated(PRODUCT))), "product_images[0]", "truncated");
        assertInvalid(json(base64(PERSON), Map.of("url", url("/cut.png"))), "product_images[0]", "truncated");
        assertNothingStored();
    }

    @Test
    void aPngWithAFlippedCrcByteIsRefusedNamingItsInput() throws IOException {
        assertInvalid(multipart(flippedLastByte(PERSON), "person.png", PRODUCT), "person_image", "CRC");
        assertInvalid(json(base64(PERSON), base64(flippedLastByte(PRODUCT))), "product_images[0]", "CRC");
        assertInvalid(json(base64(PERSON), Map.of("url", url("/flipped.png"))), "product_images[0]", "CRC");
        assertNothingStored();
    }

    @Test
    void aJpegWithoutItsEndOfImageMarkerIsRefusedNamingItsInput() throws IOException {
        byte[] jpeg = SampleImages.personJpeg(64, 80);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length - JPEG_EOI_BYTES);

        assertInvalid(multipart(cut, "person.jpg", PRODUCT), "person_image", "end-of-image marker");
        assertInvalid(json(base64(PERSON), base64(cut)), "product_images[0]", "end-of-image marker");
        assertNothingStored();
    }

    @Test
    void aWebpWhoseRiffSizeIsWrongIsRefusedNamingItsInput() throws IOException {
        byte[] webp = WEBP.clone();
        ByteBuffer riff = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        riff.putInt(RIFF_SIZE_OFFSET, riff.getInt(RIFF_SIZE_OFFSET) + 2);

        assertInvalid(multipart(PERSON, "person.png", webp), "product_images[0]", "RIFF size");
        assertInvalid(json(base64(webp), base64(PRODUCT)), "person_image", "RIFF size");
        assertNothingStored();
    }

    private static void assertInvalid(Response answer, String field, String why) {
        answer.then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_image"))
                .body("detail", containsString(field + ": the "))
                .body("detail", containsString(why));
    }

    private Response multipart(byte[] person, String personName, byte[] product) {
        return account.auth()
                .multiPart("person_image", personName, person, "application/octet-stream")
                .multiPart("product_images", "product", product, "application/octet-stream")
                .post("/v1/jobs");
    }

    private Response json(Object person, Object product) {
        return account.auth().contentType("application/json")
                .body(Map.of("person_image", person, "product_images", List.of(product)))
                .post("/v1/jobs");
    }

    private void assertNothingStored() throws IOException {
        assertThat(objects.list(JobImages.jobsPrefix(account.id()))).isEmpty();
    }

    /** The image without its last 20 bytes: a PNG cut off in its last IDAT chunk. */
    private static byte[] truncated(byte[] png) {
        return Arrays.copyOf(png, png.length - 20);
    }

    /** The image with one bit of its last byte, the IEND chunk's CRC, flipped. */
    private static byte[] flippedLastByte(byte[] png) {
        byte[] flipped = png.clone();
        flipped[flipped.length - 1] ^= 0x01;
        return flipped;
    }

    private void serve(String path, byte[] body) {
        images.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + images.getAddress().getPort() + path;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
