package ai.induo.bench.queue;

import ai.induo.bench.BenchContext;
import ai.induo.bench.Results;

/**
 * The load every queue gets, the same for all three: {@code messages} published by
 * {@code publishers} threads (each waiting for its publish before the next) while one subscriber
 * holds at most {@code inFlight} deliveries.
 */
record HopSettings(int messages, int publishers, int inFlight) {

    private static final int FULL_MESSAGES = 20_000;
    private static final int MIN_MESSAGES = 2_000;
    private static final int PUBLISHERS = 8;
    private static final int IN_FLIGHT = 8;

    static HopSettings of(BenchContext context) {
        return new HopSettings(context.scaled(FULL_MESSAGES, MIN_MESSAGES), PUBLISHERS, IN_FLIGHT);
    }

    void putInto(Results results, String prefix) {
        results.put(prefix + ".messages", messages);
        results.put(prefix + ".publishers", publishers);
        results.put(prefix + ".in_flight", inFlight);
    }
}
