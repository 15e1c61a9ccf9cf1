package ai.induo.gateway.safety;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import ai.induo.gateway.Api;
import ai.induo.gateway.operator.AuditEntry;
import ai.induo.gateway.operator.OperatorAudit;
import ai.induo.gateway.operator.OperatorTokens;
import ai.induo.gateway.operator.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The safety role's operator routes over HTTP on the management interface, each audited. */
@QuarkusTest
class SafetyCaseEndpointsTest {

    /** Any management URL: the operator API is at its root's {@code /operator/v1}, outside {@code /q}. */
    @TestHTTPResource(value = "health", management = true)
    URL management;

    private String operatorApi;

    @Inject
    OperatorTokens tokens;

    @Inject
    OperatorAudit audit;

    private String safetyToken;
    private String supportToken;

    @BeforeEach
    void tokens() {
        operatorApi = management.getProtocol() + "://" + management.getHost() + ":" + management.getPort() + "/operator/v1";
        safetyToken = tokens.create("safety reviewer", Set.of(Role.SAFETY)).token();
        supportToken = tokens.create("support agent", Set.of(Role.SUPPORT)).token();
    }

    @Test
    void safetyRoleFlagsViewsListsResolvesAndReports() {
        Api.Account account = Api.signUp();
        String jobId = Api.submitSampleJob(account);

        String caseId = as(safetyToken).body(Map.of("category", "minor")).post(operatorApi + "/jobs/" + jobId + "/safety-flag")
                .then().statusCode(200)
                .body("id", startsWith("case_")).body("category", equalTo("minor")).body("source", equalTo("operator"))
                .body("outcome", equalTo("open")).body("account_id", nullValue())
                .extract().path("id");
        as(safetyToken).get(operatorApi + "/safety/cases/" + caseId).then().statusCode(200)
                .body("link.account_id", equalTo(account.id())).body("link.job_id", equalTo(jobId))
                .body("images", hasSize(2)).body("images[0].content_type", equalTo("image/png"))
                .body("images[0].data_base64", notNullValue());
        as(safetyToken).queryParam("outcome", "open").queryParam("limit", 100).get(operatorApi + "/safety/cases")
                .then().statusCode(200).body("data.id", hasItem(caseId));

        as(safetyToken).body(Map.of("outcome", "confirmed_abuse")).post(operatorApi + "/safety/cases/" + caseId + "/resolve")
                .then().statusCode(200).body("outcome", equalTo("confirmed_abuse")).body("resolved_on", notNullValue());

        as(safetyToken).get(operatorApi + "/safety/cases/" + caseId).then().statusCode(200).body("link", nullValue());
        as(safetyToken).queryParam("outcome", "open").queryParam("limit", 100).get(operatorApi + "/safety/cases")
                .then().statusCode(200).body("data.id", not(hasItem(caseId)));
        as(safetyToken).body(Map.of("outcome", "dismissed")).post(operatorApi + "/safety/cases/" + caseId + "/resolve")
                .then().statusCode(409).body("code", equalTo("safety_case_resolved"));
        as(safetyToken).get(operatorApi + "/safety/report").then().statusCode(200)
                .body("counts.minor.confirmed_abuse", notNullValue()).body("counts.skin_exposure.open", notNullValue());
        assertThat(audit.page(null, account.id(), 10)).extracting(AuditEntry::action)
                .contains("safety.case.flag", "safety.case.view");
        assertThat(audit.page(null, null, 20)).extracting(AuditEntry::action)
                .contains("safety.case.resolve", "safety.case.list", "safety.report");
    }

    @Test
    void otherRolesAndBadBodiesAreRefused() {
        String jobId = Api.submitSampleJob(Api.signUp());

        as(supportToken).get(operatorApi + "/safety/cases").then().statusCode(403).body("code", equalTo("insufficient_role"));
        as(supportToken).body(Map.of("category", "minor")).post(operatorApi + "/jobs/" + jobId + "/safety-flag")
                .then().statusCode(403);
        as(safetyToken).body(Map.of("category", "rude")).post(operatorApi + "/jobs/" + jobId + "/safety-flag")
                .then().statusCode(400).body("code", equalTo("invalid_safety_category"));
        as(safetyToken).queryParam("limit", "many").get(operatorApi + "/safety/cases")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        as(safetyToken).get(operatorApi + "/safety/cases/case_0000000000aaaaaaaaaaaaaaaa").then().statusCode(404);
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }
}
