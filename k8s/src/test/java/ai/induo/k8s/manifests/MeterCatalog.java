package ai.induo.k8s.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus names of the meters the code registers: every {@code "induo.…"} string literal
 * in the services' main sources on a line that registers a meter ({@code Counter.builder(…)},
 * {@code registry.counter(…)}, …) or names one (a {@code …METER} constant), dots turned to underscores,
 * with the suffixes Micrometer's Prometheus registry adds ({@code _total} for counters,
 * {@code _seconds} for timers, {@code _bucket}, {@code _count}, {@code _sum}, {@code _max}), plus
 * the standard metrics Quarkus, the JVM, Prometheus and kube-state-metrics export.
 */
final class MeterCatalog {

    static final List<String> SOURCES = List.of("api-gateway/src/main/java", "worker/src/main/java",
            "platform/src/main/java", "common/src/main/java");

    /** Metric names, or prefixes ending in "_", exported by the platform rather than by Induo's code. */
    static final List<String> STANDARD = List.of("up", "jvm_", "process_", "http_server_requests_seconds_", "kube_",
            "mongodb_driver_commands_seconds_");

    private static final Pattern LITERAL = Pattern.compile("\"(induo\\.[a-z0-9_.]+)\"");
    /** A line that registers a meter or holds a meter name's constant (the code's convention: {@code WAITING_METER}). */
    static final Pattern METER_LINE = Pattern.compile(
            "METER|(?i:meter)s?\\.(counter|gauge|timer|summary)\\("
                    + "|\\b(Counter|Gauge|Timer|DistributionSummary|TimeGauge|FunctionCounter)\\.builder\\(|@(Counted|Timed)\\b");
    private static final Pattern SUFFIX = Pattern.compile("(_seconds)?(_total|_bucket|_count|_sum|_max)?$");

    private final Set<String> meters;

    private MeterCatalog(Set<String> meters) {
        this.meters = meters;
    }

    /** Scans the sources of this checkout. */
    static MeterCatalog scan() {
        Set<String> found = new TreeSet<>();
        for (String source : SOURCES) {
            try (Stream<Path> files = Files.walk(Repo.path(source))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (!METER_LINE.matcher(line).find()) {
                            continue;
                        }
                        Matcher literal = LITERAL.matcher(line);
                        while (literal.find()) {
                            found.add(literal.group(1).replace('.', '_'));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source, e);
            }
        }
        return new MeterCatalog(found);
    }

    /** Whether a Prometheus metric name is one the services export. */
    boolean exports(String metric) {
        for (String standard : STANDARD) {
            if (standard.endsWith("_") ? metric.startsWith(standard) : metric.equals(standard)) {
                return true;
            }
        }
        Matcher suffix = SUFFIX.matcher(metric);
        String base = suffix.find() ? metric.substring(0, suffix.start()) : metric;
        return meters.contains(metric) || meters.contains(base) || meters.contains(base + "_seconds");
    }

    Set<String> meters() {
        return meters;
    }
}
