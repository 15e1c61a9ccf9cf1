package ai.induo.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobErrorCode;
import ai.induo.common.job.JobFixtures;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.Api;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker that dies mid-job does not strand it: the reaper takes the job back when the lease runs out. */
@QuarkusTest
class LeaseReaperTest {

    private static final Duration REAPED = Duration.ofSeconds(20);

    @Inject
    JobStore jobs;

    @Inject
    MeterRegistry registry;

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void aJobWhoseWorkerStoppedRenewingGoesBackToTheQueueAfterItsBackoffAndIsPublishedAgain() {
        Job abandoned = JobFixtures.aRunningJobWithExpiredLease().toBuilder().accountId(account.id()).build();
        double expiries = expiries();
        jobs.insert(abandoned);

        await().atMost(REAPED).untilAsserted(() -> {
            Job job = jobs.find(abandoned.id()).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(job.dispatched()).isTrue();
        });
        Job job = jobs.find(abandoned.id()).orElseThrow();
        assertThat(job.errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo(JobErrorCode.WORKER_LOST);
            assertThat(error.attempt()).isEqualTo(1);
        });
        assertThat(job.dispatchAfter()).as("the retry backoff").isAfter(job.errors().get(0).at());
        assertThat(job.leaseOwner()).isNull();
        assertThat(expiries()).as("induo_jobs_lease_expiries_total").isGreaterThanOrEqualTo(expiries + 1);
    }

    private double expiries() {
        return registry.get(LeaseReaper.EXPIRIES_METER).counter().count();
    }

    @Test
    void onItsLastAttemptTheJobFailsWithWorkerLost() {
        Job abandoned = JobFixtures.aRunningJobWithExpiredLease().toBuilder()
                .accountId(account.id()).attempt(JobFixtures.MAX_ATTEMPTS).build();
        jobs.insert(abandoned);

        await().atMost(REAPED).until(() -> jobs.find(abandoned.id()).orElseThrow().status() == JobStatus.FAILED);
        account.auth().get("/v1/jobs/" + abandoned.id()).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("attempts", equalTo(JobFixtures.MAX_ATTEMPTS))
                .body("error.code", equalTo(JobErrorCode.WORKER_LOST));
    }
}
