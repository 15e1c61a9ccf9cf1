package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.json.Json;
import ai.induo.gateway.Api;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobError;
import ai.induo.common.job.JobFixtures;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.usage.UsageRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Usage totals of the caller's jobs, grouped by day, status or a metadata key. */
@QuarkusTest
class UsageTest {

    private static final Duration EARLIER = Duration.ofDays(2);

    @Inject
    JobStore jobs;

    private Api.Account account;
    private Instant from;
    private Instant to;
    private String movedDay;
    private String today;

    /**
     * Four jobs: two of campaign a (one succeeded with two outputs in 5 s, one failed after 3 s), one of
     * campaign b (succeeded with one output in 7 s, created two days earlier) and one without metadata
     * left queued; another account has a succeeded job of campaign a.
     */
    @BeforeEach
    void createJobs() {
        account = Api.signUp();
        Instant now = Instant.now();
        from = now.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        to = now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        today = now.atOffset(ZoneOffset.UTC).toLocalDate().toString();

        succeed(submit(account, "a"), 2, Duration.ofSeconds(5));
        fail(submit(account, "a"), Duration.ofSeconds(3));
        Instant movedCreatedAt = now.minus(EARLIER);
        Job moved = JobFixtures.aSucceededJob(movedCreatedAt.plusSeconds(8)).toBuilder()
                .accountId(account.id())
                .metadata(Map.of("campaign_id", "b"))
                .createdAt(movedCreatedAt)
                .startedAt(movedCreatedAt)
                .finishedAt(movedCreatedAt.plusSeconds(7))
                .build();
        jobs.insert(moved);
        movedDay = movedCreatedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString();
        submit(account, null);

        Api.Account other = Api.signUp();
        succeed(submit(other, "a"), 4, Duration.ofSeconds(60));
    }

    @Test
    void groupsByStatusWithJobCountsOutputsAndModelSeconds() {
        JsonPath usage = usage("group_by", "status");
        assertThat(usage.getString("object")).isEqualTo("usage");
        assertThat(usage.getString("group_by")).isEqualTo("status");
        assertThat(Instant.parse(usage.getString("from"))).isEqualTo(from);
        assertThat(Instant.parse(usage.getString("to"))).isEqualTo(to);
        assertThat(usage.getList("data.group")).containsExactly("failed", "queued", "succeeded");
        assertGroup(usage, 0, Map.of("failed", 1), 0, 3);
        assertGroup(usage, 1, Map.of("queued", 1), 0, 0);
        assertGroup(usage, 2, Map.of("succeeded", 2), 3, 12);
    }

    @Test
    void groupsByUtcDayOfCreation() {
        JsonPath usage = usage("group_by", "day");
        assertThat(usage.getList("data.group")).containsExactly(movedDay, today);
        assertGroup(usage, 0, Map.of("succeeded", 1), 1, 7);
        assertGroup(usage, 1, Map.of("succeeded", 1, "failed", 1, "queued", 1), 2, 8);
    }

    @Test
    void groupsByAMetadataValueWithJobsLackingTheKeyUnderNull() {
        JsonPath usage = usage("group_by", "metadata.campaign_id");
        assertThat(usage.getList("data.group")).containsExactly(null, "a", "b");
        assertThat(usage.getBoolean("has_more")).isFalse();
        assertGroup(usage, 0, Map.of("queued", 1), 0, 0);
        assertGroup(usage, 1, Map.of("succeeded", 1, "failed", 1), 2, 8);
        assertGroup(usage, 2, Map.of("succeeded", 1), 1, 7);
    }

    /**
     * Past {@value UsageRepository#MAX_GROUPS} groups the answer is cut and says so; the next page starts
     * after the last group. Jobs are stored in shuffled order, and two groups (one on each side of the cut)
     * have a second job stored before all the others: each group is counted whole, on one page only, also
     * the one held at first and dropped once earlier groups filled the page.
     */
    @Test
    void groupingByAMetadataKeyStopsAtAThousandGroupsAndTheNextPageStartsAfterTheLastOne() {
        Api.Account busy = Api.signUp();
        int distinct = UsageRepository.MAX_GROUPS + 5;
        List<String> shoppers = new ArrayList<>(IntStream.range(0, distinct).mapToObj(UsageTest::shopper).toList());
        Collections.shuffle(shoppers, new Random(11));
        shoppers.add(0, shopper(UsageRepository.MAX_GROUPS - 2));
        shoppers.add(0, shopper(distinct - 1));
        Instant at = Instant.now();
        shoppers.forEach(shopper -> jobs.insert(succeededJob(busy, at, Map.of("shopper_id", shopper))));
        jobs.insert(succeededJob(busy, at, Map.of()));

        JsonPath first = busy.auth().queryParam("group_by", "metadata.shopper_id").get("/v1/usage")
                .then().statusCode(200).extract().jsonPath();
        List<String> firstGroups = first.getList("data.group");
        assertThat(first.getBoolean("has_more")).isTrue();
        assertThat(firstGroups).hasSize(UsageRepository.MAX_GROUPS).startsWith(null, shopper(0))
                .endsWith(shopper(UsageRepository.MAX_GROUPS - 2));
        assertThat(first.getInt("data[" + (UsageRepository.MAX_GROUPS - 1) + "].jobs.total")).isEqualTo(2);

        JsonPath next = busy.auth().queryParam("group_by", "metadata.shopper_id")
                .queryParam("starting_after", firstGroups.get(firstGroups.size() - 1)).get("/v1/usage")
                .then().statusCode(200).extract().jsonPath();
        assertThat(next.getBoolean("has_more")).isFalse();
        assertThat(next.getList("data.group", String.class)).containsExactlyElementsOf(IntStream
                .range(UsageRepository.MAX_GROUPS - 1, distinct).mapToObj(UsageTest::shopper).toList());
        assertThat(next.getInt("data[5].jobs.total")).isEqualTo(2);
    }

