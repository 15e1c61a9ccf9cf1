package ai.induo.gateway.output;

import ai.induo.gateway.config.GatewayConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring output URLs: {@code /v1/outputs/{job}/{index}?expires=<epoch s>&signature=<HMAC>}
 * where the HMAC-SHA256 covers the path and the expiry. Holding the URL is the permission.
 */
@ApplicationScoped
public class OutputUrls {

    static final String HMAC = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    private SecretKeySpec key;

    /** Outcome of checking a presented URL. */
    public enum Verdict { VALID, INVALID, EXPIRED }

    /** A signed URL for one output of one job, valid for the configured time. */
    public SignedUrl sign(String jobId, int index) {
        return signUntil(jobId, index, clock.instant().plus(config.outputs().urlTtl()));
    }

    /** A signed URL that stops working at {@code expiresAt} (whole seconds). */
    public SignedUrl signUntil(String jobId, int index, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        String path = path(jobId, index);
        URI url = config.publicBaseUrl().resolve(path + "?expires=" + expires + "&signature=" + signature(path, expires));
        return new SignedUrl(url.toString(), Instant.ofEpochSecond(expires));
    }

    /** Checks a presented signature in constant time, then its expiry. */
    public Verdict verify(String jobId, int index, long expires, String presented) {
        if (presented == null) {
            return Verdict.INVALID;
        }
        byte[] expected = signature(path(jobId, index), expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        return clock.instant().getEpochSecond() > expires ? Verdict.EXPIRED : Verdict.VALID;
    }

    /** A URL and the moment it stops working. */
    public record SignedUrl(String url, Instant expiresAt) {
    }

    static String path(String jobId, int index) {
        return "/v1/outputs/" + jobId + "/" + index;
    }

    private String signature(String path, long expires) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] digest = mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    @PostConstruct
    void loadKey() {
        key = new SecretKeySpec(signingKeyMaterial(config.outputs()), HMAC);
    }

    /**
     * The bytes of {@code induo.gateway.outputs.signing-key}, the gateway's server secret.
     *
     * @throws ConfigurationException when it is not base64 of at least 32 bytes
     */
    public static byte[] signingKeyMaterial(GatewayConfig.Outputs outputs) {
        byte[] material = Base64.getDecoder().decode(outputs.signingKey());
        if (material.length < MIN_KEY_BYTES) {
            throw new ConfigurationException(
                    "induo.gateway.outputs.signing-key must be base64 of at least " + MIN_KEY_BYTES + " bytes");
        }
        return material;
    }
}
