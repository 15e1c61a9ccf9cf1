package ai.induo.gateway.residency;

import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.safety.SafetyCipher;
import ai.induo.common.store.gcs.GcsObjectStore;
import ai.induo.gateway.Api;
import ai.induo.platform.residency.Residency;
import ai.induo.stack.GcsStandInServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job records where the store keeps its images as the start check read it: the bucket's location,
 * here a bucket Cloud Storage (its stand-in) reports in {@code EUROPE-WEST4}, and {@code local} on the
 * test's own local store.
 */
@QuarkusTest
class JobRegionTest {

    @TempDir
    Path dir;

    @Test
    void aJobShowsTheLocationTheStoreReportedAtStart() throws Exception {
        try (GcsStandInServer standIn = GcsStandInServer.start(dir, 0, "EUROPE-WEST4");
                GcsObjectStore bucket = new GcsObjectStore(StorageOptions.newBuilder().setHost(standIn.url())
                        .setProjectId("induo-test").setCredentials(NoCredentials.getInstance()).build().getService(),
                        "induo-objects", "")) {
            QuarkusMock.installMockForType(new Residency(() -> List.of("EU", "europe-*"), bucket,
                    LocalMasterKey.generate(), new SafetyCipher(LocalMasterKey.generate())), Residency.class);
            Api.Account account = Api.signUp();

            String id = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202)
                    .body("region", equalTo("europe-west4")).extract().path("id");

            account.auth().get("/v1/jobs/" + id).then().statusCode(200).body("region", equalTo("europe-west4"));
        }
    }

    @Test
    void aJobOnTheLocalStoreShowsLocal() {
        Api.Account account = Api.signUp();

        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).body("region", equalTo("local"));
    }
}
