package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.job.JobImages;
import ai.induo.common.store.ObjectStore;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.Api;
import ai.induo.testing.SampleImages;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An output opens only as the output it was stored as: bytes copied into another account's or
 * another job's output path (by someone with access to the bucket) do not download there, and the
 * answer is a clean {@code 410 output_unavailable}, never a {@code 500} or a broken {@code 200}.
 */
@QuarkusTest
class OutputOwnershipTest {

    private static final byte[] OWNER_PNG = SampleImages.personPng(40, 60);
    private static final byte[] OTHER_PNG = SampleImages.personPng(50, 70);

    @Inject
    ActingWorker worker;

    /** The object store under the encryption: the bytes as they lie in the bucket. */
    @Inject
    ObjectStore storage;

    private Api.Account owner;
    private Api.Account other;

    @BeforeEach
    void signUp() {
        owner = Api.signUp();
        other = Api.signUp();
    }

    @Test
    void anOutputCopiedIntoAnotherAccountsOutputPathDoesNotDownloadThere() throws IOException {
        String ownerJob = succeededJob(owner, OWNER_PNG);
        String otherJob = succeededJob(other, OTHER_PNG);

        copy(JobImages.outputKey(owner.id(), ownerJob, 0), JobImages.outputKey(other.id(), otherJob, 0));

        Api.download(Api.outputUrl(other, otherJob)).then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("output_unavailable"));
        assertThat(Api.download(Api.outputUrl(owner, ownerJob)).then().statusCode(200).extract().asByteArray())
                .isEqualTo(OWNER_PNG);
    }

    @Test
    void anOutputCopiedIntoAnotherJobOfTheSameAccountDoesNotDownloadThere() throws IOException {
        String first = succeededJob(owner, OWNER_PNG);
        String second = succeededJob(owner, OTHER_PNG);

        copy(JobImages.outputKey(owner.id(), first, 0), JobImages.outputKey(owner.id(), second, 0));

        Api.download(Api.outputUrl(owner, second)).then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("output_unavailable"));
    }

    @Test
    void anOutputMissingFromStorageIs410() throws IOException {
        String job = succeededJob(owner, OWNER_PNG);

        storage.delete(JobImages.outputKey(owner.id(), job, 0));

        Api.download(Api.outputUrl(owner, job)).then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("output_unavailable"));
    }

    private String succeededJob(Api.Account account, byte[] png) {
        String id = Api.submitSampleJob(account);
        worker.succeedWithOutput(id, png, 1, 1);
        return id;
    }

    private void copy(String from, String to) throws IOException {
        try (InputStream in = storage.open(from)) {
            storage.put(to, in::transferTo);
        }
    }
}
