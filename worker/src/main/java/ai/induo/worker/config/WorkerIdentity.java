package ai.induo.worker.config;

import ai.induo.common.id.Ids;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jboss.logging.Logger;

/** The name this worker process holds job leases under: configured, or the host name plus a random suffix. */
@Singleton
public class WorkerIdentity {

    private static final Logger LOG = Logger.getLogger(WorkerIdentity.class);
    private static final int SUFFIX_LENGTH = 6;
    private static final String UNKNOWN_HOST = "worker";

    private final String id;

    WorkerIdentity(WorkerConfig config) {
        this.id = config.id().orElseGet(WorkerIdentity::generated);
    }

    /** The lease owner name; unique per process, so two workers on one host never share leases. */
    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            LOG.warnf("Cannot resolve this host's name (%s); naming the worker '%s' plus a random suffix",
                    e.getMessage(), UNKNOWN_HOST);
            host = UNKNOWN_HOST;
        }
        return host + "-" + Ids.randomToken(SUFFIX_LENGTH);
    }
}
