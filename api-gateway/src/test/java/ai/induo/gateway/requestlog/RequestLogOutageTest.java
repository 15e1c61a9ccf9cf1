package ai.induo.gateway.requestlog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.id.Ids;
import ai.induo.gateway.Outages;
import ai.induo.testing.MongoTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request log through a database outage: entries of requests answered while the database is
 * down are held in memory and stored once it is back; what does not fit the buffer
 * ({@value Outages#REQUEST_LOG_BUFFER} entries here) is counted in
 * {@code induo.requests.log.dropped}, never lost without a trace.
 *
 * <p>The requests are unauthenticated ({@code 401}, answered without the database), each with a
 * body of its own size, so the stored entries show by their {@code requestBytes} which requests
 * they are.
 */
@QuarkusTest
@TestProfile(Outages.class)
class RequestLogOutageTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String ROUTE = "/v1/api-keys";
    private static final int UNAUTHORIZED = 401;

    @Inject
    RequestLogRepository logs;

    @Inject
    RequestLogWriter writer;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void bufferIsEmpty() {
        await().atMost(SETTLE).until(() -> buffered() == 0);
    }

    @Test
    void requestsAnsweredWhileTheDatabaseIsDownAreLoggedOnceItReturns() {
        List<Long> sizes = sizes(1_000, 5);
        double droppedBefore = dropped();
        MongoTestResource.stopServer();
        try {
            sizes.forEach(RequestLogOutageTest::unauthenticatedRequest);
            await().atMost(SETTLE).until(() -> buffered() == sizes.size());
        } finally {
            MongoTestResource.restartServer();
        }

        await().atMost(SETTLE).until(() -> buffered() == 0);
        assertThat(stored(sizes)).as("each entry stored once").containsExactlyInAnyOrderElementsOf(sizes);
        assertThat(dropped()).isEqualTo(droppedBefore);
    }

    @Test
    void whatDoesNotFitTheBufferIsCountedAndTheOldestEntriesAreKept() {
        List<Long> sizes = sizes(2_000, Outages.REQUEST_LOG_BUFFER + 3);
        double droppedBefore = dropped();
        MongoTestResource.stopServer();
        try {
            sizes.forEach(RequestLogOutageTest::unauthenticatedRequest);
            await().atMost(SETTLE).until(() -> dropped() - droppedBefore == 3);
            assertThat(buffered()).isEqualTo(Outages.REQUEST_LOG_BUFFER);
        } finally {
            MongoTestResource.restartServer();
        }

        await().atMost(SETTLE).until(() -> buffered() == 0);
        assertThat(stored(sizes)).containsExactlyInAnyOrderElementsOf(sizes.subList(0, Outages.REQUEST_LOG_BUFFER));
        assertThat(dropped() - droppedBefore).isEqualTo(3);
    }

    @Test
    void anEntryStoredByAWriteThatFailedPartWayIsNotStoredTwiceAndDoesNotHoldBackTheRest() {
        List<Long> sizes = sizes(3_000, 2);
        RequestLogEntity alreadyStored = entry(sizes.get(0));
        logs.persist(alreadyStored);
        double droppedBefore = dropped();

        writer.submit(alreadyStored);
        writer.submit(entry(sizes.get(1)));

        await().atMost(SETTLE).until(() -> buffered() == 0);
        assertThat(stored(sizes)).containsExactlyInAnyOrderElementsOf(sizes);
        assertThat(dropped()).isEqualTo(droppedBefore);
    }

    private static List<Long> sizes(long first, int count) {
        return IntStream.range(0, count).mapToObj(i -> first + i).toList();
    }

    private static void unauthenticatedRequest(long bodyBytes) {
        given().contentType("application/json").body("x".repeat((int) bodyBytes))
                .post(ROUTE).then().statusCode(UNAUTHORIZED);
    }

    private static RequestLogEntity entry(long requestBytes) {
        Instant now = Instant.now();
        RequestLogEntity entry = new RequestLogEntity();
        entry.id = Ids.newId(RequestLogEntity.ID_PREFIX, now);
        entry.createdAt = now;
        entry.method = "POST";
        entry.route = ROUTE;
        entry.status = UNAUTHORIZED;
        entry.requestBytes = requestBytes;
        return entry;
    }

    /** The {@code requestBytes} of the stored entries of refused key creations with one of these sizes, one per entry. */
    private List<Long> stored(List<Long> sizes) {
        return logs.list("route = ?1 and status = ?2 and requestBytes in ?3", ROUTE, UNAUTHORIZED, sizes).stream()
                .map(entry -> entry.requestBytes).toList();
    }

    private double buffered() {
        return meters.get(RequestLogWriter.BUFFERED_METER).gauge().value();
    }

    private double dropped() {
        return meters.get(RequestLogWriter.DROPPED_METER).counter().count();
    }
}
