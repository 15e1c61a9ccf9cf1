package ai.induo.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.crypto.MasterKeyUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    @Test
    void masterKeyThatCannotBeUsedNowIs503WithRetryAfter() {
        Response response = new ProblemMappers().masterKeyUnavailable(new MasterKeyUnavailableException(
                "Cloud KMS decrypt with projects/p/locations/l/keyRings/r/cryptoKeys/k failed (UNAVAILABLE)"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getEntity()).isInstanceOfSatisfying(Problem.class, problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCodes.SERVICE_UNAVAILABLE);
            assertThat(problem.detail()).doesNotContain("KMS").doesNotContain("projects/");
        });
    }
}
