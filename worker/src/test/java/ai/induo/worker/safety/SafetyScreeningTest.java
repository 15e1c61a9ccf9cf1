package ai.induo.worker.safety;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.safety.SafetyCase;
import ai.induo.common.safety.SafetyCases;
import ai.induo.common.safety.SafetyCategory;
import ai.induo.common.safety.SafetyCipher;
import ai.induo.common.safety.SafetyOutcome;
import ai.induo.common.safety.SafetySource;
import ai.induo.common.store.ObjectStore;
import ai.induo.platform.safety.SafetyCaseLinkEntity;
import ai.induo.platform.safety.SafetyCaseLinkRepository;
import ai.induo.platform.safety.SafetyCaseRepository;
import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import ai.induo.testing.SampleImages;
import ai.induo.worker.job.QueuedJobs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SafetyScreeningTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    QueuedJobs queued;

    @Inject
    JobQueue queue;

    @Inject
    JobStore jobs;

    @Inject
    SafetyCases cases;

    @Inject
    SafetyCipher safetyCipher;

    @Inject
    SafetyCaseRepository caseDocuments;

    @Inject
    SafetyCaseLinkRepository links;

    @Inject
    ObjectStore storage;

    @Inject
    EncryptedObjectStore accountObjects;

    @Test
    void jobWhosePersonImageTripsTheRuleCompletesAndOpensAnAnonymisedCase() throws Exception {
        Job job = queued.insert(skinPng(72, 96), SampleImages.productPng(64, 64));

        queue.publish(queued.messageFor(job));

        await().atMost(JOB_TIMEOUT).until(() -> jobs.find(job.id()).orElseThrow().status().isTerminal());
        assertThat(jobs.find(job.id()).orElseThrow().status()).as("flagged jobs still complete").isEqualTo(JobStatus.SUCCEEDED);
        SafetyCaseLinkEntity link = links.mongoCollection().find(eq("jobId", job.id())).first();
        assertThat(link).isNotNull();
        assertThat(link.accountId).isEqualTo(job.accountId());
        assertThat(link.caseId).startsWith("case_");

        SafetyCase opened = cases.find(link.caseId).orElseThrow();
        assertThat(opened.category()).isEqualTo(SafetyCategory.SKIN_EXPOSURE);
        assertThat(opened.source()).isEqualTo(SafetySource.RULE);
        assertThat(opened.outcome()).isEqualTo(SafetyOutcome.OPEN);
        assertThat(opened.objects()).containsExactly("safety/" + opened.id() + "/person.png",
                "safety/" + opened.id() + "/product-0.png");
        Document raw = caseDocuments.mongoCollection().withDocumentClass(Document.class).find(eq("_id", opened.id())).first();
        assertThat(raw.toJson()).doesNotContain(job.accountId()).doesNotContain(job.id());
        assertThat(raw.keySet()).containsExactlyInAnyOrder("_id", "category", "source", "outcome", "createdOn", "objects");

        String person = opened.objects().get(0);
        byte[] sealed = read(person);
        BufferedImage copy = ImageCodec.decode(new ByteArrayInputStream(safetyCipher.open(person, sealed)));
        assertThat(copy.getWidth()).isEqualTo(72);
        assertThat(copy.getHeight()).isEqualTo(96);
        assertThat(cases.images(opened)).hasSize(2);
        assertThatThrownBy(() -> new SafetyCipher(LocalMasterKey.generate()).open(person, sealed))
                .as("another key").isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> accountObjects.open(job.accountId(), person).readAllBytes())
                .as("the account's key and the master key").isInstanceOf(DecryptionException.class);
    }

    @Test
    void clearJobOpensNoCase() throws Exception {
        Job job = queued.insert(SampleImages.personPng(96, 128), SampleImages.productPng(64, 64));

        queue.publish(queued.messageFor(job));

        await().atMost(JOB_TIMEOUT).until(() -> jobs.find(job.id()).orElseThrow().status().isTerminal());
        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(Optional.ofNullable(links.mongoCollection().find(eq("jobId", job.id())).first())).isEmpty();
    }

    @Test
    void resolvingACaseDeletesItsLinkAndKeepsTheAnonymisedCase() throws Exception {
        Job job = queued.insert(skinPng(40, 40), SampleImages.productPng(32, 32));
        queue.publish(queued.messageFor(job));
        await().atMost(JOB_TIMEOUT).until(() -> links.mongoCollection().find(eq("jobId", job.id())).first() != null);
        String caseId = links.mongoCollection().find(eq("jobId", job.id())).first().caseId;

        assertThat(cases.resolve(caseId, SafetyOutcome.CONFIRMED_ABUSE)).hasValueSatisfying(resolved -> {
            assertThat(resolved.outcome()).isEqualTo(SafetyOutcome.CONFIRMED_ABUSE);
            assertThat(resolved.resolvedOn()).isNotNull();
        });

        assertThat(cases.link(caseId)).isEmpty();
        assertThat(cases.find(caseId)).isPresent();
        assertThat(cases.resolve(caseId, SafetyOutcome.DISMISSED)).as("resolved once").isEmpty();
        assertThat(cases.report().get(SafetyCategory.SKIN_EXPOSURE)).containsKey(SafetyOutcome.CONFIRMED_ABUSE);
    }

    private byte[] read(String name) throws IOException {
        try (InputStream in = storage.open(name)) {
            return in.readAllBytes();
        }
    }

    /** A close-up that is all skin tone: what the rule flags. */
    private static byte[] skinPng(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(224, 172, 105));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageCodec.writePng(image, png);
        return png.toByteArray();
    }
}
