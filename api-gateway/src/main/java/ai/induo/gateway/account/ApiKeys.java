package ai.induo.gateway.account;

import ai.induo.common.id.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * API keys: {@code sk_} and 32 random base32 characters (160 bits). A key this random needs no
 * slow hash: it is stored as its SHA-256, which also makes the lookup an indexed equality match.
 */
public final class ApiKeys {

    public static final String PREFIX = "sk_";
    private static final int RANDOM_CHARS = 32;
    private static final int DISPLAY_CHARS = 6;

    private ApiKeys() {
    }

    /** A new key, shown to its owner once. */
    public static String newKey() {
        return PREFIX + Ids.randomToken(RANDOM_CHARS);
    }

    /** What is stored and looked up. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The part of the key shown in listings, e.g. {@code sk_4f9k2a…}. */
    public static String displayPrefix(String key) {
        return key.substring(0, PREFIX.length() + DISPLAY_CHARS);
    }

    /** True when the text has the shape of a key (cheap check before any lookup). */
    public static boolean looksLikeKey(String text) {
        return text != null && text.length() == PREFIX.length() + RANDOM_CHARS && text.startsWith(PREFIX);
    }
}
