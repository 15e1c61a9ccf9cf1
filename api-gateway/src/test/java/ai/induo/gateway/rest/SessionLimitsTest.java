package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.gateway.AdjustableClock;
import ai.induo.gateway.Api;
import ai.induo.gateway.account.SecretTokens;
import ai.induo.gateway.crypto.KeyedDigests;
import ai.induo.gateway.session.LoginFailureRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Session expiry and the sign-in throttle at their default lifetimes, on a clock the test moves
 * forward. Each test signs in from client addresses of its own (as a proxy forwards them), so the
 * per-client counts of one test never reach another.
 */
@QuarkusTest
@TestProfile(SessionLimitsTest.AdjustableTime.class)
class SessionLimitsTest {

    /** The defaults of {@code induo.gateway.sessions.ttl} and {@code failure-window}. */
    static final Duration TTL = Duration.ofHours(12);
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Below the defaults (5 and 20), so the tests make fewer failures, each a slow bcrypt check. */
    static final int MAX_PER_EMAIL = 3;
    static final int MAX_PER_CLIENT = 5;

    /**
     * The application's clock is an {@link AdjustableClock}; client addresses come from
     * {@code X-Forwarded-For}.
     */
    public static class AdjustableTime extends AdjustableClock.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "induo.gateway.sessions.max-failures-per-email", Integer.toString(MAX_PER_EMAIL),
                    "induo.gateway.sessions.max-failures-per-client", Integer.toString(MAX_PER_CLIENT),
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true");
        }
    }

    /** Real time a request may take, kept out of the clock steps that must stay inside the window. */
    static final Duration SLACK = Duration.ofSeconds(5);

    /** Hands out client addresses no other test uses. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Inject
    AdjustableClock clock;

    @Inject
    LoginFailureRepository failures;

    @Inject
    KeyedDigests digests;

    private final String client = anotherClient();

    @Test
    void aSessionTokenWorksForTwelveHoursAndThenNoLonger() {
        Api.Account account = Api.signUp();
        Instant signedInAt = clock.instant();
        Response session = signIn(account.email(), account.password(), client);
        String token = session.then().statusCode(201).extract().path("token");
        assertThat(Instant.parse(session.path("expires_at"))).isBetween(signedInAt.plus(TTL), clock.instant().plus(TTL));

        clock.advance(TTL.minusMinutes(1));
        Api.bearer(token).get("/v1/account").then().statusCode(200);

        clock.advance(Duration.ofMinutes(1));
        Api.bearer(token).get("/v1/account").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void repeatedWrongPasswordsLockTheEmailUntilTheWindowHasPassed() {
        Api.Account account = Api.signUp();
        Instant firstFailure = clock.instant();
        for (int i = 0; i < MAX_PER_EMAIL; i++) {
            signIn(account.email(), "a wrong password " + i, anotherClient()).then().statusCode(401);
        }

        Response locked = signIn(account.email(), account.password(), anotherClient());
        locked.then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("too_many_attempts"))
                .body("status", equalTo(429));
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(Duration.between(clock.instant(), firstFailure.plus(WINDOW)).toSeconds(), WINDOW.toSeconds());

        clock.advance(Duration.ofSeconds(retryAfter).minus(SLACK));
        signIn(account.email(), account.password(), anotherClient()).then().statusCode(429);
        clock.advance(SLACK);
        signIn(account.email(), account.password(), anotherClient()).then().statusCode(201);
    }

    @Test
    void anUnknownEmailIsLockedJustLikeAKnownOne() {
        Api.Account account = Api.signUp();
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < MAX_PER_EMAIL; i++) {
            signIn(account.email(), "a wrong password " + i, anotherClient()).then().statusCode(401);
            signIn(unknown, "a wrong password " + i, anotherClient()).then().statusCode(401);
        }

        Response known = signIn(account.email(), "one more guess", anotherClient());
        Response unknownAgain = signIn(unknown, "one more guess", anotherClient());

        known.then().statusCode(429).body("code", equalTo("too_many_attempts"));
        assertThat(unknownAgain.statusCode()).isEqualTo(429);
        assertThat(unknownAgain.<Map<String, Object>>path("$")).isEqualTo(known.<Map<String, Object>>path("$"));
        assertThat(unknownAgain.header("Retry-After")).isNotNull();
    }

    @Test
    void aSuccessfulSignInForgetsTheEmailsEarlierFailures() {
        Api.Account account = Api.signUp();
        for (int i = 0; i < MAX_PER_EMAIL - 1; i++) {
            signIn(account.email(), "a wrong password " + i, anotherClient()).then().statusCode(401);
        }
        signIn(account.email(), account.password(), anotherClient()).then().statusCode(201);
        for (int i = 0; i < MAX_PER_EMAIL - 1; i++) {
            signIn(account.email(), "another wrong password " + i, anotherClient()).then().statusCode(401);
        }
        signIn(account.email(), account.password(), anotherClient()).then().statusCode(201);
    }

    @Test
    void repeatedFailuresFromOneClientLockItForEveryEmail() {
        Api.Account account = Api.signUp();
        for (int i = 0; i < MAX_PER_CLIENT; i++) {
            signIn("guess-" + UUID.randomUUID() + "@example.com", "a wrong password", client).then().statusCode(401);
        }

        signIn(account.email(), account.password(), client).then().statusCode(429).body("code", equalTo("too_many_attempts"));
        signIn(account.email(), account.password(), anotherClient()).then().statusCode(201);
        clock.advance(WINDOW);
        signIn(account.email(), account.password(), client).then().statusCode(201);
    }

    @Test
    void failedSignInsAreCountedWithoutKeepingTheEmailOrTheAddress() {
        String email = "counted-" + UUID.randomUUID() + "@example.com";
        signIn(email, "a wrong password", client).then().statusCode(401);

        List<Document> stored = failures.mongoCollection().withDocumentClass(Document.class).find().into(new ArrayList<>());
        assertThat(stored).isNotEmpty();
        assertThat(stored).allSatisfy(failure -> assertThat(failure.toJson()).doesNotContain(email).doesNotContain(client));
    }

    @Test
    void failedSignInsAreCountedUnderKeyedDigestsNotPlainHashes() {
        String email = "keyed-" + UUID.randomUUID() + "@example.com";
        signIn(email, "a wrong password", client).then().statusCode(401);

        assertThat(failures.count("key", digests.hex(KeyedDigests.Purpose.LOGIN_FAILURE, "email:" + email))).isEqualTo(1);
        assertThat(failures.count("key", digests.hex(KeyedDigests.Purpose.LOGIN_FAILURE, "client:" + client))).isEqualTo(1);
        assertThat(failures.count("key", SecretTokens.hash("email:" + email))).isZero();
        assertThat(failures.count("key", SecretTokens.hash("client:" + client))).isZero();
    }

    private static Response signIn(String email, String password, String forwardedFor) {
        return given().contentType("application/json")
                .header("X-Forwarded-For", forwardedFor)
                .body(Map.of("email", email, "password", password))
                .post("/v1/sessions");
    }

    private static String anotherClient() {
        int n = ADDRESSES.incrementAndGet();
        return "203.0." + (113 + n / 250) + "." + (1 + n % 250);
    }
}
