package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.gateway.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each endpoint asks for its scope; a key without it gets {@code 403 insufficient_scope}. */
@QuarkusTest
class ScopeTest {

    private Api.Account account;
    private String jobId;

    @BeforeEach
    void signUpAndSubmitAJob() {
        account = Api.signUp();
        jobId = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
    }

    @Test
    void submittingAJobNeedsJobsWrite() {
        String key = Api.createKey(account, "jobs:read", "account:admin");
        assertInsufficientScope(Api.sampleJob(Api.bearer(key)).post("/v1/jobs"));
        assertInsufficientScope(Api.bearer(key).contentType("application/json").body(Map.of("metadata", Map.of())).post("/v1/jobs"));

        String writer = Api.createKey(account, "jobs:write");
        Api.sampleJob(Api.bearer(writer)).post("/v1/jobs").then().statusCode(202);
    }

    @Test
    void readingAJobNeedsJobsRead() {
        String key = Api.createKey(account, "jobs:write", "account:admin");
        assertInsufficientScope(Api.bearer(key).get("/v1/jobs/" + jobId));

        String reader = Api.createKey(account, "jobs:read");
        Api.bearer(reader).get("/v1/jobs/" + jobId).then().statusCode(200).body("id", equalTo(jobId));
    }

    @Test
    void theAccountAndItsKeysNeedAccountAdmin() {
        String key = Api.createKey(account, "jobs:write", "jobs:read");
        String someKeyId = account.auth().get("/v1/api-keys").path("data[0].id");

        assertInsufficientScope(Api.bearer(key).get("/v1/account"));
        assertInsufficientScope(Api.bearer(key).contentType("application/json").body(Map.of("name", "Taken Over")).patch("/v1/account"));
        assertInsufficientScope(Api.bearer(key).get("/v1/api-keys"));
        assertInsufficientScope(Api.bearer(key).contentType("application/json").body(Map.of("name", "escalated")).post("/v1/api-keys"));
        assertInsufficientScope(Api.bearer(key).delete("/v1/api-keys/" + someKeyId));

        String admin = Api.createKey(account, "account:admin");
        Api.bearer(admin).get("/v1/account").then().statusCode(200).body("name", equalTo("Acme Fashion"));
        Api.bearer(admin).get("/v1/api-keys").then().statusCode(200);
        assertInsufficientScope(Api.bearer(admin).get("/v1/jobs/" + jobId));
    }

    @Test
    void anUnknownOrMissingKeyIsUnauthorizedBeforeAnyScopeCheck() {
        Api.bearer("sk_" + "0".repeat(32)).get("/v1/account").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get("/v1/api-keys").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    private static void assertInsufficientScope(Response response) {
        response.then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("insufficient_scope"))
                .body("type", equalTo("https://docs.induo.ai/errors/insufficient_scope"));
    }
}
