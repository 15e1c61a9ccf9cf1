package ai.induo.gateway;

import ai.induo.common.crypto.kms.KmsStandIn;
import com.google.cloud.kms.v1.CryptoKeyName;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A Cloud KMS stand-in holding the gateway's master key, named by {@code induo.crypto.master-key}. */
public final class KmsStandInResource implements QuarkusTestResourceLifecycleManager {

    /** The crypto key the gateway uses as its master key. */
    public static final CryptoKeyName KEY = CryptoKeyName.of("induo-test", "europe-west4", "induo", "master");

    private static volatile KmsStandIn standIn;

    /** The running stand-in, to count its calls or take it down. */
    public static KmsStandIn standIn() {
        return standIn;
    }

    @Override
    public Map<String, String> start() {
        try {
            standIn = KmsStandIn.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the KMS stand-in", e);
        }
        standIn.createKey(KEY);
        // The timeout leaves room for a first call over a new channel on a busy test machine; a call
        // refused while the stand-in is down is retried for that long before it fails.
        return Map.of(
                "induo.crypto.master-key", "kms://" + KEY,
                "induo.crypto.kms.endpoint", standIn.endpoint(),
                "induo.crypto.kms.timeout", "3S");
    }

    @Override
    public void stop() {
        try {
            standIn.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
