package ai.induo.gateway.requestlog;

import ai.induo.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jboss.logging.Logger;

/**
 * Writes request log entries off the request path: {@link #submit} only queues an entry in a
 * bounded in-memory queue; a scheduled flush writes the queue in batches. When the queue is full
 * the entry is dropped and counted in {@code induo.requests.log.dropped}; a batch whose insert
 * fails is dropped and counted the same way, so a database outage cannot grow memory.
 */
@ApplicationScoped
public class RequestLogWriter {

    private static final Logger LOG = Logger.getLogger(RequestLogWriter.class);

    @Inject
    RequestLogRepository logs;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    private BlockingQueue<RequestLogEntity> queue;
    private Counter dropped;

    @PostConstruct
    void init() {
        queue = new ArrayBlockingQueue<>(config.requestLog().queueCapacity());
        dropped = Counter.builder("induo.requests.log.dropped")
                .description("Request log entries dropped because the write queue was full or the write failed")
                .register(meters);
    }

    /** Queues an entry for writing; never blocks. */
    public void submit(RequestLogEntity entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    @Scheduled(every = "${induo.gateway.request-log.flush-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        int batchSize = config.requestLog().batchSize();
        List<RequestLogEntity> batch = new ArrayList<>(batchSize);
        while (queue.drainTo(batch, batchSize) > 0) {
            try {
                logs.insertBatch(batch);
            } catch (RuntimeException e) {
                LOG.warnf("writing %d request log entries failed (%s); they are dropped", batch.size(), e.getMessage());
                dropped.increment(batch.size());
            }
            batch.clear();
        }
    }

    void drainOnShutdown(@Observes ShutdownEvent event) {
        flush();
    }
}
