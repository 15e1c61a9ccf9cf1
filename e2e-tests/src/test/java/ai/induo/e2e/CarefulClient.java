package ai.induo.e2e;

import static org.awaitility.Awaitility.await;

import ai.induo.common.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.PollInterval;

/**
 * The API client a careful customer writes: every creating request carries an
 * {@code Idempotency-Key} and is sent again, byte for byte, after a failed connection, a timeout, a
 * {@code 5xx}, a {@code 409} or a {@code 429}, waiting as {@code Retry-After} says and backing off
 * exponentially otherwise, until an answer it can act on comes or its deadline passes. Every answer
 * (and every missing one) is recorded with its time.
 */
final class CarefulClient {

    /**
     * How long a readiness check may take: without a database it answers once the driver gives up
     * selecting a server ({@code quarkus.mongodb.server-selection-timeout}, 5 s).
     */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than a submission may block on the broker's publish timeout or the database driver's server selection. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);
    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(250);
    /** The retry delay doubles this many times at most: 250 ms up to 4 s. */
    static final int BACKOFF_DOUBLINGS = 4;
    /** How long one operation is retried before the client gives up on it. */
    static final Duration OPERATION_DEADLINE = Duration.ofSeconds(90);
    static final int NO_ANSWER = 0;
    private static final int LIST_PAGE = 100;
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String JSON = "application/json";

    /** One answer, or its absence ({@link #NO_ANSWER}: refused connection, reset, timeout). */
    record Answer(Instant at, int status, String code, String retryAfter) {

        boolean retryable() {
            return status == NO_ANSWER || status >= 500 || status == 409 || status == 429;
        }

        /** {@code 503}, {@code 500}, … or {@code no answer}. */
        String label() {
            return status == NO_ANSWER ? "no answer" : status + (code == null ? "" : " " + code);
        }
    }

    /** An account made by sign-up, with its secrets. */
    record Account(String id, String apiKey, String webhookSecret) {
    }

    /** One job submission and what became of it. */
    static final class Submission {
        final int index;
        final Account account;
        final Instant firstSentAt;
        final List<Answer> answers = new ArrayList<>();
        String jobId;
        Instant answeredAt;
        Answer finalAnswer;
        boolean replayed;

        Submission(int index, Account account, Instant firstSentAt) {
            this.index = index;
            this.account = account;
            this.firstSentAt = firstSentAt;
        }

        boolean accepted() {
            return jobId != null;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    private final URI base;
    private final URI management;
    private final Queue<Answer> allAnswers = new ConcurrentLinkedQueue<>();

    /** A client of the API at {@code base} that checks readiness on the gateway's management interface. */
    CarefulClient(URI base, URI management) {
        this.base = base;
        this.management = management;
    }

    /** Every answer to an API request so far (retries included, health checks not), in no particular order. */
    List<Answer> answers() {
        return List.copyOf(allAnswers);
    }

    Account signUp(String name) {
        byte[] body = json(Map.of("name", name, "email", name + "-" + UUID.randomUUID() + "@example.com",
                "password", "a chaos-proof password " + UUID.randomUUID()));
        HttpResponse<String> response = carefully("sign-up of " + name, withKey(post("/v1/accounts", body)).build(),
                new ArrayList<>())
                .orElseThrow(() -> new IllegalStateException("sign-up of " + name + " got no answer"));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("sign-up of " + name + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode created = read(response.body());
        return new Account(created.path("account").path("id").asText(), created.path("api_key").asText(),
                created.path("webhook_secret").asText());
    }

    /** Submits a job (a JSON body) until an answer other than a retryable one comes; 202 makes it accepted. */
    Submission submit(Account account, int index, byte[] body) {
        Submission submission = new Submission(index, account, Instant.now());
        HttpRequest request = withKey(post("/v1/jobs", body)).header("Authorization", bearer(account)).build();
        Optional<HttpResponse<String>> answered = carefully("submission " + index, request, submission.answers);
        answered.ifPresent(response -> {
            submission.answeredAt = Instant.now();
            submission.finalAnswer = submission.answers.get(submission.answers.size() - 1);
            if (response.statusCode() == 202) {
                submission.jobId = read(response.body()).path("id").asText();
                submission.replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
            }
        });
        return submission;
    }

    /** Every job of the account, as {@code GET /v1/jobs} shows them. */
    List<JsonNode> jobs(Account account) {
        List<JsonNode> jobs = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            String query = "?limit=" + LIST_PAGE + (after == null ? "" : "&starting_after=" + encode(after));
            JsonNode page = getJson(account, "/v1/jobs" + query);
            page.path("data").forEach(jobs::add);
            more = page.path("has_more").asBoolean();
            after = jobs.isEmpty() ? null : jobs.get(jobs.size() - 1).path("id").asText();
        }
        return jobs;
    }

    /** True when the account has a job running now (one {@code GET /v1/jobs?status=running}, not retried). */
    boolean hasRunningJob(Account account) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/jobs?status=running&limit=1")).timeout(CONNECT_TIMEOUT)
                .header("Authorization", bearer(account)).GET().build();
        Sent sent = once(request);
        return sent.answer().status() == 200 && read(sent.response().body()).path("data").size() > 0;
    }

    /** The job's webhook deliveries with their attempts, for the evidence of a missing webhook. */
    JsonNode deliveries(Account account, String jobId) {
        return getJson(account, "/v1/webhook-deliveries?job_id=" + encode(jobId));
    }

    /** One {@code GET /v1/jobs?limit=1}, not retried: what a client sees at this moment. */
    Answer probe(Account account) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/jobs?limit=1")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", bearer(account)).GET().build();
        return once(request).answer();
    }

    /**
     * The status of {@code GET /q/health/ready} on the management port, or {@link #NO_ANSWER}; a health
     * check, so not among {@link #answers()}.
     */
    int readiness() {
        HttpRequest request = HttpRequest.newBuilder(management.resolve("health/ready")).timeout(HEALTH_TIMEOUT).GET().build();
        return send(request).answer().status();
    }

    private JsonNode getJson(Account account, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", bearer(account)).GET().build();
        HttpResponse<String> response = carefully("GET " + pathAndQuery, request, new ArrayList<>())
                .orElseThrow(() -> new IllegalStateException("GET " + pathAndQuery + " got no answer"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    /**
     * Sends the request until an answer that is not retryable comes, at most {@link #OPERATION_DEADLINE};
     * empty when the deadline passed first. Each answer is added to {@code answers}.
     */
    private Optional<HttpResponse<String>> carefully(String what, HttpRequest request, List<Answer> answers) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        AtomicReference<Instant> notBefore = new AtomicReference<>(Instant.MIN);
        PollInterval backoff = (count, previous) -> FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(count - 1, BACKOFF_DOUBLINGS));
        try {
            await(what).atMost(OPERATION_DEADLINE).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(backoff)
                    .until(() -> {
                        if (Instant.now().isBefore(notBefore.get())) {
                            return false;
                        }
                        Sent sent = once(request);
                        answers.add(sent.answer());
                        if (sent.answer().retryable()) {
                            notBefore.set(retryAfter(sent.answer()));
                            return false;
                        }
                        last.set(sent.response());
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
        return Optional.of(last.get());
    }

    private record Sent(Answer answer, HttpResponse<String> response) {
    }

    /** Sends the request once and records its answer among {@link #answers()}. */
    private Sent once(HttpRequest request) {
        Sent sent = send(request);
        allAnswers.add(sent.answer());
        return sent;
    }

    private Sent send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Sent(new Answer(Instant.now(), NO_ANSWER, e.getClass().getSimpleName(), null), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + request.uri(), e);
        }
        String code = null;
        if (response.statusCode() >= 400) {
            code = readQuietly(response.body()).map(problem -> problem.path("code").asText(null)).orElse(null);
        }
        return new Sent(new Answer(Instant.now(), response.statusCode(), code,
                response.headers().firstValue("Retry-After").orElse(null)), response);
    }

    private static Instant retryAfter(Answer answer) {
        if (answer.retryAfter() == null) {
            return Instant.MIN;
        }
        try {
            return answer.at().plusSeconds(Long.parseLong(answer.retryAfter().strip()));
        } catch (NumberFormatException e) {
            return Instant.MIN;
        }
    }

    private HttpRequest.Builder post(String path, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpRequest.Builder withKey(HttpRequest.Builder builder) {
        return builder.header(IDEMPOTENCY_KEY, UUID.randomUUID().toString());
    }

    private static String bearer(Account account) {
        return "Bearer " + account.apiKey();
    }

    /** A job submission body: the images inline as base64, the webhook and metadata given. */
    static byte[] jobBody(byte[] person, byte[] product, String webhookUrl, Map<String, String> metadata) {
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, Object> job = new HashMap<>(Map.of("person_image", base64.encodeToString(person),
                "product_images", List.of(Map.of("data", base64.encodeToString(product))),
                "metadata", metadata));
        if (webhookUrl != null) {
            job.put("webhook_url", webhookUrl);
        }
        return json(job);
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    private static Optional<JsonNode> readQuietly(String body) {
        try {
            return Optional.of(Json.mapper().readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
