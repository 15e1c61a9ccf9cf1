package ai.induo.gateway.training;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.set;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.startsWith;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.SealedObjectCipher;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.image.MetadataImages;
import ai.induo.common.store.ObjectStore;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.Api;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.operator.OperatorTokens;
import ai.induo.gateway.operator.Role;
import ai.induo.testing.SampleImages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A training set holds the images of accounts that did not opt out, from jobs still within
 * retention, sealed under the training key only, and nothing that links to an account.
 */
@QuarkusTest
class TrainingExportTest {

    private static final String METADATA_VALUE = "campaign-winter-7731";

    @Inject
    TrainingExportCommand command;

    @Inject
    TrainingExport export;

    @Inject
    TrainingKey trainingKey;

    @Inject
    ActingWorker worker;

    @Inject
    AccountRepository accounts;

    @Inject
    TrainingJobs jobs;

    @Inject
    ObjectStore store;

    @Inject
    EncryptedObjectStore accountObjects;

    @Inject
    MasterKey masterKey;

    @Inject
    ObjectMapper json;

    @Inject
    OperatorTokens tokens;

    /** Any URL of the management interface; operator routes sit at its root, outside {@code /q}. */
    @TestHTTPResource(value = "health", management = true)
    URL management;

    @Test
    void adminsExportThroughTheOperatorApiAndOtherRolesAreRefused() throws Exception {
        String admin = tokens.create("trainer", Set.of(Role.ADMIN)).token();
        String support = tokens.create("helper", Set.of(Role.SUPPORT)).token();
        URL exports = new URL(management, "/operator/v1/training-exports");

        given().header("Authorization", "Bearer " + support).post(exports).then().statusCode(403);
        given().header("Authorization", "Bearer " + admin).queryParam("since", "soon").post(exports).then().statusCode(400);
        given().header("Authorization", "Bearer " + admin).queryParam("since", "PT1H").post(exports)
                .then().statusCode(200).body("set_id", startsWith("trs_"));
    }

    @Test
    void aTrainingSetHoldsOnlyConsentingRetainedImagesAndNothingThatLinksThem() throws Exception {
        Api.Account consenting = Api.signUp();
        Api.Account optedOut = Api.signUp();
        accounts.mongoCollection().updateOne(eq("_id", optedOut.id()), set("trainingOptOut", true));
        List<String> jobIds = new ArrayList<>();
        jobIds.add(succeeded(consenting, 61, 83));
        jobIds.add(succeeded(consenting, 61, 83));
        String pastRetention = succeeded(consenting, 63, 87);
        jobIds.add(pastRetention);
        jobs.mongoCollection().updateOne(eq("_id", pastRetention), set("inputsDeletedAt", Instant.now()));
        jobIds.add(succeeded(optedOut, 59, 79));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = command.run(List.of("--since", "PT1H", "--limit", "100000"), new PrintStream(out, true),
                new PrintStream(new ByteArrayOutputStream(), true));

        assertThat(status).isEqualTo(0);
        String setId = out.toString(StandardCharsets.UTF_8).split(" ")[2];
        String folder = "training/" + setId + "/";
        SealedObjectCipher cipher = trainingKey.cipher();
        Map<String, byte[]> opened = new HashMap<>();
        List<String> names = store.list(folder);
        for (String name : names) {
            byte[] sealed = read(name);
            opened.put(name, cipher.open(name, sealed));
            assertThatThrownBy(() -> new SealedObjectCipher(masterKey, TrainingKey.PURPOSE, "INDT").open(name, sealed))
                    .isInstanceOf(DecryptionException.class);
            assertThatThrownBy(() -> {
                try (InputStream in = accountObjects.open(consenting.id(), name)) {
                    in.readAllBytes();
                }
            }).isInstanceOf(java.io.IOException.class);
        }

        List<JsonNode> samples = new ArrayList<>();
        for (String line : new String(opened.get(folder + TrainingExport.MANIFEST), StandardCharsets.UTF_8).split("\n")) {
            samples.add(json.readTree(line));
        }
        List<JsonNode> persons = samples.stream().map(sample -> sample.get("images").get(0)).toList();
        assertThat(persons).filteredOn(image -> image.get("width").asInt() == 61 && image.get("height").asInt() == 83).hasSize(2);
        assertThat(persons).noneMatch(image -> image.get("width").asInt() == 59 || image.get("width").asInt() == 63);
        JsonNode sample = samples.stream().filter(s -> s.get("images").get(0).get("width").asInt() == 61).findFirst().orElseThrow();
        assertThat(fieldNames(sample)).containsExactlyInAnyOrder("id", "day", "model", "images");
        assertThat(sample.get("day").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        for (JsonNode image : sample.get("images")) {
            assertThat(fieldNames(image)).containsExactlyInAnyOrder("role", "object", "width", "height");
            byte[] pixels = opened.get(image.get("object").asText());
            assertThat(ImageCodec.decode(new ByteArrayInputStream(pixels)).getWidth()).isEqualTo(image.get("width").asInt());
            assertThat(MetadataImages.contains(pixels, MetadataImages.SECRET.getBytes(StandardCharsets.ISO_8859_1))).isFalse();
        }
        assertThat(sample.get("images")).extracting(image -> image.get("role").asText())
                .containsExactly("person", "product", "output");

        List<String> identifiers = new ArrayList<>(jobIds);
        for (Api.Account account : List.of(consenting, optedOut)) {
            identifiers.addAll(List.of(account.id(), account.email(), account.apiKey(), account.apiKey().substring(0, 12),
                    account.webhookSecret()));
        }
        identifiers.add(METADATA_VALUE);
        for (String name : names) {
            for (String identifier : identifiers) {
                byte[] needle = identifier.getBytes(StandardCharsets.UTF_8);
                assertThat(name).doesNotContain(identifier);
                assertThat(MetadataImages.contains(read(name), needle)).as("%s in %s", identifier, name).isFalse();
                assertThat(MetadataImages.contains(opened.get(name), needle)).as("%s in %s", identifier, name).isFalse();
            }
        }
    }

    /** A job of the account with a person image of that size and metadata, succeeded with an output. */
    private String succeeded(Api.Account account, int width, int height) {
        Map<String, Object> body = new HashMap<>(Api.jsonJob(MetadataImages.jpegWithMetadata(
                SampleImages.personJpeg(width, height), 1)));
        body.put("metadata", Map.of("campaign", METADATA_VALUE));
        String jobId = account.auth().contentType("application/json").body(body).post("/v1/jobs")
                .then().statusCode(202).extract().path("id");
        worker.succeedWithOutput(jobId, SampleImages.productPng(24, 24), 24, 24);
        return jobId;
    }

    private byte[] read(String name) throws Exception {
        try (InputStream in = store.open(name)) {
            return in.readAllBytes();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
