package ai.induo.bench;

import ai.induo.bench.chart.ChartSection;
import ai.induo.bench.floor.FloorSection;
import ai.induo.bench.model.ModelSection;
import ai.induo.bench.platform.PlatformSection;
import ai.induo.bench.queue.QueueHopSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./induo bench [--quick] [--only section,…]}: runs the sections in order, prints every figure
 * and writes them to {@code bench/results/latest.json}. A section that fails is reported with its
 * error and the others still run; the exit status is then 1.
 */
public final class BenchMain {

    /** Every section, in the order they run; the ratios and the capacity come last, from the figures before them. */
    static final List<BenchSection> SECTIONS = List.of(new FloorSection(), new PlatformSection(),
            new QueueHopSection(), new ModelSection(), new ChartSection(), new RatiosSection(),
            new CapacitySection());

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Path.of(System.getProperty("induo.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("bench/target/work");
        Files.createDirectories(work);
        BenchContext context = new BenchContext(root, work, options.quick());
        Results results = new Results();
        results.put("run.started_at", Instant.now().toString());
        results.put("run.mode", options.quick() ? "quick" : "full");
        results.put("run.cpus", Runtime.getRuntime().availableProcessors());
        List<String> failed = new ArrayList<>();
        for (BenchSection section : SECTIONS) {
            if (!options.runs(section.name())) {
                continue;
            }
            System.out.printf("bench: %s …%n", section.name());
            long started = System.nanoTime();
            try {
                section.run(context, results);
            } catch (Exception | AssertionError e) {
                failed.add(section.name());
                results.put(section.name() + ".error", String.valueOf(e));
                e.printStackTrace(System.err);
            }
            results.put("run.seconds." + section.name(), Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
        }
        Path json = root.resolve("bench/results/latest.json");
        results.writeJson(json);
        results.printTable(System.out);
        System.out.printf("bench: figures written to %s%n", root.relativize(json));
        if (!failed.isEmpty()) {
            System.err.printf("bench: %s failed; see the errors above%n", String.join(", ", failed));
            System.exit(1);
        }
    }

    /** The command line: {@code --quick}, {@code --only a,b}. */
    record Options(boolean quick, Set<String> only) {

        static Options parse(String[] args) {
            boolean quick = false;
            Set<String> only = Set.of();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--only" -> {
                        if (i + 1 >= args.length) {
                            throw usage("--only needs a comma-separated list of sections");
                        }
                        only = Arrays.stream(args[++i].split(",")).map(String::trim).collect(Collectors.toSet());
                        Set<String> known = SECTIONS.stream().map(BenchSection::name).collect(Collectors.toSet());
                        if (!known.containsAll(only)) {
                            throw usage("unknown section in --only " + only + "; the sections are " + known);
                        }
                    }
                    default -> throw usage("unknown option " + args[i]);
                }
            }
            return new Options(quick, only);
        }

        boolean runs(String section) {
            return only.isEmpty() || only.contains(section);
        }

        private static IllegalArgumentException usage(String problem) {
            return new IllegalArgumentException(problem + "; usage: ./induo bench [--quick] [--only section,…]");
        }
    }
}
