package ai.induo.gateway.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.gateway.Api;
import ai.induo.gateway.account.SecretTokens;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The operator API on the management port: refused on the public port, tokens from the command line
 * stored only as hashes, roles enforced, and every action in a hash chain that shows an edit made in
 * the database directly.
 */
@QuarkusTest
class OperatorAccessTest {

    /** Every operator route the gateway registers (this package, data requests, safety, training): method and path. */
    private static final List<List<String>> ROUTES = List.of(
            List.of("GET", "/operator/v1/accounts?email=a@example.com"),
            List.of("GET", "/operator/v1/audit"),
            List.of("POST", "/operator/v1/master-key/rotation"),
            List.of("GET", "/operator/v1/accounts/export?email=a@example.com"),
            List.of("POST", "/operator/v1/accounts/export?email=a@example.com"),
            List.of("GET", "/operator/v1/accounts/acct_x/export"),
            List.of("POST", "/operator/v1/accounts/acct_x/export"),
            List.of("POST", "/operator/v1/accounts/erasure?email=a@example.com"),
            List.of("POST", "/operator/v1/accounts/acct_x/erasure"),
            List.of("GET", "/operator/v1/erasures/era_x"),
            List.of("POST", "/operator/v1/jobs/job_x/safety-flag"),
            List.of("GET", "/operator/v1/safety/cases"),
            List.of("GET", "/operator/v1/safety/cases/case_x"),
            List.of("POST", "/operator/v1/safety/cases/case_x/resolve"),
            List.of("GET", "/operator/v1/safety/report"),
            List.of("POST", "/operator/v1/training-exports"));

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    OperatorTokenCommand command;

    @Inject
    OperatorAudit audit;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void thePublicPortAnswers404ForEveryOperatorRoute() {
        String token = createToken("public-port", "support,safety,admin");
        for (List<String> route : ROUTES) {
            given().header("Authorization", "Bearer " + token).request(route.get(0), route.get(1)).then().statusCode(404);
            given().request(route.get(0), url(route.get(1))).then().statusCode(401);
        }
    }

    @Test
    void withoutALiveTokenEveryRouteIs401() {
        String token = createToken("soon-revoked", "support,safety,admin");
        String id = tokenIdOf(token);
        run("revoke", id);
        for (List<String> route : ROUTES) {
            given().request(route.get(0), url(route.get(1))).then().statusCode(401).contentType("application/problem+json")
                    .body("code", equalTo("unauthorized"));
            given().header("Authorization", "Bearer op_" + "x".repeat(32)).request(route.get(0), url(route.get(1)))
                    .then().statusCode(401);
            operator(token).request(route.get(0), url(route.get(1))).then().statusCode(401).body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void aTokenWithoutTheRouteRoleIs403AndTheRefusalIsAudited() {
        String safety = createToken("bob", "safety");
        operator(safety).get(url("/operator/v1/accounts?email=a@example.com")).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("insufficient_role"));
        operator(safety).get(url("/operator/v1/audit")).then().statusCode(403).body("code", equalTo("insufficient_role"));
        operator(safety).post(url("/operator/v1/master-key/rotation")).then().statusCode(403);
        AuditEntry last = audit.page(null, null, 1).get(0);
        assertThat(last.operatorName()).isEqualTo("bob");
        assertThat(last.action()).isEqualTo("master_key.rotate");
        assertThat(last.outcome()).isEqualTo("insufficient_role");
    }

    @Test
    void supportFindsAnAccountByEmailAndTheAuditNamesWhoWhatAndWhichAccount() {
        Api.Account account = Api.signUp();
        String support = createToken("alice", "support");
        operator(support).get(url("/operator/v1/accounts?email=" + account.email().toUpperCase())).then().statusCode(200)
                .body("id", equalTo(account.id())).body("name", equalTo("Acme Fashion"));
        AuditEntry found = audit.page(null, null, 1).get(0);
        assertThat(found.operatorId()).isEqualTo(tokenIdOf(support));
        assertThat(found.operatorName()).isEqualTo("alice");
        assertThat(found.action()).isEqualTo("account.find");
        assertThat(found.accountDigest()).isEqualTo(audit.accountDigest(account.id()));
        assertThat(found.outcome()).isEqualTo("ok");

        operator(support).get(url("/operator/v1/accounts?email=nobody@example.com")).then().statusCode(404)
                .body("code", equalTo("not_found"));
        AuditEntry missed = audit.page(null, null, 1).get(0);
        assertThat(missed.emailDigest()).isEqualTo(audit.emailDigest("nobody@example.com"));
        assertThat(missed.outcome()).isEqualTo("not_found");
        operator(support).get(url("/operator/v1/accounts")).then().statusCode(400).body("code", equalTo("invalid_request"));

        String admin = createToken("root", "admin");
        JsonPath page = operator(admin).get(url("/operator/v1/audit?account_id=" + account.id())).then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getBoolean("chain_intact")).isTrue();
        assertThat(page.getList("data.action")).containsExactly("account.find");
        assertThat(page.getList("data.operator_name")).containsExactly("alice");
        assertThat(collectionText("operator_audit")).doesNotContain(account.id()).doesNotContain(account.email());
    }

