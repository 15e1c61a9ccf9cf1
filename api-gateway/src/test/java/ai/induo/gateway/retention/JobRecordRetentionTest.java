package ai.induo.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobFixtures;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.Api;
import ai.induo.gateway.usage.UsageAggregates;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Job records past {@code induo.gateway.retention.job-records} (90 days) are deleted, and {@code GET /v1/usage}
 * answers the same from the usage aggregates as it did from the records.
 */
@QuarkusTest
class JobRecordRetentionTest {

    private static final List<String> GROUPINGS = List.of("day", "status", "metadata.campaign_id");

    @Inject
    JobStore jobs;

    @Inject
    JobRecordSweeper sweeper;

    @Inject
    UsageAggregates aggregates;

    /** A day at noon UTC, 100 days ago: its jobs are past the retention. */
    private final Instant old = Instant.now().minus(Duration.ofDays(100)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
    private final String from = old.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).toString();
    private final String to = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS).toString();

    @Test
    void recordsPastTheirRetentionAreDeletedAndUsageAnswersTheSame() {
        Api.Account account = Api.signUp();
        Api.Account other = Api.signUp();
        List<Job> ended = List.of(
                succeeded(account, old, Map.of("campaign_id", "a", "shop", "x")),
                failed(account, old.plusSeconds(60), Map.of("campaign_id", "a")),
                succeeded(account, old.plus(Duration.ofDays(1)), Map.of("campaign_id", "b")),
                succeeded(account, old.plus(Duration.ofDays(1)), Map.of()),
                succeeded(other, old, Map.of("campaign_id", "a")));
        ended.forEach(jobs::insert);
        Job recent = succeeded(account, Instant.now().minus(Duration.ofHours(1)), Map.of("campaign_id", "a"));
        jobs.insert(recent);
        Map<String, List<Object>> before = usage(account);
        Map<String, List<Object>> otherBefore = usage(other);
        assertThat(before.get("metadata.campaign_id")).hasSize(3);

        assertThat(sweeper.sweep(Instant.now())).isGreaterThanOrEqualTo(ended.size());

        ended.forEach(job -> assertThat(jobs.find(job.id())).as(job.id()).isEmpty());
        assertThat(jobs.find(recent.id())).isPresent();
        assertThat(usage(account)).isEqualTo(before);
        assertThat(usage(other)).isEqualTo(otherBefore);
    }

    /**
     * A sweep that stopped after adding a job's figures, and one that added them twice, still count it once,
     * also while its record is still stored.
     */
    @Test
    void aReductionRepeatedAfterAStopCountsTheJobOnce() {
        Api.Account account = Api.signUp();
        Job job = succeeded(account, old, Map.of("campaign_id", "a"));
        jobs.insert(job);
        Map<String, List<Object>> before = usage(account);

        aggregates.add(job);
        aggregates.add(job);
        assertThat(usage(account)).isEqualTo(before);
        sweeper.reduce(job);

        assertThat(jobs.find(job.id())).isEmpty();
        assertThat(usage(account)).isEqualTo(before);
    }

    /** The {@code data} of the account's usage answer per grouping. */
    private Map<String, List<Object>> usage(Api.Account account) {
        return Map.of(GROUPINGS.get(0), data(account, GROUPINGS.get(0)), GROUPINGS.get(1), data(account, GROUPINGS.get(1)),
                GROUPINGS.get(2), data(account, GROUPINGS.get(2)));
    }

    private List<Object> data(Api.Account account, String groupBy) {
        return account.auth().queryParam("from", from).queryParam("to", to).queryParam("group_by", groupBy)
                .get("/v1/usage").then().statusCode(200).extract().jsonPath().getList("data");
    }

    private static Job succeeded(Api.Account owner, Instant at, Map<String, String> metadata) {
        return JobFixtures.aSucceededJob(at).toBuilder().accountId(owner.id()).metadata(metadata)
                .webhookUrl("https://hooks.example.com/induo").build();
    }

    private static Job failed(Api.Account owner, Instant at, Map<String, String> metadata) {
        return JobFixtures.aFailedJob(at).toBuilder().accountId(owner.id()).metadata(metadata).build();
    }
}
