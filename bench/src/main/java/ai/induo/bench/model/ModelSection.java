package ai.induo.bench.model;

import ai.induo.bench.BenchContext;
import ai.induo.bench.BenchSection;
import ai.induo.bench.Results;
import ai.induo.bench.stack.ScratchDirectory;
import ai.induo.model.BenchmarkModelBuilder;
import java.time.Duration;

/**
 * The benchmark model ({@link BenchmarkModelBuilder}) on 512 × 384 images: raw ONNX Runtime images/s
 * at each batch size of the device ({@code model.raw.batch_<n>.*}), on the same session settings
 * ({@code model.session.*}); then the worker through the whole pipeline at a full queue on the local
 * stack with the same settings ({@code model.worker.*}, {@link WorkerPipelineBenchmark}), against raw
 * at the worker's largest batch ({@code model.worker_over_raw}) and the model's busy share of the
 * wall time ({@code model.busy_share}).
 */
public final class ModelSection implements BenchSection {

    static final String RAW = "model.raw";
    static final String WORKER = "model.worker";
    private static final Duration RAW_DURATION_PER_BATCH = Duration.ofSeconds(15);

    @Override
    public String name() {
        return "model";
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        SessionSettings settings = SessionSettings.configured();
        settings.putInto(results, "model.session");
        results.put("model.image_height", RawModelBenchmark.HEIGHT);
        results.put("model.image_width", RawModelBenchmark.WIDTH);
        results.put("model.gflop_per_image",
                BenchmarkModelBuilder.flops(RawModelBenchmark.HEIGHT, RawModelBenchmark.WIDTH) / 1e9);
        try (RawModelBenchmark raw = new RawModelBenchmark(settings)) {
            for (int batch : settings.device().batchSizes()) {
                raw.measure(batch, context.scaled(RAW_DURATION_PER_BATCH), results, RAW);
            }
        }
        WorkerPipelineBenchmark.measure(context, settings, ScratchDirectory.fresh(context.workFor(name())), results, WORKER);
        String rawAtMaxBatch = RAW + ".batch_" + WorkerPipelineBenchmark.MAX_BATCH + ".images_per_s";
        results.number(WORKER + ".images_per_s").ifPresent(worker -> results.number(rawAtMaxBatch)
                .ifPresent(raw -> results.put("model.worker_over_raw", worker / raw)));
    }
}
