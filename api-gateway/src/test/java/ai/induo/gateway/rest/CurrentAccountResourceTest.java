package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.gateway.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CurrentAccountResourceTest {

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
                .body("password_hash", nullValue());
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

    private static Response patch(Api.Account account, Map<String, ?> body) {
        return account.auth().contentType("application/json").body(body).patch("/v1/account");
    }
}
