package ai.induo.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A customer's webhook receiver on loopback: every path answers the status set for it (204 unless
 * told otherwise), records each request, and a path may be told to hold its answer, as a stuck
 * server does, until the receiver closes.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** Longest a held answer waits before the receiver gives up on the test. */
    private static final Duration MAX_HOLD = Duration.ofSeconds(30);

    /** One request as received: its path, headers (names lower-cased) and body. */
    public record Received(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, Integer> failuresFirst = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, Boolean> held = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            receiver.received.add(new Received(path, headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            if (receiver.held.containsKey(path)) {
                try {
                    receiver.closing.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String location = receiver.redirects.get(path);
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            int failures = receiver.failuresFirst.merge(path, -1, Integer::sum);
            int status = failures >= 0 ? 500 : receiver.statuses.getOrDefault(path, 204);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return receiver;
    }

    /** The URL of {@code path} on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** {@code path} answers {@code status} from now on. */
    public WebhookReceiver answer(String path, int status) {
        statuses.put(path, status);
        return this;
    }

    /** {@code path} answers 500 to its next {@code count} requests, then as set. */
    public WebhookReceiver failFirst(String path, int count) {
        failuresFirst.put(path, count);
        return this;
    }

    /** {@code path} answers {@code 302} to {@code location}. */
    public WebhookReceiver redirect(String path, String location) {
        redirects.put(path, location);
        statuses.put(path, 302);
        return this;
    }

    /** {@code path} holds every answer until the receiver closes. */
    public WebhookReceiver hold(String path) {
        held.put(path, true);
        return this;
    }

    /** The requests to {@code path}, in arrival order. */
    public List<Received> at(String path) {
        List<Received> matching = new ArrayList<>();
        for (Received request : received) {
            if (request.path().equals(path)) {
                matching.add(request);
            }
        }
        return matching;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
