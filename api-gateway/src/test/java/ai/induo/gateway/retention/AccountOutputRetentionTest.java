package ai.induo.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.AdjustableClock;
import ai.induo.gateway.Api;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.testing.SampleImages;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An account's own output retention decides when its outputs go, not the platform default. */
@QuarkusTest
@TestProfile(ShortRetention.class)
class AccountOutputRetentionTest {

    @Inject
    RetentionSweeper sweeper;

    @Inject
    AccountRepository accounts;

    @Inject
    JobStore jobs;

    @Inject
    ActingWorker worker;

    @Inject
    AdjustableClock clock;

    @Test
    void anAccountWithOneHourKeepsItsOutputsOneHourWhileOthersKeepThePlatformDefault() {
        Api.Account oneHour = Api.signUp();
        accounts.mongoCollection().updateOne(Filters.eq("_id", oneHour.id()), Updates.set("outputRetentionHours", 1));
        Api.Account platformDefault = Api.signUp();
        String kept = succeededJob(oneHour);
        String other = succeededJob(platformDefault);

        clock.advance(Duration.ofMinutes(59));
        sweeper.sweep();
        assertThat(jobs.find(other).orElseThrow().outputsDeletedAt()).isNotNull();
        assertThat(outputFile(platformDefault, other)).doesNotExist();
        assertThat(jobs.find(kept).orElseThrow().outputsDeletedAt()).isNull();
        assertThat(outputFile(oneHour, kept)).exists();

        clock.advance(Duration.ofMinutes(2));
        sweeper.sweep();
        assertThat(jobs.find(kept).orElseThrow().outputsDeletedAt()).isNotNull();
        assertThat(outputFile(oneHour, kept)).doesNotExist();
    }

    private String succeededJob(Api.Account account) {
        String id = Api.submitSampleJob(account);
        worker.succeedWithOutput(id, SampleImages.personPng(32, 32), 32, 32);
        assertThat(outputFile(account, id)).exists();
        return id;
    }

    static Path outputFile(Api.Account account, String jobId) {
        return Path.of("target/test-objects", JobImages.outputKey(account.id(), jobId, 0));
    }
}
