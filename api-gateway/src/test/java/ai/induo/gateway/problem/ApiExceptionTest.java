package ai.induo.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.HttpHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiExceptionTest {

    @Test
    void retryAfterIsRoundedUpToWholeSecondsAndIsAtLeastOne() {
        assertThat(retryAfter(Duration.ofMillis(2001))).isEqualTo("3");
        assertThat(retryAfter(Duration.ofSeconds(2))).isEqualTo("2");
        assertThat(retryAfter(Duration.ofNanos(1))).isEqualTo("1");
        assertThat(retryAfter(Duration.ZERO)).isEqualTo("1");
    }

    private static String retryAfter(Duration wait) {
        ApiException e = ApiException.tooManyRequests(ErrorCodes.TOO_MANY_ATTEMPTS, "slow down", wait);
        assertThat(e.problem().status()).isEqualTo(429);
        return e.toResponse().getHeaderString(HttpHeaders.RETRY_AFTER);
    }
}
