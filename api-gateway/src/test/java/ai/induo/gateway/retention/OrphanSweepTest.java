package ai.induo.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.id.Ids;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobLifecycle;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.AdjustableClock;
import ai.induo.gateway.Api;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.testing.SampleImages;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Images no job keeps are found by listing the store and deleted once their grace has passed. */
@QuarkusTest
@TestProfile(ShortRetention.class)
class OrphanSweepTest {

    @Inject
    OrphanSweeper sweeper;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    AccountRepository accounts;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    ActingWorker worker;

    @Inject
    AdjustableClock clock;

    @Inject
    MeterRegistry meters;

    @Test
    void imagesOfJobsNeverInsertedAndOutputsWrittenAfterTheJobEndedGoAfterTheGraceWhileKeptImagesStay() throws IOException {
        Api.Account account = Api.signUp();
        accounts.mongoCollection().updateOne(Filters.eq("_id", account.id()), Updates.set("outputRetentionHours", 720));
        String neverInserted = Ids.newId(Ids.JOB, clock.instant());
        String strayInput = JobImages.personKey(account.id(), neverInserted);
        store(account, strayInput);
        String cancelled = Api.submitSampleJob(account);
        worker.claim(cancelled);
        lifecycle.cancel(account.id(), cancelled).orElseThrow();
        String lateOutput = JobImages.outputKey(account.id(), cancelled, 0);
        store(account, lateOutput);
        String succeeded = Api.submitSampleJob(account);
        worker.succeedWithOutput(succeeded, SampleImages.personPng(32, 32), 32, 32);
        String keptOutput = JobImages.outputKey(account.id(), succeeded, 0);
        double orphansBefore = orphansDeleted();

        sweeper.sweep();
        assertThat(file(strayInput)).exists();
        assertThat(file(lateOutput)).exists();

        clock.advance(Duration.ofMinutes(61));
        sweeper.sweep();
        assertThat(file(strayInput)).doesNotExist();
        assertThat(file(lateOutput)).doesNotExist();
        assertThat(file(keptOutput)).exists();
        assertThat(orphansDeleted() - orphansBefore).isGreaterThanOrEqualTo(2);
    }

    private void store(Api.Account account, String key) throws IOException {
        objects.put(account.id(), key, new ByteArrayInputStream(SampleImages.personPng(16, 16)));
        assertThat(file(key)).exists();
    }

    private double orphansDeleted() {
        var counter = meters.find(RetentionDeletions.METER).tag("kind", "orphan").tag("outcome", "deleted").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Path file(String key) {
        return Path.of("target/test-objects", key);
    }
}
