package ai.induo.gateway.scaling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobFixtures;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaling signal as a scraper reads it on the management port. Each test queues jobs of a
 * model of its own, so the jobs other tests leave queued do not count, and ends them afterwards.
 */
@QuarkusTest
class QueueDepthTest {

    private static final String WORKER = "scaling-test-worker";

    @Inject
    QueueDepth depth;

    @Inject
    JobStore jobs;

    @Inject
    MeterRegistry registry;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    private final List<Job> inserted = new ArrayList<>();

    @AfterEach
    void endTheJobs() {
        for (Job job : inserted) {
            jobs.find(job.id()).filter(current -> !current.status().isTerminal())
                    .ifPresent(current -> jobs.cancel(current, clock.instant()));
        }
    }

    @Test
    void queuedJobsCountPerModelUntilAWorkerClaimsThemAndTheOldestAgeIsTheirsSinceSubmission() {
        String model = "scaling-a";
        Instant now = clock.instant();
        Job oldest = queue(model, now.minus(Duration.ofSeconds(90)));
        queue(model, now.minus(Duration.ofSeconds(30)));
        queue(model, now.minus(Duration.ofSeconds(10)));
        queue("scaling-b", now);

        depth.refresh();

        assertThat(waiting(model)).isEqualTo(3);
        assertThat(waiting("scaling-b")).isEqualTo(1);
        assertThat(oldestSeconds(model)).isBetween(90.0, 120.0);

        jobs.claim(oldest.id(), WORKER, clock.instant(), JobFixtures.LEASE).orElseThrow();
        depth.refresh();

        assertThat(waiting(model)).as("a claimed job is no longer waiting").isEqualTo(2);
        assertThat(oldestSeconds(model)).isBetween(30.0, 60.0);
    }

    @Test
    void aModelWhoseQueueEmptiedReportsZeroRatherThanVanishing() {
        String model = "scaling-c";
        Job job = queue(model, clock.instant());
        depth.refresh();
        assertThat(waiting(model)).isEqualTo(1);

        jobs.cancel(job, clock.instant()).orElseThrow();
        depth.refresh();

        assertThat(waiting(model)).isZero();
        assertThat(oldestSeconds(model)).isZero();
    }

    @Test
    void theManagementPortServesBothGaugesForTheGatewaysOwnModelEvenWithNothingQueuedOfIt() {
        queue("scaling-d", clock.instant().minus(Duration.ofSeconds(5)));
        depth.refresh();

        String body = given().get(metrics).then().statusCode(200).extract().asString();

        assertThat(body).contains("induo_jobs_waiting{model=\"scaling-d\"} 1.0")
                .contains("induo_jobs_waiting{model=\"" + config.model() + "\"}")
                .contains("induo_jobs_oldest_waiting_seconds{model=\"scaling-d\"}");
    }

    private Job queue(String model, Instant submittedAt) {
        Job job = JobFixtures.aQueuedJob(submittedAt).toBuilder().model(model).build();
        jobs.insert(job);
        inserted.add(job);
        return job;
    }

    private double waiting(String model) {
        return registry.get(QueueDepth.WAITING_METER).tag("model", model).gauge().value();
    }

    private double oldestSeconds(String model) {
        return registry.get(QueueDepth.OLDEST_METER).tag("model", model).gauge().value();
    }
}
