package ai.induo.bench.model;

import ai.induo.bench.Results;
import ai.induo.model.BenchmarkModelBuilder;
import ai.induo.model.ModelContract;
import ai.induo.model.TorsoBox;
import ai.induo.model.TryOnPreprocessing;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark model alone in ONNX Runtime: one session, inputs made once per batch size, a few
 * warm-up runs, then runs back to back for a while. Figures per batch size {@code n}:
 * {@code <prefix>.batch_<n>.images_per_s}, {@code .ms_per_batch} and {@code .runs}.
 */
final class RawModelBenchmark implements AutoCloseable {

    /** The image size every run uses: a 512 × 384 portrait. */
    static final int HEIGHT = 512;
    static final int WIDTH = 384;

    private static final int WARM_UP_RUNS = 2;
    private static final int MIN_RUNS = 3;

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    RawModelBenchmark(SessionSettings settings) throws OrtException {
        try (OrtSession.SessionOptions options = settings.toOptions()) {
            session = environment.createSession(BenchmarkModelBuilder.build(), options);
        }
    }

    /** Measures one batch size for about {@code duration}, at least {@value #MIN_RUNS} runs. */
    void measure(int batch, Duration duration, Results results, String prefix) throws OrtException {
        TorsoBox box = TryOnPreprocessing.torsoBox(WIDTH, HEIGHT);
        long[] placement = TryOnPreprocessing.placement(box, WIDTH, HEIGHT);
        SplittableRandom noise = new SplittableRandom(batch);
        try (OnnxTensor person = noiseTensor(noise, batch, HEIGHT, WIDTH);
                OnnxTensor garment = noiseTensor(noise, batch, box.height(), box.width());
                OnnxTensor placementTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(placement),
                        new long[] {placement.length})) {
            Map<String, OnnxTensor> inputs = Map.of(ModelContract.PERSON_INPUT, person,
                    ModelContract.GARMENT_INPUT, garment, ModelContract.PLACEMENT_INPUT, placementTensor);
            for (int i = 0; i < WARM_UP_RUNS; i++) {
                runOnce(inputs);
            }
            long started = System.nanoTime();
            long deadline = started + duration.toNanos();
            int runs = 0;
            while (runs < MIN_RUNS || System.nanoTime() < deadline) {
                runOnce(inputs);
                runs++;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            String path = prefix + ".batch_" + batch;
            results.put(path + ".images_per_s", runs * batch / seconds);
            results.put(path + ".ms_per_batch", seconds * 1000 / runs);
            results.put(path + ".runs", runs);
        }
    }

    private void runOnce(Map<String, OnnxTensor> inputs) throws OrtException {
        try (OrtSession.Result result = session.run(inputs)) {
            result.get(ModelContract.OUTPUT).orElseThrow();
        }
    }

    private OnnxTensor noiseTensor(SplittableRandom noise, int batch, int height, int width) throws OrtException {
        float[] values = new float[batch * ModelContract.CHANNELS * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) noise.nextDouble();
        }
        return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values),
                new long[] {batch, ModelContract.CHANNELS, height, width});
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
