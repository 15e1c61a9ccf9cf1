package ai.induo.bench.chart;

import ai.induo.bench.BenchContext;
import ai.induo.bench.BenchSection;
import ai.induo.bench.Results;
import ai.induo.bench.chart.LineChart.Point;
import ai.induo.bench.chart.LineChart.Series;
import ai.induo.bench.chart.LineChart.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Two PNG charts next to {@code latest.json}, from the figures measured before this section in the
 * same run: {@code latency.png}, end-to-end and submit latency p50 and p99 against the offered load
 * ({@code platform.load_<rate>.<e2e|submit>_<p50|p99>_ms}; {@code .e2e.p50_ms} as {@code Latencies} writes it is
 * read too), and {@code batching.png}, the benchmark
 * model's images/s against the batch size ({@code model.raw.batch_<n>.images_per_s}, with the
 * worker's {@code model.worker.images_per_s} at its mean batch size). A chart whose figures are
 * missing says so in place of the plot.
 */
public final class ChartSection implements BenchSection {

    static final String LATENCY_FILE = "latency.png";
    static final String BATCHING_FILE = "batching.png";

    private static final Pattern LOAD = Pattern.compile("platform\\.load_(\\d+(?:\\.\\d+)?)\\.(e2e|submit)[._](p50|p99)_ms");
    private static final Pattern BATCH = Pattern.compile("model\\.raw\\.batch_(\\d+)\\.images_per_s");

    @Override
    public String name() {
        return "chart";
    }

    @Override
    public void run(BenchContext context, Results results) throws IOException {
        Path dir = context.root().resolve("bench/results");
        Path latency = write(latency(results), dir.resolve(LATENCY_FILE));
        Path batching = write(batching(results), dir.resolve(BATCHING_FILE));
        results.put("chart.latency", context.root().relativize(latency).toString());
        results.put("chart.batching", context.root().relativize(batching).toString());
    }

    static Spec latency(Results results) {
        Map<String, TreeMap<Double, Double>> lines = new TreeMap<>();
        results.all().forEach((path, value) -> {
            Matcher match = LOAD.matcher(path);
            if (match.matches() && value instanceof Double latency) {
                String line = (match.group(2).equals("e2e") ? "end to end " : "submit ") + match.group(3);
                lines.computeIfAbsent(line, name -> new TreeMap<>()).put(Double.parseDouble(match.group(1)), latency);
            }
        });
        List<Series> series = new ArrayList<>();
        lines.forEach((name, points) -> series.add(series(name, points)));
        return new Spec("Latency against offered load (no-op model)", "offered load, jobs/s", "latency, ms", false,
                series, "no platform.load_<rate>.e2e_p50_ms figures in this run (run the platform section)");
    }

    static Spec batching(Results results) {
        TreeMap<Double, Double> raw = new TreeMap<>();
        results.all().forEach((path, value) -> {
            Matcher match = BATCH.matcher(path);
            if (match.matches() && value instanceof Double rate) {
                raw.put(Double.parseDouble(match.group(1)), rate);
            }
        });
        List<Series> series = new ArrayList<>(List.of(series("raw ONNX Runtime", raw)));
        Optional<Double> worker = results.number("model.worker.images_per_s");
        Optional<Double> batchSize = results.number("model.worker.batch_size_mean");
        if (worker.isPresent() && batchSize.isPresent() && !raw.isEmpty()) {
            series.add(new Series("worker, whole pipeline (at its mean batch size)",
                    List.of(new Point(batchSize.get(), worker.get()))));
        }
        String device = results.all().getOrDefault("model.session.device", "cpu").toString();
        return new Spec("Benchmark model: images/s against batch size (" + device + ", 512 x 384)", "batch size",
                "images/s", true, series, "no model.raw.batch_<n>.images_per_s figures in this run (run the model section)");
    }

    private static Series series(String name, TreeMap<Double, Double> points) {
        return new Series(name, points.entrySet().stream().map(point -> new Point(point.getKey(), point.getValue())).toList());
    }

    private static Path write(Spec spec, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(LineChart.render(spec), "png", file.toFile());
        return file;
    }
}
