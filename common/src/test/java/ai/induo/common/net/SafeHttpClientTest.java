package ai.induo.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SafeHttpClientTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SHORT_CALL_TIMEOUT = Duration.ofMillis(300);
    private static final byte[] BODY = "{\"type\":\"job.succeeded\"}".getBytes(StandardCharsets.UTF_8);
    private static final String JSON = "application/json";

    private final MockWebServer server = new MockWebServer();
    private final DestinationPolicy loopbackAllowed = new DestinationPolicy(List.of("127.0.0.0/8"));

    @BeforeEach
    void startServer() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.shutdown();
    }

    @Test
    void loopbackIsRefusedByDefaultWithoutAnyRequest() {
        try (SafeHttpClient client = publicOnlyClient()) {
            assertThatThrownBy(() -> client.post(url("/hook"), Map.of(), BODY, JSON))
                    .isInstanceOf(BlockedDestinationException.class);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void allowListedDestinationReceivesTheRequest() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(202).setBody("accepted"));

        SafeHttpClient.Response response;
        try (SafeHttpClient client = new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, CALL_TIMEOUT)) {
            response = client.post(url("/hook"), Map.of("webhook-id", "msg_1"), BODY, JSON);
        }

        assertThat(response).isEqualTo(new SafeHttpClient.Response(202, "accepted"));
        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/hook");
        assertThat(request.getHeader("webhook-id")).isEqualTo("msg_1");
        assertThat(request.getHeader("Content-Type")).isEqualTo(JSON);
        assertThat(request.getBody().readByteArray()).isEqualTo(BODY);
    }

    @Test
    void redirectIsReturnedNotFollowed() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "http://169.254.169.254/latest/"));

        try (SafeHttpClient client = new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, CALL_TIMEOUT)) {
            assertThat(client.post(url("/hook"), Map.of(), BODY, JSON).status()).isEqualTo(302);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void onlyTheStartOfALargeResponseIsKept() throws IOException {
        server.enqueue(new MockResponse().setBody("x".repeat(100_000)));

        try (SafeHttpClient client = new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, CALL_TIMEOUT)) {
            assertThat(client.post(url("/hook"), Map.of(), BODY, JSON).bodySnippet())
                    .hasSize(SafeHttpClient.BODY_SNIPPET_BYTES);
        }
    }

    @Test
    void unresponsiveServerTimesOut() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

        long started = System.nanoTime();
        try (SafeHttpClient client = new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, SHORT_CALL_TIMEOUT)) {
            assertThatThrownBy(() -> client.post(url("/hook"), Map.of(), BODY, JSON))
                    .isInstanceOf(InterruptedIOException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CALL_TIMEOUT);
    }

    @Test
    void slowResponseBodyTimesOut() {
        server.enqueue(new MockResponse().setBody("slow body").throttleBody(1, 1, TimeUnit.SECONDS));

        try (SafeHttpClient client = new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, SHORT_CALL_TIMEOUT)) {
            assertThatThrownBy(() -> client.post(url("/hook"), Map.of(), BODY, JSON))
                    .isInstanceOf(InterruptedIOException.class);
        }
    }

    @Test
    void nonHttpUrlsAreRefused() {
        try (SafeHttpClient client = new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, CALL_TIMEOUT)) {
            assertThatThrownBy(() -> client.post(URI.create("file:///etc/passwd"), Map.of(), BODY, JSON))
                    .isInstanceOf(BlockedDestinationException.class);
        }
    }

    @Test
    void numericLoopbackFormsAreRefused() {
        try (SafeHttpClient client = publicOnlyClient()) {
            for (String host : List.of("2130706433", "127.1", "[::ffff:127.0.0.1]")) {
                assertThatThrownBy(() -> client.post(URI.create("http://" + host + ":" + server.getPort() + "/"),
                        Map.of(), BODY, JSON)).as(host).isInstanceOf(BlockedDestinationException.class);
            }
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void ambiguousIpv4FormsAreRefusedAlthoughLoopbackIsAllowListed() {
        server.enqueue(new MockResponse().setResponseCode(302)
                .setHeader("Location", "http://0177.0.0.1:" + server.getPort() + "/image.png"));
        try (SafeHttpClient client = loopbackClient()) {
            for (String host : List.of("0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "017700000001")) {
                assertThatThrownBy(() -> client.post(URI.create("http://" + host + ":" + server.getPort() + "/"),
                        Map.of(), BODY, JSON)).as(host).isInstanceOf(BlockedDestinationException.class);
            }
            assertThat(server.getRequestCount()).isZero();
            assertThatThrownBy(() -> client.get(url("/moved"), 3))
                    .isInstanceOf(BlockedDestinationException.class)
                    .hasMessageContaining("0177.0.0.1");
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void getFollowsRedirectsWithinTheLimitAndStreamsTheFinalBody() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(301).setHeader("Location", url("/second").toString()));
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "third"));
        server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "/image.png"));
        server.enqueue(new MockResponse().setBody("image bytes"));

        try (SafeHttpClient client = loopbackClient();
                SafeHttpClient.FetchResponse response = client.get(url("/first"), 3)) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.uri()).isEqualTo(url("/image.png"));
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("image bytes");
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
        assertThat(server.takeRequest().getPath()).isEqualTo("/second");
        assertThat(server.takeRequest().getPath()).isEqualTo("/third");
    }

    @Test
    void getRefusesAFourthRedirectWhenThreeAreAllowed() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/hop" + i));
        }
        server.enqueue(new MockResponse().setBody("never reached"));

        try (SafeHttpClient client = loopbackClient()) {
            assertThatThrownBy(() -> client.get(url("/start"), 3)).isInstanceOf(ProtocolException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void getRefusesARedirectToABlockedAddressWithoutRequestingIt() {
        for (String target : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "file:///etc/passwd",
                "gopher://127.0.0.1:70/")) {
            server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", target));
            try (SafeHttpClient client = loopbackClient()) {
                assertThatThrownBy(() -> client.get(url("/start"), 3)).as(target)
                        .isInstanceOf(BlockedDestinationException.class);
            }
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void getRefusesNonHttpUrlsAndBlockedHosts() {
        try (SafeHttpClient client = loopbackClient()) {
            for (String target : List.of("file:///etc/passwd", "gopher://127.0.0.1:70/", "http://169.254.169.254/")) {
                assertThatThrownBy(() -> client.get(URI.create(target), 3)).as(target)
                        .isInstanceOf(BlockedDestinationException.class);
            }
        }
        try (SafeHttpClient client = publicOnlyClient()) {
            assertThatThrownBy(() -> client.get(url("/image.png"), 3)).isInstanceOf(BlockedDestinationException.class);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void getReturnsAnErrorStatusAndARedirectWithoutLocation() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(404));
        server.enqueue(new MockResponse().setResponseCode(302));

        try (SafeHttpClient client = loopbackClient()) {
            try (SafeHttpClient.FetchResponse response = client.get(url("/missing"), 3)) {
                assertThat(response.status()).isEqualTo(404);
            }
            try (SafeHttpClient.FetchResponse response = client.get(url("/nowhere"), 3)) {
                assertThat(response.status()).isEqualTo(302);
            }
        }
    }

    @Test
    void getTimesOutOnASlowBodyAfterTheHeadersArrived() throws IOException {
        server.enqueue(new MockResponse().setBody("slow body").throttleBody(1, 1, TimeUnit.SECONDS));

        try (SafeHttpClient client = new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, SHORT_CALL_TIMEOUT);
                SafeHttpClient.FetchResponse response = client.get(url("/slow"), 3)) {
            assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(InterruptedIOException.class);
        }
    }

    @Test
    void getTimeoutCoversTheWholeRedirectChain() {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/next")
                .setHeadersDelay(200, TimeUnit.MILLISECONDS));
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/last")
                .setHeadersDelay(200, TimeUnit.MILLISECONDS));
        server.enqueue(new MockResponse().setBody("late"));

        try (SafeHttpClient client = new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, SHORT_CALL_TIMEOUT)) {
            assertThatThrownBy(() -> client.get(url("/first"), 3)).isInstanceOf(InterruptedIOException.class);
        }
    }

    private SafeHttpClient loopbackClient() {
        return new SafeHttpClient(loopbackAllowed, CONNECT_TIMEOUT, CALL_TIMEOUT);
    }

    private static SafeHttpClient publicOnlyClient() {
        return new SafeHttpClient(DestinationPolicy.publicOnly(), CONNECT_TIMEOUT, CALL_TIMEOUT);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }
}
