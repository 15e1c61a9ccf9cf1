package ai.induo.bench.model;

import ai.induo.bench.BenchContext;
import ai.induo.bench.BenchSection;
import ai.induo.bench.Results;
import ai.induo.model.BenchmarkModelBuilder;
import java.time.Duration;

/**
 * The benchmark model ({@link BenchmarkModelBuilder}) on 512 × 384 images: raw ONNX Runtime images/s
 * at each batch size of the device ({@code model.raw.batch_<n>.*}), on the same session settings
 * ({@code model.session.*}).
 */
public final class ModelSection implements BenchSection {

    static final String RAW = "model.raw";
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
    }
}
