package ai.induo.common.id;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/**
 * Public ids: a type prefix, then 10 characters of millisecond time and 16 random characters, in
 * Crockford base32 (lower case). Ids of one type sort by creation time, which keeps cursor
 * pagination stable, and carry 80 random bits so they cannot be guessed.
 */
public final class Ids {

    public static final String JOB = "job";
    public static final String ACCOUNT = "acct";
    public static final String API_KEY = "key";
    public static final String ACCOUNT_KEY = "akey";
    public static final String EVENT = "msg";
    public static final String WEBHOOK_ENDPOINT = "ep";
    public static final String WEBHOOK_DELIVERY = "dlv";
    public static final String SAFETY_CASE = "case";

    private static final String ALPHABET_TEXT = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final char[] ALPHABET = ALPHABET_TEXT.toCharArray();
    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new id such as {@code job_01jf3k...}. */
    public static String newId(String prefix, Instant now) {
        StringBuilder id = new StringBuilder(prefix.length() + 1 + TIME_CHARS + RANDOM_CHARS);
        id.append(prefix).append('_');
        long millis = now.toEpochMilli();
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            id.append(ALPHABET[(int) ((millis >>> (5 * i)) & 31)]);
        }
        byte[] random = new byte[RANDOM_CHARS];
        RANDOM.nextBytes(random);
        for (byte b : random) {
            id.append(ALPHABET[b & 31]);
        }
        return id.toString();
    }

    /** When the id was made ({@link #newId}'s time, to the millisecond); empty when it is not an id of that type. */
    public static Optional<Instant> createdAt(String prefix, String id) {
        if (!isValid(prefix, id)) {
            return Optional.empty();
        }
        long millis = 0;
        for (int i = 0; i < TIME_CHARS; i++) {
            millis = (millis << 5) | ALPHABET_TEXT.indexOf(id.charAt(prefix.length() + 1 + i));
        }
        return Optional.of(Instant.ofEpochMilli(millis));
    }

    /** A string of {@code length} random base32 characters, for secrets and key material shown to users. */
    public static String randomToken(int length) {
        StringBuilder token = new StringBuilder(length);
        byte[] random = new byte[length];
        RANDOM.nextBytes(random);
        for (byte b : random) {
            token.append(ALPHABET[b & 31]);
        }
        return token.toString();
    }

    /** True when {@code id} has the given prefix and the shape of an id made by {@link #newId}. */
    public static boolean isValid(String prefix, String id) {
        if (id == null || id.length() != prefix.length() + 1 + TIME_CHARS + RANDOM_CHARS || !id.startsWith(prefix + "_")) {
            return false;
        }
        for (int i = prefix.length() + 1; i < id.length(); i++) {
            if (ALPHABET_TEXT.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
