package ai.induo.e2e;

import ai.induo.common.json.Json;
import ai.induo.common.webhook.WebhookHeaders;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.common.webhook.WebhookVerificationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A customer's webhook receiver on loopback that answers {@code 204} to every call and records when
 * each arrived, its {@code webhook-id}, event type and job, and whether its signature verifies with
 * the secret of the account the path belongs to.
 */
final class WebhookRecorder implements AutoCloseable {

    private static final int THREADS = 8;
    private static final int NO_CONTENT = 204;

    /** One webhook call as received. */
    record Arrival(String path, String webhookId, String eventType, String jobId, String jobStatus, Instant at,
            boolean signatureValid) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

    private WebhookRecorder(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static WebhookRecorder start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        WebhookRecorder recorder = new WebhookRecorder(server, executor);
        server.createContext("/", recorder::record);
        server.setExecutor(executor);
        server.start();
        return recorder;
    }

    /** The URL of {@code path}, whose calls must be signed with {@code secret}. */
    String url(String path, String secret) {
        secrets.put(path, secret);
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    int count() {
        return arrivals.size();
    }

    /** The arrivals by job id, each job's in arrival order. */
    Map<String, List<Arrival>> byJob() {
        return arrivals.stream().collect(Collectors.groupingBy(Arrival::jobId));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void record(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        String path = exchange.getRequestURI().getPath();
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode event = Json.mapper().readTree(body);
        List<String> ids = headers.getOrDefault(WebhookHeaders.ID, List.of());
        arrivals.add(new Arrival(path, ids.isEmpty() ? null : ids.get(0), event.path("type").asText(null),
                event.path("data").path("id").asText(null), event.path("data").path("status").asText(null), at,
                verifies(path, headers, body)));
        exchange.sendResponseHeaders(NO_CONTENT, -1);
        exchange.close();
    }

    private boolean verifies(String path, Map<String, List<String>> headers, String body) {
        String secret = secrets.get(path);
        if (secret == null) {
            return false;
        }
        try {
            WebhookSigner.verify(secret, headers, body);
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }
}
