package ai.induo.platform.job;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobFixtures;
import ai.induo.common.job.JobLifecycle;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.common.job.JobStoreContractTest;
import ai.induo.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB adapter keeps {@link JobStore}'s contract, on the in-process MongoDB-wire server or a
 * real MongoDB ({@code INDUO_TEST_MONGODB_URI}), and opens the completion outbox with every terminal change.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class MongoJobStoreTest extends JobStoreContractTest {

    @Inject
    MongoJobStore store;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    RecordedJobEvents events;

    @Override
    protected JobStore store() {
        return store;
    }

    @Test
    void aTerminalChangeOpensTheCompletionOutboxAndOthersDoNot() {
        Job queued = JobFixtures.aQueuedJob(NOW);
        store.insert(queued);
        Job running = store.claim(queued.id(), JobFixtures.WORKER, NOW, JobFixtures.LEASE).orElseThrow();
        assertThat(document(queued).notifyPending).isFalse();

        store.succeed(running, List.of(), NOW.plusSeconds(1)).orElseThrow();

        JobEntity ended = document(queued);
        assertThat(ended.notifyPending).isTrue();
        assertThat(ended.notifyNextAt).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void theLifecycleWiredInQuarkusWritesThroughThisStoreAndAnnouncesEveryChange() {
        Job job = lifecycle.submit(JobFixtures.aQueuedJob(NOW), Optional.empty());
        Job running = lifecycle.claim(job.id(), JobFixtures.WORKER).orElseThrow();
        lifecycle.succeed(running, List.of()).orElseThrow();

        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(events.statusesOf(job.id())).containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED);
    }

    private JobEntity document(Job job) {
        return store.mongoCollection().find(eq("_id", job.id())).first();
    }
}
