package ai.induo.gateway.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import ai.induo.gateway.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** Support answers data-subject requests with the customer's own export and erasure, by id or by email, audited. */
@QuarkusTest
class OperatorDataRequestTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    OperatorTokenCommand command;

    @Inject
    OperatorAudit audit;

    @Test
    void supportExportsAnAccountByEmailAndById() throws IOException {
        Api.Account account = Api.signUp();
        String support = supportToken();
        byte[] zip = operator(support).get(url("/operator/v1/accounts/export?email=" + account.email())).then().statusCode(200)
                .contentType("application/zip").extract().asByteArray();
        assertThat(entries(zip)).contains("README.txt", "account.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.page(null, null, 1).get(0).action().equals("account.export"));
        AuditEntry exported = audit.page(null, null, 1).get(0);
        assertThat(exported.accountDigest()).isEqualTo(audit.accountDigest(account.id()));
        assertThat(exported.outcome()).isEqualTo("ok");

        byte[] byId = operator(support).post(url("/operator/v1/accounts/" + account.id() + "/export")).then().statusCode(200)
                .extract().asByteArray();
        assertThat(entries(byId)).contains("account.json");
        operator(support).get(url("/operator/v1/accounts/acct_unknown/export")).then().statusCode(404).body("code", equalTo("not_found"));
        given().get("/operator/v1/accounts/" + account.id() + "/export").then().statusCode(404);
    }

    @Test
    void supportErasesAnAccountAndReadsTheReceipt() {
        Api.Account account = Api.signUp();
        Api.Account neighbour = Api.signUp();
        String support = supportToken();
        String receipt = operator(support).post(url("/operator/v1/accounts/erasure?email=" + account.email())).then()
                .statusCode(202).body("id", startsWith("era_")).extract().path("id");
        AuditEntry erased = audit.page(null, null, 1).get(0);
        assertThat(erased.action()).isEqualTo("account.erase");
        assertThat(erased.detail()).isEqualTo(receipt);
        assertThat(erased.accountDigest()).isEqualTo(audit.accountDigest(account.id()));
        account.auth().get("/v1/account").then().statusCode(401);
        neighbour.auth().get("/v1/account").then().statusCode(200);
        operator(support).get(url("/operator/v1/erasures/" + receipt)).then().statusCode(200).body("id", equalTo(receipt));
        operator(support).get(url("/operator/v1/erasures/era_unknown")).then().statusCode(404);
        given().post("/operator/v1/accounts/" + neighbour.id() + "/erasure").then().statusCode(404);
        given().get("/operator/v1/erasures/" + receipt).then().statusCode(404);
    }

    private String supportToken() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.run(List.of("create", "--name", "sam", "--role", "support"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        return out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("op_")).findFirst().orElseThrow();
    }

    private static List<String> entries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private String url(String path) {
        return management.toString().replaceFirst("(https?://[^/]+).*", "$1") + path;
    }

    private static RequestSpecification operator(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
