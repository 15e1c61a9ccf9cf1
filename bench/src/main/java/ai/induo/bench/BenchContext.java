package ai.induo.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every section is given: the repository root (for {@code ./induo}, the samples and the built
 * jars), a scratch directory of its own, and whether this is the short run.
 *
 * @param root  the repository root
 * @param work  a scratch directory for this run, under {@code bench/target/work}
 * @param quick {@code --quick}: a run of about two minutes, with fewer jobs and shorter phases
 */
public record BenchContext(Path root, Path work, boolean quick) {

    /** {@code full} for a full run, {@code quick} scaled down by about ten, never below {@code minimum}. */
    public int scaled(int full, int minimum) {
        return quick ? Math.max(minimum, full / 10) : full;
    }

    /** {@code full} for a full run, a tenth of it for a quick one. */
    public Duration scaled(Duration full) {
        return quick ? full.dividedBy(10) : full;
    }

    /** A scratch directory for one section, made on first use. */
    public Path workFor(String section) {
        return work.resolve(section);
    }
}
