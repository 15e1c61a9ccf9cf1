package ai.induo.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void aStoredHashIsBcryptOfCostTwelveAndVerifiesItsPasswordOnly() {
        String hash = Passwords.hash(PASSWORD);

        assertThat(hash).startsWith("$2a$12$");
        assertThat(Passwords.verify(PASSWORD, hash)).isTrue();
        assertThat(Passwords.verify(PASSWORD + "!", hash)).isFalse();
    }

    @Test
    void theStandInForAMissingAccountCostsTheSameAsARealHash() {
        String realPrefix = Passwords.hash(PASSWORD).substring(0, "$2a$12$".length());

        assertThat(Passwords.NO_ACCOUNT_HASH).startsWith(realPrefix).hasSize(60);
        assertThat(Passwords.verify(PASSWORD, null)).isFalse();
    }

    @Test
    void passwordsBcryptCannotTakeNeverVerifyAndNeverThrow() {
        String hash = Passwords.hash(PASSWORD);

        assertThat(Passwords.verify("x".repeat(Passwords.MAX_BYTES + 1), hash)).isFalse();
        assertThat(Passwords.verify("", hash)).isFalse();
        assertThat(Passwords.verify(null, hash)).isFalse();
    }

    @Test
    void signUpAcceptsTenCharactersUpToSeventyTwoBytes() {
        assertThat(Passwords.acceptable("x".repeat(Passwords.MIN_CHARS))).isTrue();
        assertThat(Passwords.acceptable("x".repeat(Passwords.MIN_CHARS - 1))).isFalse();
        assertThat(Passwords.acceptable("é".repeat(Passwords.MAX_BYTES / 2))).isTrue();
        assertThat(Passwords.acceptable("é".repeat(Passwords.MAX_BYTES / 2 + 1))).isFalse();
    }
}
