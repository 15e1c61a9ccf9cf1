package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.gateway.Api;
import ai.induo.gateway.account.ApiKeyRepository;
import ai.induo.gateway.account.SecretTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeyResourceTest {

    /** The default of {@code induo.gateway.api-keys.max-per-account}. */
    static final int MAX_KEYS = 100;

    @Inject
    ApiKeyRepository keys;

    @Test
    void aNewKeyIsShownOnceAndListedWithoutItsSecret() {
        Api.Account account = Api.signUp();
        Response created = create(account, Map.of("name", "CI pipeline", "scopes", List.of("jobs:read", "jobs:write")));
        created.then().statusCode(201)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("id", matchesPattern("key_[0-9a-z]{26}"))
                .body("object", equalTo("api_key"))
                .body("name", equalTo("CI pipeline"))
                .body("scopes", contains("jobs:write", "jobs:read"))
                .body("created_at", notNullValue())
                .body("last_used_at", nullValue())
                .body("key", matchesPattern("sk_[0-9a-z]{32}"));
        String key = created.path("key");
        assertThat(created.<String>path("prefix")).isEqualTo(key.substring(0, 9));

        Response listed = account.auth().get("/v1/api-keys");
        listed.then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data", hasSize(2))
                .body("data[0].id", equalTo(created.path("id")))
                .body("data[0].prefix", equalTo(key.substring(0, 9)))
                .body("data[1].name", equalTo("default"))
                .body("data[1].scopes", contains("jobs:write", "jobs:read", "account:admin"));
        assertThat(listed.asString()).doesNotContain(key).doesNotContain(account.apiKey())
                .doesNotContain(SecretTokens.hash(key)).doesNotContain("\"key\"").doesNotContain("hash");
    }

    @Test
    void aKeyMadeWithoutScopesHoldsEveryScope() {
        Api.Account account = Api.signUp();
        String key = create(account, Map.of("name", "everything")).then().statusCode(201)
                .body("scopes", contains("jobs:write", "jobs:read", "account:admin"))
                .extract().path("key");
        Api.bearer(key).get("/v1/api-keys").then().statusCode(200);
    }

    @Test
    void scopesAndNamesAreChecked() {
        Api.Account account = Api.signUp();
        create(account, Map.of("name", "bad", "scopes", List.of("jobs:read", "jobs:delete")))
                .then().statusCode(422).contentType("application/problem+json").body("code", equalTo("invalid_scope"));
        create(account, Map.of("name", "none", "scopes", List.of()))
                .then().statusCode(422).body("code", equalTo("invalid_scope"));
        create(account, Map.of("scopes", List.of("jobs:read")))
                .then().statusCode(422).body("code", equalTo("invalid_request"));
        create(account, Map.of("name", "x".repeat(101)))
                .then().statusCode(422).body("code", equalTo("invalid_request"));
        create(account, Map.of("name", "typed", "scopes", "jobs:read"))
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        create(account, Map.of("name", "extra", "expires_at", "2030-01-01T00:00:00Z"))
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        account.auth().get("/v1/api-keys").then().body("data", hasSize(1));
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndNoLongerListed() {
        Api.Account account = Api.signUp();
        Response created = create(account, Map.of("name", "short-lived"));
        String id = created.path("id");
        String key = created.path("key");
        Api.bearer(key).get("/v1/account").then().statusCode(200);

        account.auth().delete("/v1/api-keys/" + id).then().statusCode(204);

        Api.bearer(key).get("/v1/account").then().statusCode(401).body("code", equalTo("unauthorized"));
        account.auth().get("/v1/api-keys").then().body("data", hasSize(1)).body("data[0].id", not(equalTo(id)));
        account.auth().delete("/v1/api-keys/" + id).then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void theKeyOfTheRequestCanRevokeItself() {
        Api.Account account = Api.signUp();
        String ownId = account.auth().get("/v1/api-keys").path("data[0].id");

        account.auth().delete("/v1/api-keys/" + ownId).then().statusCode(204);

        account.auth().get("/v1/api-keys").then().statusCode(401);
    }

    @Test
    void anotherAccountsKeyIsNotFoundAndStaysValid() {
        Api.Account owner = Api.signUp();
        Api.Account stranger = Api.signUp();
        String ownerKeyId = owner.auth().get("/v1/api-keys").path("data[0].id");

        stranger.auth().delete("/v1/api-keys/" + ownerKeyId).then().statusCode(404).body("code", equalTo("not_found"));
        stranger.auth().delete("/v1/api-keys/key_unknown").then().statusCode(404).body("code", equalTo("not_found"));

        owner.auth().get("/v1/account").then().statusCode(200);
        assertThat(stranger.auth().get("/v1/api-keys").<List<String>>path("data.id")).doesNotContain(ownerKeyId);
    }

    @Test
    void lastUsedAtIsSetWhenTheKeyAuthenticatesAndWrittenAtMostOncePerInterval() {
        Api.Account account = Api.signUp();
        Response created = create(account, Map.of("name", "reader", "scopes", List.of("jobs:read")));
        String id = created.path("id");
        String key = created.path("key");
        Instant before = Instant.now();

        Api.bearer(key).get("/v1/jobs/job_unknown").then().statusCode(404);
        Instant firstUse = lastUsedAt(account, id);
        Api.bearer(key).get("/v1/jobs/job_unknown").then().statusCode(404);

        assertThat(firstUse).isAfterOrEqualTo(before.minusSeconds(1)).isBeforeOrEqualTo(Instant.now());
        assertThat(lastUsedAt(account, id)).isEqualTo(firstUse);
    }

    @Test
    void theDatabaseHoldsOnlyTheHashOfAKey() {
        Api.Account account = Api.signUp();
        String key = create(account, Map.of("name", "stored")).path("key");

        List<Document> stored = keys.mongoCollection().withDocumentClass(Document.class)
                .find(new Document("accountId", account.id())).into(new ArrayList<>());
        assertThat(stored).hasSize(2);
        assertThat(stored).allSatisfy(document -> assertThat(document.toJson())
                .doesNotContain(key).doesNotContain(key.substring("sk_".length()))
                .doesNotContain(account.apiKey()).doesNotContain(account.apiKey().substring("sk_".length())));
        assertThat(stored).extracting(document -> document.getString("hash"))
                .containsExactlyInAnyOrder(SecretTokens.hash(key), SecretTokens.hash(account.apiKey()));
    }

    @Test
    void anAccountHoldsAtMostAHundredLiveKeys() {
        Api.Account account = Api.signUp();
        for (int i = 1; i < MAX_KEYS; i++) {
            create(account, Map.of("name", "key " + i)).then().statusCode(201);
        }
        create(account, Map.of("name", "one too many")).then().statusCode(422).body("code", equalTo("too_many_api_keys"));

        String some = account.auth().get("/v1/api-keys").then().body("data", hasSize(MAX_KEYS)).extract().path("data[0].id");
        account.auth().delete("/v1/api-keys/" + some).then().statusCode(204);
        create(account, Map.of("name", "in its place")).then().statusCode(201);
    }

    private static Response create(Api.Account account, Map<String, ?> body) {
        return account.auth().contentType("application/json").body(body).post("/v1/api-keys");
    }

    private static Instant lastUsedAt(Api.Account account, String id) {
        String lastUsedAt = account.auth().get("/v1/api-keys").path("data.find { it.id == '" + id + "' }.last_used_at");
        return Instant.parse(lastUsedAt);
    }
}
