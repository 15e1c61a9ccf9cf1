package ai.induo.bench.floor;

import ai.induo.bench.BenchContext;
import ai.induo.bench.BenchSection;
import ai.induo.bench.Results;
import ai.induo.bench.stack.ProcessCpu;
import ai.induo.bench.stack.ScratchDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The physical floor: the work every job truly needs, each piece alone with no platform around it,
 * on this machine in this run. For each part, CPU milliseconds per job: the calling thread's CPU time
 * for work done on it alone, else this JVM's, plus that of the servers doing the part's work, over
 * many repetitions after a warm-up, divided by the repetitions; and their sum,
 * {@code floor.total.cpu_ms_per_job}.
 */
public final class FloorSection implements BenchSection {

    static final int REPETITIONS = 400;
    /** The JIT compiles the hot paths during the warm-up, so its CPU is not counted against the job. */
    static final Duration WARM_UP = Duration.ofSeconds(5);
    static final Duration QUICK_WARM_UP = Duration.ofSeconds(2);
    /** The warm-up goes on, up to this many times its minimum, until the CPU per job has settled. */
    static final int WARM_UP_LIMIT = 4;
    static final int SETTLED_PERCENT = 10;
    private static final Duration WARM_UP_BLOCK = Duration.ofMillis(500);
    /** Each part is measured for at least this long, so the 10 ms ticks of {@code /proc} are a small error. */
    static final Duration MEASURED = Duration.ofSeconds(5);
    static final Duration QUICK_MEASURED = Duration.ofSeconds(2);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
        Duration measured = context.quick() ? QUICK_MEASURED : MEASURED;
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
                total += measure(part, warmUp, repetitions, measured, results);
                parts.add(part.name());
            }
        }
        results.put("floor.total.cpu_ms_per_job", total);
        results.put("floor.total.parts", String.join("+", parts));
    }

    /**
     * Warms the part up (at least {@code warmUp}), then runs it measured at least {@code repetitions}
     * times and for at least {@code measured}; returns its CPU ms per job.
     */
    static double measure(FloorPart part, Duration warmUp, int repetitions, Duration measured, Results results)
            throws Exception {
        results.put("floor." + part.name() + ".warm_up_s", warmUp(part, warmUp));
        double cpuBefore = cpuMillis(part);
        double serversBefore = ProcessCpu.millis(part.helperPids());
        long wallBefore = System.nanoTime();
        long measuredEnd = wallBefore + measured.toNanos();
        int done = 0;
        while (done < repetitions || System.nanoTime() < measuredEnd) {
            part.runOneJob();
            done++;
        }
        double wallMillis = (System.nanoTime() - wallBefore) / 1e6;
        double cpuPerJob = (cpuMillis(part) - cpuBefore) / done;
        String prefix = "floor." + part.name();
        results.put(prefix + ".cpu_ms_per_job", cpuPerJob);
        results.put(prefix + ".wall_ms_per_job", wallMillis / done);
        results.put(prefix + ".repetitions", done);
        if (!part.helperPids().isEmpty()) {
            results.put(prefix + ".server_cpu_ms_per_job", (ProcessCpu.millis(part.helperPids()) - serversBefore) / done);
        }
        results.put(prefix + ".cpu_counted", part.onCallingThread() ? "calling thread"
                : "bench JVM" + (part.helperPids().isEmpty() ? "" : " + server"));
        return cpuPerJob;
    }

    /**
     * Runs the part for at least {@code minimum}, then on until two blocks in a row took CPU per job
     * within {@value #SETTLED_PERCENT} % of each other (the JIT has compiled the hot path; on a busy
     * machine its compiler threads get little time), for at most {@link #WARM_UP_LIMIT} × minimum.
     * Returns the seconds it took.
     */
    private static double warmUp(FloorPart part, Duration minimum) throws Exception {
        long start = System.nanoTime();
        long limit = start + minimum.multipliedBy(WARM_UP_LIMIT).toNanos();
        double previous = Double.NaN;
        while (System.nanoTime() < limit) {
            double cpuBefore = cpuMillis(part);
            long blockEnd = System.nanoTime() + WARM_UP_BLOCK.toNanos();
            int jobs = 0;
            while (System.nanoTime() < blockEnd) {
                part.runOneJob();
                jobs++;
            }
            double perJob = (cpuMillis(part) - cpuBefore) / jobs;
            boolean settled = Math.abs(perJob - previous) <= previous * SETTLED_PERCENT / 100;
            if (settled && System.nanoTime() - start >= minimum.toNanos()) {
                break;
            }
            previous = perJob;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double cpuMillis(FloorPart part) {
        double own = part.onCallingThread() ? THREADS.getCurrentThreadCpuTime() / 1e6 : ProcessCpu.thisJvmMillis();
        return own + ProcessCpu.millis(part.helperPids());
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
