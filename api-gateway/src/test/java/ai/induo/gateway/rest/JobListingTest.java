package ai.induo.gateway.rest;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.json.Json;
import ai.induo.gateway.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobListingTest {

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void jobsAreListedNewestFirstPageByPageWithTheCursor() {
        String first = submit(Map.of());
        String second = submit(Map.of());
        String third = submit(Map.of());

        account.auth().queryParam("limit", 2).get("/v1/jobs").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", contains(third, second))
                .body("data[0].object", equalTo("job"))
                .body("data[0].status", equalTo("queued"))
                .body("has_more", equalTo(true));
        account.auth().queryParam("limit", 2).queryParam("starting_after", second).get("/v1/jobs").then().statusCode(200)
                .body("data.id", contains(first))
                .body("has_more", equalTo(false));
        account.auth().get("/v1/jobs").then().statusCode(200)
                .body("data.id", contains(third, second, first))
                .body("has_more", equalTo(false));
    }

    @Test
    void anotherAccountsJobsAreNeverListedEvenWithTheirIdAsCursor() {
        String mine = submit(Map.of());
        Api.Account other = Api.signUp();
        String theirs = Api.sampleJob(other).post("/v1/jobs").then().statusCode(202).extract().path("id");

        account.auth().get("/v1/jobs").then().statusCode(200).body("data.id", contains(mine));
        account.auth().queryParam("starting_after", theirs).get("/v1/jobs").then().statusCode(200)
                .body("data.id", contains(mine));
        other.auth().get("/v1/jobs").then().statusCode(200).body("data.id", contains(theirs));
    }

    @Test
    void jobsAreFilteredByEveryGivenMetadataPair() {
        String redMedium = submit(Map.of("color", "red", "size", "m"));
        String redLarge = submit(Map.of("color", "red", "size", "l"));
        submit(Map.of("color", "blue"));

        list(Map.of("metadata[color]", "red")).body("data.id", contains(redLarge, redMedium));
        list(Map.of("metadata[color]", "red", "metadata[size]", "m")).body("data.id", contains(redMedium));
        list(Map.of("metadata[color]", "green")).body("data", empty());
    }

    @Test
    void jobsAreFilteredByStatus() {
        String cancelled = submit(Map.of());
        String queued = submit(Map.of());
        account.auth().post("/v1/jobs/" + cancelled + "/cancel").then().statusCode(200);

        list(Map.of("status", "cancelled")).body("data.id", contains(cancelled));
        list(Map.of("status", "queued")).body("data.id", contains(queued));
        list(Map.of("status", "succeeded")).body("data", empty());
    }

    @Test
    void jobsAreFilteredByCreationTime() {
        String earlier = submit(Map.of());
        String later = submit(Map.of());
        String laterCreatedAt = account.auth().get("/v1/jobs/" + later).then().extract().path("created_at");

        list(Map.of("created_before", laterCreatedAt)).body("data.id", contains(earlier));
        list(Map.of("created_after", Instant.parse(laterCreatedAt).minusSeconds(3600).toString()))
                .body("data.id", contains(later, earlier));
        list(Map.of("created_after", "2099-01-01T00:00:00+02:00")).body("data", empty());
    }

    @Test
    void badParametersAreRefusedWithInvalidRequest() {
        for (Map<String, String> query : List.of(
                Map.of("limit", "0"), Map.of("limit", "101"), Map.of("limit", "ten"), Map.of("status", "done"),
                Map.of("created_after", "yesterday"), Map.of("created_before", "2025-01-01"),
                Map.of("starting_after", "not-a-job-id"), Map.of("sort", "asc"), Map.of("metadata[]", "x"),
                Map.of("metadata[a.b]", "x"))) {
            account.auth().queryParams(query).get("/v1/jobs").then().statusCode(400)
                    .body("code", equalTo("invalid_request"));
        }
        account.auth().queryParam("status", "queued", "running").get("/v1/jobs").then().statusCode(400)
                .body("code", equalTo("invalid_request"))
                .body("detail", containsString("status"));
    }

    @Test
    void listingNeedsTheJobsReadScope() {
        String writer = Api.createKey(account, "jobs:write");
        Api.bearer(writer).get("/v1/jobs").then().statusCode(403).body("code", equalTo("insufficient_scope"));
        String reader = Api.createKey(account, "jobs:read");
        Api.bearer(reader).get("/v1/jobs").then().statusCode(200);
    }

    private ValidatableResponse list(Map<String, String> query) {
        return account.auth().queryParams(query).get("/v1/jobs").then().statusCode(200);
    }

    private String submit(Map<String, String> metadata) {
        var request = Api.sampleJob(account);
        if (!metadata.isEmpty()) {
            request.multiPart("metadata", Json.mapper().valueToTree(metadata).toString());
        }
        return request.post("/v1/jobs").then().statusCode(202).extract().path("id");
    }
}
