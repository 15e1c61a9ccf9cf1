package ai.induo.bench.platform;

import ai.induo.bench.floor.JobInputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The bench as an API customer, through the JDK HTTP client: one account, then jobs submitted as
 * {@code multipart/form-data} like {@code ./induo demo}, and followed with the long-poll
 * {@code GET /v1/jobs/{id}?wait=30}, which the gateway answers when a job event says the job is
 * final (no client-side polling interval).
 */
public final class ApiClient {

    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled", "expired");
    private static final String BOUNDARY = "induo-bench-7d1f0c";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int LONG_POLL_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String apiKey;
    private final byte[] jobBody;

    private ApiClient(URI base, String apiKey, byte[] jobBody) {
        this.base = base;
        this.apiKey = apiKey;
        this.jobBody = jobBody;
    }

    /** Creates an account through {@code POST /v1/accounts} and submits as it from then on. */
    public static ApiClient forNewAccount(URI base, JobInputs inputs) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long now = System.currentTimeMillis();
        String body = JSON.writeValueAsString(Map.of("name", "Bench", "email", "bench-" + now + "@example.com",
                "password", "bench password " + now));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/v1/accounts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 200) {
            throw new IOException("creating the bench account answered " + created.statusCode() + ": " + created.body());
        }
        return new ApiClient(base, JSON.readTree(created.body()).path("api_key").asText(), multipart(inputs));
    }

    /** Submits one job; completes with its id, or fails with the answer when it is not {@code 202}. */
    public CompletableFuture<String> submit() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/jobs"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(jobBody)).timeout(REQUEST_TIMEOUT).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 202) {
                throw new RejectedSubmission(response.statusCode(), response.body());
            }
            return field(response.body(), "id");
        });
    }

    /** Long-polls the job until its status is final; completes with that status. */
    public CompletableFuture<String> awaitTerminal(String jobId) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId + "?wait=" + LONG_POLL_SECONDS))
                .header("Authorization", "Bearer " + apiKey).GET().timeout(REQUEST_TIMEOUT).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/jobs/" + jobId + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            String status = field(response.body(), "status");
            return TERMINAL.contains(status) ? CompletableFuture.completedFuture(status) : awaitTerminal(jobId);
        });
    }

    private static String field(String json, String name) {
        try {
            JsonNode value = JSON.readTree(json).path(name);
            if (!value.isTextual()) {
                throw new IllegalStateException("no '" + name + "' in the answer: " + json);
            }
            return value.asText();
        } catch (IOException e) {
            throw new IllegalStateException("the gateway answered with something that is not JSON: " + json, e);
        }
    }

    /** The same body for every job: the two images as parts, like {@code ./induo demo}. */
    static byte[] multipart(JobInputs inputs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, "person_image", "person.png", inputs.person());
        part(body, "product_images", "product.png", inputs.product());
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static void part(ByteArrayOutputStream body, String name, String fileName, byte[] png) {
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(png);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** A submission the gateway did not accept (429, 503, …), with its answer. */
    static final class RejectedSubmission extends RuntimeException {

        RejectedSubmission(int status, String body) {
            super("POST /v1/jobs answered " + status + ": " + body);
        }
    }
}
