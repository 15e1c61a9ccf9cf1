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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that stalls is given up on after the fetch timeout, before or while it sends the image. */
@QuarkusTest
@TestProfile(ImageUrlTimeoutTest.ShortFetchTimeout.class)
class ImageUrlTimeoutTest {

    /** A fetch timeout of one second, so the stall outlasts it within the test. */
    public static class ShortFetchTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("induo.gateway.inputs.fetch-timeout", "1S");
        }
    }

    private static final Duration STALL_AT_MOST = Duration.ofSeconds(30);
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(10);

    @Inject
    EncryptedObjectStore objects;

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private Api.Account account;
    private HttpServer images;

    @BeforeEach
    void start() throws IOException {
        account = Api.signUp();
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.setExecutor(handlers);
        images.createContext("/stalls-before-answering.png", exchange -> {
            stall();
            exchange.close();
        });
        images.createContext("/stalls-halfway.png", exchange -> {
            byte[] product = SampleImages.productPng(40, 40);
            exchange.sendResponseHeaders(200, product.length);
            OutputStream out = exchange.getResponseBody();
            out.write(Arrays.copyOf(product, product.length / 2));
            out.flush();
            stall();
            exchange.close();
        });
        images.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        images.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void aServerThatStallsIsAFailedFetchAfterTheTimeout() throws IOException {
        for (String path : List.of("/stalls-before-answering.png", "/stalls-halfway.png")) {
            long started = System.nanoTime();
            account.auth().contentType("application/json")
                    .body(Map.of("person_image", Map.of("data", Base64.getEncoder().encodeToString(SampleImages.personPng(64, 64))),
                            "product_images", List.of(Map.of("url", "http://127.0.0.1:" + images.getAddress().getPort() + path))))
                    .post("/v1/jobs")
                    .then().statusCode(422)
                    .body("code", equalTo("input_fetch_failed"))
                    .body("detail", containsString("product_images[0]"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as(path).isLessThan(ANSWERED_WITHIN);
        }
        assertThat(objects.list(JobImages.jobsPrefix(account.id()))).isEmpty();
    }

    private void stall() {
        try {
            release.await(STALL_AT_MOST.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
