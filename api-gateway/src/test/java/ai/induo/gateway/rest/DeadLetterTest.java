package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.json.Json;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.kafka.KafkaQueueSettings;
import ai.induo.gateway.Api;
import ai.induo.gateway.job.DeadLetterListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Job messages the share group gives up on reach its dead-letter topic (the broker's part, shown by
 * the queue's contract test); the gateway then fails a job still waiting for that message with
 * {@code undeliverable}, and leaves alone one whose message was for an older attempt.
 */
@QuarkusTest
class DeadLetterTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    KafkaQueueSettings settings;

    @Inject
    MeterRegistry registry;

    @Test
    void aJobWhoseMessageWasDeadLetteredFailsAsUndeliverableAndItsCustomerHearsOfIt() throws Exception {
        Api.Account account = Api.signUp();
        String stale = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        String job = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        double counted = deadLetters();

        deadLetter(JobMessage.of(stale, account.id(), "induo-demo-tryon", 7, Instant.now()));
        deadLetter(JobMessage.of(job, account.id(), "induo-demo-tryon", 1, Instant.now()));

        await().atMost(SETTLE).untilAsserted(() -> account.auth().get("/v1/jobs/" + job).then()
                .body("status", equalTo("failed"))
                .body("error.code", equalTo("undeliverable")));
        account.auth().get("/v1/jobs/" + stale).then().body("status", equalTo("queued"));
        await().atMost(SETTLE).untilAsserted(() -> assertThat(deadLetters()).as("both messages counted")
                .isEqualTo(counted + 2));
    }

    private double deadLetters() {
        return registry.get(DeadLetterListener.DEAD_LETTERS_METER).counter().count();
    }

    private void deadLetter(JobMessage message) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(settings.deadLetterTopic(), message.jobId(), Json.mapper().writeValueAsBytes(message)))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
