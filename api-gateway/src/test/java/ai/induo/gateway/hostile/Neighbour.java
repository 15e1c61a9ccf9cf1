package ai.induo.gateway.hostile;

import ai.induo.gateway.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another tenant going about its business while a test runs: it polls its own job and its account
 * in the background and notes every answer that is not {@code 200}, and every request that got no
 * answer at all. It has its own HTTP client, as RestAssured's settings change from test to test.
 */
final class Neighbour implements AutoCloseable {

    /** Longest one poll may wait for its answer. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    /** Longest a poll in flight may take to finish once the neighbour is stopped. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);

    /** What the neighbour saw: how many requests were answered {@code 200}, and what went wrong. */
    record Record(int served, List<String> failures) {
    }

    private final Api.Account account;
    private final List<URI> polled;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    private Neighbour(Api.Account account, List<URI> polled) {
        this.account = account;
        this.polled = polled;
    }

    /** Submits a job for {@code account}, then polls it and the account, at {@code base}, every {@code every}. */
    static Neighbour start(Api.Account account, URI base, Duration every) {
        String jobId = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        Neighbour neighbour = new Neighbour(account, List.of(base.resolve("/v1/jobs/" + jobId), base.resolve("/v1/account")));
        neighbour.poller.scheduleWithFixedDelay(neighbour::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return neighbour;
    }

    Api.Account account() {
        return account;
    }

    /** Stops polling and waits for a poll in flight; what was seen. */
    Record stop() {
        poller.shutdown();
        try {
            if (!poller.awaitTermination(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                failures.add("a poll was still waiting for its answer after " + STOP_WITHIN.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Record(served.get(), List.copyOf(failures));
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void poll() {
        for (URI uri : polled) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + account.apiKey())
                    .timeout(ANSWER_WITHIN)
                    .GET()
                    .build();
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    served.incrementAndGet();
                } else {
                    failures.add("GET " + uri.getPath() + " answered " + answer.statusCode() + ": " + answer.body());
                }
            } catch (IOException e) {
                failures.add("GET " + uri.getPath() + " got no answer: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
