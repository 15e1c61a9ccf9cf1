package ai.induo.gateway.account;

import ai.induo.common.id.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bearer secrets given to users: a type prefix and 32 random base32 characters (160 bits). A secret
 * this random needs no slow hash: it is stored as its SHA-256, which also makes the lookup an
 * indexed equality match. Only the hash and a short display prefix are kept.
 */
public final class SecretTokens {

    /** API keys, {@code sk_…}. */
    public static final SecretTokens API_KEY = new SecretTokens("sk_");
    /** Dashboard session tokens, {@code sess_…}. */
    public static final SecretTokens SESSION = new SecretTokens("sess_");
    /** Operator tokens of the management interface's operator API, {@code op_…}. */
    public static final SecretTokens OPERATOR = new SecretTokens("op_");

    private static final int RANDOM_CHARS = 32;
    private static final int DISPLAY_CHARS = 6;

    private final String prefix;

    private SecretTokens(String prefix) {
        this.prefix = prefix;
    }

    /** A new secret, shown to its owner once. */
    public String newToken() {
        return prefix + Ids.randomToken(RANDOM_CHARS);
    }

    /** The part of a secret shown in listings, e.g. {@code sk_4f9k2a}. */
    public String displayPrefix(String token) {
        return token.substring(0, prefix.length() + DISPLAY_CHARS);
    }

    /** True when the text has the shape of this kind of secret (a cheap check before any lookup). */
    public boolean matches(String text) {
        return text != null && text.length() == prefix.length() + RANDOM_CHARS && text.startsWith(prefix);
    }

    /** The hex SHA-256 of the text: what is stored and looked up in place of a secret. */
    public static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
