package ai.induo.bench;

/** One part of {@code ./induo bench}: measures something and puts its figures into the results. */
public interface BenchSection {

    /** The section's name, as {@code --only} takes it and as the first part of its figures' paths. */
    String name();

    /** Measures, putting every figure under {@link #name()} in {@code results}. */
    void run(BenchContext context, Results results) throws Exception;
}
