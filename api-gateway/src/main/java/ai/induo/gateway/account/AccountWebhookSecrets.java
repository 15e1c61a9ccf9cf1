package ai.induo.gateway.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;

import ai.induo.common.crypto.MasterWrappedSecret;
import ai.induo.common.crypto.MasterWrappedStore;
import ai.induo.common.crypto.WrappedSecret;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/**
 * The accounts' webhook signing secrets, wrapped by the master key, as a master-key rotation walks
 * and re-wraps them: the one place that reads {@code accounts} across accounts.
 */
@ApplicationScoped
public class AccountWebhookSecrets implements MasterWrappedStore {

    private static final String SECRET = "webhookSecretWrapped";
    private static final String MASTER_KEY_ID = "masterKeyId";

    @Inject
    AccountRepository accounts;

    @Override
    public String name() {
        return "account webhook secrets";
    }

    @Override
    public List<MasterWrappedSecret> page(String afterDocumentId, int limit) {
        Bson withSecret = exists(SECRET);
        Bson filter = afterDocumentId == null ? withSecret : and(gt("_id", afterDocumentId), withSecret);
        return accounts.mongoCollection().find(filter).sort(Sorts.ascending("_id")).limit(limit)
                .map(account -> new MasterWrappedSecret(account.id,
                        new WrappedSecret(account.masterKeyId, account.webhookSecretWrapped),
                        AccountService.secretContext(account.id)))
                .into(new ArrayList<>());
    }

    @Override
    public boolean replace(MasterWrappedSecret secret, WrappedSecret rewrapped) {
        WrappedSecret expected = secret.wrapped();
        return accounts.mongoCollection().updateOne(
                        and(eq("_id", secret.documentId()), eq(MASTER_KEY_ID, expected.masterKeyId()),
                                eq(SECRET, expected.ciphertext())),
                        Updates.combine(Updates.set(MASTER_KEY_ID, rewrapped.masterKeyId()),
                                Updates.set(SECRET, rewrapped.ciphertext())))
                .getModifiedCount() == 1;
    }
}
