package ai.induo.worker.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The batcher's meters, all tagged {@code model}: one record per model run, the images made, and the rounds waiting. */
public final class BatchMetrics {

    /** Timer of model runs (one per batch), tagged {@code model}. */
    public static final String INFERENCE_METER = "induo.worker.inference";
    /** Distribution of the number of images in each model run, tagged {@code model}. */
    public static final String BATCH_SIZE_METER = "induo.worker.batch.size";
    /** Counter of the images the model produced, tagged {@code model}: its rate is images per second. */
    public static final String IMAGES_METER = "induo.worker.images";
    /** Gauge of the rounds waiting for the model, tagged {@code model}. */
    public static final String WAITING_METER = "induo.worker.batch.waiting";

    private final MeterRegistry registry;
    private final String model;
    private final Timer inference;
    private final DistributionSummary batchSize;
    private final Counter images;

    public BatchMetrics(MeterRegistry registry, String model) {
        this.registry = registry;
        this.model = model;
        this.inference = Timer.builder(INFERENCE_METER)
                .description("Time the try-on model took per run: one batch of one or more images")
                .tag("model", model)
                .register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE_METER)
                .description("Images in each run of the try-on model")
                .tag("model", model)
                .register(registry);
        this.images = Counter.builder(IMAGES_METER)
                .description("Images the try-on model produced")
                .tag("model", model)
                .register(registry);
    }

    void recordBatch(int images, long duration, TimeUnit unit) {
        batchSize.record(images);
        this.images.increment(images);
        inference.record(duration, unit);
    }

    void watchWaiting(IntSupplier waiting) {
        Gauge.builder(WAITING_METER, waiting, IntSupplier::getAsInt)
                .description("Model rounds (one image each) waiting for a batch")
                .tag("model", model)
                .strongReference(true)
                .register(registry);
    }
}
