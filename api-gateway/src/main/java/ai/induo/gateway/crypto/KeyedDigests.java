package ai.induo.gateway.crypto;

import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.output.OutputUrls;
import com.google.crypto.tink.subtle.Hkdf;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digests (HMAC-SHA256) of what the gateway keeps in place of guessable data: the digest of a
 * request made under an {@code Idempotency-Key}, the emails and client addresses failed sign-ins are
 * counted by, the accounts the operator audit log names. Without the server's secret, a copy of the
 * database does not let anyone test guesses against them. Each {@link Purpose} has its own key,
 * derived with HKDF-SHA256 (RFC 5869, Tink's implementation) from the output signing key
 * ({@code induo.gateway.outputs.signing-key}), so there is no further secret to keep and the signing
 * key itself signs nothing else. Rotating that key
 * changes every digest: answers kept under idempotency keys no longer match their retries, counted
 * sign-in failures start anew, and older audit entries no longer match a search by account.
 */
@ApplicationScoped
public class KeyedDigests {

    static final String HMAC = "HmacSHA256";
    private static final String HKDF_MAC = "HMACSHA256";
    private static final int KEY_BYTES = 32;

    /** What a digest is for; each purpose has its own key. */
    public enum Purpose {
        /** Method, path and body of a request made under an {@code Idempotency-Key}. */
        IDEMPOTENCY_REQUEST("induo idempotency request digest v1"),
        /** The email or client address a failed sign-in is counted against. */
        LOGIN_FAILURE("induo login failure key v1"),
        /** The account (id or email) an operator action concerned, as the operator audit log keeps it. */
        OPERATOR_AUDIT_TARGET("induo operator audit target v1");

        /** HKDF's {@code info}: binds the derived key to its purpose. */
        final byte[] info;

        Purpose(String info) {
            this.info = info.getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Inject
    GatewayConfig config;

    private final Map<Purpose, SecretKeySpec> keys = new EnumMap<>(Purpose.class);

    @PostConstruct
    void deriveKeys() {
        byte[] secret = OutputUrls.signingKeyMaterial(config.outputs());
        for (Purpose purpose : Purpose.values()) {
            try {
                keys.put(purpose, new SecretKeySpec(Hkdf.computeHkdf(HKDF_MAC, secret, new byte[0], purpose.info, KEY_BYTES), HMAC));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HKDF-SHA256 is not available", e);
            }
        }
    }

    /** A new HMAC-SHA256 under the purpose's key, to digest a stream with; not thread-safe, as no {@link Mac} is. */
    public Mac newMac(Purpose purpose) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(keys.get(purpose));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available", e);
        }
    }

    /** The hex HMAC-SHA256 of the text (UTF-8) under the purpose's key. */
    public String hex(Purpose purpose, String text) {
        return HexFormat.of().formatHex(newMac(purpose).doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
