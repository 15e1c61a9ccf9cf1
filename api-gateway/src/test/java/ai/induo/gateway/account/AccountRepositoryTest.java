package ai.induo.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.gateway.Api;
import com.mongodb.client.model.Updates;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Accounts stored before their webhook secret could be rotated, with one secret in {@code webhookSecretWrapped}. */
@QuarkusTest
class AccountRepositoryTest {

    @Inject
    AccountRepository accounts;

    @Inject
    AccountService service;

    @Test
    void anAccountStoredWithOneWebhookSecretKeepsItAsItsCurrentSecretAndCanRotateIt() {
        Api.Account account = Api.signUp();
        storeInTheOldShape(account.id());

        accounts.moveLegacyWebhookSecrets();
        accounts.moveLegacyWebhookSecrets();

        Document moved = stored(account.id());
        assertThat(moved).doesNotContainKeys(AccountRepository.LEGACY_SECRET, AccountRepository.LEGACY_MASTER_KEY_ID);
        assertThat(moved.getList("webhookSecrets", Document.class)).hasSize(1);
        assertThat(service.webhookSecrets(account.id())).contains(List.of(account.webhookSecret()));

        String rotated = account.auth().post("/v1/account/webhook-secret/rotate").then().statusCode(200)
                .body("object", equalTo("webhook_secret")).extract().path("secret");
        assertThat(service.webhookSecrets(account.id()).orElseThrow()).containsExactly(rotated, account.webhookSecret());
    }

    /** Turns the account's document back into the shape it had before secrets could be rotated. */
    private void storeInTheOldShape(String accountId) {
        Document current = stored(accountId).getList("webhookSecrets", Document.class).get(0);
        accounts.mongoCollection().updateOne(new Document("_id", accountId), Updates.combine(
                Updates.set(AccountRepository.LEGACY_SECRET, current.get("wrapped")),
                Updates.set(AccountRepository.LEGACY_MASTER_KEY_ID, current.getString("masterKeyId")),
                Updates.unset("webhookSecrets")));
        assertThat(stored(accountId)).containsKey(AccountRepository.LEGACY_SECRET).doesNotContainKey("webhookSecrets");
    }

    private Document stored(String accountId) {
        return accounts.mongoCollection().withDocumentClass(Document.class).find(new Document("_id", accountId)).first();
    }
}
