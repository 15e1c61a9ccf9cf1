package ai.induo.worker.inference;

import static ai.induo.model.TestImages.noise;
import static ai.induo.model.TestImages.squareOnWhite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.induo.model.TryOnPreprocessing;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo model on the CUDA execution provider, in the {@code -Pgpu} build on a machine with an
 * NVIDIA GPU. Skipped only where there is no CUDA device: no {@code nvidia-smi} listing a GPU, or an
 * ONNX Runtime build without the CUDA provider (the CPU build; that build refusing {@code cuda} is
 * {@code TryOnModelTest}'s).
 */
class CudaModelTest {

    private static final ImageShape SHAPE = new ImageShape(96, 64);
    private static final long MEMORY_LIMIT = 1L << 30;
    private static final int BLUE = 0x1030c0;

    @BeforeAll
    static void requireACudaDevice() {
        assumeTrue(nvidiaSmiListsAGpu(), "no CUDA device: nvidia-smi is absent or lists no GPU");
        assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "this ONNX Runtime build has no CUDA provider; build with -Pgpu");
    }

    @Test
    void theDemoModelRunsABatchOfTwoOnTheGpuWithTheCpusOutput() {
        SessionSettings cuda = new SessionSettings(ExecutionDevice.CUDA, OptimizationLevel.ALL, OptionalInt.empty(),
                OptionalInt.empty(), new CudaSettings(0, CudaSettings.ConvAlgoSearch.EXHAUSTIVE,
                        CudaSettings.ArenaExtendStrategy.SAME_AS_REQUESTED, OptionalLong.of(MEMORY_LIMIT)));
        List<ModelRound> rounds = List.of(round(1), round(2));

        try (TryOnModel gpu = TryOnModel.load(ModelSource.bundledDemo(), cuda);
                TryOnModel cpu = TryOnModel.load(ModelSource.bundledDemo(), ExecutionDevice.CPU)) {
            List<float[]> outputs = gpu.runBatch(rounds);

            assertThat(gpu.device()).isEqualTo(ExecutionDevice.CUDA);
            assertThat(outputs).hasSize(2);
            for (int i = 0; i < rounds.size(); i++) {
                assertThat(pixels(outputs.get(i))).as("image %d", i)
                        .isEqualTo(pixels(cpu.runBatch(List.of(rounds.get(i))).get(0)));
            }
        }
    }

    private static ModelRound round(int seed) {
        return new ModelRound(SHAPE, TryOnPreprocessing.toChw(noise(SHAPE.width(), SHAPE.height(), seed)),
                TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(squareOnWhite(24 + seed, BLUE),
                        SHAPE.torsoBox())));
    }

    private static int[] pixels(float[] output) {
        return TryOnPreprocessing.fromChw(output, SHAPE.width(), SHAPE.height())
                .getRGB(0, 0, SHAPE.width(), SHAPE.height(), null, 0, SHAPE.width());
    }

    private static boolean nvidiaSmiListsAGpu() {
        try {
            Process process = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && listing.contains("GPU");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
