package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.gateway.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every request under /v1 shows in the caller's own request log. */
@QuarkusTest
class RequestLogTest {

    static final Duration FLUSHED = Duration.ofSeconds(10);

    @Test
    void requestsAppearWithTheirRouteTemplateStatusAndLatencyAndOnlyToTheirAccount() {
        Api.Account account = Api.signUp();
        String id = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        account.auth().get("/v1/jobs/" + id).then().statusCode(200);
        account.auth().get("/v1/jobs/job_doesnotexist").then().statusCode(404);

        List<Map<String, Object>> entries = await().atMost(FLUSHED).until(
                () -> logs(account, "route=/v1/jobs/{id}"), found -> found.size() == 2);
        assertThat(entries).extracting(entry -> entry.get("status")).containsExactly(404, 200);
        Map<String, Object> read = entries.get(1);
        assertThat(read.get("object")).isEqualTo("request_log");
        assertThat(read.get("method")).isEqualTo("GET");
        assertThat(read.get("ip")).isEqualTo("127.0.0.1");
        assertThat(read.get("api_key_id")).asString().startsWith("key_");
        assertThat(((Number) read.get("latency_ms")).longValue()).isNotNegative();
        assertThat(read.get("created_at")).isNotNull();
        assertThat(entries).allSatisfy(entry -> assertThat(entry.get("route").toString()).doesNotContain(id));

        List<Map<String, Object>> created = logs(account, "method=POST&route=/v1/jobs");
        assertThat(created).singleElement().satisfies(entry -> {
            assertThat(entry.get("status")).isEqualTo(202);
            assertThat(((Number) entry.get("request_bytes")).longValue()).isPositive();
        });

        Api.Account other = Api.signUp();
        other.auth().get("/v1/account").then().statusCode(200);
        await().atMost(FLUSHED).until(() -> logs(other, "route=/v1/account"), found -> !found.isEmpty());
        assertThat(logs(other, "limit=100")).noneMatch(entry -> entry.get("route").equals("/v1/jobs/{id}"));
    }

    @Test
    void forwardedForIsIgnoredFromAPeerThatIsNotATrustedProxy() {
        Api.Account account = Api.signUp();
        account.auth().header("X-Forwarded-For", "203.0.113.7").get("/v1/account").then().statusCode(200);

        List<Map<String, Object>> entries = await().atMost(FLUSHED).until(
                () -> logs(account, "route=/v1/account"), found -> !found.isEmpty());
        assertThat(entries.get(0).get("ip")).isEqualTo("127.0.0.1");
    }

    @Test
    void theLogPagesNewestFirstWithStartingAfter() {
        Api.Account account = Api.signUp();
        for (int i = 0; i < 5; i++) {
            account.auth().get("/v1/account").then().statusCode(200);
        }
        await().atMost(FLUSHED).until(() -> logs(account, "route=/v1/account"), found -> found.size() == 5);

        JsonPath first = page(account, "route=/v1/account&limit=3");
        assertThat(first.getBoolean("has_more")).isTrue();
        List<String> firstIds = first.getList("data.id");
        JsonPath second = page(account, "route=/v1/account&limit=3&starting_after=" + firstIds.get(2));
        assertThat(second.getBoolean("has_more")).isFalse();
        List<String> secondIds = second.getList("data.id");
        assertThat(secondIds).hasSize(2).doesNotContainAnyElementsOf(firstIds);
        assertThat(firstIds.get(2)).isGreaterThan(secondIds.get(0));
    }

    @Test
    void aMalformedFilterIsRejected() {
        Api.Account account = Api.signUp();
        account.auth().get("/v1/logs?status=abc").then().statusCode(400);
        account.auth().get("/v1/logs?colour=red").then().statusCode(400);
    }

    static List<Map<String, Object>> logs(Api.Account account, String query) {
        return page(account, query).getList("data");
    }

    /** {@code query} is {@code name=value&...}, sent as query parameters (a route's braces are no path template). */
    static JsonPath page(Api.Account account, String query) {
        RequestSpecification request = account.auth();
        for (String parameter : query.split("&")) {
            String[] nameAndValue = parameter.split("=", 2);
            request = request.queryParam(nameAndValue[0], nameAndValue[1]);
        }
        return request.get("/v1/logs").then().statusCode(200).extract().jsonPath();
    }
}