    @Test
    void countsOnlyJobsCreatedInTheWindow() {
        JsonPath usage = account.auth().queryParam("from", Instant.now().minus(Duration.ofDays(1)).toString())
                .queryParam("to", to.toString()).queryParam("group_by", "status")
                .get("/v1/usage").then().statusCode(200).extract().jsonPath();
        assertGroup(usage, 2, Map.of("succeeded", 1), 2, 5);
    }

    @Test
    void defaultsToTheLastThirtyDaysByDay() {
        JsonPath usage = account.auth().get("/v1/usage").then().statusCode(200).extract().jsonPath();
        assertThat(usage.getString("group_by")).isEqualTo("day");
        assertThat(Duration.between(Instant.parse(usage.getString("from")), Instant.parse(usage.getString("to"))))
                .isEqualTo(Duration.ofDays(30));
        assertThat(usage.getList("data.group")).containsExactly(movedDay, today);
    }

    @Test
    void malformedParametersAreInvalidRequests() {
        String longKey = "metadata." + "k".repeat(41);
        List<Map<String, String>> bad = List.of(
                Map.of("group_by", "week"), Map.of("group_by", "metadata."), Map.of("group_by", "metadata.a.b"),
                Map.of("group_by", "metadata.$where"), Map.of("group_by", longKey),
                Map.of("from", "yesterday"), Map.of("from", to.toString(), "to", to.toString()),
                Map.of("from", to.toString(), "to", from.toString()),
                Map.of("from", "2025-01-01T00:00:00Z", "to", "2026-01-03T00:00:00Z"),
                Map.of("page", "2"), Map.of("starting_after", "s".repeat(501)));
        for (Map<String, String> parameters : bad) {
            account.auth().queryParams(parameters).get("/v1/usage").then().statusCode(400)
                    .body("code", equalTo("invalid_request"));
        }
        account.auth().queryParam("group_by", "metadata." + "k".repeat(40)).get("/v1/usage").then().statusCode(200);
    }

    @Test
    void needsTheAccountAdminScope() {
        Api.bearer(Api.createKey(account, "jobs:read")).get("/v1/usage").then().statusCode(403)
                .body("code", equalTo("insufficient_scope"));
    }

    private JsonPath usage(String name, String value) {
        return account.auth().queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam(name, value).get("/v1/usage").then().statusCode(200).extract().jsonPath();
    }

    private static void assertGroup(JsonPath usage, int index, Map<String, Integer> jobs, int outputImages,
            double modelSeconds) {
        String at = "data[" + index + "].";
        for (String status : List.of("queued", "running", "succeeded", "failed", "cancelled", "expired")) {
            assertThat(usage.getInt(at + "jobs." + status)).as(status).isEqualTo(jobs.getOrDefault(status, 0));
        }
        assertThat(usage.getInt(at + "jobs.total")).isEqualTo(jobs.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(usage.getInt(at + "output_images")).isEqualTo(outputImages);
        assertThat(usage.getDouble(at + "model_seconds")).isCloseTo(modelSeconds, within(0.001));
    }

    private static String shopper(int n) {
        return String.format("shopper-%05d", n);
    }

    private static Job succeededJob(Api.Account owner, Instant at, Map<String, String> metadata) {
        return JobFixtures.aSucceededJob(at).toBuilder().accountId(owner.id()).metadata(metadata).build();
    }

    private static String submit(Api.Account owner, String campaign) {
        var request = Api.sampleJob(owner);
        if (campaign != null) {
            request.multiPart("metadata", Json.mapper().valueToTree(Map.of("campaign_id", campaign)).toString());
        }
        return request.post("/v1/jobs").then().statusCode(202).extract().path("id");
    }

    /** What a worker does on success, with {@code outputs} output images after {@code took}. */
    private void succeed(String id, int outputs, Duration took) {
        Instant started = Instant.now();
        Job running = jobs.claim(id, "test-worker", started, Duration.ofMinutes(1)).orElseThrow();
        List<JobImage> images = IntStream.range(0, outputs).mapToObj(index -> new JobImage(JobImage.Role.OUTPUT,
                JobImages.outputKey(running.accountId(), id, index), JobImages.OUTPUT_CONTENT_TYPE, 32, 32, 100)).toList();
        jobs.succeed(running, images, started.plus(took)).orElseThrow();
    }

    /** What a worker does when the attempt fails for good, after {@code took}. */
    private void fail(String id, Duration took) {
        Instant started = Instant.now();
        Job running = jobs.claim(id, "test-worker", started, Duration.ofMinutes(1)).orElseThrow();
        jobs.failAttempt(running, new JobError(running.attempt(), "model_error", "the model failed", started.plus(took)),
                started.plus(took), Optional.empty()).orElseThrow();
    }
}
