package ai.induo.gateway.crypto;

import ai.induo.common.crypto.AccountKeyStore;
import ai.induo.common.crypto.AccountKeyStoreContractTest;
import ai.induo.platform.crypto.AccountKeyRepository;
import ai.induo.platform.crypto.MongoAccountKeyStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The account-key contract against the MongoDB adapter the services use. */
@QuarkusTest
class MongoAccountKeyStoreTest extends AccountKeyStoreContractTest {

    @Inject
    MongoAccountKeyStore mongoStore;

    @Inject
    AccountKeyRepository keys;

    @Override
    protected AccountKeyStore newStore() {
        keys.deleteAll();
        return mongoStore;
    }
}
