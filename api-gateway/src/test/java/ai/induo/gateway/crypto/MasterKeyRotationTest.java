package ai.induo.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.crypto.AccountKeyring;
import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.EnvelopeCipher;
import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.MasterKeyRotation;
import ai.induo.common.crypto.MasterKeyring;
import ai.induo.common.crypto.MasterWrappedSecret;
import ai.induo.common.crypto.MasterWrappedStore;
import ai.induo.common.job.JobImages;
import ai.induo.common.store.ObjectStore;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.Api;
import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.webhook.WebhookEndpointEntity;
import ai.induo.gateway.webhook.WebhookEndpointService;
import ai.induo.platform.crypto.MongoAccountKeyStore;
import ai.induo.testing.SampleImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A master-key rotation in a running gateway whose current master key is new and whose previous one
 * is the key everything was wrapped by: while both are configured both open; the command re-wraps
 * every account key and webhook secret, so that the records carry the new key's id and everything
 * opens with the new key alone, and the old key can be retired.
 */
@QuarkusTest
@TestProfile(MasterKeyRotationTest.NewMasterKey.class)
class MasterKeyRotationTest {

    /** The key the gateway had (the test profile's usual master key). */
    private static final String OLD_KEY = "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    private static final String NEW_KEY = "vT/s1NH9jkYJ69UcrXTyIkgSgedO2XvvCHktdm/46Co=";
    private static final LocalMasterKey OLD = LocalMasterKey.fromBase64(OLD_KEY);
    private static final LocalMasterKey NEW = LocalMasterKey.fromBase64(NEW_KEY);
    private static final int PAGE = 100;

    /** The new key current, the old one previous: the configuration during a rotation. */
    public static class NewMasterKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("induo.crypto.master-key", NEW_KEY, "induo.crypto.previous-master-keys", OLD_KEY);
        }
    }

    @Inject
    MasterKeyRotationCommand command;

    @Inject
    MasterKey masterKey;

    @Inject
    ActingWorker worker;

    @Inject
    AccountService accounts;

    @Inject
    WebhookEndpointService endpoints;

    @Inject
    MongoAccountKeyStore accountKeys;

    @Inject
    ObjectStore storage;

    @Inject
    Clock clock;

    @Test
    void theRotationReWrapsEveryRecordUnderTheNewKeyAndEverythingOpensWithItAlone() throws Exception {
        List<Stored> stored = List.of(storedData(), storedData());
        assertThat(new MasterKeyRotation(new MasterKeyring(OLD, List.of(NEW)), command.collections()).run().complete())
                .as("everything wrapped by the old key, as the gateway left it before the new key came").isTrue();
        assertThat(masterKeyIds()).containsOnly(OLD.id());
        for (Stored data : stored) {
            assertOpens(data, masterKey);
        }

        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int status = command.run(List.of(), new PrintStream(report, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isEqualTo(MasterKeyRotationCommand.DONE);
        assertThat(report.toString(StandardCharsets.UTF_8))
                .contains("re-wrapped under master key " + NEW.id())
                .contains("account keys: 2 re-wrapped")
                .contains("account webhook secrets: 2 re-wrapped")
                .contains("webhook endpoint secrets: 4 re-wrapped")
                .contains("the previous master keys can be retired");
        assertThat(masterKeyIds()).hasSize(8).containsOnly(NEW.id());
        for (Stored data : stored) {
            assertOpens(data, NEW);
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertThat(command.run(List.of(), new PrintStream(again, true, StandardCharsets.UTF_8), System.err)).isEqualTo(MasterKeyRotationCommand.DONE);
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("account keys: 0 re-wrapped, 2 already under it");
    }

    /** What one account leaves: an output, its webhook secret, an endpoint with a current and a rotated-out secret. */
    private record Stored(Api.Account account, String jobId, byte[] output, String endpointId, List<String> endpointSecrets) {
    }

    private Stored storedData() {
        Api.Account account = Api.signUp();
        String job = Api.submitSampleJob(account);
        byte[] png = SampleImages.personPng(30, 40);
        worker.succeedWithOutput(job, png, 30, 40);
        JsonPath created = account.auth().contentType("application/json").body(Map.of("url", "http://127.0.0.1:9/hook"))
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().jsonPath();
        String endpoint = created.getString("id");
        String firstSecret = created.getString("secret");
        String secondSecret = account.auth().post("/v1/webhook-endpoints/" + endpoint + "/rotate-secret")
                .then().statusCode(200).extract().path("secret");
        return new Stored(account, job, png, endpoint, List.of(secondSecret, firstSecret));
    }

    /**
     * Checks that a process with only {@code master} reads everything of the account (the output,
     * through a keyring without cache; the account's webhook secret; both endpoint secrets), and that
     * the gateway does.
     */
    private void assertOpens(Stored data, MasterKey master) throws IOException, DecryptionException {
        AccountKeyring keyring = new AccountKeyring(master, accountKeys, Duration.ZERO, clock);
        EncryptedObjectStore objects = new EncryptedObjectStore(storage, new EnvelopeCipher(keyring));
        try (InputStream in = objects.open(data.account().id(), JobImages.outputKey(data.account().id(), data.jobId(), 0))) {
            assertThat(in.readAllBytes()).isEqualTo(data.output());
        }
        List<String> secrets = new ArrayList<>();
        for (MasterWrappedStore collection : command.collections()) {
            for (MasterWrappedSecret secret : collection.page(null, PAGE)) {
                if (secret.documentId().equals(data.account().id()) || secret.documentId().equals(data.endpointId())) {
                    secrets.add(new String(master.unwrap(secret.wrapped(), secret.associatedData()), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(secrets).containsExactlyInAnyOrder(data.account().webhookSecret(), data.endpointSecrets().get(0),
                data.endpointSecrets().get(1));
        assertThat(accounts.webhookSecrets(data.account().id())).contains(List.of(data.account().webhookSecret()));
        WebhookEndpointEntity endpoint = endpoints.get(data.account().id(), data.endpointId());
        assertThat(endpoints.signingSecrets(endpoint, clock.instant())).containsExactlyElementsOf(data.endpointSecrets());
    }

    /** The master key id of every wrapped secret the gateway keeps. */
    private List<String> masterKeyIds() {
        List<String> ids = new ArrayList<>();
        for (MasterWrappedStore collection : command.collections()) {
            collection.page(null, PAGE).forEach(secret -> ids.add(secret.wrapped().masterKeyId()));
        }
        return ids;
    }
}
