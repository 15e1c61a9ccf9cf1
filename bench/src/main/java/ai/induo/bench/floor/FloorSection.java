package ai.induo.bench.floor;

import ai.induo.bench.BenchContext;
import ai.induo.bench.BenchSection;
import ai.induo.bench.Results;
import ai.induo.bench.stack.ProcessCpu;
import ai.induo.bench.stack.ScratchDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The physical floor: the work every job truly needs, each piece alone with no platform around it,
 * on this machine in this run. For each part, CPU milliseconds per job: this JVM's CPU time plus
 * that of the servers doing the part's work, over many repetitions after a warm-up, divided by the
 * repetitions; and their sum, {@code floor.total.cpu_ms_per_job}.
 */
public final class FloorSection implements BenchSection {

    static final int REPETITIONS = 400;
    /** The JIT compiles the hot paths during the warm-up, so its CPU is not counted against the job. */
    static final Duration WARM_UP = Duration.ofSeconds(5);
    static final Duration QUICK_WARM_UP = Duration.ofSeconds(2);

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        ImageIO.setUseCache(false);
        Path work = ScratchDirectory.fresh(context.workFor(name()));
        JobInputs inputs = JobInputs.generate();
        BufferedImage person = decode(inputs.person());
        BufferedImage product = decode(inputs.product());
        byte[] output = JobInputs.png(person);
        int repetitions = context.scaled(REPETITIONS, 40);
        Duration warmUp = context.quick() ? QUICK_WARM_UP : WARM_UP;
        results.put("floor.repetitions", repetitions);
        results.put("floor.input_bytes.person", inputs.person().length);
        results.put("floor.input_bytes.product", inputs.product().length);
        double total = 0;
        List<String> parts = new ArrayList<>();
        for (PartFactory factory : List.<PartFactory>of(
                () -> new AesGcmPart(inputs, output),
                () -> new PngDecodePart(inputs),
                () -> new PngEncodePart(person),
                () -> new DatabasePart(context.root(), work.resolve("database")),
                () -> new KafkaPart(context.root(), work.resolve("kafka")),
                () -> new ModelPart(person, product))) {
            try (FloorPart part = factory.open()) {
                total += measure(part, warmUp, repetitions, results);
                parts.add(part.name());
            }
        }
        results.put("floor.total.cpu_ms_per_job", total);
        results.put("floor.total.parts", String.join("+", parts));
    }

    /** Runs the part for {@code warmUp}, then {@code repetitions} times measured; returns its CPU ms per job. */
    static double measure(FloorPart part, Duration warmUp, int repetitions, Results results) throws Exception {
        long warmUpEnd = System.nanoTime() + warmUp.toNanos();
        while (System.nanoTime() < warmUpEnd) {
            part.runOneJob();
        }
        List<Long> helpers = part.helperPids();
        double cpuBefore = ProcessCpu.thisJvmMillis() + ProcessCpu.millis(helpers);
        long wallBefore = System.nanoTime();
        for (int i = 0; i < repetitions; i++) {
            part.runOneJob();
        }
        double wallMillis = (System.nanoTime() - wallBefore) / 1e6;
        double cpuPerJob = (ProcessCpu.thisJvmMillis() + ProcessCpu.millis(helpers) - cpuBefore) / repetitions;
        results.put("floor." + part.name() + ".cpu_ms_per_job", cpuPerJob);
        results.put("floor." + part.name() + ".wall_ms_per_job", wallMillis / repetitions);
        return cpuPerJob;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Makes a part; a part that needs a server starts it here, and stops it when closed. */
    @FunctionalInterface
    private interface PartFactory {
        FloorPart open() throws Exception;
    }
}
