package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import ai.induo.gateway.Api;
import ai.induo.gateway.account.SecretTokens;
import ai.induo.gateway.session.SessionRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionResourceTest {

    @Inject
    SessionRepository sessions;

    @Test
    void signInGivesASessionTokenThatExpiresAfterTwelveHours() {
        Api.Account account = Api.signUp();
        Instant before = Instant.now();
        Response response = signIn(account.email().toUpperCase(), account.password());

        response.then().statusCode(201)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("object", equalTo("session"))
                .body("token", matchesPattern("sess_[0-9a-z]{32}"));
        Instant expiresAt = Instant.parse(response.path("expires_at"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofHours(12)), Instant.now().plus(Duration.ofHours(12)));
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        Api.Account account = Api.signUp();
        Response wrongPassword = signIn(account.email(), "not the password at all");
        Response unknownEmail = signIn("nobody-" + UUID.randomUUID() + "@example.com", account.password());

        wrongPassword.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("invalid_credentials"));
        assertThat(unknownEmail.statusCode()).isEqualTo(wrongPassword.statusCode());
        assertThat(unknownEmail.contentType()).isEqualTo(wrongPassword.contentType());
        assertThat(unknownEmail.<Map<String, Object>>path("$")).isEqualTo(wrongPassword.<Map<String, Object>>path("$"));
    }

    @Test
    void anUnknownEmailTakesAsLongToRefuseAsAWrongPassword() {
        Api.Account account = Api.signUp();
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";

        long wrongPassword = medianMillis(() -> signIn(account.email(), "not the password at all"));
        long unknownEmail = medianMillis(() -> signIn(unknown, "not the password at all"));

        // Both answers wait for one bcrypt check of cost 12 (hundreds of milliseconds); without the
        // stand-in hash an unknown email would be refused in a few milliseconds.
        assertThat(unknownEmail).isGreaterThan(wrongPassword / 2);
    }

    @Test
    void aSessionTokenActsForTheOwnerWithEveryScope() {
        Api.Account account = Api.signUp();
        String token = Api.signIn(account);

        Api.bearer(token).get("/v1/account").then().statusCode(200).body("id", equalTo(account.id()));
        Api.bearer(token).contentType("application/json").body(Map.of("name", "from the dashboard"))
                .post("/v1/api-keys").then().statusCode(201);
        String job = Api.sampleJob(Api.bearer(token)).post("/v1/jobs").then().statusCode(202).extract().path("id");
        Api.bearer(token).get("/v1/jobs/" + job).then().statusCode(200).body("id", equalTo(job));
    }

    @Test
    void anUnknownOrMalformedSessionTokenIsUnauthorized() {
        Api.bearer("sess_" + "a".repeat(32)).get("/v1/account").then().statusCode(401).body("code", equalTo("unauthorized"));
        Api.bearer("sess_short").get("/v1/account").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void signingOutEndsThatSessionOnlyAndItsTokenThenAnswers401() {
        Api.Account account = Api.signUp();
        String leaving = Api.signIn(account);
        String staying = Api.signIn(account);

        Api.bearer(leaving).delete("/v1/sessions/current").then().statusCode(204);

        Api.bearer(leaving).get("/v1/account").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        Api.bearer(leaving).delete("/v1/sessions/current").then().statusCode(401).body("code", equalTo("unauthorized"));
        assertThat(sessions.findByIdOptional(SecretTokens.hash(leaving))).isEmpty();
        Api.bearer(staying).get("/v1/account").then().statusCode(200).body("id", equalTo(account.id()));
    }

    @Test
    void signingOutWithAnApiKeyIsRefusedAndTheKeyKeepsWorking() {
        Api.Account account = Api.signUp();
        String session = Api.signIn(account);

        account.auth().delete("/v1/sessions/current").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("not_a_session"))
                .body("status", equalTo(400));

        account.auth().get("/v1/account").then().statusCode(200);
        Api.bearer(session).get("/v1/account").then().statusCode(200);
        given().delete("/v1/sessions/current").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void theDatabaseHoldsOnlyTheHashOfASessionToken() {
        Api.Account account = Api.signUp();
        String token = Api.signIn(account);

        List<Document> stored = sessions.mongoCollection().withDocumentClass(Document.class)
                .find(new Document("accountId", account.id())).into(new ArrayList<>());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getString("_id")).isEqualTo(SecretTokens.hash(token));
        assertThat(stored.get(0).toJson()).doesNotContain(token).doesNotContain(token.substring("sess_".length()));
    }

    @Test
    void signInNeedsAnEmailAndAPasswordAndNothingElse() {
        given().contentType("application/json").body(Map.of("email", "a@example.com"))
                .post("/v1/sessions").then().statusCode(400).body("code", equalTo("invalid_request"));
        given().contentType("application/json").body(Map.of("email", "a@example.com", "password", "long enough password", "remember", "yes"))
                .post("/v1/sessions").then().statusCode(400).body("code", equalTo("invalid_request"));
        given().contentType("application/json").body("[]")
                .post("/v1/sessions").then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    private static long medianMillis(Supplier<Response> signIn) {
        long[] millis = new long[3];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            signIn.get().then().statusCode(401);
            millis[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
        Arrays.sort(millis);
        return millis[1];
    }

    private static Response signIn(String email, String password) {
        return given().contentType("application/json").body(Map.of("email", email, "password", password)).post("/v1/sessions");
    }
}
