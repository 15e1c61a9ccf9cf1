package ai.induo.gateway.rest;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.json.Json;
import ai.induo.gateway.Api;
import ai.induo.gateway.RawHttpExchange;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.limit.StreamSlots;
import com.mongodb.client.model.Updates;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The long-polls and event streams an account holds open at once, on a plan that allows
 * {@value LimitsTest#MAX_STREAMS}: past it both are refused with {@code 429 too_many_streams}, other
 * accounts are unaffected, and a stream frees its slot when it ends or its client goes away. Held
 * requests go out on connections of their own, closed by the test.
 */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
class StreamLimitsTest {

    /** Longer than any wait a test needs, so a held long-poll only ends when the test ends it. */
    private static final int LONG_WAIT_SECONDS = 60;
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @TestHTTPResource("/v1/jobs/")
    URI jobsUri;

    @Inject
    AccountRepository accounts;

    @Inject
    StreamSlots slots;

    private Api.Account account;
    private String job;

    @BeforeEach
    void anAccountWithAQueuedJob() {
        account = onFewStreams(Api.signUp());
        job = submit(account);
    }

    @Test
    void longPollsAndEventStreamsTogetherAreCappedPerAccount() throws IOException {
        try (RawHttpExchange poll = longPoll(); RawHttpExchange stream = eventStream()) {
            awaitHeld(LimitsTest.MAX_STREAMS);

            assertTooManyStreams(account.auth().accept("text/event-stream").get("/v1/jobs/" + job + "/events"));
            assertTooManyStreams(account.auth().get("/v1/jobs/" + job + "?wait=" + LONG_WAIT_SECONDS));
            account.auth().get("/v1/jobs/" + job).then().statusCode(200);
            account.auth().get("/v1/jobs/" + job + "?wait=0").then().statusCode(200);

            Api.Account other = onFewStreams(Api.signUp());
            other.auth().get("/v1/jobs/" + submit(other) + "?wait=1").then().statusCode(200);
        }
    }

    @Test
    void aStreamOrALongPollWhoseClientGoesAwayFreesItsSlot() throws IOException {
        try (RawHttpExchange poll = longPoll()) {
            RawHttpExchange stream = eventStream();
            awaitHeld(LimitsTest.MAX_STREAMS);
            assertTooManyStreams(account.auth().get("/v1/jobs/" + job + "?wait=1"));

            stream.close();
            awaitHeld(1);
            account.auth().get("/v1/jobs/" + job + "?wait=1").then().statusCode(200);

            poll.close();
            awaitHeld(0);
        }
    }

    @Test
    void aStreamAndALongPollFreeTheirSlotsWhenTheJobEnds() throws IOException {
        try (RawHttpExchange poll = longPoll(); RawHttpExchange stream = eventStream()) {
            awaitHeld(LimitsTest.MAX_STREAMS);

            account.auth().post("/v1/jobs/" + job + "/cancel").then().statusCode(200);

            RawHttpExchange.Answer polled = poll.answer();
            assertThat(polled.status()).isEqualTo(200);
            assertThat(Json.mapper().readTree(polled.body()).path("status").asText()).isEqualTo("cancelled");
            assertThat(stream.answer().body()).containsPattern("event: ?job\\.cancelled");
            awaitHeld(0);
        }
        try (RawHttpExchange again = eventStream()) {
            assertThat(again.answer().status()).isEqualTo(200);
        }
    }

    private void awaitHeld(int streams) {
        await().atMost(WITHIN).until(() -> slots.heldBy(account.id()) == streams);
    }

    private Api.Account onFewStreams(Api.Account owner) {
        accounts.mongoCollection().updateOne(eq("_id", owner.id()), Updates.set("plan", LimitsTest.FEW_STREAMS_PLAN));
        return owner;
    }

    private RawHttpExchange longPoll() throws IOException {
        return RawHttpExchange.start(jobsUri.resolve(job + "?wait=" + LONG_WAIT_SECONDS), "GET",
                Map.of("Authorization", "Bearer " + account.apiKey()), READ_TIMEOUT);
    }

    private RawHttpExchange eventStream() throws IOException {
        return RawHttpExchange.start(jobsUri.resolve(job + "/events"), "GET",
                Map.of("Authorization", "Bearer " + account.apiKey(), "Accept", "text/event-stream"), READ_TIMEOUT);
    }

    private static String submit(Api.Account owner) {
        return Api.sampleJob(owner).post("/v1/jobs").then().statusCode(202).extract().path("id");
    }

    private static void assertTooManyStreams(Response refused) {
        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "5");
        assertThat(refused.<String>path("code")).isEqualTo("too_many_streams");
    }
}
