package ai.induo.gateway.idempotency;

import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;

/** Answers of the idempotency rules, checked the same way by every test that expects them. */
final class IdempotencyAnswers {

    private IdempotencyAnswers() {
    }

    /** The request was refused because its key was used with another request. */
    static void assertKeyReused(Response answer) {
        answer.then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_reused"));
    }
}
