package ai.induo.gateway.webhook;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.WrappedSecret;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing secrets of one webhook destination (an endpoint, or the account's own secret for jobs'
 * {@code webhook_url}), kept as a list: the current secret first, then rotated-out ones. A rotated-out
 * secret keeps signing next to the new one for {@code induo.gateway.webhooks.rotation-overlap}, so
 * receivers can switch without losing events. Each secret is wrapped by the master key under
 * {@code context}, which names its owner, so a wrapped secret copied to another owner does not open.
 */
@ApplicationScoped
public class SigningSecrets {

    @Inject
    MasterKey masterKey;

    @Inject
    GatewayConfig config;

    /** The stored secrets after an issue or a rotation, and the new secret in clear, answered once. */
    public record Issued(List<SigningSecret> secrets, String secret) {
    }

    /** The first secret of a new owner. */
    public Issued issue(String context, Instant now) {
        String secret = WebhookSigner.newSecret();
        return new Issued(List.of(wrap(context, secret, now)), secret);
    }

    /**
     * A new current secret; the previous current one keeps signing until the overlap ends, and
     * secrets whose overlap has ended are dropped.
     */
    public Issued rotate(List<SigningSecret> current, String context, Instant now) {
        String secret = WebhookSigner.newSecret();
        List<SigningSecret> secrets = new ArrayList<>();
        secrets.add(wrap(context, secret, now));
        for (SigningSecret old : current) {
            if (old.expiresAt == null) {
                old.expiresAt = now.plus(config.webhooks().rotationOverlap());
            }
            if (old.expiresAt.isAfter(now)) {
                secrets.add(old);
            }
        }
        return new Issued(secrets, secret);
    }

    /** The secrets, in clear, that sign a delivery now: the current one and those still in their overlap. */
    public List<String> signing(List<SigningSecret> secrets, String context, Instant now) {
        List<String> signing = new ArrayList<>();
        for (SigningSecret secret : secrets) {
            if (secret.expiresAt == null || secret.expiresAt.isAfter(now)) {
                signing.add(unwrap(context, secret));
            }
        }
        return signing;
    }

    /** Until when the secret rotated out last keeps signing; empty when the secrets were never rotated. */
    public static Optional<Instant> previousExpiresAt(List<SigningSecret> secrets) {
        return secrets.stream().map(secret -> secret.expiresAt).filter(Objects::nonNull).max(Instant::compareTo);
    }

    private SigningSecret wrap(String context, String secret, Instant now) {
        SigningSecret wrapped = new SigningSecret();
        WrappedSecret wrap = masterKey.wrap(secret.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
        wrapped.wrapped = wrap.ciphertext();
        wrapped.masterKeyId = wrap.masterKeyId();
        wrapped.createdAt = now;
        return wrapped;
    }

    private String unwrap(String context, SigningSecret secret) {
        try {
            return new String(masterKey.unwrap(new WrappedSecret(secret.masterKeyId, secret.wrapped),
                    context.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (DecryptionException e) {
            throw new IllegalStateException("a signing secret (" + context + ") does not unwrap with master key "
                    + masterKey.id() + " (stored under " + secret.masterKeyId + ")", e);
        }
    }
}
