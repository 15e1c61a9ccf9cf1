package ai.induo.gateway.job;

import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the memory JSON job submissions take in one gateway. A JSON body is parsed whole, base64
 * images included, before its images are stored (several copies of each while it is decoded), so
 * the bytes of JSON bodies being read at once are limited to
 * {@code induo.gateway.uploads.json-body-budget}. A submission waits for its share up to
 * {@code json-body-wait}, then answers {@code 503 service_unavailable}. Multipart bodies, which
 * stream into storage, do not count.
 */
@ApplicationScoped
public class JsonBodyBudget {

    private static final int KIB = 1024;

    @Inject
    GatewayConfig config;

    private Semaphore kibibytes;
    private int budgetKib;

    /** A share of the budget, given back on close. */
    public interface Share extends AutoCloseable {
        @Override
        void close();
    }

    @PostConstruct
    void init() {
        budgetKib = Math.toIntExact(Math.max(1, config.uploads().jsonBodyBudget().asLongValue() / KIB));
        kibibytes = new Semaphore(budgetKib, true);
    }

    /**
     * Takes the share of a body of {@code contentLength} bytes ({@code -1} when unknown: counted as
     * the largest body the gateway accepts); a body larger than the whole budget takes all of it.
     */
    public Share take(long contentLength) {
        long bytes = contentLength < 0 ? config.uploads().maxBodyBytes() : contentLength;
        int kib = (int) Math.min(budgetKib, Math.max(1, bytes / KIB + (bytes % KIB == 0 ? 0 : 1)));
        boolean taken;
        try {
            taken = kibibytes.tryAcquire(kib, config.uploads().jsonBodyWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            throw ApiException.serviceUnavailable("Too many JSON submissions are being read right now; retry after the time "
                    + "in Retry-After, or send large images as multipart/form-data or by url.", config.uploads().jsonBodyWait());
        }
        return () -> kibibytes.release(kib);
    }
}
