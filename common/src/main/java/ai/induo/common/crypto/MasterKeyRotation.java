package ai.induo.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Re-wraps every secret kept wrapped directly by a master key (account keys, webhook signing
 * secrets) under the key the master key wraps with now: after a new local key became current (the
 * old one configured as previous), or after Cloud KMS made a new key version primary. Data encrypted
 * under the account keys is not touched: an account key keeps its material, only its wrap changes.
 * Once a run reports every secret under the current key, the old key (or key version) can be retired.
 *
 * <p>Safe while the services run: each secret is replaced only if it is still as it was read, and
 * one that changed meanwhile was written under the current key anyway. A run can be repeated; it
 * skips what is already under the current key. A master key that cannot be used right now
 * ({@link MasterKeyUnavailableException}) stops the run; run it again once it is back.
 */
public final class MasterKeyRotation {

    private static final Logger LOG = Logger.getLogger(MasterKeyRotation.class);
    private static final int PAGE_DOCUMENTS = 100;
    private static final byte[] PROBE_CONTEXT = "induo:master-key-rotation-probe".getBytes(StandardCharsets.UTF_8);
    private static final int PROBE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey masterKey;
    private final List<MasterWrappedStore> stores;

    /**
     * @param masterKey the current key with the previous ones ({@link MasterKeyring}), uncached
     * @param stores every collection of secrets wrapped directly by the master key
     */
    public MasterKeyRotation(MasterKey masterKey, List<? extends MasterWrappedStore> stores) {
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.stores = List.copyOf(stores);
    }

    /** What one collection held, and what the run did with it. */
    public record Outcome(String collection, int rewrapped, int alreadyCurrent, int changedMeanwhile, int unopenable) {
    }

    /**
     * What a run did.
     *
     * @param targetMasterKeyId the id the master key wraps with now, which every re-wrapped secret carries
     */
    public record Report(String targetMasterKeyId, List<Outcome> outcomes) {

        public Report {
            outcomes = List.copyOf(outcomes);
        }

        /** Whether every secret is under the target now: none failed to open. */
        public boolean complete() {
            return outcomes.stream().allMatch(outcome -> outcome.unopenable() == 0);
        }
    }

    /** Walks every collection once and re-wraps what is not under the current key. */
    public Report run() {
        String target = targetMasterKeyId();
        LOG.infof("re-wrapping every secret under master key %s", target);
        List<Outcome> outcomes = new ArrayList<>();
        for (MasterWrappedStore store : stores) {
            Outcome outcome = rotate(store, target);
            LOG.infof("%s: %d re-wrapped, %d already under %s, %d changed meanwhile, %d do not open", outcome.collection(),
                    outcome.rewrapped(), outcome.alreadyCurrent(), target, outcome.changedMeanwhile(), outcome.unopenable());
            outcomes.add(outcome);
        }
        return new Report(target, outcomes);
    }

    /**
     * The id a wrap gets now. Asked with a throw-away wrap: for a Cloud KMS key only an {@code Encrypt}
     * tells which version is primary.
     */
    private String targetMasterKeyId() {
        byte[] probe = new byte[PROBE_BYTES];
        RANDOM.nextBytes(probe);
        return masterKey.wrap(probe, PROBE_CONTEXT).masterKeyId();
    }

    private Outcome rotate(MasterWrappedStore store, String target) {
        int rewrapped = 0;
        int alreadyCurrent = 0;
        int changed = 0;
        int unopenable = 0;
        String after = null;
        for (List<MasterWrappedSecret> page = store.page(null, PAGE_DOCUMENTS); !page.isEmpty();
                page = store.page(after, PAGE_DOCUMENTS)) {
            for (MasterWrappedSecret secret : page) {
                after = secret.documentId();
                if (secret.wrapped().masterKeyId().equals(target)) {
                    alreadyCurrent++;
                    continue;
                }
                Optional<WrappedSecret> underTarget = rewrap(store, secret);
                if (underTarget.isEmpty()) {
                    unopenable++;
                } else if (store.replace(secret, underTarget.get())) {
                    rewrapped++;
                } else {
                    changed++;
                }
            }
        }
        return new Outcome(store.name(), rewrapped, alreadyCurrent, changed, unopenable);
    }

    /** The secret wrapped by the current key; empty (and logged) when no configured master key opens it. */
    private Optional<WrappedSecret> rewrap(MasterWrappedStore store, MasterWrappedSecret secret) {
        byte[] plaintext;
        try {
            plaintext = masterKey.unwrap(secret.wrapped(), secret.associatedData());
        } catch (DecryptionException e) {
            LOG.warnf("%s: a secret of document %s does not open, so it stays as it is: %s", store.name(),
                    secret.documentId(), e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(masterKey.wrap(plaintext, secret.associatedData()));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
