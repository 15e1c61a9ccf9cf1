package ai.induo.platform.wiring;

import ai.induo.common.crypto.AccountKeyring;
import ai.induo.common.crypto.CachingMasterKey;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.EnvelopeCipher;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.job.JobLifecycle;
import ai.induo.common.job.RetryPolicy;
import ai.induo.common.queue.JobEventBus;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.kafka.KafkaJobEventBus;
import ai.induo.common.queue.kafka.KafkaJobQueue;
import ai.induo.common.queue.kafka.KafkaQueueSettings;
import ai.induo.common.queue.pubsub.PubSubJobEventBus;
import ai.induo.common.queue.pubsub.PubSubJobQueue;
import ai.induo.common.queue.pubsub.PubSubQueueSettings;
import ai.induo.common.safety.SafetyCases;
import ai.induo.common.safety.SafetyCipher;
import ai.induo.common.store.ObjectStore;
import ai.induo.platform.config.CryptoConfig;
import ai.induo.platform.config.JobsConfig;
import ai.induo.platform.config.KafkaConfig;
import ai.induo.platform.config.QueueConfig;
import ai.induo.platform.config.SafetyConfig;
import ai.induo.platform.config.StoreConfig;
import ai.induo.platform.crypto.MongoAccountKeyStore;
import ai.induo.platform.job.MongoJobStore;
import ai.induo.platform.safety.MongoSafetyCaseStore;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Builds the plain-Java adapters from {@code common} out of configuration, so the gateway and the
 * worker choose backends the same way and nothing else knows which is in use.
 */
@ApplicationScoped
public class PlatformProducers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Built at start, so a wrong {@code induo.crypto.*} setting stops the start rather than a request. */
    @Produces
    @Singleton
    @Startup
    MasterKey masterKey(CryptoConfig config, Clock clock) {
        return MasterKeySelection.create(config, clock);
    }

    void closeMasterKey(@Disposes MasterKey key) throws Exception {
        if (key instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The keyring caches account keys itself, and forgets an erased account's keys at once. */
    @Produces
    @Singleton
    AccountKeyring accountKeyring(MasterKey masterKey, MongoAccountKeyStore store, CryptoConfig config, Clock clock) {
        return new AccountKeyring(CachingMasterKey.uncached(masterKey), store, config.accountKeyCacheTtl(), clock);
    }

    @Produces
    @Singleton
    EnvelopeCipher envelopeCipher(AccountKeyring keyring) {
        return new EnvelopeCipher(keyring);
    }

    @Produces
    @Singleton
    ObjectStore objectStore(StoreConfig config) {
        return ObjectStoreSelection.create(config, ObjectStoreSelection::gcsClient);
    }

    void closeObjectStore(@Disposes ObjectStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @Singleton
    EncryptedObjectStore encryptedObjectStore(ObjectStore store, EnvelopeCipher cipher) {
        return new EncryptedObjectStore(store, cipher);
    }

    /**
     * Seals safety-case images under the safety key ({@code induo.safety.*}); built at start, so a
     * missing or wrong safety key stops the start rather than the first flagged job.
     */
    @Produces
    @Singleton
    @Startup
    SafetyCipher safetyCipher(SafetyConfig safety, CryptoConfig crypto, MasterKey masterKey) {
        return new SafetyCipher(MasterKeySelection.safetyKey(safety, crypto, masterKey));
    }

    @Produces
    @Singleton
    SafetyCases safetyCases(MongoSafetyCaseStore store, ObjectStore objects, SafetyCipher cipher, Clock clock) {
        return new SafetyCases(store, objects, cipher, clock);
    }

    /** The Kafka settings; built only with {@code induo.queue.backend=kafka}. */
    @Produces
    @Singleton
    KafkaQueueSettings kafkaQueueSettings(KafkaConfig config, JobsConfig jobs) {
        return QueueSelection.kafka(config, jobs.lease());
    }

    /** The Pub/Sub settings; built only with {@code induo.queue.backend=pubsub}. */
    @Produces
    @Singleton
    PubSubQueueSettings pubSubQueueSettings(QueueConfig config, JobsConfig jobs) {
        return QueueSelection.pubsub(config.pubsub(), jobs.lease());
    }

    @Produces
    @Singleton
    JobQueue jobQueue(QueueConfig config, Instance<KafkaQueueSettings> kafka, Instance<PubSubQueueSettings> pubsub) {
        return switch (QueueSelection.backend(config)) {
            case QueueConfig.PUBSUB -> new PubSubJobQueue(pubsub.get());
            default -> new KafkaJobQueue(kafka.get());
        };
    }

    void closeJobQueue(@Disposes JobQueue queue) {
        queue.close();
    }

    @Produces
    @Singleton
    JobEventBus jobEventBus(QueueConfig config, Instance<KafkaQueueSettings> kafka,
            Instance<PubSubQueueSettings> pubsub) {
        return switch (QueueSelection.backend(config)) {
            case QueueConfig.PUBSUB -> new PubSubJobEventBus(pubsub.get());
            default -> new KafkaJobEventBus(kafka.get());
        };
    }

    void closeJobEventBus(@Disposes JobEventBus bus) {
        bus.close();
    }

    /** The backoff before a failed attempt runs again ({@code induo.jobs.retry.*}). */
    @Produces
    @Singleton
    RetryPolicy retryPolicy(JobsConfig config, Clock clock) {
        try {
            return RetryPolicy.of(config.retry().initialDelay(), config.retry().maxDelay(), config.retry().jitter(), clock);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid induo.jobs.retry settings: " + e.getMessage(), e);
        }
    }

    /**
     * The job lifecycle on the MongoDB store, announcing on the job-event bus, with
     * {@code induo.jobs.*}; built at start, so a wrong setting stops the start.
     */
    @Produces
    @Singleton
    @Startup
    JobLifecycle jobLifecycle(MongoJobStore store, JobEventBus events, RetryPolicy retryPolicy, JobsConfig config,
            Clock clock) {
        try {
            return new JobLifecycle(store, events, retryPolicy, new JobLifecycle.Settings(config.maxAttempts(), config.lease()),
                    clock);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid induo.jobs settings: " + e.getMessage(), e);
        }
    }
}
