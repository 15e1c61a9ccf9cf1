package ai.induo.gateway.rest;

import ai.induo.common.job.Job;
import ai.induo.gateway.job.JobService;
import ai.induo.gateway.job.JobWaiters;
import ai.induo.gateway.limit.StreamSlots;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Server-sent event streams of a job's status changes, woken by job events through
 * {@link JobWaiters}: a stream reads the job once per event for its job, never on a timer, and sends
 * one event for every status change the job recorded since the last read, so changes that follow
 * each other within moments are each seen. A stream holds one of the account's {@link StreamSlots}
 * until it ends, or until the client goes away (the HTTP layer then cancels it).
 */
@ApplicationScoped
public class JobEventStreams {

    /** Idle time after which a comment is sent so that proxies keep the connection open. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** Longest a stream stays open; the client reconnects for more. */
    static final Duration MAX_LIFE = Duration.ofHours(1);
    static final String KEEP_ALIVE_COMMENT = "keep-alive";

    /** Why a stream woke up: an event for its job, time for a keep-alive comment, or the end of its life. */
    private enum Wake { JOB_EVENT, KEEP_ALIVE, END }

    @Inject
    JobService jobs;

    @Inject
    JobWaiters waiters;

    @Inject
    StreamSlots streams;

    @Inject
    JobViews views;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * The stream of {@code jobId}, which the caller has already found in {@code accountId}: first the
     * job as it is, then one event per status change, ending after a terminal status or {@link #MAX_LIFE}.
     * An event of a change that another change already followed carries the job as it was then
     * ({@link Job#asOf}). Refused with {@code 429 too_many_streams} when the account holds its plan's
     * most streams open already.
     */
    public Multi<OutboundSseEvent> open(String accountId, String jobId, Sse sse) {
        StreamSlots.Slot slot = streams.open(accountId);
        Instant end = clock.instant().plus(MAX_LIFE);
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> new Stream(accountId, jobId, sse, end, emitter).start())
                .onTermination().invoke(slot::close);
    }

    /** One subscriber's stream: how many of the job's changes it has sent, and the waiter it currently holds. */
    private final class Stream {
        private final String accountId;
        private final String jobId;
        private final Sse sse;
        private final Instant end;
        private final MultiEmitter<? super OutboundSseEvent> emitter;
        private final AtomicReference<CompletableFuture<Void>> waiter = new AtomicReference<>();
        /** The job's status changes covered by the events sent; -1 before the first event. */
        private int sentChanges = -1;

        Stream(String accountId, String jobId, Sse sse, Instant end, MultiEmitter<? super OutboundSseEvent> emitter) {
            this.accountId = accountId;
            this.jobId = jobId;
            this.sse = sse;
            this.end = end;
            this.emitter = emitter;
        }

        void start() {
            emitter.onTermination(this::releaseWaiter);
            Infrastructure.getDefaultWorkerPool().execute(this::readAndSend);
        }

        /** Registers for the next event before reading, so that no change between the two is missed. */
        private void readAndSend() {
            if (emitter.isCancelled()) {
                return;
            }
            CompletableFuture<Void> next = waiters.register(jobId);
            waiter.set(next);
            if (emitter.isCancelled()) {
                waiters.cancel(jobId, next);
                return;
            }
            try {
                Job job = jobs.find(accountId, jobId);
                int changes = job.transitions().size();
                if (sentChanges < 0) {
                    emitter.emit(statusEvent(job));
                } else {
                    for (int change = sentChanges + 1; change <= changes; change++) {
                        emitter.emit(statusEvent(job.asOf(change)));
                    }
                }
                sentChanges = changes;
                if (job.status().isTerminal()) {
                    emitter.complete();
                    return;
                }
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            awaitWake(next);
        }

        private void awaitWake(CompletableFuture<Void> next) {
            long remainingMillis = Duration.between(clock.instant(), end).toMillis();
            if (remainingMillis <= 0) {
                emitter.complete();
                return;
            }
            Wake timedOut = remainingMillis <= KEEP_ALIVE.toMillis() ? Wake.END : Wake.KEEP_ALIVE;
            next.thenApply(woken -> Wake.JOB_EVENT)
                    .completeOnTimeout(timedOut, Math.min(remainingMillis, KEEP_ALIVE.toMillis()), TimeUnit.MILLISECONDS)
                    .thenAcceptAsync(wake -> onWake(wake, next), Infrastructure.getDefaultWorkerPool());
        }

        private void onWake(Wake wake, CompletableFuture<Void> next) {
            if (emitter.isCancelled()) {
                return;
            }
            switch (wake) {
                case JOB_EVENT -> readAndSend();
                case KEEP_ALIVE -> {
                    emitter.emit(sse.newEventBuilder().comment(KEEP_ALIVE_COMMENT).build());
                    awaitWake(next);
                }
                case END -> emitter.complete();
            }
        }

        private void releaseWaiter() {
            CompletableFuture<Void> current = waiter.get();
            if (current != null) {
                waiters.cancel(jobId, current);
            }
        }

        private OutboundSseEvent statusEvent(Job job) {
            try {
                return sse.newEventBuilder()
                        .name("job." + job.status().wireName())
                        .id(Long.toString(job.version()))
                        .data(json.writeValueAsString(views.toDetailView(job)))
                        .build();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("job " + job.id() + " could not be written as JSON", e);
            }
        }
    }
}
