package ai.induo.worker.batch;

import ai.induo.worker.inference.BatchModel;
import ai.induo.worker.inference.ImageShape;
import ai.induo.worker.inference.InferenceException;
import ai.induo.worker.inference.ModelRound;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Runs the model on one thread of its own, in batches: job threads {@link #run} one round each and
 * wait for its output, while the model thread takes the oldest waiting round, gathers the others of
 * the same shape, up to {@code maxSize} or until {@code maxDelay} has passed since the oldest was
 * queued (Triton's {@code max_queue_delay}), and runs them as one batch. Rounds of other shapes wait
 * for a batch of their own; a model that does not batch gets one round a run.
 *
 * <p>The hand-off is bounded: every waiting round holds a job thread, so at most {@code capacity}
 * (the worker's concurrency) rounds ever wait; a round beyond that is a bug and is refused.
 */
public final class ModelBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelBatcher.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final BatchModel model;
    private final int maxSize;
    private final long maxDelayNanos;
    private final int capacity;
    private final LongSupplier ticker;
    private final BatchMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Deque<Request> waiting = new ArrayDeque<>();
    private final Thread modelThread;
    private boolean closed;

    /**
     * Starts the model thread.
     *
     * @param model    the model; batches are at most its {@link BatchModel#maxBatch()}
     * @param maxSize  the most rounds a batch holds, at least 1
     * @param maxDelay how long the oldest waiting round may wait for others to fill its batch
     * @param capacity the most rounds that can wait at once: the number of job threads
     * @param ticker   nanoseconds from an arbitrary origin, as {@link System#nanoTime()}
     * @param metrics  where each batch is recorded
     */
    public ModelBatcher(BatchModel model, int maxSize, Duration maxDelay, int capacity, LongSupplier ticker,
            BatchMetrics metrics) {
        this.model = Objects.requireNonNull(model, "model");
        if (maxSize < 1 || capacity < 1 || maxDelay.isNegative()) {
            throw new IllegalArgumentException("A batcher needs a max size and capacity of at least 1 and a delay "
                    + "of at least 0, got " + maxSize + ", " + capacity + " and " + maxDelay);
        }
        this.maxSize = Math.min(maxSize, model.maxBatch());
        this.maxDelayNanos = maxDelay.toNanos();
        this.capacity = capacity;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.watchWaiting(this::waitingCount);
        modelThread = new Thread(this::runBatches, "induo-model");
        modelThread.setDaemon(true);
        modelThread.start();
    }

    /**
     * Runs one round in the next batch of its shape and waits for its output.
     *
     * @throws InferenceException when the batch fails (every round of it fails alike), the batcher
     *                            is closed, or the waiting thread is interrupted
     */
    public float[] run(ModelRound round) {
        Request request = new Request(round, ticker.getAsLong());
        enqueue(request);
        try {
            return request.output.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            withdraw(request);
            throw new InferenceException("Interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new InferenceException(cause.getMessage(), cause);
        }
    }

    /** The most rounds one batch holds: {@code maxSize}, or 1 for a model that does not batch. */
    public int maxSize() {
        return maxSize;
    }

    /** Stops the model thread; rounds still waiting fail. */
    @Override
    public void close() {
        List<Request> left;
        lock.lock();
        try {
            closed = true;
            left = new ArrayList<>(waiting);
            waiting.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        left.forEach(request -> request.output.completeExceptionally(
                new InferenceException("The worker is stopping; the model no longer runs")));
        try {
            modelThread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Request request) {
        lock.lock();
        try {
            if (closed) {
                throw new InferenceException("The worker is stopping; the model no longer runs");
            }
            if (waiting.size() >= capacity) {
                throw new IllegalStateException("More model rounds wait than there are job threads (" + capacity
                        + "): each job thread submits one round and waits for it");
            }
            waiting.addLast(request);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void withdraw(Request request) {
        lock.lock();
        try {
            waiting.remove(request);
        } finally {
            lock.unlock();
        }
    }

    private int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void runBatches() {
        try {
            for (List<Request> batch = nextBatch(); batch != null; batch = nextBatch()) {
                runBatch(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next batch, once it is full or its oldest round has waited {@code maxDelay}; null once closed. */
    private List<Request> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (closed) {
                    return null;
                }
                arrived.await();
            }
            Request oldest = waiting.peekFirst();
            long deadline = oldest.queuedAt + maxDelayNanos;
            while (!closed && sameShape(oldest.round.shape()) < maxSize(oldest.round.shape())) {
                long left = deadline - ticker.getAsLong();
                if (left <= 0) {
                    break;
                }
                arrived.awaitNanos(left);
            }
            return closed ? null : takeSameShape(oldest.round.shape());
        } finally {
            lock.unlock();
        }
    }

    private int maxSize(ImageShape shape) {
        return Math.min(maxSize, shape.maxBatch());
    }

    private int sameShape(ImageShape shape) {
        int count = 0;
        for (Request request : waiting) {
            if (request.round.shape().equals(shape)) {
                count++;
            }
        }
        return count;
    }

    private List<Request> takeSameShape(ImageShape shape) {
        List<Request> batch = new ArrayList<>();
        int limit = maxSize(shape);
        for (Iterator<Request> it = waiting.iterator(); it.hasNext() && batch.size() < limit;) {
            Request request = it.next();
            if (request.round.shape().equals(shape)) {
                it.remove();
                batch.add(request);
            }
        }
        return batch;
    }

    private void runBatch(List<Request> batch) {
        long started = ticker.getAsLong();
        List<float[]> outputs;
        try {
            outputs = model.runBatch(batch.stream().map(request -> request.round).toList());
        } catch (RuntimeException | Error e) {
            LOG.debugf(e, "A batch of %d %s rounds failed", batch.size(), batch.get(0).round.shape());
            batch.forEach(request -> request.output.completeExceptionally(e));
            return;
        } finally {
            metrics.recordBatch(batch.size(), ticker.getAsLong() - started, TimeUnit.NANOSECONDS);
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).output.complete(outputs.get(i));
        }
    }

    /** A round waiting for its batch, and its output once the batch ran. */
    private static final class Request {
        final ModelRound round;
        final long queuedAt;
        final CompletableFuture<float[]> output = new CompletableFuture<>();

        Request(ModelRound round, long queuedAt) {
            this.round = round;
            this.queuedAt = queuedAt;
        }
    }
}
