package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.id.Ids;
import ai.induo.gateway.Api;
import ai.induo.gateway.requestlog.RequestLogEntity;
import ai.induo.gateway.requestlog.RequestLogRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behind a trusted proxy the forwarded client address is logged; old entries are deleted, those without an account sooner. */
@QuarkusTest
@TestProfile(RequestLogRetentionTest.TrustedLocalProxy.class)
class RequestLogRetentionTest {

    /** Loopback is a trusted proxy; the sweeper runs every second. */
    public static class TrustedLocalProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "induo.gateway.trusted-proxies", "127.0.0.0/8",
                    "induo.gateway.request-log.sweep-every", "1S");
        }
    }

    @Inject
    RequestLogRepository logs;

    @Test
    void forwardedForFromATrustedProxyIsTheClientAddress() {
        Api.Account account = Api.signUp();
        account.auth().header("X-Forwarded-For", "198.51.100.9, 127.0.0.5").get("/v1/account").then().statusCode(200);

        List<Map<String, Object>> entries = await().atMost(RequestLogTest.FLUSHED).until(
                () -> RequestLogTest.logs(account, "route=/v1/account"), found -> !found.isEmpty());
        assertThat(entries.get(0).get("ip")).isEqualTo("198.51.100.9");
    }

    @Test
    void entriesPastTheirRetentionAreDeleted() {
        Api.Account account = Api.signUp();
        account.auth().get("/v1/account").then().statusCode(200);
        await().atMost(RequestLogTest.FLUSHED).until(
                () -> RequestLogTest.logs(account, "route=/v1/account"), found -> !found.isEmpty());
        RequestLogEntity stale = entry(account.id(), Duration.ofDays(31));
        logs.insertBatch(List.of(stale));

        await().atMost(RequestLogTest.FLUSHED).until(() -> logs.findByIdOptional(stale.id).isEmpty());
        assertThat(RequestLogTest.logs(account, "route=/v1/account")).isNotEmpty();
    }

    @Test
    void entriesWithoutAnAccountExpireOnTheirOwnShorterSchedule() {
        Api.Account account = Api.signUp();
        RequestLogEntity unauthenticated = entry(null, Duration.ofDays(8));
        RequestLogEntity recentUnauthenticated = entry(null, Duration.ofDays(6));
        RequestLogEntity ofTheAccount = entry(account.id(), Duration.ofDays(8));
        logs.insertBatch(List.of(unauthenticated, recentUnauthenticated, ofTheAccount));

        await().atMost(RequestLogTest.FLUSHED).until(() -> logs.findByIdOptional(unauthenticated.id).isEmpty());
        assertThat(logs.findByIdOptional(recentUnauthenticated.id)).isPresent();
        assertThat(logs.findByIdOptional(ofTheAccount.id)).isPresent();
    }

    private static RequestLogEntity entry(String accountId, Duration age) {
        Instant at = Instant.now().minus(age);
        RequestLogEntity entry = new RequestLogEntity();
        entry.id = Ids.newId(RequestLogEntity.ID_PREFIX, at);
        entry.accountId = accountId;
        entry.createdAt = at;
        entry.method = "GET";
        entry.route = accountId == null ? "/v1/sessions" : "/v1/account";
        entry.status = accountId == null ? 401 : 200;
        return entry;
    }
}
