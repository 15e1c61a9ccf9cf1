package ai.induo.bench.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.induo.bench.BenchContext;
import ai.induo.bench.Results;
import ai.induo.bench.chart.LineChart.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartSectionTest {

    @Test
    void writesBothChartsAsPngsOfTheChartSizeNextToTheJson(@TempDir Path root) throws IOException {
        Results results = new Results();
        results.put("platform.load_5.e2e_p50_ms", 61);
        results.put("platform.load_5.e2e_p99_ms", 105);
        results.put("platform.load_20.e2e_p50_ms", 80);
        results.put("platform.load_20.e2e_p99_ms", 190);
        results.put("model.raw.batch_1.images_per_s", 20.4);
        results.put("model.raw.batch_8.images_per_s", 18.4);

        new ChartSection().run(new BenchContext(root, root.resolve("work"), true), results);

        for (String file : new String[] {"latency.png", "batching.png"}) {
            BufferedImage chart = ImageIO.read(root.resolve("bench/results").resolve(file).toFile());
            assertThat(chart.getWidth()).isEqualTo(LineChart.WIDTH);
            assertThat(chart.getHeight()).isEqualTo(LineChart.HEIGHT);
        }
        assertThat(results.all()).containsEntry("chart.latency", "bench/results/latency.png")
                .containsEntry("chart.batching", "bench/results/batching.png");
    }

    @Test
    void aChartWithoutItsFiguresStillComesOutAndSaysWhatIsMissing(@TempDir Path root) throws IOException {
        Results results = new Results();

        new ChartSection().run(new BenchContext(root, root.resolve("work"), true), results);

        BufferedImage chart = ImageIO.read(root.resolve("bench/results/latency.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(LineChart.WIDTH);
        assertThat(ChartSection.latency(results).hasPoints()).isFalse();
        assertThat(ChartSection.latency(results).missing()).contains("platform.load_<rate>.e2e_p50_ms");
        assertThat(ChartSection.batching(results).missing()).contains("model.raw.batch_<n>.images_per_s");
    }

    @Test
    void readsOneLinePerPercentileOrderedByLoadAndTheWorkerBesideTheRawCurve() {
        Results results = new Results();
        results.put("platform.load_50.e2e_p50_ms", 300);
        results.put("platform.load_5.e2e.p50_ms", 61);
        results.put("platform.load_5.submit_p99_ms", 40);
        results.put("platform.load_5.achieved_jobs_per_s", 5);
        results.put("model.raw.batch_2.images_per_s", 19.5);
        results.put("model.raw.batch_1.images_per_s", 20.4);
        results.put("model.worker.images_per_s", 18);
        results.put("model.worker.batch_size_mean", 3.5);

        var latency = ChartSection.latency(results).series();
        assertThat(latency).extracting(LineChart.Series::name).containsExactly("end to end p50", "submit p99");
        assertThat(latency.get(0).points()).containsExactly(new Point(5, 61), new Point(50, 300));

        var batching = ChartSection.batching(results).series();
        assertThat(batching.get(0).points()).containsExactly(new Point(1, 20.4), new Point(2, 19.5));
        assertThat(batching.get(1).points()).containsExactly(new Point(3.5, 18));
    }

    @Test
    void theValueAxisEndsOnARoundNumber() {
        assertThat(LineChart.niceCeiling(0.7)).isCloseTo(1.0, within(1e-12));
        assertThat(LineChart.niceCeiling(105)).isEqualTo(200.0);
        assertThat(LineChart.niceCeiling(4100)).isEqualTo(5000.0);
        assertThat(LineChart.niceCeiling(0)).isEqualTo(1.0);
    }
}
