package ai.induo.gateway.requestlog;

import ai.induo.gateway.config.GatewayConfig;
import com.mongodb.MongoException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes request log entries off the request path. {@link #submit} only adds an entry to a bounded
 * in-memory buffer ({@code induo.gateway.request-log.queue-capacity}); a scheduled flush writes
 * the buffer oldest first, in batches, and takes a batch out only once it is stored. While the
 * database is down entries stay in the buffer and are written when it answers again. An entry that
 * does not fit, that the database refuses, or that is still buffered when the gateway stops is
 * dropped: counted in {@code induo.requests.log.dropped} and reported in the log at most once per
 * {@link #DROP_REPORT_INTERVAL}. The buffer's level is the gauge {@code induo.requests.log.buffered}.
 */
@ApplicationScoped
public class RequestLogWriter {

    /** The shortest time between two log lines that report dropped entries. */
    static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);
    static final String DROPPED_METER = "induo.requests.log.dropped";
    static final String BUFFERED_METER = "induo.requests.log.buffered";

    private static final Logger LOG = Logger.getLogger(RequestLogWriter.class);

    @Inject
    RequestLogRepository logs;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private BlockingQueue<RequestLogEntity> buffer;
    private Counter dropped;
    /** Dropped since the last report in the log. */
    private final AtomicLong droppedUnreported = new AtomicLong();
    private Instant nextDropReportAt = Instant.MIN;
    /** The last write failed: the database is taken to be down until a write succeeds. */
    private boolean failing;

    @PostConstruct
    void init() {
        buffer = new ArrayBlockingQueue<>(config.requestLog().queueCapacity());
        dropped = Counter.builder(DROPPED_METER)
                .description("Request log entries dropped: the buffer was full, the database refused them, or the gateway "
                        + "stopped before they could be written")
                .register(meters);
        Gauge.builder(BUFFERED_METER, buffer, Collection::size)
                .description("Request log entries held in memory, not yet written")
                .register(meters);
    }

    /** Adds an entry to the buffer; never blocks. */
    public void submit(RequestLogEntity entry) {
        if (!buffer.offer(entry)) {
            drop(1);
        }
    }

    @Scheduled(every = "${induo.gateway.request-log.flush-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void flush() {
        reportDrops();
        List<RequestLogEntity> batch = oldest(config.requestLog().batchSize());
        while (!batch.isEmpty() && write(batch)) {
            batch.forEach(written -> buffer.poll());
            batch = oldest(config.requestLog().batchSize());
        }
    }

    /**
     * Writes the batch; false when the database could not be reached, so the batch stays buffered.
     * Entries the database refuses are dropped.
     */
    private boolean write(List<RequestLogEntity> batch) {
        int refused;
        try {
            refused = logs.insertBatch(batch);
        } catch (MongoException e) {
            if (!failing) {
                LOG.warnf("writing the request log failed (%s); %d entries are kept in memory (at most %d) and written "
                        + "when the database answers", e.getMessage(), buffer.size(), config.requestLog().queueCapacity());
                failing = true;
            }
            return false;
        }
        if (failing) {
            LOG.infof("the request log is written again; %d entries wait in memory", buffer.size());
            failing = false;
        }
        if (refused > 0) {
            LOG.warnf("the database refused %d of %d request log entries", refused, batch.size());
            drop(refused);
        }
        return true;
    }

    /** Up to {@code limit} of the oldest buffered entries, left in the buffer. */
    private List<RequestLogEntity> oldest(int limit) {
        List<RequestLogEntity> batch = new ArrayList<>(Math.min(limit, buffer.size()));
        Iterator<RequestLogEntity> entries = buffer.iterator();
        while (batch.size() < limit && entries.hasNext()) {
            batch.add(entries.next());
        }
        return batch;
    }

    private void drop(long count) {
        dropped.increment(count);
        droppedUnreported.addAndGet(count);
    }

    private void reportDrops() {
        Instant now = clock.instant();
        if (now.isBefore(nextDropReportAt) || droppedUnreported.get() == 0) {
            return;
        }
        nextDropReportAt = now.plus(DROP_REPORT_INTERVAL);
        LOG.warnf("%d request log entries were dropped since the last report (buffer of %d entries full, database "
                + "refusal or shutdown); see %s", droppedUnreported.getAndSet(0), config.requestLog().queueCapacity(),
                DROPPED_METER);
    }

    void drainOnShutdown(@Observes ShutdownEvent event) {
        flush();
        int left = buffer.size();
        if (left > 0) {
            buffer.clear();
            dropped.increment(left);
            LOG.errorf("%d request log entries could not be written before shutdown and are lost; see %s", left, DROPPED_METER);
        }
    }
}
