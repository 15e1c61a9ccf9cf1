package ai.induo.common.job;

/** The in-memory store keeps the same promises as the MongoDB one, so tests built on it mean something. */
class InMemoryJobStoreTest extends JobStoreContractTest {

    private final JobStore store = new InMemoryJobStore();

    @Override
    protected JobStore store() {
        return store;
    }
}
