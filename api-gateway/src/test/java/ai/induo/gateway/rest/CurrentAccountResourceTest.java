package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import ai.induo.gateway.Api;
import ai.induo.gateway.account.AccountRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CurrentAccountResourceTest {

    @Inject
    AccountRepository accounts;

    @Test
    void theCallerReadsItsOwnAccount() {
        Api.Account account = Api.signUp();
        account.auth().get("/v1/account")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("id", equalTo(account.id()))
                .body("object", equalTo("account"))
                .body("name", equalTo("Acme Fashion"))
                .body("email", equalTo(account.email()))
                .body("created_at", notNullValue())
                .body("training_opt_out", equalTo(false))
                .body("output_retention_hours", equalTo(24))
                .body("password_hash", nullValue());
    }

    @Test
    void settingsAreChangedShownAndTheRetentionResetsToThePlatformDefault() {
        Api.Account account = Api.signUp();

        patch(account, Map.of("training_opt_out", true, "output_retention_hours", 720)).then().statusCode(200)
                .body("training_opt_out", equalTo(true)).body("output_retention_hours", equalTo(720))
                .body("name", equalTo("Acme Fashion"));
        account.auth().get("/v1/account").then().body("training_opt_out", equalTo(true)).body("output_retention_hours", equalTo(720));
        Document stored = storedAccount(account);
        assertThat(stored.getBoolean("trainingOptOut")).isTrue();
        assertThat(stored.getInteger("outputRetentionHours")).isEqualTo(720);

        patch(account, Map.of("output_retention_hours", 1)).then().statusCode(200)
                .body("output_retention_hours", equalTo(1)).body("training_opt_out", equalTo(true));
        account.auth().contentType("application/json").body("{\"output_retention_hours\": null, \"training_opt_out\": false}")
                .patch("/v1/account").then().statusCode(200)
                .body("output_retention_hours", equalTo(24)).body("training_opt_out", equalTo(false));
        assertThat(storedAccount(account).containsKey("outputRetentionHours")).isFalse();
    }

    @Test
    void settingsOfTheWrongTypeAreBadRequestsAndOutOfRangeRetentionIsUnprocessable() {
        Api.Account account = Api.signUp();
        patch(account, Map.of("training_opt_out", "yes")).then().statusCode(400).body("code", equalTo("invalid_request"));
        patch(account, Map.of("output_retention_hours", "24")).then().statusCode(400).body("code", equalTo("invalid_request"));
        patch(account, Map.of("output_retention_hours", 1.5)).then().statusCode(400).body("code", equalTo("invalid_request"));
        account.auth().contentType("application/json").body("{\"training_opt_out\": null}")
                .patch("/v1/account").then().statusCode(400).body("code", equalTo("invalid_request"));
        patch(account, Map.of("output_retention_hours", 0)).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("invalid_request"));
        patch(account, Map.of("output_retention_hours", 721)).then().statusCode(422).body("code", equalTo("invalid_request"));
        patch(account, Map.of("output_retention_hours", 48, "retention", 1)).then().statusCode(400).body("code", equalTo("invalid_request"));

        account.auth().get("/v1/account").then().body("training_opt_out", equalTo(false)).body("output_retention_hours", equalTo(24));
    }

    @Test
    void nameAndEmailCanBeCorrectedAndTheNewEmailSignsIn() {
        Api.Account account = Api.signUp();
        String newEmail = "Renamed-" + UUID.randomUUID() + "@Example.com";

        patch(account, Map.of("name", "  Acme Couture ", "email", newEmail))
                .then().statusCode(200)
                .body("id", equalTo(account.id()))
                .body("name", equalTo("Acme Couture"))
                .body("email", equalTo(newEmail.toLowerCase()));
        account.auth().get("/v1/account").then().body("name", equalTo("Acme Couture")).body("email", equalTo(newEmail.toLowerCase()));
        given().contentType("application/json").body(Map.of("email", newEmail, "password", account.password()))
                .post("/v1/sessions").then().statusCode(201);
    }

    @Test
    void aFieldLeftOutStaysAsItIs() {
        Api.Account account = Api.signUp();
        patch(account, Map.of("name", "Only The Name")).then().statusCode(200)
                .body("name", equalTo("Only The Name")).body("email", equalTo(account.email()));
        patch(account, Map.of()).then().statusCode(200)
                .body("name", equalTo("Only The Name")).body("email", equalTo(account.email()));
    }

    @Test
    void anEmailAnotherAccountHoldsIsAConflict() {
        Api.Account account = Api.signUp();
        Api.Account other = Api.signUp();

        patch(account, Map.of("email", other.email().toUpperCase()))
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("email_taken"));
        account.auth().get("/v1/account").then().body("email", equalTo(account.email()));
        patch(account, Map.of("email", account.email())).then().statusCode(200);
    }

    @Test
    void correctionsAreCheckedLikeSignUp() {
        Api.Account account = Api.signUp();
        patch(account, Map.of("name", "   ")).then().statusCode(422).body("code", equalTo("invalid_request"));
        patch(account, Map.of("name", "x".repeat(201))).then().statusCode(422).body("code", equalTo("invalid_request"));
        patch(account, Map.of("email", "not-an-email")).then().statusCode(422).body("code", equalTo("invalid_request"));
        account.auth().get("/v1/account").then().body("name", equalTo("Acme Fashion")).body("email", equalTo(account.email()));
    }

    @Test
    void unknownFieldsAndWrongTypesAreBadRequests() {
        Api.Account account = Api.signUp();
        patch(account, Map.of("password", "a new long password")).then().statusCode(400).body("code", equalTo("invalid_request"));
        account.auth().contentType("application/json").body("{\"name\": null}")
                .patch("/v1/account").then().statusCode(400).body("code", equalTo("invalid_request"));
        account.auth().contentType("application/json").body("{\"name\": 42}")
                .patch("/v1/account").then().statusCode(400).body("code", equalTo("invalid_request"));
        account.auth().contentType("application/json").body("\"Acme\"")
                .patch("/v1/account").then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void aRetriedWebhookSecretRotationWithTheSameIdempotencyKeyRotatesOnceAndShowsTheSameSecret() {
        Api.Account account = Api.signUp();
        String first = account.auth().header("Idempotency-Key", "rotate-account-1").post("/v1/account/webhook-secret/rotate")
                .then().statusCode(200).body("secret", startsWith("whsec_")).extract().path("secret");
        account.auth().header("Idempotency-Key", "rotate-account-1").post("/v1/account/webhook-secret/rotate")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("secret", equalTo(first));

        Document stored = storedAccount(account);
        assertThat(stored.getList("webhookSecrets", Document.class)).hasSize(2);
        assertThat(stored.toJson()).doesNotContain(first).doesNotContain(account.webhookSecret())
                .doesNotContain(first.substring("whsec_".length()));
    }

    @Test
    void onlyAKeyWithAccountAdminRotatesTheWebhookSecret() {
        Api.Account account = Api.signUp();
        Api.bearer(Api.createKey(account, "jobs:write", "jobs:read")).post("/v1/account/webhook-secret/rotate")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("insufficient_scope"));
        given().post("/v1/account/webhook-secret/rotate").then().statusCode(401).body("code", equalTo("unauthorized"));

        assertThat(storedAccount(account).getList("webhookSecrets", Document.class)).hasSize(1);
    }

    private Document storedAccount(Api.Account account) {
        return accounts.mongoCollection().withDocumentClass(Document.class).find(new Document("_id", account.id())).first();
    }

    private static Response patch(Api.Account account, Map<String, ?> body) {
        return account.auth().contentType("application/json").body(body).patch("/v1/account");
    }
}
