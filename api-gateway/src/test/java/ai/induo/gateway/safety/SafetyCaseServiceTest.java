package ai.induo.gateway.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.image.ImageCodec;
import ai.induo.common.safety.SafetyCases;
import ai.induo.gateway.Api;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SafetyCaseServiceTest {

    @Inject
    SafetyCaseService safety;

    @Inject
    SafetyCases cases;

    @Test
    void operatorFlagOpensACaseThatIsViewedWithItsLinkAndResolvedWithoutIt() throws Exception {
        Api.Account account = Api.signUp();
        String jobId = Api.submitSampleJob(account);
        Map<String, Long> before = safety.report().get("sexual_content");

        SafetyCaseView flagged = safety.flag(jobId, "sexual_content");

        assertThat(flagged.id()).startsWith("case_");
        assertThat(flagged.source()).isEqualTo("operator");
        assertThat(flagged.outcome()).isEqualTo("open");
        assertThat(flagged.link()).isNull();
        assertThat(safety.list("open", null, SafetyCaseService.MAX_PAGE)).extracting(SafetyCaseView::id).contains(flagged.id());
        SafetyCaseView viewed = safety.view(flagged.id());
        assertThat(viewed.link()).isEqualTo(new SafetyCaseView.Link(account.id(), jobId));
        assertThat(viewed.images()).hasSize(2);
        BufferedImage person = ImageCodec.decode(new ByteArrayInputStream(Base64.getDecoder().decode(viewed.images().get(0).dataBase64())));
        assertThat(person.getWidth()).isEqualTo(96);
        assertThat(person.getHeight()).isEqualTo(128);
        assertThat(safety.report().get("sexual_content").get("open")).isEqualTo(before.get("open") + 1);

        SafetyCaseView resolved = safety.resolve(flagged.id(), "dismissed");

        assertThat(resolved.outcome()).isEqualTo("dismissed");
        assertThat(resolved.resolvedOn()).isNotNull();
        assertThat(cases.link(flagged.id())).isEmpty();
        assertThat(safety.view(flagged.id()).link()).isNull();
        assertThat(safety.list("open", null, SafetyCaseService.MAX_PAGE)).extracting(SafetyCaseView::id).doesNotContain(flagged.id());
        assertThat(safety.report().get("sexual_content").get("dismissed")).isEqualTo(before.get("dismissed") + 1);
        assertCode(() -> safety.resolve(flagged.id(), "confirmed_abuse"), 409, ErrorCodes.SAFETY_CASE_RESOLVED);
    }

    @Test
    void erasedAccountsLinksAreForgottenAndTheCasesStay() {
        Api.Account account = Api.signUp();
        String caseId = safety.flag(Api.submitSampleJob(account), "other").id();

        assertThat(cases.forgetAccount(account.id())).isEqualTo(1);

        assertThat(safety.view(caseId).link()).isNull();
        assertThat(safety.view(caseId).outcome()).isEqualTo("open");
    }

    @Test
    void badInputEndsInProblemsWithStableCodes() {
        String jobId = Api.submitSampleJob(Api.signUp());

        assertCode(() -> safety.flag(jobId, "rude"), 400, ErrorCodes.INVALID_SAFETY_CATEGORY);
        assertCode(() -> safety.flag("job_0000000000aaaaaaaaaaaaaaaa", "other"), 404, ErrorCodes.NOT_FOUND);
        assertCode(() -> safety.view("case_0000000000aaaaaaaaaaaaaaaa"), 404, ErrorCodes.NOT_FOUND);
        assertCode(() -> safety.list("closed", null, 10), 400, ErrorCodes.INVALID_SAFETY_OUTCOME);
        String caseId = safety.flag(jobId, "other").id();
        assertCode(() -> safety.resolve(caseId, "open"), 400, ErrorCodes.INVALID_SAFETY_OUTCOME);
    }

    private static void assertCode(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(status);
            assertThat(e.problem().code()).isEqualTo(code);
        });
    }
}
