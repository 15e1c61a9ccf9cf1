package ai.induo.worker.batch;

import static ai.induo.model.TestImages.noise;
import static ai.induo.model.TestImages.squareOnWhite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.induo.model.TryOnPreprocessing;
import ai.induo.worker.batch.RecordingModel.Run;
import ai.induo.worker.inference.ExecutionDevice;
import ai.induo.worker.inference.ImageShape;
import ai.induo.worker.inference.InferenceException;
import ai.induo.worker.inference.ModelRound;
import ai.induo.worker.inference.ModelSource;
import ai.induo.worker.inference.TryOnModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelBatcherTest {

    private static final ImageShape SMALL = new ImageShape(48, 32);
    private static final ImageShape LARGE = new ImageShape(64, 40);
    private static final Duration DELAY = Duration.ofMillis(5);
    private static final Duration PAST_THE_DELAY = Duration.ofSeconds(1);
    private static final int CAPACITY = 8;
    private static final int BLUE = 0x1030c0;

    private static TryOnModel demo;

    private final AtomicLong ticker = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService jobThreads = Executors.newFixedThreadPool(CAPACITY);
    private final List<ModelBatcher> batchers = new ArrayList<>();

    @BeforeAll
    static void loadDemoModel() {
        demo = TryOnModel.load(ModelSource.bundledDemo(), ExecutionDevice.CPU);
    }

    @AfterAll
    static void closeDemoModel() {
        demo.close();
    }

    @AfterEach
    void stop() {
        batchers.forEach(ModelBatcher::close);
        jobThreads.shutdownNow();
    }

    @Test
    void roundsOfTheSameShapeWaitingTogetherRunAsOneBatchWithTheirOwnOutputsBitForBit() throws Exception {
        RecordingModel model = recording(Integer.MAX_VALUE, Set.of()).holdingFirstRun();
        ModelBatcher batcher = batcher(model, 8, DELAY);
        CompletableFuture<float[]> first = startHeldRun(batcher, model, round(LARGE, 0));
        List<ModelRound> rounds = List.of(round(SMALL, 1), round(SMALL, 2), round(SMALL, 3));
        List<CompletableFuture<float[]>> outputs = rounds.stream().map(round -> submit(batcher, round)).toList();
        awaitWaiting(3);

        ticker.addAndGet(PAST_THE_DELAY.toNanos());
        model.releaseFirstRun();

        done(first);
        for (int i = 0; i < rounds.size(); i++) {
            assertThat(done(outputs.get(i))).isEqualTo(demo.runBatch(List.of(rounds.get(i))).get(0));
        }
        assertThat(model.runs()).containsExactly(new Run(LARGE, 1), new Run(SMALL, 3));
        DistributionSummary sizes = registry.get(BatchMetrics.BATCH_SIZE_METER).tag("model", "demo").summary();
        assertThat(sizes.count()).isEqualTo(2);
        assertThat(sizes.totalAmount()).isEqualTo(4);
        assertThat(registry.get(BatchMetrics.INFERENCE_METER).tag("model", "demo").timer().count()).isEqualTo(2);
        assertThat(registry.get(BatchMetrics.IMAGES_METER).tag("model", "demo").counter().count()).isEqualTo(4);
    }

    @Test
    void roundsOfDifferentShapesNeverShareABatchAndTheOldestGoesFirst() throws Exception {
        RecordingModel model = recording(Integer.MAX_VALUE, Set.of()).holdingFirstRun();
        ModelBatcher batcher = batcher(model, 8, DELAY);
        CompletableFuture<float[]> first = startHeldRun(batcher, model, round(LARGE, 0));
        List<CompletableFuture<float[]>> outputs = new ArrayList<>();
        for (ImageShape shape : List.of(SMALL, LARGE, SMALL)) {
            outputs.add(submit(batcher, round(shape, outputs.size())));
            awaitWaiting(outputs.size());
        }

        ticker.addAndGet(PAST_THE_DELAY.toNanos());
        model.releaseFirstRun();

        done(first);
        outputs.forEach(ModelBatcherTest::done);
        assertThat(model.runs()).containsExactly(new Run(LARGE, 1), new Run(SMALL, 2), new Run(LARGE, 1));
    }

    @Test
    void aBatchHoldsAtMostMaxSizeRounds() throws Exception {
        RecordingModel model = recording(Integer.MAX_VALUE, Set.of()).holdingFirstRun();
        ModelBatcher batcher = batcher(model, 2, DELAY);
        CompletableFuture<float[]> first = startHeldRun(batcher, model, round(SMALL, 0));
        List<CompletableFuture<float[]>> outputs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            outputs.add(submit(batcher, round(SMALL, i)));
        }
        awaitWaiting(5);

        ticker.addAndGet(PAST_THE_DELAY.toNanos());
        model.releaseFirstRun();

        done(first);
        outputs.forEach(ModelBatcherTest::done);
        assertThat(model.runs()).extracting(Run::size).containsExactly(1, 2, 2, 1);
    }

    @Test
    void theOldestRoundWaitsUpToMaxDelayForOthersOfItsShape() {
        RecordingModel model = recording(Integer.MAX_VALUE, Set.of());
        ModelBatcher batcher = batcher(model, 3, Duration.ofHours(1));

        List<CompletableFuture<float[]>> outputs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            outputs.add(submit(batcher, round(SMALL, i)));
        }

        outputs.forEach(ModelBatcherTest::done);
        assertThat(model.runs()).containsExactly(new Run(SMALL, 3));
    }

    @Test
    void aRoundAloneRunsOnceMaxDelayHasPassedSinceItWasQueued() {
        RecordingModel model = recording(Integer.MAX_VALUE, Set.of());
        ModelBatcher batcher = batcher(model, 8, DELAY);

        CompletableFuture<float[]> output = submit(batcher, round(SMALL, 0));
        awaitWaiting(1);
        ticker.addAndGet(PAST_THE_DELAY.toNanos());

        done(output);
        assertThat(model.runs()).containsExactly(new Run(SMALL, 1));
    }

    @Test
    void aFailingBatchFailsOnlyItsOwnRounds() throws Exception {
        RecordingModel model = recording(Integer.MAX_VALUE, Set.of(LARGE)).holdingFirstRun();
        ModelBatcher batcher = batcher(model, 8, DELAY);
        CompletableFuture<float[]> first = startHeldRun(batcher, model, round(SMALL, 0));
        CompletableFuture<float[]> failing = submit(batcher, round(LARGE, 1));
        CompletableFuture<float[]> alsoFailing = submit(batcher, round(LARGE, 2));
        CompletableFuture<float[]> fine = submit(batcher, round(SMALL, 3));
        awaitWaiting(3);

        ticker.addAndGet(PAST_THE_DELAY.toNanos());
        model.releaseFirstRun();

        done(first);
        assertThat(done(fine)).hasSize(SMALL.personValues());
        for (CompletableFuture<float[]> output : List.of(failing, alsoFailing)) {
            assertThatThrownBy(() -> done(output)).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(InferenceException.class)
                    .hasMessageContaining("The model failed on " + LARGE);
        }
        assertThat(model.runs()).containsExactly(new Run(SMALL, 1), new Run(LARGE, 2), new Run(SMALL, 1));
    }

    @Test
    void aModelThatDoesNotBatchGetsOneRoundARun() throws Exception {
        RecordingModel model = recording(1, Set.of()).holdingFirstRun();
        ModelBatcher batcher = batcher(model, 8, DELAY);
        CompletableFuture<float[]> first = startHeldRun(batcher, model, round(SMALL, 0));
        List<CompletableFuture<float[]>> outputs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            outputs.add(submit(batcher, round(SMALL, i)));
        }
        awaitWaiting(3);

        model.releaseFirstRun();

        done(first);
        outputs.forEach(ModelBatcherTest::done);
        assertThat(batcher.maxSize()).isEqualTo(1);
        assertThat(model.runs()).extracting(Run::size).containsExactly(1, 1, 1, 1);
    }

    @Test
    void closingFailsTheRoundsStillWaitingAndRefusesNewOnes() {
        RecordingModel model = recording(Integer.MAX_VALUE, Set.of());
        ModelBatcher batcher = batcher(model, 8, Duration.ofHours(1));
        CompletableFuture<float[]> waiting = submit(batcher, round(SMALL, 0));
        awaitWaiting(1);

        batcher.close();

        assertThatThrownBy(() -> done(waiting)).hasCauseInstanceOf(InferenceException.class)
                .hasMessageContaining("stopping");
        assertThatThrownBy(() -> batcher.run(round(SMALL, 1))).isInstanceOf(InferenceException.class);
        assertThat(model.runs()).isEmpty();
    }

    @Test
    void moreWaitingRoundsThanJobThreadsAreRefused() throws Exception {
        RecordingModel model = recording(Integer.MAX_VALUE, Set.of()).holdingFirstRun();
        ModelBatcher batcher = new ModelBatcher(model, 8, DELAY, 1, ticker::get, new BatchMetrics(registry, "demo"));
        batchers.add(batcher);
        CompletableFuture<float[]> first = startHeldRun(batcher, model, round(SMALL, 0));
        CompletableFuture<float[]> second = submit(batcher, round(SMALL, 1));
        awaitWaiting(1);

        assertThatThrownBy(() -> batcher.run(round(SMALL, 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job threads (1)");

        ticker.addAndGet(PAST_THE_DELAY.toNanos());
        model.releaseFirstRun();
        done(first);
        done(second);
    }

    private RecordingModel recording(int maxBatch, Set<ImageShape> failing) {
        return new RecordingModel(demo, maxBatch, failing);
    }

    private ModelBatcher batcher(RecordingModel model, int maxSize, Duration maxDelay) {
        ModelBatcher batcher = new ModelBatcher(model, maxSize, maxDelay, CAPACITY, ticker::get,
                new BatchMetrics(registry, "demo"));
        batchers.add(batcher);
        return batcher;
    }

    /** Submits a round and lets its batch start at once; the model holds that run until released. */
    private CompletableFuture<float[]> startHeldRun(ModelBatcher batcher, RecordingModel model, ModelRound round)
            throws InterruptedException {
        CompletableFuture<float[]> output = submit(batcher, round);
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting() == 1 || model.firstRunHasStarted());
        ticker.addAndGet(PAST_THE_DELAY.toNanos());
        assertThat(model.awaitFirstRunStarted()).as("the held run started").isTrue();
        return output;
    }

    private CompletableFuture<float[]> submit(ModelBatcher batcher, ModelRound round) {
        return CompletableFuture.supplyAsync(() -> batcher.run(round), jobThreads);
    }

    private void awaitWaiting(int rounds) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> waiting() == rounds);
    }

    private double waiting() {
        return registry.get(BatchMetrics.WAITING_METER).gauge().value();
    }

    private static float[] done(CompletableFuture<float[]> output) {
        return output.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static ModelRound round(ImageShape shape, int seed) {
        return new ModelRound(shape, TryOnPreprocessing.toChw(noise(shape.width(), shape.height(), seed)),
                TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(squareOnWhite(20 + seed, BLUE),
                        shape.torsoBox())));
    }
}