    @Test
    void adminRotatesTheMasterKeyAndTheRotationIsAudited() {
        String admin = createToken("carol", "admin");
        operator(admin).post(url("/operator/v1/master-key/rotation")).then().statusCode(200)
                .body("complete", equalTo(true)).body("collections[0].collection", equalTo("account keys"));
        AuditEntry rotated = audit.page(null, null, 1).get(0);
        assertThat(rotated.operatorName()).isEqualTo("carol");
        assertThat(rotated.action()).isEqualTo("master_key.rotate");
        assertThat(rotated.detail()).startsWith("under mk_");
    }

    @Test
    void tokensAreMadeOnTheCommandLineAuditedAndStoredOnlyAsAHash() {
        String token = createToken("dave", "support");
        assertThat(token).startsWith("op_").hasSize(35);
        AuditEntry created = audit.page(null, null, 1).get(0);
        assertThat(created.operatorId()).startsWith("cli:");
        assertThat(created.action()).isEqualTo("operator_token.create");
        for (String collection : db().listCollectionNames()) {
            assertThat(collectionText(collection)).as(collection).doesNotContain(token).doesNotContain(token.substring(3));
        }
        assertThat(run("list")).contains(tokenIdOf(token)).contains("dave").doesNotContain(token);
        assertThat(run("create", "--name", "eve", "--role", "root")).isEmpty();
    }

    @Test
    void anEntryEditedInTheDatabaseBreaksTheChain() {
        String admin = createToken("frank", "admin");
        operator(admin).get(url("/operator/v1/audit")).then().statusCode(200).body("chain_intact", equalTo(true));
        MongoCollection<Document> entries = db().getCollection("operator_audit");
        Document first = entries.find().sort(Sorts.ascending("_id")).first();
        try {
            entries.updateOne(Filters.eq("_id", first.get("_id")), Updates.set("operatorName", "someone else"));
            JsonPath broken = operator(admin).get(url("/operator/v1/audit")).then().statusCode(200).extract().jsonPath();
            assertThat(broken.getBoolean("chain_intact")).isFalse();
            assertThat(broken.getLong("first_broken_seq")).isEqualTo(first.get("_id", Number.class).longValue());
        } finally {
            entries.replaceOne(Filters.eq("_id", first.get("_id")), first);
        }
        operator(admin).get(url("/operator/v1/audit")).then().statusCode(200).body("chain_intact", equalTo(true));
    }

    private String createToken(String name, String roles) {
        String output = run("create", "--name", name, "--role", roles);
        return output.lines().filter(line -> line.startsWith("op_")).findFirst().orElseThrow();
    }

    private String tokenIdOf(String token) {
        Document stored = db().getCollection("operator_tokens")
                .find(Filters.eq("hash", SecretTokens.hash(token))).first();
        return stored.getString("_id");
    }

    private String run(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.run(List.of(arguments), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        return out.toString(StandardCharsets.UTF_8);
    }

    private String collectionText(String collection) {
        StringBuilder text = new StringBuilder();
        db().getCollection(collection).find().forEach(doc -> text.append(doc.toJson()).append('\n'));
        return text.toString();
    }

    private MongoDatabase db() {
        return mongo.getDatabase(database);
    }

    private String url(String path) {
        return management.toString().replaceFirst("(https?://[^/]+).*", "$1") + path;
    }

    private static RequestSpecification operator(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
