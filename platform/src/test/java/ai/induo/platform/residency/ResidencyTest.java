package ai.induo.platform.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.MasterKeyring;
import ai.induo.common.crypto.kms.KmsMasterKey;
import ai.induo.common.safety.SafetyCipher;
import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.gcs.GcsObjectStore;
import ai.induo.common.store.local.LocalObjectStore;
import ai.induo.stack.GcsStandInServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The start check against a bucket served by the GCS stand-in through the real Storage client, which
 * reports each bucket's location as Cloud Storage does, and KMS keys named in various locations.
 */
class ResidencyTest {

    private static final ResidencyConfig DEFAULT = () -> List.of("EU", "europe-*");
    private static final String BUCKET = "induo-objects";
    /** Nothing listens there: a KMS key's location is read from its name, KMS is never called. */
    private static final String NO_KMS = "127.0.0.1:9";

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final MasterKey localKey = LocalMasterKey.generate();
    private final SafetyCipher localSafety = new SafetyCipher(LocalMasterKey.generate());

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"EU, eu", "EUROPE-WEST4, europe-west4", "europe-north1, europe-north1"})
    void aBucketInEuropeIsAllowedAndItsLocationIsWhatJobsRecord(String bucketLocation, String recorded)
            throws IOException {
        Residency residency = new Residency(DEFAULT, bucketIn(bucketLocation), localKey, localSafety);

        assertThat(residency.storeLocation()).isEqualTo(recorded);
    }

    @ParameterizedTest
    @CsvSource({"US, us", "ASIA, asia", "US-CENTRAL1, us-central1"})
    void aBucketOutsideEuropeStopsTheStartNamingTheSettingTheLocationAndWhatIsAllowed(String bucketLocation,
            String reported) throws IOException {
        ObjectStore store = bucketIn(bucketLocation);

        assertThatThrownBy(() -> new Residency(DEFAULT, store, localKey, localSafety))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gs://" + BUCKET)
                .hasMessageContaining("'" + reported + "'")
                .hasMessageContaining("induo.residency.allowed-locations=EU,europe-*");
    }

    @Test
    void theSettingDecidesWhatIsAllowed() throws IOException {
        Residency residency = new Residency(() -> List.of("us-*"), bucketIn("US-CENTRAL1"), localKey, localSafety);

        assertThat(residency.storeLocation()).isEqualTo("us-central1");
    }

    @Test
    void theLocalStackReportsItselfAsLocalAndPasses() throws IOException {
        Residency onDisk = new Residency(DEFAULT, new LocalObjectStore(dir.resolve("objects")), localKey,
                localSafety);
        Residency standIn = new Residency(() -> List.of(), bucketIn(GcsStandInServer.LOCAL), localKey,
                localSafety);

        assertThat(onDisk.storeLocation()).isEqualTo("local");
        assertThat(standIn.storeLocation()).isEqualTo("local");
    }

    @Test
    void anUnreadableBucketStopsTheStartSayingWhyItCannotBeChecked() {
        ObjectStore store = new GcsObjectStore(LocalStorageHelper.getOptions().getService(), BUCKET, "");

        assertThatThrownBy(() -> new Residency(DEFAULT, store, localKey, localSafety))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot read where")
                .hasMessageContaining("cannot read bucket " + BUCKET);
    }

    @Test
    void aKmsKeyInEuropeIsAllowed() throws IOException {
        Residency residency = new Residency(DEFAULT, new LocalObjectStore(dir), kmsKey("europe-west4"),
                localSafety);

        assertThat(residency.storeLocation()).isEqualTo("local");
    }

    @Test
    void aKmsKeyOutsideEuropeStopsTheStart() throws IOException {
        MasterKey key = kmsKey("us-central1");

        assertThatThrownBy(() -> new Residency(DEFAULT, new LocalObjectStore(dir), key, localSafety))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("master key " + key.id())
                .hasMessageContaining("'us-central1'")
                .hasMessageContaining("induo.residency.allowed-locations=EU,europe-*");
    }

    @Test
    void aPreviousKmsKeyOutsideEuropeStopsTheStartToo() throws IOException {
        MasterKey ring = new MasterKeyring(kmsKey("europe-west1"), List.of(kmsKey("global")));

        assertThatThrownBy(() -> new Residency(DEFAULT, new LocalObjectStore(dir), ring, localSafety))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'global'");
    }

    @Test
    void aSafetyKeyOutsideEuropeStopsTheStart() throws IOException {
        SafetyCipher safety = new SafetyCipher(kmsKey("asia-east1"));

        assertThatThrownBy(() -> new Residency(DEFAULT, new LocalObjectStore(dir), localKey, safety))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("safety key (induo.safety.key)")
                .hasMessageContaining("'asia-east1'");
    }

    @Test
    void anInvalidPatternStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> new Residency(() -> List.of("europe/west"), new LocalObjectStore(dir), localKey,
                localSafety))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("invalid induo.residency.allowed-locations");
    }

    private ObjectStore bucketIn(String location) throws IOException {
        GcsStandInServer standIn = GcsStandInServer.start(dir.resolve("gcs-" + location), 0, location);
        opened.add(standIn);
        GcsObjectStore store = new GcsObjectStore(StorageOptions.newBuilder()
                .setHost(standIn.url())
                .setProjectId("induo-test")
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService(), BUCKET, "");
        opened.add(store);
        return store;
    }

    private KmsMasterKey kmsKey(String location) throws IOException {
        KmsMasterKey key = KmsMasterKey.connect(KmsMasterKey.parseUri("kms://projects/induo/locations/" + location
                + "/keyRings/induo/cryptoKeys/master"), Optional.of(NO_KMS), Duration.ofSeconds(1));
        opened.add(key);
        return key;
    }
}
