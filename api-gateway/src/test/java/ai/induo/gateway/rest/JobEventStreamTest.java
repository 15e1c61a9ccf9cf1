package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import ai.induo.gateway.Api;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobError;
import ai.induo.common.job.JobErrorCode;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.ActingWorker;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/jobs/{id}/events} and the queue position, with the worker played by the test. */
@QuarkusTest
class JobEventStreamTest {

    private static final Duration STREAM_WAIT = Duration.ofSeconds(20);

    @Inject
    JobStore jobs;

    @Inject
    ActingWorker worker;

    @Inject
    JobEventBus events;

    @TestHTTPResource("/v1/jobs/")
    URI jobsUri;

    private final HttpClient http = HttpClient.newHttpClient();
    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void aQueuedJobsStreamSendsItsStatusThenEveryChangeAndEndsWhenItSucceeds() throws Exception {
        String id = submit();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        HttpResponse<Stream<String>> response = open(id, account.apiKey());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> response.body().forEach(lines::add));

        await().atMost(STREAM_WAIT).until(() -> values(lines, "event").contains("job.queued"));
        Job running = worker.claim(id);
        await().atMost(STREAM_WAIT).until(() -> values(lines, "event").contains("job.running"));
        assertThat(ended).isNotDone();

        jobs.succeed(running, List.of(), Instant.now()).orElseThrow();
        events.publish(JobEvent.of(id, account.id(), JobStatus.SUCCEEDED, Instant.now()));
        ended.get(STREAM_WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(values(lines, "event")).containsExactly("job.queued", "job.running", "job.succeeded");
        assertThat(values(lines, "id")).containsExactly("0", "1", "2");
        List<String> data = values(lines, "data");
        assertThat(data.get(0)).contains("\"id\":\"" + id + "\"").contains("\"status\":\"queued\"").containsPattern("\"queue_position\":[1-9]");
        assertThat(data.get(2)).contains("\"status\":\"succeeded\"").contains("\"queue_position\":null");
    }

    @Test
    void changesInQuickSuccessionWithOnlyTheLastAnnouncedAreEachSentAsTheJobWasThen() throws Exception {
        String id = submit();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        HttpResponse<Stream<String>> response = open(id, account.apiKey());
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
        await().atMost(STREAM_WAIT).until(() -> values(lines, "event").contains("job.queued"));

        Instant now = Instant.now();
        Job first = jobs.claim(id, "test-worker", now, Duration.ofMinutes(1)).orElseThrow();
        Job retried = jobs.failAttempt(first, new JobError(1, JobErrorCode.STORAGE_ERROR, "storage failed", now), now,
                Optional.of(now)).orElseThrow();
        Job second = jobs.claim(retried.id(), "test-worker", now, Duration.ofMinutes(1)).orElseThrow();
        jobs.succeed(second, List.of(), now).orElseThrow();
        events.publish(JobEvent.of(id, account.id(), JobStatus.SUCCEEDED, now));
        ended.get(STREAM_WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(values(lines, "event"))
                .containsExactly("job.queued", "job.running", "job.queued", "job.running", "job.succeeded");
        assertThat(values(lines, "id")).containsExactly("0", "1", "2", "3", "4");
        List<String> data = values(lines, "data");
        assertThat(data.get(1)).contains("\"status\":\"running\"").contains("\"attempts\":1");
        assertThat(data.get(2)).contains("\"status\":\"queued\"").contains("\"attempts\":1");
        assertThat(data.get(3)).contains("\"status\":\"running\"").contains("\"attempts\":2");
        assertThat(data.get(4)).contains("\"status\":\"succeeded\"").contains("\"attempts\":2");
    }

    @Test
    void aFinishedJobsStreamSendsItOnceAndEnds() throws Exception {
        String id = submit();
        account.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(200);

        HttpResponse<Stream<String>> response = open(id, account.apiKey());
        List<String> lines = response.body().toList();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(values(lines, "event")).containsExactly("job.cancelled");
        assertThat(values(lines, "data")).singleElement().asString().contains("\"status\":\"cancelled\"");
    }

    @Test
    void anotherAccountsJobIsNotFoundBeforeAnyStream() throws Exception {
        String id = submit();
        Api.Account other = Api.signUp();

        HttpResponse<String> response = http.send(request(id, other.apiKey()), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"not_found\"");
    }

    @Test
    void aStreamWithoutAnApiKeyIsUnauthorized() throws Exception {
        String id = submit();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(jobsUri.resolve(id + "/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"unauthorized\"");
    }

    @Test
    void aQueuedJobShowsItsQueuePositionWhichMovesUpAsJobsAheadLeaveTheQueue() {
        String first = submit();
        String second = submit();
        long firstPosition = position(first);
        long secondPosition = position(second);
        assertThat(firstPosition).isPositive();
        assertThat(secondPosition).isEqualTo(firstPosition + 1);

        worker.claim(first);

        account.auth().get("/v1/jobs/" + first).then().statusCode(200)
                .body("status", equalTo("running")).body("queue_position", nullValue());
        assertThat(position(second)).isEqualTo(secondPosition - 1);
        account.auth().get("/v1/jobs?status=queued").then().statusCode(200)
                .body("data[0].id", equalTo(second)).body("data[0].queue_position", nullValue());
    }

    private long position(String id) {
        Number position = account.auth().get("/v1/jobs/" + id).then().statusCode(200)
                .body("status", equalTo("queued")).extract().path("queue_position");
        return position.longValue();
    }

    private String submit() {
        return Api.sampleJob(account).post("/v1/jobs").then().statusCode(202)
                .body("queue_position", notNullValue())
                .extract().path("id");
    }

    private HttpResponse<Stream<String>> open(String id, String apiKey) throws IOException, InterruptedException {
        return http.send(request(id, apiKey), HttpResponse.BodyHandlers.ofLines());
    }

    private HttpRequest request(String id, String apiKey) {
        return HttpRequest.newBuilder(jobsUri.resolve(id + "/events"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .build();
    }

    /** The values of one SSE field, in order ("name:value" or "name: value"). */
    private static List<String> values(List<String> lines, String field) {
        List<String> values = new ArrayList<>();
        synchronized (lines) {
            for (String line : lines) {
                if (line.startsWith(field + ":")) {
                    String value = line.substring(field.length() + 1);
                    values.add(value.startsWith(" ") ? value.substring(1) : value);
                }
            }
        }
        return values;
    }
}
