package ai.induo.common.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // The example from the Standard Webhooks specification.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant SPEC_TIMESTAMP = Instant.ofEpochSecond(1614265330);
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String BODY = "{\"type\":\"job.succeeded\",\"data\":{\"id\":\"job_1\"}}";

    @Test
    void signatureMatchesTheSpecificationExample() {
        WebhookHeaders headers = WebhookSigner.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);

        assertThat(headers).isEqualTo(new WebhookHeaders(SPEC_ID, "1614265330", SPEC_SIGNATURE));
    }

    @Test
    void headersCarryTheStandardNames() {
        WebhookHeaders headers = new WebhookHeaders("msg_1", "1614265330", "v1,abc");

        assertThat(headers.asMap()).containsOnly(
                Map.entry("webhook-id", "msg_1"),
                Map.entry("webhook-timestamp", "1614265330"),
                Map.entry("webhook-signature", "v1,abc"));
    }

    @Test
    void freshlySignedWebhookVerifies() {
        String secret = WebhookSigner.newSecret();
        WebhookHeaders headers = WebhookSigner.sign(secret, "msg_1", Instant.now(), BODY);

        assertThatCode(() -> WebhookSigner.verify(secret, multi(headers.asMap()), BODY)).doesNotThrowAnyException();
    }

    @Test
    void aDeliverySignedWithTwoSecretsVerifiesWithEitherAndNotWithAThird() {
        String previous = WebhookSigner.newSecret();
        String current = WebhookSigner.newSecret();
        WebhookHeaders headers = WebhookSigner.sign(List.of(current, previous), "msg_1", Instant.now(), BODY);

        assertThat(headers.signature().split(" ")).hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
        assertThatCode(() -> WebhookSigner.verify(previous, multi(headers.asMap()), BODY)).doesNotThrowAnyException();
        assertThatCode(() -> WebhookSigner.verify(current, multi(headers.asMap()), BODY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> WebhookSigner.verify(WebhookSigner.newSecret(), multi(headers.asMap()), BODY))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void signingWithNoSecretIsRefused() {
        assertThatThrownBy(() -> WebhookSigner.sign(List.of(), "msg_1", Instant.now(), BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerNamesAreMatchedIgnoringCase() {
        String secret = WebhookSigner.newSecret();
        WebhookHeaders headers = WebhookSigner.sign(secret, "msg_1", Instant.now(), BODY);
        Map<String, List<String>> received = new HashMap<>();
        received.put("Webhook-Id", List.of(headers.id()));
        received.put("WEBHOOK-TIMESTAMP", List.of(headers.timestamp()));
        received.put("Webhook-Signature", List.of(headers.signature()));
        received.put(null, List.of("HTTP/1.1 200 OK"));

        assertThatCode(() -> WebhookSigner.verify(secret, received, BODY)).doesNotThrowAnyException();
    }

    @Test
    void changedBodyFailsVerification() {
        String secret = WebhookSigner.newSecret();
        WebhookHeaders headers = WebhookSigner.sign(secret, "msg_1", Instant.now(), BODY);

        assertThatThrownBy(() -> WebhookSigner.verify(secret, multi(headers.asMap()), BODY.replace("job_1", "job_2")))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("No matching signature");
    }

    @Test
    void anotherSecretFailsVerification() {
        WebhookHeaders headers = WebhookSigner.sign(WebhookSigner.newSecret(), "msg_1", Instant.now(), BODY);

        assertThatThrownBy(() -> WebhookSigner.verify(WebhookSigner.newSecret(), multi(headers.asMap()), BODY))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void changedMessageIdFailsVerification() {
        String secret = WebhookSigner.newSecret();
        WebhookHeaders headers = WebhookSigner.sign(secret, "msg_1", Instant.now(), BODY);
        WebhookHeaders replayed = new WebhookHeaders("msg_2", headers.timestamp(), headers.signature());

        assertThatThrownBy(() -> WebhookSigner.verify(secret, multi(replayed.asMap()), BODY))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void timestampsOutsideFiveMinutesFailVerification() {
        String secret = WebhookSigner.newSecret();
        Duration beyondTolerance = WebhookSigner.TIMESTAMP_TOLERANCE.plusMinutes(1);
        WebhookHeaders old = WebhookSigner.sign(secret, "msg_1", Instant.now().minus(beyondTolerance), BODY);
        WebhookHeaders future = WebhookSigner.sign(secret, "msg_1", Instant.now().plus(beyondTolerance), BODY);

        assertThatThrownBy(() -> WebhookSigner.verify(secret, multi(old.asMap()), BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("too old");
        assertThatThrownBy(() -> WebhookSigner.verify(secret, multi(future.asMap()), BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("too new");
    }

    @Test
    void missingHeadersFailVerification() {
        assertThatThrownBy(() -> WebhookSigner.verify(WebhookSigner.newSecret(), Map.of(), BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("Missing required headers");
    }

    @Test
    void newSecretsAreRandomWhsecBase64Of24Bytes() {
        String secret = WebhookSigner.newSecret();

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(24);
        assertThat(WebhookSigner.newSecret()).isNotEqualTo(secret);
    }

    @Test
    void malformedSecretIsRejectedWithoutShowingIt() {
        assertThatThrownBy(() -> WebhookSigner.sign("whsec_not*base64", "msg_1", Instant.now(), BODY))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("not*base64");
        assertThatThrownBy(() -> WebhookSigner.sign("whsec_", "msg_1", Instant.now(), BODY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }
}
