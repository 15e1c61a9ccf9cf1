package ai.induo.bench.queue;

import ai.induo.bench.Latencies;
import ai.induo.bench.Results;

/**
 * What one queue did: messages that reached the handler, over the seconds from the first publish call
 * to the last handler call, and each message's latency from its publish call to its handler call.
 */
record HopFigures(int received, double seconds, Latencies latencies) {

    double jobsPerSecond() {
        return received / seconds;
    }

    void putInto(Results results, String prefix) {
        results.put(prefix + ".jobs_per_s", jobsPerSecond());
        latencies.putInto(results, prefix);
    }
}
