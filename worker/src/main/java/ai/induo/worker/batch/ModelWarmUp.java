package ai.induo.worker.batch;

import ai.induo.worker.inference.BatchModel;
import ai.induo.worker.inference.ImageShape;
import ai.induo.worker.inference.InferenceException;
import ai.induo.worker.inference.ModelRound;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs a model once at every batch size for each warm-up shape before it serves jobs: ONNX
 * Runtime plans memory, and on CUDA cuDNN picks its convolution algorithms, on the first run of
 * each input shape, which would otherwise land on the first jobs.
 */
public final class ModelWarmUp {

    private static final Logger LOG = Logger.getLogger(ModelWarmUp.class);
    private static final float GREY = 0.5f;

    private ModelWarmUp() {
    }

    /**
     * Runs every batch size from 1 to {@code maxSize} (as far as the model and the shape allow) for
     * each shape, and logs how long it took.
     *
     * @return how long the warm-up took
     * @throws InferenceException when the model fails on a warm-up batch
     */
    public static Duration warmUp(BatchModel model, List<ImageShape> shapes, int maxSize) {
        long started = System.nanoTime();
        int runs = 0;
        for (ImageShape shape : shapes) {
            float[] person = grey(shape.personValues());
            float[] garment = grey(shape.garmentValues());
            ModelRound round = new ModelRound(shape, person, garment);
            int largest = Math.min(maxSize, Math.min(model.maxBatch(), shape.maxBatch()));
            for (int size = 1; size <= largest; size++) {
                model.runBatch(Collections.nCopies(size, round));
                runs++;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.infof("Warmed up model %s in %d ms: %d runs, shapes %s, batch sizes up to %d", model, took.toMillis(),
                runs, shapes, Math.min(maxSize, model.maxBatch()));
        return took;
    }

    private static float[] grey(int values) {
        float[] tensor = new float[values];
        Arrays.fill(tensor, GREY);
        return tensor;
    }
}
