package ai.induo.bench.floor;

import java.util.List;

/** One piece of the work every job needs, done alone, with nothing of the platform around it. */
interface FloorPart extends AutoCloseable {

    /** The part's name in the figures: {@code floor.<name>.cpu_ms_per_job}. */
    String name();

    /**
     * Whether the part's work runs on the calling thread alone, so that thread's CPU time is the
     * part's; otherwise the whole JVM's counts (client I/O threads), with the JIT's and the GC's.
     */
    default boolean onCallingThread() {
        return false;
    }

    /** The servers that do this part's work besides the bench JVM, whose CPU counts too. */
    default List<Long> helperPids() {
        return List.of();
    }

    /** Does the part's work for one job. */
    void runOneJob() throws Exception;

    @Override
    default void close() throws Exception {
    }
}
