package ai.induo.worker.batch;

import ai.induo.worker.inference.BatchModel;
import ai.induo.worker.inference.ImageShape;
import ai.induo.worker.inference.InferenceException;
import ai.induo.worker.inference.ModelRound;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real demo model, recording each run (its shape and size); it can hold its first run until
 * released, so that rounds pile up behind it, and fail every run of some shapes.
 */
final class RecordingModel implements BatchModel {

    /** One run of the model. */
    record Run(ImageShape shape, int size) {
    }

    private static final long HOLD_AT_MOST_SECONDS = 60;

    private final BatchModel model;
    private final int maxBatch;
    private final Set<ImageShape> failing;
    private final CountDownLatch firstRunMayEnd = new CountDownLatch(1);
    private final CountDownLatch firstRunStarted = new CountDownLatch(1);
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private volatile boolean holdFirstRun;

    RecordingModel(BatchModel model, int maxBatch, Set<ImageShape> failing) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.failing = failing;
    }

    /** The next run (the first) waits for {@link #releaseFirstRun()}. */
    RecordingModel holdingFirstRun() {
        holdFirstRun = true;
        return this;
    }

    boolean firstRunHasStarted() {
        return firstRunStarted.getCount() == 0;
    }

    /** Whether the first run started within a minute. */
    boolean awaitFirstRunStarted() throws InterruptedException {
        return firstRunStarted.await(HOLD_AT_MOST_SECONDS, TimeUnit.SECONDS);
    }

    void releaseFirstRun() {
        firstRunMayEnd.countDown();
    }

    List<Run> runs() {
        return List.copyOf(runs);
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public List<float[]> runBatch(List<ModelRound> rounds) {
        ImageShape shape = rounds.get(0).shape();
        runs.add(new Run(shape, rounds.size()));
        if (runs.size() == 1 && holdFirstRun) {
            firstRunStarted.countDown();
            try {
                firstRunMayEnd.await(HOLD_AT_MOST_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing.contains(shape)) {
            throw new InferenceException("The model failed on " + shape);
        }
        return model.runBatch(rounds);
    }
}
