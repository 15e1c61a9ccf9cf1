package ai.induo.platform.residency;

import ai.induo.common.crypto.MasterKey;
import ai.induo.common.residency.AllowedLocations;
import ai.induo.common.safety.SafetyCipher;
import ai.induo.common.store.ObjectStore;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps the process to the locations {@code induo.residency.allowed-locations} allows (policy §7,
 * "our core servers are located in Europe"): at start, in the gateway and the worker alike, it reads
 * where the object store keeps images (the GCS bucket's location, asked of Cloud Storage) and where
 * every master key and the safety key are kept (the Cloud KMS location in the key's name) and
 * refuses to start when one is elsewhere. Keys only one process uses (the gateway's training key)
 * are held to the same check through {@link #requireAllowed}. What is kept on this machine reports
 * {@link AllowedLocations#LOCAL} and passes. The store's location read here is the region recorded on
 * every job.
 */
@Startup
@ApplicationScoped
public class Residency {

    static final String SETTING = "induo.residency.allowed-locations";

    private static final Logger LOG = Logger.getLogger(Residency.class);

    private final AllowedLocations allowed;
    private final String storeLocation;

    /**
     * @throws ConfigurationException when the store or a master key is outside the allowed
     *     locations, or the store's location cannot be read
     */
    @Inject
    public Residency(ResidencyConfig config, ObjectStore store, MasterKey masterKey, SafetyCipher safety) {
        try {
            allowed = AllowedLocations.of(config.allowedLocations());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid " + SETTING + ": " + e.getMessage(), e);
        }
        try {
            storeLocation = store.location();
        } catch (IOException e) {
            throw new ConfigurationException("cannot read where " + store + " keeps its objects, so " + SETTING
                    + " cannot be checked: " + e.getMessage(), e);
        }
        requireAllowed(Set.of(storeLocation), "the object store " + store + " (induo.store.*)");
        requireAllowed(masterKey.locations(), "the master key " + masterKey.id()
                + " (induo.crypto.master-key or previous-master-keys)");
        requireAllowed(safety.keyLocations(), "the safety key (induo.safety.key)");
        LOG.infof("residency: objects kept in %s, master key in %s; %s allows %s", storeLocation,
                String.join(", ", masterKey.locations()), SETTING, allowed);
    }

    /** Where stored objects are kept, as read at start: the bucket's location in lower case, or {@code local}. */
    public String storeLocation() {
        return storeLocation;
    }

    /**
     * Holds {@code what}, kept in {@code locations}, to the allowed locations.
     *
     * @throws ConfigurationException naming {@code what} and the first location outside them
     */
    public void requireAllowed(Collection<String> locations, String what) {
        for (String location : locations) {
            if (!allowed.allows(location)) {
                throw new ConfigurationException(what + " is in location '" + location + "', outside " + SETTING
                        + "=" + allowed + ": move it to an allowed location, or change " + SETTING
                        + " if the privacy policy allows that location");
            }
        }
    }
}
