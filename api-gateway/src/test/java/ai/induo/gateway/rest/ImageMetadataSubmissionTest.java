package ai.induo.gateway.rest;

import static ai.induo.common.image.MetadataImages.GPS_SECONDS;
import static ai.induo.common.image.MetadataImages.SECRET;
import static ai.induo.common.image.MetadataImages.contains;
import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.image.MetadataImages;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.Api;
import ai.induo.testing.SampleImages;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs reach storage carrying nothing but their pixels: a phone JPEG's GPS EXIF, XMP, ICC profile
 * and comment, a PNG's text, EXIF, ICC and time chunks and a WebP's EXIF, XMP and ICC chunks are
 * gone from the stored object, which still decodes, and a JPEG stored turned is stored upright.
 */
@QuarkusTest
class ImageMetadataSubmissionTest {

    private static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.ISO_8859_1);
    private static final int ROTATE_90 = 6;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    JobStore jobs;

    @Test
    void uploadedImagesAreStoredWithoutTheirMetadataAndUpright() throws Exception {
        Api.Account account = Api.signUp();
        byte[] person = MetadataImages.jpegWithMetadata(SampleImages.personJpeg(64, 80), ROTATE_90);
        byte[] product = MetadataImages.pngWithMetadata(SampleImages.productPng(32, 32));

        String jobId = account.auth()
                .multiPart("person_image", "person.jpg", person, "image/jpeg")
                .multiPart("product_images", "product.png", product, "image/png")
                .post("/v1/jobs")
                .then().statusCode(202)
                .extract().path("id");

        Job job = jobs.find(jobId).orElseThrow();
        JobImage storedPerson = JobImages.person(job).orElseThrow();
        byte[] personBytes = stored(account, storedPerson);
        assertCarriesNothing(personBytes);
        assertThat(contains(personBytes, "Exif".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(storedPerson.contentType()).isEqualTo("image/jpeg");
        assertThat(storedPerson.width()).isEqualTo(80);
        assertThat(storedPerson.height()).isEqualTo(64);
        assertThat(storedPerson.bytes()).isEqualTo(personBytes.length);
        assertDecodes(personBytes, 80, 64);

        JobImage storedProduct = JobImages.products(job).get(0);
        byte[] productBytes = stored(account, storedProduct);
        assertCarriesNothing(productBytes);
        assertThat(MetadataImages.pngChunkTypes(productBytes)).containsOnly("IHDR", "IDAT", "IEND");
        assertThat(storedProduct.bytes()).isEqualTo(productBytes.length);
        assertDecodes(productBytes, 32, 32);
    }

    @Test
    void aWebpSentAsJsonIsStoredWithoutItsMetadata() throws Exception {
        Api.Account account = Api.signUp();
        String webp = Base64.getEncoder().encodeToString(MetadataImages.webpWithMetadata());

        String jobId = account.auth().contentType("application/json")
                .body(Map.of("person_image", Base64.getEncoder().encodeToString(SampleImages.personPng(64, 80)),
                        "product_images", List.of(webp)))
                .post("/v1/jobs")
                .then().statusCode(202)
                .extract().path("id");

        JobImage storedProduct = JobImages.products(jobs.find(jobId).orElseThrow()).get(0);
        byte[] productBytes = stored(account, storedProduct);
        assertCarriesNothing(productBytes);
        assertThat(storedProduct.bytes()).isEqualTo(productBytes.length);
        assertDecodes(productBytes, 1, 1);
    }

    private byte[] stored(Api.Account account, JobImage image) throws IOException {
        try (InputStream in = objects.open(account.id(), image.key())) {
            return in.readAllBytes();
        }
    }

    private static void assertCarriesNothing(byte[] stored) {
        assertThat(contains(stored, SECRET_BYTES)).isFalse();
        assertThat(contains(stored, GPS_SECONDS)).isFalse();
    }

    private static void assertDecodes(byte[] stored, int width, int height) throws Exception {
        BufferedImage image = ImageCodec.decode(new ByteArrayInputStream(stored));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }
}
