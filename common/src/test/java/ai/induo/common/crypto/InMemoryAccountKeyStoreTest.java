package ai.induo.common.crypto;

class InMemoryAccountKeyStoreTest extends AccountKeyStoreContractTest {

    @Override
    protected AccountKeyStore newStore() {
        return new InMemoryAccountKeyStore();
    }
}
