package ai.induo.worker.batch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.worker.batch.RecordingModel.Run;
import ai.induo.worker.inference.ExecutionDevice;
import ai.induo.worker.inference.ImageShape;
import ai.induo.worker.inference.ModelSource;
import ai.induo.worker.inference.TryOnModel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelWarmUpTest {

    private static final ImageShape PORTRAIT = new ImageShape(64, 48);
    private static final ImageShape SQUARE = new ImageShape(40, 40);

    @Test
    void everyShapeRunsAtEveryBatchSizeUpToTheMaxSize() {
        try (TryOnModel demo = TryOnModel.load(ModelSource.bundledDemo(), ExecutionDevice.CPU)) {
            RecordingModel model = new RecordingModel(demo, Integer.MAX_VALUE, Set.of());

            ModelWarmUp.warmUp(model, List.of(PORTRAIT, SQUARE), 3);

            assertThat(model.runs()).containsExactly(new Run(PORTRAIT, 1), new Run(PORTRAIT, 2), new Run(PORTRAIT, 3),
                    new Run(SQUARE, 1), new Run(SQUARE, 2), new Run(SQUARE, 3));
        }
    }

    @Test
    void aModelThatDoesNotBatchWarmsUpAtBatchSizeOneOnly() {
        try (TryOnModel demo = TryOnModel.load(ModelSource.bundledDemo(), ExecutionDevice.CPU)) {
            RecordingModel model = new RecordingModel(demo, 1, Set.of());

            ModelWarmUp.warmUp(model, List.of(PORTRAIT), 8);

            assertThat(model.runs()).containsExactly(new Run(PORTRAIT, 1));
        }
    }
}
