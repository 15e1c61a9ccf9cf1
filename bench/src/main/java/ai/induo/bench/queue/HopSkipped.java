package ai.induo.bench.queue;

/** A queue whose hop cannot run on this machine, with the reason, which the results record. */
final class HopSkipped extends Exception {

    HopSkipped(String reason) {
        super(reason);
    }
}
