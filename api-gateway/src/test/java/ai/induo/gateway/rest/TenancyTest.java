package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.gateway.Api;
import ai.induo.gateway.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint that takes an id, called by another account with this account's ids, answers
 * {@code 404 not_found} and changes nothing. The endpoints are found by reading the gateway's
 * resource classes, so a new one that takes an id fails this test until it is walked here too.
 */
@QuarkusTest
class TenancyTest {

    private static final Class<?>[] RESOURCES = {AccountExportResource.class, AccountResource.class, ApiKeyResource.class,
            CurrentAccountResource.class,
            JobResource.class, OutputResource.class, RequestLogResource.class, SessionResource.class, UsageResource.class,
            WebhookDeliveryResource.class, WebhookEndpointResource.class};
    /** Output URLs are capabilities: their signature, not the caller's account, decides access (tested in JobLifecycleTest). */
    private static final Set<String> NOT_ACCOUNT_SCOPED = Set.of("GET /v1/outputs/{job}/{index}");
    private static final List<Class<? extends Annotation>> METHODS = List.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class);

    private Api.Account owner;
    private Api.Account intruder;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        owner = Api.signUp();
        intruder = Api.signUp();
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void everyResourceClassOfTheGatewayIsWalked() throws IOException {
        java.nio.file.Path rest = java.nio.file.Path.of("target/classes/ai/induo/gateway/rest");
        Set<String> resources = new TreeSet<>();
        try (Stream<java.nio.file.Path> classes = Files.list(rest)) {
            for (java.nio.file.Path file : classes.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("ai.induo.gateway.rest." + name, false, getClass().getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type.getSimpleName());
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        assertThat(resources).containsExactlyInAnyOrderElementsOf(Stream.of(RESOURCES).map(Class::getSimpleName).toList());
    }

    @Test
    void anotherAccountsIdsAreNotFoundOnEveryEndpointThatTakesOne() {
        String job = Api.sampleJob(owner).post("/v1/jobs").then().statusCode(202).extract().path("id");
        String cancelled = Api.sampleJob(owner).post("/v1/jobs").then().statusCode(202).extract().path("id");
        String key = owner.auth().contentType("application/json").body(Map.of("name", "ci"))
                .post("/v1/api-keys").then().statusCode(201).extract().path("id");
        String endpoint = owner.auth().contentType("application/json").body(Map.of("url", receiver.url("/hook")))
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().path("id");
        owner.auth().post("/v1/jobs/" + cancelled + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/hook").size() == 1);
        String delivery = owner.auth().get("/v1/webhook-deliveries?job_id=" + cancelled).then().extract().path("data[0].id");

        Map<String, Response> calls = Map.of(
                "GET /v1/jobs/{id}", intruder.auth().get("/v1/jobs/" + job),
                "GET /v1/jobs/{id}/events", intruder.auth().get("/v1/jobs/" + job + "/events"),
                "POST /v1/jobs/{id}/cancel", intruder.auth().post("/v1/jobs/" + job + "/cancel"),
                "DELETE /v1/api-keys/{id}", intruder.auth().delete("/v1/api-keys/" + key),
                "GET /v1/webhook-endpoints/{id}", intruder.auth().get("/v1/webhook-endpoints/" + endpoint),
                "PATCH /v1/webhook-endpoints/{id}", intruder.auth().contentType("application/json")
                        .body(Map.of("url", receiver.url("/stolen"))).patch("/v1/webhook-endpoints/" + endpoint),
                "DELETE /v1/webhook-endpoints/{id}", intruder.auth().delete("/v1/webhook-endpoints/" + endpoint),
                "POST /v1/webhook-endpoints/{id}/rotate-secret", intruder.auth().post("/v1/webhook-endpoints/" + endpoint + "/rotate-secret"),
                "GET /v1/webhook-deliveries/{id}", intruder.auth().get("/v1/webhook-deliveries/" + delivery),
                "POST /v1/webhook-deliveries/{id}/retry", intruder.auth().post("/v1/webhook-deliveries/" + delivery + "/retry"));

        Set<String> takingIds = new TreeSet<>(routesTakingIds());
        takingIds.removeAll(NOT_ACCOUNT_SCOPED);
        assertThat(calls.keySet()).containsExactlyInAnyOrderElementsOf(takingIds);
        calls.forEach((route, response) -> {
            assertThat(response.statusCode()).as(route).isEqualTo(404);
            assertThat(response.contentType()).as(route).startsWith("application/problem+json");
            assertThat(response.<String>path("code")).as(route).isEqualTo("not_found");
        });

        owner.auth().get("/v1/jobs/" + job).then().statusCode(200).body("status", equalTo("queued"));
        owner.auth().get("/v1/api-keys").then().body("data.id", hasItem(key));
        owner.auth().get("/v1/webhook-endpoints/" + endpoint).then().statusCode(200)
                .body("url", equalTo(receiver.url("/hook")))
                .body("previous_secret_expires_at", nullValue());
        owner.auth().get("/v1/webhook-deliveries/" + delivery).then().statusCode(200).body("attempts", hasSize(1));
        assertThat(receiver.at("/hook")).hasSize(1);
        assertThat(receiver.at("/stolen")).isEmpty();
    }

    @Test
    void listFiltersWithAnotherAccountsIdsFindNothing() {
        String job = Api.sampleJob(owner).post("/v1/jobs").then().statusCode(202).extract().path("id");
        owner.auth().post("/v1/jobs/" + job + "/cancel").then().statusCode(200);
        String endpoint = owner.auth().contentType("application/json").body(Map.of("url", receiver.url("/hook")))
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().path("id");

        intruder.auth().get("/v1/webhook-deliveries?job_id=" + job).then().statusCode(200).body("data", hasSize(0));
        intruder.auth().get("/v1/webhook-deliveries?endpoint_id=" + endpoint).then().statusCode(200).body("data", hasSize(0));
        intruder.auth().get("/v1/webhook-endpoints").then().statusCode(200).body("data", hasSize(0));
        given().get("/v1/jobs/" + job).then().statusCode(401);
    }

    /** "METHOD /path/{param}" of every resource method whose path takes a parameter. */
    private static Set<String> routesTakingIds() {
        Set<String> routes = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                Path path = method.getAnnotation(Path.class);
                String full = base + (path == null ? "" : path.value());
                if (!full.contains("{")) {
                    continue;
                }
                for (Class<? extends Annotation> http : METHODS) {
                    if (method.isAnnotationPresent(http)) {
                        routes.add(http.getSimpleName() + " " + full);
                    }
                }
            }
        }
        return routes;
    }
}
