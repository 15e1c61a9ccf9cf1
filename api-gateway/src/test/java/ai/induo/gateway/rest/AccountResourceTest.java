package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.gateway.Api;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.account.SecretTokens;
import com.mongodb.client.MongoClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    @Inject
    MongoClient mongo;

    @Inject
    AccountRepository accounts;

    @Test
    void signUpReturnsTheAccountAndItsSecretsOnce() {
        given().contentType("application/json")
                .body(Map.of("name", "Acme", "email", "Signup-Once@Example.com", "password", "a long enough password"))
                .post("/v1/accounts")
                .then()
                .statusCode(201)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("account.id", matchesPattern("acct_[0-9a-z]{26}"))
                .body("account.email", equalTo("signup-once@example.com"))
                .body("account.password", nullValue())
                .body("api_key", matchesPattern("sk_[0-9a-z]{32}"))
                .body("webhook_secret", matchesPattern("whsec_[A-Za-z0-9+/=]+"));
    }

    @Test
    void theDatabaseHoldsNeitherThePasswordNorTheApiKeyNorTheWebhookSecret() {
        Api.Account account = Api.signUp();
        Document stored = mongo.getDatabase("induo").getCollection("accounts").find(new Document("_id", account.id())).first();
        String json = stored.toJson();
        Document key = mongo.getDatabase("induo").getCollection("api_keys").find(new Document("accountId", account.id())).first();

        assertThat(json).doesNotContain(account.password()).doesNotContain(account.apiKey())
                .doesNotContain(account.webhookSecret()).doesNotContain(account.webhookSecret().substring("whsec_".length()));
        assertThat(stored.getString("passwordHash")).startsWith("$2a$12$");
        assertThat(key.toJson()).doesNotContain(account.apiKey());
        assertThat(key.getString("hash")).isEqualTo(SecretTokens.hash(account.apiKey()));
    }

    @Test
    void aSecondAccountWithTheSameEmailIsAConflict() {
        Api.Account first = Api.signUp();
        given().contentType("application/json")
                .body(Map.of("name", "Copy", "email", first.email().toUpperCase(), "password", "another long password"))
                .post("/v1/accounts")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("email_taken"));
    }

    @Test
    void invalidSignUpFieldsAreUnprocessable() {
        given().contentType("application/json")
                .body(Map.of("name", "", "email", "a@b.co", "password", "long enough password"))
                .post("/v1/accounts").then().statusCode(422).body("code", equalTo("invalid_request"));
        given().contentType("application/json")
                .body(Map.of("name", "Acme", "email", "not-an-email", "password", "long enough password"))
                .post("/v1/accounts").then().statusCode(422).body("code", equalTo("invalid_request"));
        given().contentType("application/json")
                .body(Map.of("name", "Acme", "email", "short@example.com", "password", "short"))
                .post("/v1/accounts").then().statusCode(422).body("code", equalTo("invalid_request"));
        given().contentType("application/json")
                .body(Map.of("name", "Acme", "email", "long@example.com", "password", "x".repeat(73)))
                .post("/v1/accounts").then().statusCode(422).body("code", equalTo("invalid_request"));
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().contentType("application/json").body("{\"name\": \"Acme\", ")
                .post("/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed_json"))
                .body("status", equalTo(400))
                .body("type", equalTo("https://docs.induo.ai/errors/malformed_json"));
    }
}
