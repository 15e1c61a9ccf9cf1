package ai.induo.gateway.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * Account passwords: stored as bcrypt hashes of cost 12, and checked in the same time whether or not
 * the account exists, so a sign-in answer never tells which emails have an account.
 */
public final class Passwords {

    /** bcrypt cost: the policy promises bcrypt, the design asks for at least 12. */
    static final int BCRYPT_COST = 12;
    /** The shortest password, in characters. */
    public static final int MIN_CHARS = 10;
    /** bcrypt reads at most 72 bytes of a password; longer ones are refused, never silently cut. */
    public static final int MAX_BYTES = 72;
    /**
     * A bcrypt hash of cost {@value #BCRYPT_COST} of a random password that was thrown away: checked
     * in place of a missing account's hash, so that an unknown email costs as much as a wrong password.
     */
    static final String NO_ACCOUNT_HASH = "$2a$12$tV50PBZRpDO4JWyJ0JH8Guz2Ida78fcPnm7GPUYXpxAPxE2rZVQbq";
    /** Checked in place of a password bcrypt cannot take (empty or too long), for the same reason. */
    private static final char[] STAND_IN = "stand-in for a password bcrypt refuses".toCharArray();

    private Passwords() {
    }

    /** True when a new password fits the rules of sign-up. */
    static boolean acceptable(String password) {
        return password != null && password.length() >= MIN_CHARS && fitsBcrypt(password);
    }

    static String hash(String password) {
        return BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
    }

    /**
     * True when {@code password} is the one hashed into {@code storedHash}. With no stored hash (no
     * such account) or a password bcrypt cannot take, a verification of the same cost still runs and
     * the answer is false.
     */
    static boolean verify(String password, String storedHash) {
        boolean usable = password != null && !password.isEmpty() && fitsBcrypt(password);
        boolean verified = BCrypt.verifyer()
                .verify(usable ? password.toCharArray() : STAND_IN, storedHash == null ? NO_ACCOUNT_HASH : storedHash)
                .verified;
        return verified && usable && storedHash != null;
    }

    private static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
