package ai.induo.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * CPU time used so far by processes, in milliseconds: another process's from {@code /proc/<pid>/stat}
 * (user + system time of all its threads), this JVM's from its {@code OperatingSystemMXBean}.
 */
public final class ProcessCpu {

    /** {@code /proc} counts in clock ticks of 1/100 s on every Linux this runs on ({@code getconf CLK_TCK}). */
    static final long TICKS_PER_SECOND = 100;
    /** utime and stime are fields 14 and 15 of {@code stat}; counted from the state, field 3, after the name. */
    private static final int UTIME_AFTER_NAME = 11;
    private static final int STIME_AFTER_NAME = 12;

    private ProcessCpu() {
    }

    /** CPU milliseconds the process {@code pid} has used (all its threads, user and system). */
    public static double millis(long pid) {
        try {
            return parseStatMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid + " (has it ended?)", e);
        }
    }

    /** The sum of {@link #millis(long)} over several processes. */
    public static double millis(Collection<Long> pids) {
        return pids.stream().mapToDouble(ProcessCpu::millis).sum();
    }

    /** CPU milliseconds this JVM has used, every thread together (JIT and GC included). */
    public static double thisJvmMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
    }

    /**
     * utime + stime of one {@code /proc/<pid>/stat} line, in milliseconds. The process name (field 2)
     * is in parentheses and may itself hold spaces and parentheses, so fields are counted from the
     * last {@code ')'}.
     */
    static double parseStatMillis(String stat) {
        int nameEnd = stat.lastIndexOf(')');
        if (nameEnd < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(nameEnd + 1).trim().split("\\s+");
        if (fields.length <= STIME_AFTER_NAME) {
            throw new IllegalArgumentException("a /proc/<pid>/stat line too short for utime and stime: " + stat);
        }
        long ticks = Long.parseLong(fields[UTIME_AFTER_NAME]) + Long.parseLong(fields[STIME_AFTER_NAME]);
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }
}
