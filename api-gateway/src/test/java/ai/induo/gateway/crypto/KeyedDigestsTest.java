package ai.induo.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.gateway.account.SecretTokens;
import ai.induo.gateway.config.GatewayConfig;
import com.google.crypto.tink.subtle.Hkdf;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The digests are HMAC-SHA256 under keys derived with HKDF from the output signing key, one per purpose. */
@QuarkusTest
class KeyedDigestsTest {

    @Inject
    KeyedDigests digests;

    @Inject
    GatewayConfig config;

    @Test
    void eachPurposeDigestsUnderItsOwnKeyDerivedFromTheSigningKey() throws GeneralSecurityException {
        String text = "email:someone@example.com";

        assertThat(digests.hex(KeyedDigests.Purpose.IDEMPOTENCY_REQUEST, text))
                .isEqualTo(hmac(derived("induo idempotency request digest v1"), text));
        assertThat(digests.hex(KeyedDigests.Purpose.LOGIN_FAILURE, text))
                .isEqualTo(hmac(derived("induo login failure key v1"), text));
    }

    @Test
    void aDigestIsNeitherThePlainHashNorAnHmacUnderTheSigningKeyItself() throws GeneralSecurityException {
        String text = "client:203.0.113.7";
        String digest = digests.hex(KeyedDigests.Purpose.LOGIN_FAILURE, text);

        assertThat(digest).hasSize(64)
                .isNotEqualTo(SecretTokens.hash(text))
                .isNotEqualTo(hmac(signingKey(), text))
                .isNotEqualTo(digests.hex(KeyedDigests.Purpose.IDEMPOTENCY_REQUEST, text));
    }

    @Test
    void aStreamDigestEqualsTheTextDigest() {
        Mac mac = digests.newMac(KeyedDigests.Purpose.IDEMPOTENCY_REQUEST);
        mac.update("POST /v1/api-keys\n".getBytes(StandardCharsets.UTF_8));
        mac.update("{}".getBytes(StandardCharsets.UTF_8));

        assertThat(HexFormat.of().formatHex(mac.doFinal()))
                .isEqualTo(digests.hex(KeyedDigests.Purpose.IDEMPOTENCY_REQUEST, "POST /v1/api-keys\n{}"));
    }

    private byte[] signingKey() {
        return Base64.getDecoder().decode(config.outputs().signingKey());
    }

    private byte[] derived(String info) throws GeneralSecurityException {
        return Hkdf.computeHkdf("HMACSHA256", signingKey(), new byte[0], info.getBytes(StandardCharsets.US_ASCII), 32);
    }

    private static String hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
